import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { createLogger } from "@motcua/log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScaledClock } from "../src/clock.js";
import { type RunningHub, startHub } from "../src/hub.js";
import {
  findMosquittoTools,
  MosquittoBroker,
  MosquittoSub,
  missingTools,
  mosquittoPub,
  run,
  type SubMessage,
} from "./helpers/mosquitto.js";
import {
  boardContent,
  type Json,
  Probe,
  parseJson,
  retainedMessage,
  retainedWhen,
  sameJson,
  sleep,
  waitUntil,
} from "./helpers/mqtt-probe.js";

/*
 * The contract of PROTOCOL.md held against parties that are not ours: Debian's mosquitto_pub
 * and mosquitto_sub as devices talking to the embedded aedes broker, and Debian's Mosquitto
 * as the external broker (`--broker`) between our hub and mqtt.js devices, including a broker
 * restart that loses every retained message.
 */

const O = "motcua/son-tay";
const NOW = "2026-11-25T07:44:00+07:00"; // a Wednesday, inside the morning session

const tools = findMosquittoTools();
const missing = missingTools(tools);
const inCI = Boolean(process.env.CI);
if (missing.length > 0 && !inCI) {
  console.warn(
    `mosquitto.test.ts skipped: ${missing.join(", ")} not installed (scripts/setup.sh installs them as root: apt-get install mosquitto mosquitto-clients)`,
  );
}
// Under CI a missing tool is a failure, never a silent skip.
const suite = describe.skipIf(missing.length > 0 && !inCI);
function requireTools(): void {
  if (missing.length > 0)
    throw new Error(
      `${missing.join(", ")} missing under CI: scripts/setup.sh must install mosquitto and mosquitto-clients`,
    );
}

interface TestHub {
  hub: RunningHub;
  dataDir: string;
  /** The hub's log lines, for failure messages. */
  log: string[];
  close(): Promise<void>;
}

async function startTestHub(brokerUrl?: string): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "motcua-hub-mosquitto-"));
  const config = loadOfficeConfig();
  const log: string[] = [];
  try {
    const hub = await startHub({
      config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
      dataDir,
      ...(brokerUrl === undefined ? { mqttPort: 0, wsPort: 0 } : { brokerUrl }),
      clock: new ScaledClock(Date.parse(NOW), 1),
      log: createLogger({ level: "info", destination: { write: (line: string) => void log.push(line) } }),
    });
    return {
      hub,
      dataDir,
      log,
      async close() {
        await hub.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function storedIds(hub: RunningHub): string[] {
  return [...hub.store.entries()].flatMap((e) => ("id" in e.input && e.input.id ? [e.input.id] : []));
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

suite("Debian's mosquitto_pub and mosquitto_sub against the embedded aedes hub", () => {
  let h: TestHub | undefined;
  const subs: MosquittoSub[] = [];
  const port = () => h?.hub.broker?.mqttPort ?? 0;
  const sub = (topic: string) => {
    const s = new MosquittoSub(tools, port(), topic, 1, 5);
    subs.push(s);
    return s;
  };

  beforeAll(async () => {
    requireTools();
    h = await startTestHub();
  });
  afterAll(async () => {
    for (const s of subs) s.kill();
    await h?.close();
  });

  it("gives a late mosquitto_sub the retained board", async () => {
    const { code, stdout, stderr } = await run(tools.sub as string, [
      ...["-h", "127.0.0.1", "-p", String(port()), "-V", "mqttv311"],
      ...["-C", "1", "-W", "5", "-F", "%r %p", "-t", `${O}/board`],
    ]);
    expect(code, stderr).toBe(0);
    const [retained, ...rest] = stdout.trim().split(" ");
    expect(retained).toBe("1");
    const board = parseJson(rest.join(" "));
    expect(board).toMatchObject({
      date: "2026-11-25",
      session: "morning",
      waiting: { TP: 0, DD: 0, XH: 0, VH: 0 },
      appointments: [],
    });
    expect(board?.counters).toHaveLength(3);
  });

  it("answers a kiosk press made with mosquitto_pub -q 1 on the kiosk's ticket topic", async () => {
    const answer = sub(`${O}/kiosk/1/ticket`);
    await answer.subscribed;
    const pub = await mosquittoPub(tools, port(), `${O}/kiosk/1/press`, '{"id":"mq-kiosk-1","service":"DD"}');
    expect(pub.code, pub.stderr).toBe(0);
    const messages = await answer.done;
    expect(messages, `${answer.log}\n${h?.log.join("")}`).toHaveLength(1);
    expect(messages[0]?.retained).toBe(false);
    expect(parseJson(messages[0]?.payload ?? "")).toMatchObject({
      requestId: "mq-kiosk-1",
      service: "DD",
      number: 1,
      label: "DD-001",
      counters: ["2"],
      waiting: 0,
    });
    expect(storedIds(h?.hub as RunningHub)).toEqual(["mq-kiosk-1"]);
  });

  it("announces a counter's next made with mosquitto_pub on calls, and retains the counter's state", async () => {
    const calls = sub(`${O}/calls`);
    await calls.subscribed;
    const pub = await mosquittoPub(
      tools,
      port(),
      `${O}/counter/2/press`,
      '{"id":"mq-next-1","button":"next"}',
    );
    expect(pub.code, pub.stderr).toBe(0);
    const messages = await calls.done;
    expect(messages, calls.log).toHaveLength(1);
    expect(parseJson(messages[0]?.payload ?? "")).toMatchObject({
      number: 1,
      label: "DD-001",
      service: "DD",
      counter: "2",
      kind: "walkin",
      repeat: false,
    });
    // A late mosquitto_sub gets the new state (retained updates are coalesced over a few ms).
    let retained: SubMessage | undefined;
    for (let tries = 0; tries < 20; tries++) {
      const state = sub(`${O}/counter/2/state`);
      [retained] = await state.done;
      expect(retained?.retained, state.log).toBe(true);
      if (parseJson(retained?.payload ?? "")?.serving) break;
      await sleep(25);
    }
    expect(parseJson(retained?.payload ?? "")).toMatchObject({
      counter: "2",
      status: "open",
      serving: { label: "DD-001", service: "DD", kind: "walkin" },
    });
  });
});

suite("the whole contract through an external Debian mosquitto broker (--broker)", () => {
  let broker: MosquittoBroker | undefined;
  let h: TestHub | undefined;
  let probes: Probe[] = [];
  const hub = () => h?.hub as RunningHub;
  const url = () => broker?.url as string;
  const probe = async (...filters: string[]) => {
    const p = await Probe.connect(url());
    probes.push(p);
    if (filters.length > 0) await p.subscribe(...filters);
    return p;
  };
  /** What a subscriber arriving now gets on `topic`, once it matches (see retainedWhen). */
  const retainedJson = async (topic: string, match: (payload: Json) => boolean = () => true) => {
    const json = await retainedWhen(url(), topic, match);
    if (!json) throw new Error(`no JSON object retained on ${topic}`);
    return json;
  };
  /** The hub's own picture, as JSON. */
  const hubBoard = () => boardContent(JSON.parse(JSON.stringify(hub().queue.core.board())) as Json);
  const hubState = (id: string) =>
    hub()
      .queue.core.counterStates()
      .find((c) => c.counter === id);
  /** The retained board, once it shows the hub's current picture. */
  const retainedBoard = () => retainedJson(`${O}/board`, (b) => sameJson(boardContent(b), hubBoard()));

  beforeAll(async () => {
    requireTools();
    broker = await MosquittoBroker.start(tools.broker as string);
    h = await startTestHub(broker.url);
  });
  afterAll(async () => {
    await Promise.all(probes.map((p) => p.close()));
    probes = [];
    await h?.close();
    await broker?.close();
  });

  it("runs with no embedded broker and gives a late subscriber the retained picture", async () => {
    expect(hub().broker).toBeUndefined();
    expect(hub().mqttUrl).toBe(url());
    const board = await retainedJson(`${O}/board`);
    expect(board).toMatchObject({
      date: "2026-11-25",
      session: "morning",
      waiting: { TP: 0, DD: 0, XH: 0, VH: 0 },
    });
    expect(await retainedJson(`${O}/counter/1/state`)).toEqual({
      counter: "1",
      status: "open",
      serving: null,
      waiting: 0,
    });
    expect(await retainedMessage(url(), `${O}/device/hub/status`)).toBe('"online"');
  });

  it("answers a kiosk press with a ticket and updates the retained board", async () => {
    const kiosk = await probe(`${O}/kiosk/1/ticket`, `${O}/kiosk/2/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    expect(await kiosk.next(`${O}/kiosk/1/ticket`)).toMatchObject({
      requestId: "ext-t1",
      service: "TP",
      serviceName: "Tư pháp – Hộ tịch",
      number: 1,
      label: "TP-001",
      counters: ["1"],
      waiting: 0,
    });
    await kiosk.publish(`${O}/kiosk/2/press`, { id: "ext-t2", service: "TP", priority: false });
    expect(await kiosk.next(`${O}/kiosk/2/ticket`)).toMatchObject({
      requestId: "ext-t2",
      label: "TP-002",
      waiting: 1,
    });
    // Only the asking kiosk hears its answer.
    expect(kiosk.on(`${O}/kiosk/1/ticket`)).toHaveLength(1);
    expect(kiosk.on(`${O}/kiosk/2/ticket`)).toHaveLength(1);
    expect((await retainedBoard()).waiting).toEqual({ TP: 2, DD: 0, XH: 0, VH: 0 });
  });

  it("announces a counter's next on calls and updates the retained counter state and board", async () => {
    const display = await probe(`${O}/calls`, `${O}/counter/1/state`);
    const from = display.mark();
    const pad = await probe();
    await pad.publish(`${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    expect(await display.next(`${O}/calls`, () => true, 3000, from)).toMatchObject({
      number: 1,
      label: "TP-001",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    await display.next(`${O}/counter/1/state`, (s) => s.serving !== null, 3000, from);
    const state = await retainedJson(`${O}/counter/1/state`, (s) => sameJson(s, hubState("1")));
    expect(state).toMatchObject({ counter: "1", status: "open", serving: { label: "TP-001" }, waiting: 1 });
    const board = await retainedBoard();
    expect(board.waiting).toEqual({ TP: 1, DD: 0, XH: 0, VH: 0 });
    expect((board.counters as Json[])[0]).toEqual(state);
    expect(boardContent(board)).toEqual(hubBoard());
  });

  it("gives a duplicate press id no second effect", async () => {
    const watcher = await probe(`${O}/calls`, `${O}/kiosk/1/ticket`);
    const from = watcher.mark();
    const before = { stats: hub().stats(), entries: hub().store.count(), board: hubBoard() };
    const device = await probe();
    await device.publish(`${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    await device.publish(`${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    const seen = await waitUntil(() => hub().stats().duplicates >= before.stats.duplicates + 2, 3000);
    expect(seen, "the hub did not report both duplicates").toBe(true);
    await sleep(200);
    expect(hub().stats().accepted).toBe(before.stats.accepted);
    expect(hub().store.count()).toBe(before.entries);
    expect(watcher.messages.slice(from)).toEqual([]);
    expect(hubBoard()).toEqual(before.board);
  });

  it("refuses bad payloads, counts them, and changes nothing", async () => {
    const watcher = await probe(`${O}/calls`, `${O}/kiosk/+/ticket`, `${O}/board`, `${O}/counter/+/state`);
    await sleep(100); // the retained messages arrive first
    const from = watcher.mark();
    const before = { refused: hub().stats().refused, entries: hub().store.count() };
    const boardBefore = boardContent(await retainedBoard());
    const device = await probe();
    const bad: [string, string][] = [
      [`${O}/counter/1/press`, "not json {"],
      [`${O}/counter/1/press`, JSON.stringify({ id: "bad-1", button: "explode" })],
      [`${O}/counter/9/press`, JSON.stringify({ id: "bad-2", button: "next" })],
      [`${O}/kiosk/1/press`, JSON.stringify({ service: "TP" })],
      [`${O}/kiosk/1/press`, JSON.stringify(["TP"])],
      [`${O}/counter/1/press`, JSON.stringify({ id: "", button: "next" })],
    ];
    for (const [topic, payload] of bad) await device.publish(topic, payload);
    const counted = await waitUntil(
      () => total(hub().stats().refused) >= total(before.refused) + bad.length,
      3000,
    );
    expect(counted, `refusals counted: ${JSON.stringify(hub().stats().refused)}`).toBe(true);
    const refused = hub().stats().refused;
    expect((refused.bad_payload ?? 0) - (before.refused.bad_payload ?? 0)).toBe(5);
    expect((refused.unknown_counter ?? 0) - (before.refused.unknown_counter ?? 0)).toBe(1);
    await sleep(200);
    expect(hub().store.count()).toBe(before.entries);
    expect(watcher.messages.slice(from).map((m) => m.topic)).toEqual([]);
    expect(hubBoard()).toEqual(boardBefore);
    expect(boardContent(await retainedJson(`${O}/board`))).toEqual(boardBefore);
  });

  it("reconnects by itself after the broker restarts empty, and republishes every retained message", async () => {
    const b = broker as MosquittoBroker;
    const boardBefore = boardContent(await retainedBoard());
    const stateBefore = await retainedJson(`${O}/counter/1/state`, (s) => sameJson(s, hubState("1")));
    await b.restart(); // same port, no persistence: nothing retained survives
    const reconnected = await waitUntil(() => hub().link.client.connected, 8000);
    expect(reconnected, `the hub did not reconnect; broker log:\n${b.output}`).toBe(true);

    expect(boardContent(await retainedJson(`${O}/board`))).toEqual(boardBefore);
    expect(await retainedJson(`${O}/counter/1/state`)).toEqual(stateBefore);
    for (const id of ["2", "3"])
      expect(await retainedJson(`${O}/counter/${id}/state`)).toMatchObject({ counter: id, serving: null });
    expect(await retainedMessage(url(), `${O}/device/hub/status`)).toBe('"online"');

    // And it takes presses again, carrying on where it was.
    const kiosk = await probe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "ext-t3", service: "TP" });
    expect(await kiosk.next(`${O}/kiosk/1/ticket`)).toMatchObject({ requestId: "ext-t3", label: "TP-003" });
    expect(storedIds(hub())).toEqual(["ext-t1", "ext-t2", "ext-n1", "ext-t3"]);
  });
});
