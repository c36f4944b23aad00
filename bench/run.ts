/**
 * `pnpm bench`: a busy day at a provincial centre (bench/offices/provincial.yaml) through the
 * queue core, the way `motcua simulate` replays it. See bench/README.md for what is measured.
 *
 * stdout: the results as Markdown tables. stderr: one JSON line per step
 * ({"ns":"motcua:bench","step":…}). bench/results/latest.json: everything, for comparing runs.
 * Exit code 1 when a self-check fails: a broken scenario must not produce a nice table.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { type SimulateOptions, simulate } from "../packages/cli/src/simulate.ts";
import { generateScenario, PROVINCIAL_DAY, toJsonLines } from "./generate.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONFIG = "bench/offices/provincial.yaml";
const RESULTS = join(ROOT, "bench", "results");
const SCENARIO_FILE = join(RESULTS, "provincial-day.jsonl");
const DAY = PROVINCIAL_DAY.day;
/** Timed passes of the core and of simulate(); the fastest is reported. */
const PASSES = 3;

/** The bench day. */
const SCENARIO = PROVINCIAL_DAY;

// ---- small helpers --------------------------------------------------------------------------

function progress(step: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(
    `${JSON.stringify({ ns: "motcua:bench", time: new Date().toISOString(), step, ...fields })}\n`,
  );
}

let heapPeak = 0;
function sampleHeap(): void {
  const used = process.memoryUsage().heapUsed;
  if (used > heapPeak) heapPeak = used;
}

const ms = (from: number) => Math.round((performance.now() - from) * 10) / 10;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const us = (ns: number) => Math.round(ns / 100) / 10;
const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

function stats(durations: number[]): { n: number; p50: number; p99: number; max: number; meanUs: number } {
  const sorted = Float64Array.from(durations).sort();
  const sum = durations.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: us(percentile(sorted, 0.5)),
    p99: us(percentile(sorted, 0.99)),
    max: us(sorted[sorted.length - 1] ?? Number.NaN),
    meanUs: us(sum / Math.max(1, sorted.length)),
  };
}

/** What kind of input a line is, for the per-kind timing table. */
function kindOf(input: SimInput): string {
  switch (input.type) {
    case "sms": {
      const word = input.text.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
      return `sms ${["DK", "HUY", "TT", "HD"].includes(word) ? word : "other"}`;
    }
    case "press":
      return input.button === "next" ? "press next" : "press other";
    default:
      return input.type;
  }
}

/** A stdout for `simulate()` that counts lines and hashes them, and keeps nothing. */
class CountingSink extends Writable {
  lines = 0;
  bytes = 0;
  readonly hash = createHash("sha256");
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
    this.bytes += Buffer.byteLength(text);
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lines++;
    this.hash.update(text);
    callback();
  }
}

/** Runs a command, counting and hashing its stdout; resolves with its exit code and wall time. */
function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; ms: number; lines: number; sha256: string; stderr: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const sink = new CountingSink();
    let stderr = "";
    child.stdout.pipe(sink);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("error", fail);
    child.on("close", (code) => {
      done({ code, ms: ms(started), lines: sink.lines, sha256: sink.hash.digest("hex"), stderr });
    });
  });
}

interface DecidePass {
  wallMs: number;
  all: ReturnType<typeof stats>;
  byKind: ({ kind: string } & ReturnType<typeof stats>)[];
  events: number;
  eventTypes: Record<string, number>;
  sha256: string;
  ignored: number;
  unansweredSms: number;
  ticketsWithoutOneAnswer: number;
}

/** One run of the day through a fresh core, with process.hrtime.bigint() around each decide(). */
function decidePass(config: OfficeConfig, inputs: readonly SimInput[]): DecidePass {
  const started = performance.now();
  const core = new QueueCore(config, { seed: SCENARIO.coreSeed ?? 0 });
  const durations: number[] = new Array(inputs.length);
  const byKind = new Map<string, number[]>();
  const eventTypes: Record<string, number> = {};
  const hash = createHash("sha256");
  let events = 0;
  let ignored = 0;
  let unansweredSms = 0;
  let ticketsWithoutOneAnswer = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as SimInput;
    const t0 = process.hrtime.bigint();
    const decision = core.decide(input);
    const t1 = process.hrtime.bigint();
    const ns = Number(t1 - t0);
    durations[i] = ns;
    const kind = kindOf(input);
    const list = byKind.get(kind) ?? [];
    byKind.set(kind, list);
    list.push(ns);
    if (decision.ignored) ignored++;
    let answers = 0;
    let ticketAnswers = 0;
    for (const event of decision.events as SimEvent[]) {
      events++;
      eventTypes[event.type] = (eventTypes[event.type] ?? 0) + 1;
      hash.update(`${JSON.stringify(event)}\n`);
      if (event.at !== input.at) continue;
      if (
        input.type === "sms" &&
        ((event.type === "sms_out" && event.to === input.from) || event.type === "rejected")
      )
        answers++;
      if (input.type === "ticket" && (event.type === "ticket_issued" || event.type === "ticket_refused"))
        ticketAnswers++;
    }
    if (input.type === "sms" && answers === 0) unansweredSms++;
    if (input.type === "ticket" && ticketAnswers !== 1) ticketsWithoutOneAnswer++;
    if ((i & 255) === 0) sampleHeap();
  }
  sampleHeap();
  return {
    wallMs: ms(started),
    all: stats(durations),
    byKind: [...byKind.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, list]) => ({ kind, ...stats(list) })),
    events,
    eventTypes,
    sha256: hash.digest("hex"),
    ignored,
    unansweredSms,
    ticketsWithoutOneAnswer,
  };
}

// ---- the bench ------------------------------------------------------------------------------

async function main(): Promise<number> {
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    if (!ok) progress("check_failed", { check: name, detail });
  };

  // 1. The office.
  let started = performance.now();
  const config = loadOfficeConfig(join(ROOT, CONFIG));
  progress("config", {
    ms: ms(started),
    office: config.office.id,
    counters: config.counters.length,
    services: config.services.length,
    procedures: config.procedures.length,
  });

  // 2. The day, generated with the core running alongside.
  started = performance.now();
  const generated = generateScenario({ config, ...SCENARIO });
  const generateMs = ms(started);
  sampleHeap();
  const inputs = generated.inputs;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(SCENARIO_FILE, toJsonLines(inputs));
  progress("generate", {
    ms: generateMs,
    inputs: inputs.length,
    byType: generated.stats.byType,
    events: generated.stats.events,
    file: relative(ROOT, SCENARIO_FILE),
  });

  // 3. The core alone: time per decision. The machine may be shared: the pass with the lowest
  //    total is reported (all totals are kept); the checks look at every pass.
  const passes: DecidePass[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    passes.push(decidePass(config, inputs));
    const last = passes[passes.length - 1] as DecidePass;
    progress("decide", { pass: pass + 1, ms: last.wallMs, p50us: last.all.p50, p99us: last.all.p99 });
  }
  const best = passes.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const { eventTypes, events } = best;
  const decide = best.all;
  const kinds = best.byKind;

  // 4. The replay as `motcua simulate` does it, in this process: file → lines → core → JSON lines.
  const replays: { ms: number; code: number; lines: number; bytes: number; sha256: string }[] = [];
  const problems: string[] = [];
  const log = {
    error: (fields: unknown, message: string) => problems.push(`${message} ${JSON.stringify(fields)}`),
    debug: () => {},
  } as unknown as SimulateOptions["log"];
  for (let pass = 0; pass < PASSES; pass++) {
    const sink = new CountingSink();
    const sampler = setInterval(sampleHeap, 5);
    started = performance.now();
    const code = await simulate({
      config,
      seed: SCENARIO.coreSeed ?? 0,
      scenario: SCENARIO_FILE,
      summary: false,
      stdin: process.stdin,
      stdout: sink,
      log,
    });
    const took = ms(started);
    clearInterval(sampler);
    sampleHeap();
    replays.push({ ms: took, code, lines: sink.lines, bytes: sink.bytes, sha256: sink.hash.digest("hex") });
    progress("simulate", { pass: pass + 1, ms: took, events: sink.lines, bytes: sink.bytes, exitCode: code });
  }
  const replay = replays.reduce((a, b) => (b.ms < a.ms ? b : a));
  const simulateMs = replay.ms;

  // 5. The real command line, once, end to end (pnpm + tsx start-up included), and its start-up alone.
  const cli = await run("pnpm", ["--silent", "motcua", "simulate", "--config", CONFIG, SCENARIO_FILE]);
  progress("cli", { ms: cli.ms, events: cli.lines, exitCode: cli.code });
  const startup = await run("pnpm", ["--silent", "motcua", "--help"]);
  progress("cli_startup", { ms: startup.ms, exitCode: startup.code });

  // 6. Self-checks: the scenario is what it claims, and every path gives the same events.
  const t = generated.stats;
  const tickets = t.byType.ticket ?? 0;
  const issued = eventTypes.ticket_issued ?? 0;
  const refused = eventTypes.ticket_refused ?? 0;
  check(
    "tickets answered",
    issued + refused === tickets && best.ticketsWithoutOneAnswer === 0,
    `${issued} issued + ${refused} refused = ${issued + refused} of ${tickets} tickets; ${best.ticketsWithoutOneAnswer} tickets without exactly one answer`,
  );
  check(
    "every SMS answered",
    best.unansweredSms === 0,
    `${best.unansweredSms} of ${t.byType.sms ?? 0} SMS got no reply or rejection`,
  );
  const booked = eventTypes.booked ?? 0;
  check("bookings taken", booked >= 0.9 * t.smsBookings, `${booked} booked of ${t.smsBookings} DK messages`);
  const cancelled = eventTypes.cancelled ?? 0;
  check(
    "cancellations and no-shows",
    cancelled >= t.cancellationsSent && t.noShowsPlanned > 0,
    `${cancelled} cancelled events for ${t.cancellationsSent} HUY sent and ${t.noShowsPlanned} no-shows planned`,
  );
  // Every call but a recall starts a turn at a counter, and every turn ends served or skipped
  // (a session's end serves whoever is at the counter).
  const calls = eventTypes.called ?? 0;
  const recalls = t.presses.recall ?? 0;
  const served = eventTypes.served ?? 0;
  const skipped = eventTypes.skipped ?? 0;
  check(
    "every call ends",
    served > 0 && served + skipped === calls - recalls,
    `${served} served + ${skipped} skipped = ${served + skipped}; ${calls} calls − ${recalls} recalls = ${calls - recalls}`,
  );
  check("no input ignored", best.ignored === 0, `${best.ignored} inputs the core ignored`);
  check(
    "same events everywhere",
    passes.every((p) => p.sha256 === generated.eventsSha256 && p.events === cli.lines) &&
      replays.every((r) => r.sha256 === generated.eventsSha256 && r.lines === cli.lines) &&
      cli.sha256 === generated.eventsSha256,
    `generator ${generated.eventsSha256.slice(0, 12)} · core ${passes.map((p) => p.sha256.slice(0, 12)).join("/")} · simulate() ${replays.map((r) => r.sha256.slice(0, 12)).join("/")} · CLI ${cli.sha256.slice(0, 12)}; ${cli.lines} events from the CLI`,
  );
  check(
    "replays exit 0",
    replays.every((r) => r.code === 0) && cli.code === 0 && problems.length === 0,
    `simulate() ${replays.map((r) => r.code).join("/")}, CLI ${cli.code}${problems.length ? `; ${problems.slice(0, 3).join("; ")}` : ""}${cli.stderr ? `; CLI stderr: ${cli.stderr.slice(0, 300)}` : ""}`,
  );
  const ok = checks.every((c) => c.ok);
  progress("checks", { ok, failed: checks.filter((c) => !c.ok).map((c) => c.name) });

  // 7. Results.
  const usage = process.resourceUsage();
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    /** The 1-minute load average when the bench ended: above the core count, others were running too. */
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
  };
  const results = {
    at: new Date().toISOString(),
    machine,
    scenario: {
      config: CONFIG,
      day: DAY,
      file: relative(ROOT, SCENARIO_FILE),
      options: SCENARIO,
      inputs: inputs.length,
      byType: t.byType,
      presses: t.presses,
      events,
      eventTypes,
      rejected: t.rejected,
      nameMismatches: t.nameMismatches,
      eventsSha256: generated.eventsSha256,
    },
    generate: { ms: generateMs },
    simulateInProcess: {
      ms: simulateMs,
      inputsPerSecond: Math.round(inputs.length / (simulateMs / 1000)),
      eventsPerSecond: Math.round(replay.lines / (simulateMs / 1000)),
      eventsPerSecondAllPasses: replays.map((r) => Math.round(r.lines / (r.ms / 1000))),
      msAllPasses: replays.map((r) => r.ms),
      outputBytes: replay.bytes,
    },
    cli: {
      ms: cli.ms,
      startupMs: startup.ms,
      inputsPerSecond: Math.round(inputs.length / (cli.ms / 1000)),
      eventsPerSecond: Math.round(cli.lines / (cli.ms / 1000)),
    },
    decide: { wallMs: best.wallMs, wallMsAllPasses: passes.map((p) => p.wallMs), ...decide, byKind: kinds },
    memory: { maxRssMB: mb(usage.maxRSS * 1024), heapUsedPeakMB: mb(heapPeak) },
    checks,
  };
  writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  progress("done", { ok, results: "bench/results/latest.json" });

  const rows: [string, string][] = [
    [
      "machine",
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}; load average ${machine.loadAverage}`,
    ],
    [
      "scenario",
      `${config.office.name}, ${DAY}: ${int(inputs.length)} inputs (${int(tickets)} tickets, ${int(t.byType.sms ?? 0)} SMS, ${int(t.byType.press ?? 0)} presses, ${int(t.byType.tick ?? 0)} ticks) → ${int(events)} events`,
    ],
    [
      "outcome",
      `${int(issued)} tickets issued, ${int(refused)} refused (full); ${int(booked)} booked, ${int(eventTypes.cancelled ?? 0)} cancelled (incl. no-shows); ${int(served)} served, ${int(skipped)} skipped`,
    ],
    ["generate (core runs alongside)", `${int(generateMs)} ms`],
    [
      `replay, \`simulate()\` in process (best of ${PASSES})`,
      `${int(simulateMs)} ms · ${int(results.simulateInProcess.inputsPerSecond)} inputs/s · ${int(results.simulateInProcess.eventsPerSecond)} events/s`,
    ],
    [
      "replay, `pnpm motcua simulate` end to end",
      `${int(cli.ms)} ms (start-up alone ${int(startup.ms)} ms) · ${int(results.cli.inputsPerSecond)} inputs/s · ${int(results.cli.eventsPerSecond)} events/s`,
    ],
    [
      `\`core.decide\` per input (best of ${PASSES} passes)`,
      `p50 ${decide.p50} µs · p99 ${decide.p99} µs · max ${decide.max} µs · mean ${decide.meanUs} µs`,
    ],
    [
      "peak memory",
      `maxRSS ${results.memory.maxRssMB} MB · heapUsed ${results.memory.heapUsedPeakMB} MB (sampled)`,
    ],
    [
      "self-checks",
      ok
        ? `all ${checks.length} passed`
        : `FAILED: ${checks
            .filter((c) => !c.ok)
            .map((c) => c.name)
            .join(", ")}`,
    ],
  ];
  const table = [
    "| measure | result |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    "| input | n | p50 µs | p99 µs | max µs | mean µs |",
    "|---|---:|---:|---:|---:|---:|",
    ...kinds.map((k) => `| ${k.kind} | ${k.n} | ${k.p50} | ${k.p99} | ${k.max} | ${k.meanUs} |`),
  ];
  process.stdout.write(`${table.join("\n")}\n`);
  if (!ok) {
    for (const c of checks.filter((c) => !c.ok))
      process.stderr.write(`bench: self-check failed: ${c.name}: ${c.detail}\n`);
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress("error", { error: (error as Error).stack ?? String(error) });
    process.exitCode = 1;
  },
);
