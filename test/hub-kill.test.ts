import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import { boardContent, freePort, type Json, parseJson, TestClient } from "@motcua/hub/testing";
import type { SimEvent } from "@motcua/protocol";
import { type LogEntry, openStore } from "@motcua/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubProcess, seededRandom } from "./helpers/hub-process.js";

/*
 * Durability of the live hub: the real `motcua hub` process is SIGKILLed three times while a
 * driver presses buttons, and restarted on the same data folder and ports. Every press the
 * broker acknowledged must be in the store exactly once, the store must be exactly what the
 * core decides for its inputs, the restarted hub must show that state, and walk-in numbers
 * must have no gap and no double.
 */

const O = "motcua/son-tay";
const NOW = "2026-11-25T07:44:00+07:00"; // a Wednesday, inside the morning session
// HUB_KILL_SEED replays another script and other kill points.
const SEED = Number(process.env.HUB_KILL_SEED ?? 20261125);
const KIOSK_PRESSES = 40;
const COUNTER_PRESSES = 30;
const KILLS = 3;

interface Action {
  id: string;
  topic: string;
  payload: Json;
  kiosk: boolean;
}

/** A scripted morning: kiosk presses across the services, counter buttons between them. */
function scriptedDay(random: () => number): Action[] {
  const services = ["TP", "DD", "XH", "VH"];
  const buttons = ["next", "next", "next", "skip", "recall"];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const kiosk = (n: number): Action => {
    const id = `k-${n}`;
    const payload: Json = { id, service: pick(services) };
    if (random() < 0.1) payload.priority = true;
    return { id, topic: `${O}/kiosk/${pick(["1", "2"])}/press`, payload, kiosk: true };
  };
  const counter = (n: number): Action => {
    const id = `c-${n}`;
    return {
      id,
      topic: `${O}/counter/${pick(["1", "2", "3"])}/press`,
      payload: { id, button: pick(buttons) },
      kiosk: false,
    };
  };
  // The first presses are tickets, so that counters have someone to call; the last is a ticket
  // too, whose answer tells that the hub has handled everything before it.
  const head = [kiosk(0), kiosk(1), kiosk(2), kiosk(3)];
  const middle: Action[] = [];
  for (let n = 4; n < KIOSK_PRESSES - 1; n++) middle.push(kiosk(n));
  for (let n = 0; n < COUNTER_PRESSES; n++) middle.push(counter(n));
  for (let i = middle.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [middle[i], middle[j]] = [middle[j] as Action, middle[i] as Action];
  }
  return [...head, ...middle, kiosk(KIOSK_PRESSES - 1)];
}

/** Publishes at QoS 1; resolves true at the PUBACK, false when the connection is given up. */
function send(driver: TestClient, action: Action): Promise<boolean> {
  return new Promise((resolve) => {
    driver.client.publish(action.topic, JSON.stringify(action.payload), { qos: 1 }, (error) =>
      resolve(!error),
    );
  });
}

/** `promise`, or a failure after `ms` (a guard against a wait that would never end). */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("the hub killed with SIGKILL in the middle of a day", () => {
  let dir: string;
  let dataDir: string;
  let configPath: string;
  let env: NodeJS.ProcessEnv;
  const hubs: HubProcess[] = [];
  const drivers: TestClient[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "motcua-hub-kill-"));
    dataDir = join(dir, "data");
    // The example office, on the loopback only, its request rate lifted: the script presses
    // faster than people, and a refused press is acknowledged too (refused, not stored).
    const yaml = readFileSync(EXAMPLE_OFFICE_PATH, "utf8");
    const local = yaml.replace(
      /^ {2}host: .*$/m,
      "  host: 127.0.0.1\n  requestRate: { burst: 100000, perSecond: 100000 }",
    );
    if (local === yaml) throw new Error("no hub.host line in the example office");
    configPath = join(dir, "office.yaml");
    writeFileSync(configPath, local);
    // No MOTCUA_* override from the caller's environment: the replay below uses the file alone.
    env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("MOTCUA_")));
    env.MOTCUA_LOG_LEVEL = "info";
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.client.endAsync(true)));
    await Promise.all(hubs.map((h) => h.stop("SIGKILL")));
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged press and doubles none across ${KILLS} kills and restarts`, async () => {
    const random = seededRandom(SEED);
    const script = scriptedDay(random);
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(5 + Math.floor(random() * (script.length - 10)));

    const mqttPort = await freePort();
    const wsPort = await freePort();
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const args = [
      ...["--config", configPath, "--data", dataDir],
      ...["--mqtt-port", String(mqttPort), "--ws-port", String(wsPort), "--http-port", "0", "--now", NOW],
    ];
    const startHub = async () => {
      const hub = new HubProcess(args, env);
      hubs.push(hub);
      await hub.ready;
      return hub;
    };
    const answered = new Set<string>();
    const connectDriver = async () => {
      const driver = await TestClient.connect(url, { clientId: `driver-${drivers.length}` });
      drivers.push(driver);
      driver.client.on("message", (topic, payload) => {
        if (!topic.endsWith("/ticket")) return;
        const requestId = parseJson(payload.toString("utf8"))?.requestId;
        if (typeof requestId === "string") answered.add(requestId);
      });
      await driver.subscribe(`${O}/kiosk/+/ticket`);
      return driver;
    };

    const acked = new Set<string>();
    const kills: {
      at: number;
      id: string;
      ackedBeforeDeath: boolean;
      delayMs: number;
      redelivered?: string;
    }[] = [];
    let hub = await startHub();
    let driver = await connectDriver();

    for (let i = 0; i < script.length; i++) {
      const action = script[i] as Action;
      if (!killAt.has(i)) {
        const ok = await withTimeout(send(driver, action), 5000, `no PUBACK for ${action.id}`);
        expect(ok, `${action.id} refused by the broker`).toBe(true);
        acked.add(action.id);
        continue;
      }

      // Kill the hub while this press is in flight, a seeded 0–4 ms after it was sent: the kill
      // point of the script, not a wait for anything.
      const delayMs = Math.floor(random() * 5);
      let acknowledged = false;
      const pending = send(driver, action).then((ok) => {
        acknowledged = ok;
      });
      await new Promise((r) => (delayMs === 0 ? setImmediate(r) : setTimeout(r, delayMs)));
      const exit = await hub.stop("SIGKILL");
      expect(exit.signal).toBe("SIGKILL");
      if (driver.client.connected) {
        await withTimeout(
          new Promise<void>((r) => driver.client.once("close", () => r())),
          3000,
          "the driver did not see the hub die",
        );
      }
      // The driver gives up its connection: a press with no PUBACK yet is still in flight. A
      // PUBACK read before the connection closed has been handled by now.
      await driver.client.endAsync(true);
      void pending;
      const ackedBeforeDeath = acknowledged;
      if (ackedBeforeDeath) acked.add(action.id);
      const kill: (typeof kills)[number] = { at: i, id: action.id, ackedBeforeDeath, delayMs };
      kills.push(kill);

      hub = await startHub();
      const restored = hub.line("queue restored from the store");
      expect(restored?.mismatches, hub.output()).toBe(0);
      driver = await connectDriver();
      // The press that was in flight is sent again, with its id: once at most in the store.
      if (!ackedBeforeDeath) {
        expect(await withTimeout(send(driver, action), 5000, `no PUBACK for ${action.id}`)).toBe(true);
        acked.add(action.id);
      }
      // And a device redelivers a press the hub is known to have handled (its ticket was
      // answered before the kill): the restarted hub must remember it.
      const known = script
        .slice(0, i)
        .reverse()
        .find((a) => a.kiosk && answered.has(a.id));
      if (known) {
        kill.redelivered = known.id;
        expect(await withTimeout(send(driver, known), 5000, `no PUBACK for ${known.id}`)).toBe(true);
      }
    }

    // The last press is a ticket: its answer means the hub has handled every press before it.
    const last = script.at(-1) as Action;
    await driver
      .next(`${O}/kiosk/+/ticket`, (t) => t.requestId === last.id, { timeoutMs: 5000 })
      .catch((error: Error) => {
        throw new Error(`no answer to the last press ${last.id}: ${error.message}\n${hub.output()}`);
      });
    for (const kill of kills) {
      if (kill.redelivered === undefined) continue;
      const key = script.find((a) => a.id === kill.redelivered)?.topic.split("/")[3];
      const duplicate = hubs.some((h) =>
        h.lines.some(
          (l) =>
            l.msg === "request sent again: answered from the store" &&
            l.key === `kiosk/${key}/${kill.redelivered}`,
        ),
      );
      expect(duplicate, `the redelivered ${kill.redelivered} was not recognised as a duplicate`).toBe(true);
    }

    expect((await hub.stop("SIGTERM")).code, hub.output()).toBe(0);

    // (iii, first half) what a display that arrives at the restarted hub sees.
    hub = await startHub();
    expect(hub.line("queue restored from the store")?.mismatches, hub.output()).toBe(0);
    // The first board a display arriving now gets: the restarted hub's (retained, or live).
    const display = await TestClient.connect(url);
    await display.subscribe(`${O}/board`);
    const restartedBoard = await display.next(`${O}/board`);
    await display.close();
    expect((await hub.stop("SIGTERM")).code, hub.output()).toBe(0);

    const store = openStore({ path: join(dataDir, "son-tay.sqlite") });
    let entries: LogEntry[];
    let seed: number | undefined;
    try {
      entries = [...store.entries()];
      seed = store.getMeta<number>("seed");
    } finally {
      store.close();
    }

    // (i) every acknowledged press is in the log exactly once; no press is there twice.
    const ids = entries.flatMap((e) => ("id" in e.input && e.input.id !== undefined ? [e.input.id] : []));
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(doubled, "presses stored more than once").toEqual([]);
    const lost = script.flatMap((a, i) => (acked.has(a.id) && !counts.has(a.id) ? [`${a.id}@${i}`] : []));
    expect(
      lost,
      `acknowledged presses (id@index) missing from the store; kills: ${JSON.stringify(kills)}`,
    ).toEqual([]);
    expect(acked.size).toBe(script.length);
    expect(ids.filter((id) => !script.some((a) => a.id === id))).toEqual([]);

    // (ii) the store is exactly what the core decides for its inputs, from the store's seed.
    expect(typeof seed).toBe("number");
    const config = loadOfficeConfig(configPath, {});
    const core = new QueueCore(config, { seed: seed as number });
    const replayed = entries.map((e) => core.decide(e.input).events);
    expect(replayed).toEqual(entries.map((e) => e.events));

    // (iii) the restarted hub shows that state.
    expect(boardContent(restartedBoard)).toEqual(
      boardContent(JSON.parse(JSON.stringify(core.board())) as Json),
    );

    // (iv) walk-in numbers per service: 1..n, no gap, no double.
    const issued = entries
      .flatMap((e) => e.events)
      .filter((e): e is Extract<SimEvent, { type: "ticket_issued" }> => e.type === "ticket_issued");
    const byService = new Map<string, number[]>();
    for (const e of issued) byService.set(e.service, [...(byService.get(e.service) ?? []), e.number]);
    for (const [service, numbers] of byService)
      expect(numbers, service).toEqual(Array.from({ length: numbers.length }, (_, k) => k + 1));
    const tickets = script.filter((a) => a.kiosk).length;
    const refusedTickets = entries.flatMap((e) => e.events).filter((e) => e.type === "ticket_refused").length;
    expect(issued.length + refusedTickets).toBe(tickets);
    expect(issued.length).toBeGreaterThan(tickets / 2);
    expect(entries.some((e) => e.events.some((ev) => ev.type === "called"))).toBe(true);
  }, 60_000);
});
