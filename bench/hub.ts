import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchOffice, connect, freePort, progress, spawnHub, stats } from "./lib.js";

const _root = fileURLToPath(new URL("..", import.meta.url));
const O = "motcua/bench";
const COUNTERS = 40;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-hub-"));
  const [mqttPort, wsPort] = [await freePort(), await freePort()];
  const url = `mqtt://127.0.0.1:${mqttPort}`;
  progress("start hub", { mqttPort });
  const hub = await spawnHub(dir, benchOffice(COUNTERS, { name: "Benchmark" }), mqttPort, wsPort);
  try {
    const listener = await connect(url);
    const sender = await connect(url);
    const waiters = new Map<string, (t: number) => void>();
    listener.on("message", (topic, payload) => {
      const now = performance.now();
      if (topic === `${O}/calls`) {
        const call = JSON.parse(payload.toString()) as { counter: string };
        waiters.get(`call/${call.counter}`)?.(now);
      } else {
        waiters.get(topic)?.(now);
      }
    });
    await listener.subscribeAsync([`${O}/calls`, `${O}/device/floor/status`], { qos: 1 });
    const wait = (key: string) => new Promise<number>((resolve) => waiters.set(key, resolve));

    // The floor: the bare broker's publish → receive, QoS 1, on the same broker.
    progress("floor");
    const floor: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const got = wait(`${O}/device/floor/status`);
      const t0 = performance.now();
      sender.publish(`${O}/device/floor/status`, `ping-${i}`, { qos: 1 });
      floor.push((await got) - t0);
    }

    // Walk-ins for every press to call.
    progress("tickets");
    for (let i = 0; i < 3000; i++)
      await sender.publishAsync(`${O}/kiosk/1/press`, JSON.stringify({ id: `t${i}`, service: "TP" }), {
        qos: 1,
      });

    progress("single counter");
    const single: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const got = wait("call/1");
      const t0 = performance.now();
      sender.publish(`${O}/counter/1/press`, JSON.stringify({ id: `s${i}`, button: "next" }), { qos: 1 });
      single.push((await got) - t0);
    }

    progress("40 counters at once");
    const pads = await Promise.all(Array.from({ length: COUNTERS }, () => connect(url)));
    const crowd: number[] = [];
    for (let round = 0; round < 25; round++) {
      await Promise.all(
        pads.map(async (pad, i) => {
          const counter = String(i + 1);
          const got = wait(`call/${counter}`);
          const t0 = performance.now();
          pad.publish(
            `${O}/counter/${counter}/press`,
            JSON.stringify({ id: `c${round}-${i}`, button: "next" }),
            { qos: 1 },
          );
          crowd.push((await got) - t0);
        }),
      );
    }
    await Promise.all(pads.map((p) => p.endAsync()));
    const rss = rssMiB(hub.pid as number);
    await listener.endAsync();
    await sender.endAsync();

    const f = stats(floor);
    const s = stats(single);
    const c = stats(crowd);
    const fmt = (v: number) => v.toFixed(2);
    const rows = [
      ["bare broker publish→receive (floor)", f.n, fmt(f.p50), fmt(f.p99), "1.0", "1.0"],
      [
        "press → calls, one counter",
        s.n,
        fmt(s.p50),
        fmt(s.p99),
        (s.p50 / f.p50).toFixed(1),
        (s.p99 / f.p99).toFixed(1),
      ],
      [
        "press → calls, 40 counters at once",
        c.n,
        fmt(c.p50),
        fmt(c.p99),
        (c.p50 / f.p50).toFixed(1),
        (c.p99 / f.p99).toFixed(1),
      ],
    ];
    process.stdout.write(
      [
        "| measure | samples | p50 ms | p99 ms | p50 ÷ floor | p99 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
        ...rows.map((r) => `| ${r.join(" | ")} |`),
        "",
        `Hub resident memory after 3,000 tickets and 2,000 calls: ${rss.toFixed(0)} MiB (VmRSS).`,
        "",
      ].join("\n"),
    );
  } finally {
    hub.kill("SIGTERM");
    await new Promise((r) => hub.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
