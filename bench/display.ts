import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDisplay } from "@motcua/display";
import { createLogger } from "@motcua/log";
import type { MqttClient } from "mqtt";
import { chromium } from "playwright-core";
import { benchOffice, connect, freePort, progress, spawnHub, stats } from "./lib.js";

const _root = fileURLToPath(new URL("..", import.meta.url));
const O = "motcua/bench";
const COUNTERS = 40;
/** Presses timed one by one; then calls made in bursts for the memory figures (env overrides for a quick try). */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
/** Milliseconds since the epoch, sub-millisecond: comparable with the page's own. */
const epoch = () => performance.timeOrigin + performance.now();

/** Runs in the page: marks when a counter's number changes in the DOM, and the frame after. */
const OBSERVER = `(() => {
  const marks = new Map();
  const now = () => performance.timeOrigin + performance.now();
  const observer = new MutationObserver((records) => {
    const t = now();
    const changed = new Set();
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const el = node && node.closest('[data-testid$="-number"]');
      if (el) changed.add(el.textContent.trim());
    }
    for (const label of changed) {
      const mark = { dom: t, paint: 0, raf: 0 };
      marks.set(label, mark);
      // rAF runs just before the frame is drawn; a message posted from it arrives after.
      requestAnimationFrame(() => {
        mark.raf = now();
        const c = new MessageChannel();
        c.port1.onmessage = () => { mark.paint = now(); c.port1.close(); };
        c.port2.postMessage(0);
      });
    }
    if (marks.size > 2000) marks.clear();
  });
  observer.observe(document.querySelector(".counters"), { subtree: true, childList: true, characterData: true });
  // The memory figures are the page's own: the measuring stops first.
  window.__bench = { marks, stop: () => { observer.disconnect(); marks.clear(); } };
})()`;

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-display-"));
  const base = benchOffice(COUNTERS);
  // One kiosk asks for every ticket: the hub's per-device rate limit is lifted for the bench.
  const config = { ...base, hub: { ...base.hub, requestRate: { burst: 1_000_000, perSecond: 1_000_000 } } };
  const [mqttPort, wsPort] = [await freePort(), await freePort()];
  const url = `mqtt://127.0.0.1:${mqttPort}`;
  const wsUrl = `ws://127.0.0.1:${wsPort}`;
  progress("start hub", { mqttPort, wsPort });
  const hub = await spawnHub(dir, config, mqttPort, wsPort);
  const display = await startDisplay({
    hubWsUrl: wsUrl,
    port: 0,
    config,
    log: createLogger({ level: "warn" }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(display.url);
    await page.waitForFunction("window.__motcua && window.__motcua.model().link === 'online'");
    await page.getByTestId("counter-40").waitFor();
    await page.evaluate(OBSERVER);

    // The page's clock against ours: both are the system clock, but say how far apart.
    let skew = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let i = 0; i < 30; i++) {
      const a = epoch();
      const p = (await page.evaluate("performance.timeOrigin + performance.now()")) as number;
      const b = epoch();
      if (b - a < skew.rtt) skew = { rtt: b - a, offset: p - (a + b) / 2 };
    }

    const listener = await connect(url);
    const sender = await connect(url);
    const wsListener = await connect(wsUrl);
    const wsSender = await connect(wsUrl);
    const waiters = new Map<string, (t: number) => void>();
    const onMessage = (topic: string, payload: Buffer) => {
      const t = epoch();
      if (topic === `${O}/calls`) waiters.get(`call ${JSON.parse(payload.toString()).label}`)?.(t);
      else if (topic === `${O}/kiosk/1/ticket`)
        waiters.get(`ticket ${JSON.parse(payload.toString()).requestId}`)?.(t);
      else waiters.get(`${topic} ${payload.toString()}`)?.(t);
    };
    listener.on("message", onMessage);
    wsListener.on("message", onMessage);
    await listener.subscribeAsync([`${O}/calls`, `${O}/kiosk/1/ticket`, `${O}/device/floor-tcp/status`], {
      qos: 1,
    });
    await wsListener.subscribeAsync(`${O}/device/floor-ws/status`, { qos: 1 });
    const wait = (key: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${key} within 10 s`)), 10_000);
        waiters.set(key, (t) => {
          clearTimeout(timer);
          waiters.delete(key);
          resolve(t);
        });
      });

    const floor = async (client: MqttClient, topic: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 1000; i++) {
        // The hub's broker takes only a retained, valid presence on a device's status topic.
        const payload = i % 2 ? '"online"' : '"offline"';
        const got = wait(`${topic} ${payload}`);
        const t0 = epoch();
        client.publish(topic, payload, { qos: 1, retain: true });
        samples.push((await got) - t0);
      }
      return samples;
    };
    progress("floors");
    const floorWs = await floor(wsSender, `${O}/device/floor-ws/status`);
    const floorTcp = await floor(sender, `${O}/device/floor-tcp/status`);

    let id = 0;
    const ticket = async () => {
      const key = `b${++id}`;
      const got = wait(`ticket ${key}`);
      sender.publish(`${O}/kiosk/1/press`, JSON.stringify({ id: key, service: "TP" }), { qos: 1 });
      await got;
    };
    const labelOf = (n: number) => `TP-${String(n).padStart(3, "0")}`;

    progress("press → page", { samples: SAMPLES });
    const toCall: number[] = [];
    const toDom: number[] = [];
    const toPaint: number[] = [];
    const rafs: number[] = [];
    const frames: number[] = [];
    let issued = 0;
    for (let i = 0; i < SAMPLES + 10; i++) {
      await ticket();
      issued++;
      const label = labelOf(issued);
      const counter = String((i % COUNTERS) + 1);
      const called = wait(`call ${label}`);
      const t0 = epoch();
      sender.publish(`${O}/counter/${counter}/press`, JSON.stringify({ id: `n${++id}`, button: "next" }), {
        qos: 1,
      });
      const tCall = await called;
      await page.waitForFunction(`window.__bench.marks.get(${JSON.stringify(label)})?.paint > 0`, undefined, {
        polling: 20,
      });
      const mark = (await page.evaluate(`window.__bench.marks.get(${JSON.stringify(label)})`)) as {
        dom: number;
        raf: number;
        paint: number;
      };
      // The first calls warm the page (fonts, code paths): not counted.
      if (i < 10) continue;
      toCall.push(tCall - t0);
      toDom.push(mark.dom - skew.offset - t0);
      toPaint.push(mark.paint - skew.offset - t0);
      rafs.push(mark.raf - mark.dom);
      frames.push(mark.paint - mark.raf);
    }

    const metrics = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
      const { metrics } = (await cdp.send("Performance.getMetrics")) as {
        metrics: { name: string; value: number }[];
      };
      const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? Number.NaN;
      const model = (await page.evaluate(
        "({ calls: window.__motcua.model().calls, recent: window.__motcua.model().recent.length, announcements: window.__motcua.announcements.length })",
      )) as { calls: number; recent: number; announcements: number };
      return { heap: heap.usedSize, nodes: m("Nodes"), listeners: m("JSEventListeners"), ...model };
    };
    await page.evaluate("window.__bench.stop()");
    const memory: { after: string; m: Awaited<ReturnType<typeof metrics>> }[] = [];
    memory.push({ after: `${SAMPLES + 10} calls (the latency run)`, m: await metrics() });

    progress("calls", { calls: CALLS });
    const started = performance.now();
    for (let done = 0; done < CALLS; ) {
      const round = Math.min(COUNTERS, CALLS - done);
      await Promise.all(Array.from({ length: round }, () => ticket()));
      const calls: Promise<number>[] = [];
      for (let c = 0; c < round; c++) {
        calls.push(wait(`call ${labelOf(issued + c + 1)}`));
        sender.publish(`${O}/counter/${c + 1}/press`, JSON.stringify({ id: `n${++id}`, button: "next" }), {
          qos: 1,
        });
      }
      // Counter c serves the c-th of the round's tickets only if presses are taken in order:
      // they are (one connection, QoS 1, in order), so every label is called once.
      await Promise.all(calls);
      issued += round;
      done += round;
      if (done === 1000) memory.push({ after: `+1,000 calls`, m: await metrics() });
    }
    const seconds = (performance.now() - started) / 1000;
    await page
      .waitForFunction(`window.__motcua.model().calls >= ${SAMPLES + 10 + CALLS}`, undefined, {
        timeout: 30_000,
      })
      .catch(async (error: Error) => {
        const seen = await page.evaluate(
          "({ calls: window.__motcua.model().calls, link: window.__motcua.model().link })",
        );
        throw new Error(
          `the page saw ${JSON.stringify(seen)} of ${SAMPLES + 10 + CALLS} calls: ${error.message}`,
        );
      });
    memory.push({ after: `+${CALLS.toLocaleString("en")} calls`, m: await metrics() });

    // Then quiet: the announcements still queued play out, and what they held is let go.
    await page.waitForFunction("window.__motcua.announcements.every((a) => a.end !== undefined)", undefined, {
      timeout: 60_000,
    });
    await page.waitForTimeout(4000);
    memory.push({ after: "then 4 s after the last announcement", m: await metrics() });

    for (const c of [listener, sender, wsListener, wsSender]) await c.endAsync();

    const f = stats(floorWs);
    const rows: string[] = [];
    const row = (name: string, samples: number[]) => {
      const s = stats(samples);
      rows.push(
        `| ${name} | ${s.n} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p50 / f.p50).toFixed(1)} | ${(s.p99 / f.p99).toFixed(1)} |`,
      );
    };
    row("bare broker publish→receive, WebSocket (floor)", floorWs);
    row("bare broker publish→receive, TCP", floorTcp);
    row("hub: press → `calls` at a client (TCP)", toCall);
    row("**press → number in the page's DOM**", toDom);
    row("**press → number painted (the frame after)**", toPaint);
    row("  of which: DOM → the next frame starts (requestAnimationFrame)", rafs);
    row("  of which: the frame (style, layout, paint)", frames);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    process.stdout.write(
      [
        "| measure | samples | p50 ms | p99 ms | p50 ÷ floor | p99 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
        ...rows,
        "",
        "| page after | JS heap used (after GC) | DOM nodes | JS event listeners | calls seen | last calls listed | announcements kept |",
        "|---|---:|---:|---:|---:|---:|---:|",
        ...memory.map(
          ({ after, m }) =>
            `| ${after} | ${mb(m.heap)} MB | ${m.nodes} | ${m.listeners} | ${m.calls} | ${m.recent} | ${m.announcements} |`,
        ),
        "",
        `${CALLS.toLocaleString("en")} calls (a ticket and a press each, ${COUNTERS} counters) in ${seconds.toFixed(1)} s; page clock − bench clock ${skew.offset.toFixed(2)} ms (±${(skew.rtt / 2).toFixed(2)}), subtracted.`,
        `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, Chromium ${browser.version()}; load average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}.`,
        "",
      ].join("\n"),
    );
  } finally {
    await browser.close();
    await display.stop();
    hub.kill("SIGTERM");
    await new Promise((r) => hub.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
