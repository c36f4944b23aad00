/**
 * `pnpm bench:stats` (issue 14, "The office's figures"): a provincial centre's year held by the
 * statistics engine the hub keeps (`OfficeStats`, packages/stats), on a Raspberry Pi's budget:
 * at most 20 MiB for the year, and the whole year's report in at most 2 s.
 *
 * The year: 250 working days of bench/offices/provincial.yaml from 2026-01-05 on, each the
 * bench's provincial day (bench/generate.ts: 3,000 walk-ins asked for, 1,000 SMS bookings over
 * the two weeks before, cancellations, no-shows, pauses). Generating a day runs the queue core
 * and takes about 3 s here, so `--distinct` days are generated (seeds 2026, 2027, …) and the
 * year cycles through them, each copy moved to its own date: every time in it (`at`, an
 * appointment's `time`, a ticket's `estimatedAt`) shifted by whole days, booking codes made
 * unique per copy; the few bookings a generated day's SMS made for another date than its own
 * are left out (in the year, that date is another copy's, whose numbers they would collide
 * with). The days are fed in time order, a booking sent two weeks ahead among the days before
 * its own, as the hub's log would hold them.
 *
 * Measured: the feeding (`OfficeStats.add` for every decision, timed alone, not the shifting),
 * the memory the engine holds after full collections (JavaScript heap and typed arrays' buffers
 * with it, less the same once it is let go, everything else still held), and `report()` of the whole year grouped by
 * month, by week and by day, and for one service, each the first (cold) and the best of 3.
 * Self-checks: the year's totals equal a count of the events fed.
 *
 * stdout: the table; stderr: one JSON line a step; bench/results/stats.json: everything.
 * Exits 1 when a target or a self-check is missed. See bench/README.md.
 *
 *   --days N       working days in the year (default 250)
 *   --distinct N   distinct days generated (default 10)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadOfficeConfig } from "@motcua/config";
import { addDays, OfficeCalendar, QueueCore } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { OfficeStats, type StatsQuery, type StatsReport } from "@motcua/stats";
import { generateScenario, PROVINCIAL_DAY } from "./generate.ts";
import { progress } from "./lib.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CONFIG = join(ROOT, "bench/offices/provincial.yaml");
const RESULTS = join(ROOT, "bench/results");
const YEAR_FROM = "2026-01-05";

/** The targets of issue 14. */
const HEAP_TARGET_MIB = 20;
const REPORT_TARGET_S = 2;

const { values: options } = parseArgs({
  options: {
    days: { type: "string", default: "250" },
    distinct: { type: "string", default: "10" },
  },
});
const DAYS = Number(options.days);
const DISTINCT = Number(options.distinct);
if (!(Number.isInteger(DAYS) && DAYS >= 1)) throw new Error("--days must be a positive integer");
if (!(Number.isInteger(DISTINCT) && DISTINCT >= 1)) throw new Error("--distinct must be a positive integer");

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (pnpm bench:stats does)");

const DAY_MS = 86_400_000;
const ms = (since: number) => performance.now() - since;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const mib = (bytes: number) => bytes / 2 ** 20;

interface Decision {
  input: SimInput;
  events: readonly SimEvent[];
}

/** A generated day: its decisions before the day (bookings) by day offset (-14 … -1), and the day's own. */
interface Template {
  before: Map<number, Decision[]>;
  day: Decision[];
}

const config = loadOfficeConfig(CONFIG);
const calendar = new OfficeCalendar(config);
const TEMPLATE_DAY = PROVINCIAL_DAY.day;
const templateDayStart = calendar.instantOf(TEMPLATE_DAY, 0);

function makeTemplate(seed: number): Template {
  const { inputs } = generateScenario({ config, ...PROVINCIAL_DAY, seed });
  const core = new QueueCore(config, { seed: PROVINCIAL_DAY.coreSeed ?? 0 });
  const template: Template = { before: new Map(), day: [] };
  for (const input of inputs) {
    const { events } = core.decide(input);
    if (input.type === "tick" && events.length === 0) continue; // the hub stores no empty tick
    const offset = Math.floor((Date.parse(input.at) - templateDayStart) / DAY_MS);
    if (offset >= 0) template.day.push({ input, events });
    else {
      const list = template.before.get(offset) ?? [];
      list.push({ input, events });
      template.before.set(offset, list);
    }
  }
  return template;
}

/** The same instant `days` days later, written as the office writes times. */
function shiftTime(text: string, days: number): string {
  return calendar.format(Date.parse(text) + days * DAY_MS);
}

/** A decision of a copy moved by `days`, its booking codes made the copy's own. */
function shifted(d: Decision, days: number, copy: number): Decision {
  const input = { ...d.input, at: shiftTime(d.input.at, days) } as SimInput;
  const events = d.events.flatMap((e): SimEvent[] => {
    const at = shiftTime(e.at, days);
    switch (e.type) {
      case "booked":
        // A booking for another day than the generated one would be another copy's number.
        if (!e.time.startsWith(TEMPLATE_DAY)) return [];
        return [{ ...e, at, code: `${e.code}.${copy}`, time: shiftTime(e.time, days) }];
      case "cancelled":
      case "checked_in":
        return [{ ...e, at, code: `${e.code}.${copy}` }];
      case "ticket_issued":
        return [{ ...e, at, estimatedAt: shiftTime(e.estimatedAt, days) }];
      default:
        return [{ ...e, at }];
    }
  });
  return { input, events };
}

/** The JavaScript heap in use after full collections, with the typed arrays' buffers (held outside it). */
function heapUsed(): number {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

interface Row {
  figure: string;
  value: string;
  target?: string;
  ok?: boolean;
}
const rows: Row[] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail: string) => {
  checks.push({ name, ok, detail });
  progress(ok ? "check" : "check_failed", { check: name, detail });
};
const results: Record<string, unknown> = {};
const startedAll = performance.now();

async function main(): Promise<void> {
  // -- the distinct days
  const templates: Template[] = [];
  const generating = performance.now();
  for (let i = 0; i < DISTINCT; i++) {
    templates.push(makeTemplate((PROVINCIAL_DAY.seed ?? 2026) + i));
    progress("generated", { day: i + 1, of: DISTINCT, s: Math.round(ms(generating) / 1000) });
  }
  results.generateSeconds = ms(generating) / 1000;

  // -- the year's working days, each with its template
  const workingDays: string[] = [];
  for (let date = YEAR_FROM; workingDays.length < DAYS; date = addDays(date, 1)) {
    if (calendar.sessionsOf(date).length > 0) workingDays.push(date);
  }
  const first = workingDays[0] as string;
  const last = workingDays.at(-1) as string;
  const dayNo = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  const templateNo = dayNo(TEMPLATE_DAY);
  const copies = workingDays.map((date, copy) => ({
    date,
    no: dayNo(date),
    copy,
    template: templates[copy % DISTINCT] as Template,
  }));

  let stats: OfficeStats | undefined = new OfficeStats(config);
  let feedMs = 0;
  let decisions = 0;
  let events = 0;
  const fed: Record<string, number> = {};
  const countFed = (d: Decision) => {
    if (d.input.type === "sms") fed.sms_in = (fed.sms_in ?? 0) + 1;
    for (const e of d.events) {
      fed[e.type] = (fed[e.type] ?? 0) + 1;
      if (e.type === "called" && !e.repeat) fed.first_call = (fed.first_call ?? 0) + 1;
    }
  };
  // Calendar day by calendar day, from two weeks before the first working day to the last.
  for (let no = dayNo(first) - 14; no <= dayNo(last); no++) {
    const today: Decision[] = [];
    for (const c of copies) {
      const offset = no - c.no;
      const days = c.no - templateNo;
      const list = offset === 0 ? c.template.day : offset < 0 ? c.template.before.get(offset) : undefined;
      if (list) for (const d of list) today.push(shifted(d, days, c.copy));
    }
    // Stable: a copy's own order stays; decisions of the same instant keep their copies' order.
    today.sort((a, b) => Date.parse(a.input.at) - Date.parse(b.input.at));
    const started = performance.now();
    for (const d of today) stats.add(d.input, d.events);
    feedMs += ms(started);
    decisions += today.length;
    for (const d of today) events += d.events.length;
    // The year's report counts what happened from its first day on.
    if (no >= dayNo(first)) for (const d of today) countFed(d);
    if ((no - dayNo(first)) % 30 === 0)
      progress("fed", { through: new Date(no * DAY_MS).toISOString().slice(0, 10) });
  }
  const withStats = heapUsed();
  results.fed = fed;
  results.decisions = decisions;
  rows.push({
    figure: `feeding: ${int(decisions)} decisions, ${int(events)} events`,
    value: `${(feedMs / 1000).toFixed(2)} s, ${int(decisions / (feedMs / 1000))} decisions/s`,
  });
  results.feedSeconds = feedMs / 1000;

  // -- reports
  const year = { from: first, to: last };
  const timed = (name: string, query: StatsQuery): StatsReport => {
    let report: StatsReport | undefined;
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      report = (stats as OfficeStats).report(query);
      times.push(ms(started));
    }
    const cold = times[0] as number;
    const best = Math.min(...times.slice(1));
    rows.push({
      figure: `report: ${name}`,
      value: `${(cold / 1000).toFixed(2)} s cold, ${(best / 1000).toFixed(2)} s best of 3`,
      target: `≤ ${REPORT_TARGET_S} s`,
      ok: cold <= REPORT_TARGET_S * 1000,
    });
    results[`report ${name}`] = { coldMs: cold, bestMs: best, series: report?.series.length };
    return report as StatsReport;
  };
  const byMonth = timed(`the year by month (${first} to ${last})`, { ...year, group: "month" });
  timed("the year by ISO week", { ...year, group: "week" });
  timed("the year by day", { ...year, group: "day" });
  const service = config.services[0]?.code as string;
  timed(`the year by month, service ${service} only`, { ...year, group: "month", service });
  const afterReports = heapUsed();

  // -- self-checks: the totals are the events fed
  const t = byMonth.total;
  const same = (name: string, got: number, want: number) =>
    check(name, got === want, `${got} against ${want}`);
  same("tickets", t.tickets, fed.ticket_issued ?? 0);
  same("tickets refused", t.ticketsRefused, fed.ticket_refused ?? 0);
  same("served", t.served, fed.served ?? 0);
  same("SMS received", t.sms.received, fed.sms_in ?? 0);
  same("SMS sent", t.sms.sent, fed.sms_out ?? 0);
  same("first calls measured", t.wait.count, fed.first_call ?? 0);
  same(
    "series add up",
    byMonth.series.reduce((n, s) => n + s.figures.served, 0),
    t.served,
  );
  same(
    "counters add up",
    byMonth.byCounter.reduce((n, c) => n + c.figures.served, 0),
    t.served,
  );
  results.total = t;

  // What the engine holds: the heap with it, less the heap once it is let go (all else the same).
  stats = undefined;
  const without = heapUsed();
  const held = withStats - without;
  rows.splice(1, 0, {
    figure: `memory held by the year (${DAYS} working days)`,
    value: `${mib(held).toFixed(1)} MiB`,
    target: `≤ ${HEAP_TARGET_MIB} MiB`,
    ok: mib(held) <= HEAP_TARGET_MIB,
  });
  results.heapHeldMiB = mib(held);
  rows.push({
    figure: "memory held after the reports",
    value: `${mib(afterReports - without).toFixed(1)} MiB`,
  });
  progress("done", { waitMedian: t.wait.median, serviceMedian: t.serviceTime.median });
}

let failure: Error | undefined;
try {
  await main();
} catch (error) {
  failure = error as Error;
  progress("failed", { err: failure.stack ?? failure.message });
}
const [load] = os.loadavg();
const mark = (r: Row) => (r.ok === undefined ? "" : r.ok ? "pass" : "**FAIL**");
const failedChecks = checks.filter((c) => !c.ok);
process.stdout.write(
  [
    `Statistics — a provincial year (${DAYS} working days from ${YEAR_FROM}, ${DISTINCT} distinct generated days)`,
    `${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${load?.toFixed(1)}; ${(ms(startedAll) / 1000).toFixed(0)} s in all`,
    "",
    "| measure | result | target | |",
    "| --- | --- | ---: | --- |",
    ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.target ?? ""} | ${mark(r)} |`),
    "",
    `self-checks: ${checks.length - failedChecks.length} of ${checks.length} passed${failedChecks.map((c) => `\n  FAIL ${c.name}: ${c.detail}`).join("")}`,
    ...(failure ? [`FAIL: ${failure.message}`] : []),
    "",
  ].join("\n"),
);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "stats.json"),
  `${JSON.stringify({ load, days: DAYS, distinct: DISTINCT, rows, checks, ...results }, null, 2)}\n`,
);
const missed = rows.filter((r) => r.ok === false).length;
process.exitCode = failure || missed > 0 || failedChecks.length > 0 ? 1 : 0;
