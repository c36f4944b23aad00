/**
 * Footprint bench (issue 11): start-up times and resident memory of each role, run as a card
 * runs it — the built JavaScript with plain node (`packages/cli/dist/main.js`, built first by
 * scripts/build.mjs), or the sources with tsx when there is no build (said in the output).
 * Each figure is printed beside its target and the figure the issue measured before; the bench
 * exits 1 when a target is missed. See bench/README.md.
 *
 *   --only WORDS  only the figures whose names hold one of these words (comma-separated:
 *                 help, simulate, ready, hub, counter, rating, kiosk, display, provincial)
 *   --runs N      each device's memory taken N times, the lowest kept (all are in the JSON):
 *                 other programs on the machine only ever add to a figure
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadOfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import { openStore } from "@motcua/store";
import { generateScenario, PROVINCIAL_DAY } from "./generate.ts";
import { connect, freePort, progress } from "./lib.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const { values: options } = parseArgs({
  options: { only: { type: "string" }, runs: { type: "string", default: "1" } },
});
const RUNS = Number(options.runs);
if (!(Number.isInteger(RUNS) && RUNS >= 1 && RUNS <= 20)) throw new Error("--runs must be 1 to 20");
const ONLY = options.only?.split(",").map((w) => w.trim().toLowerCase());
/** Whether a figure is asked for: all of them without --only. */
const wanted = (word: string) => ONLY === undefined || ONLY.includes(word);
const BUILT = join(ROOT, "packages/cli/dist/main.js");
const PROVINCIAL = join(ROOT, "bench/offices/provincial.yaml");
/** The example office's opening hour, so that presses and tickets are taken. */
const NOW = "2026-11-25T07:31:00+07:00";

// ---- how `motcua` is started ----------------------------------------------------------------

/** The build (incremental: nothing to do when dist/ is fresh), when the project has one. */
function build(): boolean {
  const script = join(ROOT, "scripts/build.mjs");
  if (existsSync(script)) {
    const run = spawnSync(process.execPath, [script, "--quiet"], { cwd: ROOT, stdio: "inherit" });
    if (run.status !== 0) throw new Error("scripts/build.mjs failed");
  }
  return existsSync(BUILT);
}

const built = build();
const tsx = pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("tsx")).href;
/** node's arguments before a verb: the built entry point, else the sources through tsx. */
const MOTCUA: string[] = built
  ? [BUILT]
  : ["--conditions=@motcua/source", "--import", tsx, join(ROOT, "packages/cli/src/main.ts")];

function motcua(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...MOTCUA, ...args], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, MOTCUA_LOG_LEVEL: "info", ...env },
  });
}

// ---- signals from a running program --------------------------------------------------------

interface LogLine {
  msg?: string;
  [key: string]: unknown;
}

/** Every JSON log line of a child (stdout), to wait on. */
class LogWatch {
  private readonly lines: LogLine[] = [];
  private readonly waiting = new Set<() => void>();
  private exited = false;

  constructor(readonly child: ChildProcess) {
    const take = (text: string) => {
      if (!text.startsWith("{")) return;
      try {
        this.lines.push(JSON.parse(text) as LogLine);
      } catch {
        return;
      }
      for (const wake of this.waiting) wake();
    };
    if (child.stdout) createInterface({ input: child.stdout }).on("line", take);
    // Whatever goes to stderr (a console display, a failure) is kept for the error message.
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    child.once("exit", () => {
      this.exited = true;
      for (const wake of this.waiting) wake();
    });
  }

  stderr = "";

  /** The first line (from `from` on) that `match` accepts; rejects if the program exits first. */
  async line(match: (line: LogLine) => boolean, what: string, from = 0, timeoutMs = 60_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no "${what}" within ${timeoutMs} ms`)), timeoutMs);
      const finish = (error?: Error, index?: number) => {
        clearTimeout(timer);
        this.waiting.delete(check);
        if (error) reject(new Error(`${error.message}\n${this.stderr.slice(-2000)}`));
        else resolve(index as number);
      };
      const check = () => {
        const index = this.lines.findIndex((l, i) => i >= from && match(l));
        if (index >= 0) finish(undefined, index);
        else if (this.exited) finish(new Error(`the program exited before "${what}"`));
      };
      this.waiting.add(check);
      check();
    });
  }

  get count(): number {
    return this.lines.length;
  }
}

const msg = (text: string | RegExp) => (line: LogLine) =>
  typeof text === "string" ? line.msg === text : text.test(line.msg ?? "");

/** A device takes presses once it has seen the hub online, not merely connected. */
const hubOnline = (line: LogLine) => line.msg === "hub presence" && line.hub === "online";

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A device on simulated GPIO reads its keys from standard input until it ends.
  child.stdin?.end();
  child.kill("SIGTERM");
  await exited;
}

// ---- measures --------------------------------------------------------------------------------

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Resident memory once a program has done its job and sits idle: the highest of samples
 * over two seconds (a collection in between does not flatter the figure).
 */
async function idleRss(child: ChildProcess): Promise<number> {
  let highest = 0;
  for (let i = 0; i < 20; i++) {
    highest = Math.max(highest, rssMiB(child.pid as number));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return highest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Wall time of a whole run of `motcua …args` (fed `input`), in seconds. */
async function runTime(args: string[], input = ""): Promise<number> {
  const started = performance.now();
  const child = motcua(args);
  child.stdout?.resume();
  child.stderr?.resume();
  child.stdin?.end(input);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`motcua ${args.join(" ")} exited ${code}`);
  return (performance.now() - started) / 1000;
}

interface Hub {
  watch: LogWatch;
  mqttPort: number;
  wsPort: number;
  /** Seconds from the spawn to the "hub ready" line. */
  readySeconds: number;
}

/** `motcua hub --modem sim` on a fresh port pair; resolves at its "hub ready" log line. */
async function startHub(dataDir: string, extra: string[] = []): Promise<Hub> {
  const [mqttPort, wsPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = motcua([
    "hub",
    "--data",
    dataDir,
    "--mqtt-port",
    String(mqttPort),
    "--ws-port",
    String(wsPort),
    // Several hubs of the bench may be up at once: the console on a free port too.
    "--http-port",
    "0",
    // The bench's clients are on this machine; a secured office (the provincial one) must be
    // told where to listen.
    "--bind",
    "127.0.0.1",
    "--modem",
    "sim",
    "--now",
    NOW,
    ...extra,
  ]);
  const watch = new LogWatch(child);
  await watch.line(msg("hub ready"), "hub ready");
  return { watch, mqttPort, wsPort, readySeconds: (performance.now() - started) / 1000 };
}

/**
 * Idle, for the hub: its simulated modem is up and, when the office lets anonymous clients in
 * (the example office; the provincial one names every device), a client's connection is taken.
 */
async function hubSettled(hub: Hub, anonymous = true): Promise<void> {
  await hub.watch.line((l) => l.msg === "modem state" && l.state === "ready", "modem ready");
  if (!anonymous) return;
  const client = await connect(`mqtt://127.0.0.1:${hub.mqttPort}`);
  await client.endAsync();
}

/**
 * A data folder holding a provincial centre's day (bench/generate.ts, the day of `pnpm bench`:
 * 3,000 walk-ins, 1,000 SMS bookings over two weeks, the counters' presses) as the hub's own
 * log, decided by the core with the seed the store records: the hub replays it all on start.
 */
function provincialDay(dataDir: string): { inputs: number; events: number } {
  const config = loadOfficeConfig(PROVINCIAL);
  const { inputs } = generateScenario({ config, ...PROVINCIAL_DAY });
  const core = new QueueCore(config, { seed: PROVINCIAL_DAY.coreSeed ?? 0 });
  const store = openStore({ path: join(dataDir, `${config.office.id}.sqlite`) });
  store.setMeta("seed", PROVINCIAL_DAY.coreSeed ?? 0);
  let events = 0;
  const entries = inputs.map((input) => {
    const decided = core.decide(input).events;
    events += decided.length;
    return { input, events: decided };
  });
  // In pages of a thousand: one transaction (and one fsync) each.
  for (let i = 0; i < entries.length; i += 1000) store.appendMany(entries.slice(i, i + 1000));
  store.close();
  return { inputs: inputs.length, events };
}

// ---- the run -------------------------------------------------------------------------------

interface Row {
  figure: string;
  was: string;
  target: number;
  unit: "s" | "MiB";
  value?: number;
  /** Every run's figure, when --runs took it several times (value: the lowest). */
  runs?: number[];
  /** Why there is no figure: the step failed. */
  error?: string;
}

const rows: Row[] = [];

/**
 * Measures one figure, `runs` times keeping the lowest; a step that fails is a FAIL row and the
 * others still run.
 */
async function figure(
  key: string,
  row: Omit<Row, "value" | "error" | "runs">,
  measure: () => Promise<number>,
  runs = 1,
): Promise<void> {
  if (!wanted(key)) return;
  try {
    const values: number[] = [];
    for (let i = 0; i < runs; i++) values.push(await measure());
    const value = Math.min(...values);
    rows.push({ ...row, value, ...(runs > 1 ? { runs: values } : {}) });
    progress("measured", {
      figure: row.figure,
      value: Math.round(value * 100) / 100,
      unit: row.unit,
      ...(runs > 1 ? { runs: values.map((v) => Math.round(v * 10) / 10) } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    rows.push({ ...row, error: message.split("\n")[0] as string });
    progress("failed", { figure: row.figure, err: message });
  }
}

const scratch = mkdtempSync(join(os.tmpdir(), "motcua-footprint-"));
const children: ChildProcess[] = [];
const track = (child: ChildProcess) => {
  children.push(child);
  return child;
};

/** `motcua --help`, `motcua simulate`, and the hub's start: wall times, median of a few runs. */
async function startUp(): Promise<void> {
  await figure(
    "help",
    { figure: "`motcua --help` wall time", was: "1.5 s", target: 0.6, unit: "s" },
    async () => {
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) runs.push(await runTime(["--help"]));
      return median(runs);
    },
  );

  const tiny = [
    { at: "2026-11-23T07:45:00+07:00", type: "ticket", service: "TP", priority: false },
    { at: "2026-11-23T07:46:00+07:00", type: "press", counter: "1", button: "next" },
  ]
    .map((line) => JSON.stringify(line))
    .join("\n");
  await figure(
    "simulate",
    {
      figure: "`motcua simulate` start-up (a 2-line scenario, whole run)",
      was: "3 s",
      target: 0.5,
      unit: "s",
    },
    async () => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) runs.push(await runTime(["simulate", "-"], tiny));
      return median(runs);
    },
  );

  await figure(
    "ready",
    {
      figure: "hub ready (spawn → `hub ready` log line, simulated modem)",
      was: "1.9 s",
      target: 1,
      unit: "s",
    },
    async () => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const hub = await startHub(join(scratch, `ready-${i}`));
        track(hub.watch.child);
        runs.push(hub.readySeconds);
        await stop(hub.watch.child);
      }
      return median(runs);
    },
  );
}

/** The example office's hub idle, then each device against it, once it has done its job. */
async function roles(): Promise<void> {
  if (!["hub", "counter", "rating", "kiosk", "display"].some(wanted)) return;
  let hub: Hub | undefined;
  const idle = async () => {
    hub = await startHub(join(scratch, "idle"));
    track(hub.watch.child);
    await hubSettled(hub);
    return idleRss(hub.watch.child);
  };
  // The devices need the hub even when its own figure is not asked for.
  if (wanted("hub"))
    await figure(
      "hub",
      { figure: "hub idle RSS (simulated modem)", was: "155 MiB", target: 100, unit: "MiB" },
      idle,
    );
  else await idle();
  if (hub === undefined) return;
  const mqtt = `mqtt://127.0.0.1:${hub.mqttPort}`;

  await figure(
    "counter",
    { figure: "counter pad RSS (simulated GPIO, after a press)", was: "154 MiB", target: 60, unit: "MiB" },
    async () => {
      // The office named, as a card's site file names it: without it the pad reads the whole
      // example office only to learn its id.
      const pad = ["counter", "--counter", "1", "--office", "son-tay", "--gpio", "sim", "--hub", mqtt];
      const counter = new LogWatch(track(motcua(pad)));
      await counter.line(hubOnline, "the hub's presence at the counter");
      counter.child.stdin?.write("next\n");
      await counter.line(msg(/^press (accepted|refused by the hub)/), "the hub's answer to a press");
      const rss = await idleRss(counter.child);
      await stop(counter.child);
      return rss;
    },
    RUNS,
  );

  await figure(
    "rating",
    { figure: "rating pad RSS (simulated GPIO, after a rating)", was: "—", target: 60, unit: "MiB" },
    async () => {
      const args = ["rating", "--counter", "1", "--office", "son-tay", "--gpio", "sim", "--hub", mqtt];
      const rating = new LogWatch(track(motcua(args)));
      await rating.line(hubOnline, "the hub's presence at the rating pad");
      rating.child.stdin?.write("satisfied\n");
      // Counter 1 has served nobody on this hub: the hub's answer is a refusal, which is enough.
      await rating.line(msg(/^rating (recorded|refused by the hub)/), "the hub's answer to a rating");
      const rss = await idleRss(rating.child);
      await stop(rating.child);
      return rss;
    },
    RUNS,
  );

  await figure(
    "kiosk",
    { figure: "kiosk RSS (simulated GPIO and printer, after a ticket)", was: "—", target: 60, unit: "MiB" },
    async () => {
      const tickets = join(scratch, "tickets");
      const kiosk = new LogWatch(
        track(motcua(["kiosk", "--gpio", "sim", "--printer", `file:${tickets}`, "--hub", mqtt])),
      );
      await kiosk.line(hubOnline, "the hub's presence at the kiosk");
      kiosk.child.stdin?.write("TP\n");
      await kiosk.line(msg("ticket printed"), "a ticket printed");
      const rss = await idleRss(kiosk.child);
      await stop(kiosk.child);
      return rss;
    },
    RUNS,
  );

  await figure(
    "display",
    { figure: "display server RSS (after serving the page)", was: "—", target: 80, unit: "MiB" },
    async () => {
      const port = await freePort();
      const ws = `ws://127.0.0.1:${hub?.wsPort}`;
      const display = new LogWatch(track(motcua(["display", "--port", String(port), "--hub", ws])));
      await display.line(msg("display ready"), "display ready");
      const page = await fetch(`http://127.0.0.1:${port}/`);
      if (!page.ok) throw new Error(`the display page answered ${page.status}`);
      await page.text();
      const rss = await idleRss(display.child);
      await stop(display.child);
      return rss;
    },
    RUNS,
  );
  await stop(hub.watch.child);
}

/** The provincial centre's hub after its day: the log of the day replayed on start. */
async function provincial(): Promise<void> {
  const dayDir = join(scratch, "provincial");
  await figure(
    "provincial",
    {
      figure: "hub RSS after a provincial day (its log replayed)",
      was: "180 MiB (bench:hub)",
      target: 120,
      unit: "MiB",
    },
    async () => {
      progress("provincial day: writing the hub's log");
      const day = provincialDay(dayDir);
      progress("provincial day: written", day);
      const hub = await startHub(dayDir, ["--config", PROVINCIAL, "--now", "2026-11-25T17:05:00+07:00"]);
      track(hub.watch.child);
      await hubSettled(hub, false);
      const rss = await idleRss(hub.watch.child);
      await stop(hub.watch.child);
      return rss;
    },
  );
}

const passed = (r: Row) => r.value !== undefined && r.value <= r.target;

function table(): string {
  const now = (r: Row) =>
    r.value === undefined
      ? `error: ${r.error}`
      : r.unit === "s"
        ? `${r.value.toFixed(2)} s`
        : `${r.value.toFixed(1)} MiB`;
  const lines = [
    "| figure | before (issue 11) | target | now | |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.was} | ≤ ${r.target} ${r.unit} | ${now(r)} | ${passed(r) ? "pass" : "**FAIL**"} |`,
    ),
  ];
  return lines.join("\n");
}

progress("runner", { built, command: MOTCUA.join(" ") });
try {
  await startUp();
  await roles();
  await provincial();
} finally {
  for (const child of children) await stop(child);
  rmSync(scratch, { recursive: true, force: true });
}
const [load] = os.loadavg();
process.stdout.write(
  [
    `Footprint — ${built ? "built JavaScript, plain node (packages/cli/dist/main.js)" : "sources through tsx (no build found)"}`,
    `${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, Node ${process.version}, load average ${load?.toFixed(1)}${RUNS > 1 ? `; devices' memory: the lowest of ${RUNS} runs` : ""}`,
    "",
    table(),
    "",
  ].join("\n"),
);
const missed = rows.filter((r) => !passed(r)).length;
if (missed > 0) process.stdout.write(`FAIL: ${missed} of ${rows.length} targets missed\n`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench/results/footprint.json"),
  `${JSON.stringify({ built, load, runs: RUNS, only: ONLY ?? null, rows }, null, 2)}\n`,
);
process.exitCode = missed > 0 ? 1 : 0;
