/**
 * Hub benchmark (issue 10): press → `calls` at a subscriber through the real hub process,
 * each figure against a floor measured in the same run on the same broker.
 *
 * - one counter: presses one after another, against the bare broker's publish → receive;
 * - 40 counters at once: 40 pads press together, against the same 40 clients publishing a
 *   message at once through the bare broker (group commit: one fsync for the lot);
 * - a flood: one counter's key stuck (2,000 presses at once, five times), measured as the
 *   other counters' median press → call during the floods against their median when quiet,
 *   on a hub with the office's default request rate.
 *
 * The first two run on a hub whose request rate is lifted, so that the bench can press
 * faster than people do; the flood runs on a hub with the default rate, as an office has it.
 *
 *   pnpm bench:hub
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OfficeConfig } from "@motcua/config";
import type { MqttClient } from "mqtt";
import { benchOffice, connect, freePort, progress, spawnHub, stats } from "./lib.js";

const O = "motcua/bench";
const COUNTERS = 40;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A hub process on a fresh folder; `stop` kills it and removes the folder. */
async function startHub(config: OfficeConfig) {
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-hub-"));
  const [mqttPort, wsPort] = [await freePort(), await freePort()];
  const child = await spawnHub(dir, config, mqttPort, wsPort);
  child.stdout?.resume(); // its log lines must not fill the pipe
  return {
    url: `mqtt://127.0.0.1:${mqttPort}`,
    pid: child.pid as number,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A subscriber that resolves waits on calls (by counter) and on other topics. */
async function listen(url: string, filters: string[]) {
  const client = await connect(url);
  const waiters = new Map<string, (t: number) => void>();
  client.on("message", (topic, payload) => {
    const now = performance.now();
    const key =
      topic === `${O}/calls`
        ? `call/${(JSON.parse(payload.toString()) as { counter: string }).counter}`
        : topic;
    const waiter = waiters.get(key);
    waiters.delete(key);
    waiter?.(now);
  });
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    client,
    wait: (key: string) => new Promise<number>((resolve) => waiters.set(key, resolve)),
  };
}

/** Walk-in tickets for presses to call, from several kiosks (each within its own rate). */
async function issueTickets(sender: MqttClient, count: number, perKiosk: number) {
  for (let i = 0; i < count; i++)
    await sender.publishAsync(
      `${O}/kiosk/k${Math.floor(i / perKiosk)}/press`,
      JSON.stringify({ id: `t${i}`, service: "TP" }),
      { qos: 1 },
    );
}

async function latencies() {
  const hub = await startHub({
    ...benchOffice(COUNTERS, { name: "Benchmark" }),
    hub: { ...benchOffice().hub, requestRate: { burst: 1_000_000, perSecond: 1_000_000 } },
  });
  try {
    const listener = await listen(hub.url, [`${O}/calls`, `${O}/device/+/status`]);
    const sender = await connect(hub.url);

    progress("floor, one client");
    const floor: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const got = listener.wait(`${O}/device/floor/status`);
      const t0 = performance.now();
      sender.publish(`${O}/device/floor/status`, '"online"', { qos: 1 });
      floor.push((await got) - t0);
    }

    progress("tickets");
    await issueTickets(sender, 3000, 3000);

    progress("press → call, one counter");
    const single: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const got = listener.wait("call/1");
      const t0 = performance.now();
      sender.publish(`${O}/counter/1/press`, JSON.stringify({ id: `s${i}`, button: "next" }), { qos: 1 });
      single.push((await got) - t0);
    }

    const pads = await Promise.all(Array.from({ length: COUNTERS }, () => connect(hub.url)));
    /** 25 rounds of every pad sending at once; each sample from its send to what it waits for. */
    const atOnce = async (send: (pad: MqttClient, i: number, round: number) => string) => {
      const samples: number[] = [];
      for (let round = 0; round < 25; round++)
        await Promise.all(
          pads.map(async (pad, i) => {
            const t0 = performance.now();
            samples.push((await listener.wait(send(pad, i, round))) - t0);
          }),
        );
      return samples;
    };
    progress("floor, 40 clients at once");
    const crowdFloor = await atOnce((pad, i) => {
      const topic = `${O}/device/floor-${i}/status`;
      pad.publish(topic, '"online"', { qos: 1 });
      return topic;
    });
    progress("press → call, 40 counters at once");
    const crowd = await atOnce((pad, i, round) => {
      const press = JSON.stringify({ id: `c${round}-${i}`, button: "next" });
      pad.publish(`${O}/counter/${i + 1}/press`, press, { qos: 1 });
      return `call/${i + 1}`;
    });
    await Promise.all(pads.map((p) => p.endAsync()));
    const rss = rssMiB(hub.pid);
    await listener.client.endAsync();
    await sender.endAsync();
    return {
      floor: stats(floor),
      single: stats(single),
      crowdFloor: stats(crowdFloor),
      crowd: stats(crowd),
      rss,
    };
  } finally {
    await hub.stop();
  }
}

async function flood() {
  const hub = await startHub(benchOffice(COUNTERS, { name: "Benchmark" }));
  try {
    const listener = await listen(hub.url, [`${O}/calls`]);
    const sender = await connect(hub.url);
    progress("flood: tickets");
    // Ten a kiosk: within each kiosk's burst.
    await issueTickets(sender, 3000, 10);
    // The other counters press in turn, one press every 25 ms in all: each counter about once
    // in a second, as busy officers do and within its own allowance.
    const others = Array.from({ length: COUNTERS - 1 }, (_, i) => String(i + 2));
    let turn = 0;
    let nextAt = performance.now();
    const press = async () => {
      const wait = nextAt - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      nextAt = performance.now() + 25;
      const counter = others[turn++ % others.length] as string;
      const got = listener.wait(`call/${counter}`);
      const t0 = performance.now();
      sender.publish(`${O}/counter/${counter}/press`, JSON.stringify({ id: `o${turn}`, button: "next" }), {
        qos: 1,
      });
      const timeout = new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`no call at counter ${counter} within 10 s`)), 10_000).unref(),
      );
      return (await Promise.race([got, timeout])) - t0;
    };
    progress("flood: quiet");
    const quiet: number[] = [];
    for (let i = 0; i < 200; i++) quiet.push(await press());
    progress("flood: 5 × 2,000 presses of counter 1");
    const stuck = await connect(hub.url);
    const during: number[] = [];
    for (let f = 0; f < 5; f++) {
      let flooding = true;
      const sent = Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          stuck.publishAsync(`${O}/counter/1/press`, JSON.stringify({ id: `f${f}-${i}`, button: "next" }), {
            qos: 1,
          }),
        ),
      ).then(() => {
        flooding = false;
      });
      do during.push(await press());
      while (flooding);
      await sent;
    }
    await stuck.endAsync();
    await listener.client.endAsync();
    await sender.endAsync();
    return { quiet: stats(quiet), during: stats(during) };
  } finally {
    await hub.stop();
  }
}

const l = await latencies();
const f = await flood();
const fmt = (v: number) => v.toFixed(2);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const row = (what: string, m: { n: number; p50: number; p99: number }, floor?: number, goal = "") => [
  what,
  m.n,
  fmt(m.p50),
  fmt(m.p99),
  floor === undefined ? "" : ratio(m.p50, floor),
  goal,
];
const rows = [
  row("bare broker publish → receive, one client (floor 1)", l.floor),
  row("press → calls, one counter", l.single, l.floor.p50, "≤ 1.3"),
  row("bare broker, 40 clients publishing at once (floor 2)", l.crowdFloor),
  row("press → calls, 40 counters at once", l.crowd, l.crowdFloor.p50, "≤ 3"),
  row("other counters' press → calls, quiet (floor 3)", f.quiet),
  row("other counters' press → calls, counter 1 flooding", f.during, f.quiet.p50, "≤ 5"),
];
process.stdout.write(
  [
    "| measure | samples | p50 ms | p99 ms | p50 ÷ its floor | goal |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Hub resident memory after 3,000 tickets and 2,000 calls: ${l.rss.toFixed(0)} MiB (VmRSS).`,
    "",
  ].join("\n"),
);
