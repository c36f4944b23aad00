import { type OfficeConfig, parseOfficeConfig } from "@motcua/config";
import { addDays, OfficeCalendar, QueueCore } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { OfficeStats, type StatsQuery } from "@motcua/stats";
import { AutoCounters, type AutoPress } from "./auto-counter.js";
import { compareReports } from "./compare.js";
import { givenBy, Identifiers, labelKey } from "./identifiers.js";
import {
  type Divergences,
  type LogEntryText,
  type LogSource,
  WhatIfError,
  type WhatIfProgress,
  type WhatIfResult,
} from "./types.js";
import { UnservedCounter } from "./unserved.js";

export interface WhatIfOptions {
  source: LogSource;
  /** The configuration to try (already validated with @motcua/config's loader). */
  config: OfficeConfig;
  /** Office-local dates `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  /** The longest period allowed, in days (the console's API: 31). */
  maxDays?: number;
  onProgress?: (progress: WhatIfProgress) => void;
  /** Awaited once a slice of the run has taken {@link SLICE_MS}: the hub yields to its event loop there. */
  pause?: () => Promise<void>;
  /** Stops the run at its next entry (the hub's time box). */
  signal?: AbortSignal;
  /** Each input the new replay played, with what it decided (tests, a look inside a run). */
  onDecision?: (input: SimInput, events: readonly SimEvent[]) => void;
}

const PROGRESS_EVERY = 5000;
/** The longest the run keeps the thread between two pauses (a busy day's decisions vary a lot). */
const SLICE_MS = 20;
/** Fewer measured services than this and the added counters use the configured minutes. */
const MIN_MEASURED = 5;
/** Presses of added counters between two log entries before the replay gives up on them. */
const MAX_AUTO_PRESSES_IN_A_ROW = 10_000;

/** JSON with every object's keys in order: the same configuration always gives the same text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Days from `from` to `to`, both included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function checkPeriod(from: string, to: string, maxDays?: number): void {
  if (!isDate(from) || !isDate(to))
    throw new WhatIfError("bad_period", "the period's dates must be real dates YYYY-MM-DD");
  if (from > to) throw new WhatIfError("bad_period", `the period starts (${from}) after it ends (${to})`);
  if (maxDays !== undefined && periodDays(from, to) > maxDays)
    throw new WhatIfError("bad_period", `the period is longer than ${maxDays} days`);
}

/**
 * Replays the log's period under another configuration and compares its figures with the
 * recorded ones (docs/whatif.md). Before the period the log is replayed as recorded, with its
 * own configuration changes, so the queue is the office's own at the period's first instant;
 * there the new configuration is put in force and the period's inputs are played again, with
 * the codes and numbers the new replay gave, the presses of counters it lacks dropped, and the
 * counters it adds pressed by the replay. Reads the log twice over the period, never writes.
 */
export async function runWhatIf(options: WhatIfOptions): Promise<WhatIfResult> {
  const { source, config, from, to } = options;
  checkPeriod(from, to, options.maxDays);
  if (source.configBase === undefined)
    throw new WhatIfError("no_base", "the store does not say which configuration its log began under");
  // Checked like a file (every bad field named, ConfigError) before any of the log is read.
  parseOfficeConfig(config, "the new configuration");
  const base = parseOfficeConfig(source.configBase, "the store's first configuration");
  if (base.office.id !== config.office.id)
    throw new WhatIfError(
      "other_office",
      `the configuration is office "${config.office.id}"'s, the store office "${base.office.id}"'s`,
    );
  const calendar = new OfficeCalendar(config);
  const fromStart = calendar.instantOf(from, 0);
  const periodEnd = calendar.instantOf(addDays(to, 1), 0);
  const query: StatsQuery = { from, to, group: "day" };
  let read = 0;
  let slice = performance.now();
  const tick = async (step: WhatIfProgress["step"], entry: LogEntryText) => {
    read++;
    if (read % PROGRESS_EVERY === 0) options.onProgress?.({ step, entries: read, at: entry.input.at });
    if (options.pause && performance.now() - slice >= SLICE_MS) {
      await options.pause();
      slice = performance.now();
    }
    if (options.signal?.aborted) throw options.signal.reason;
  };

  // ——— before the period: the office's own queue, as recorded ———
  const core = new QueueCore(base, { seed: source.seed });
  const statsBase = new OfficeStats(base);
  const statsWhat = new OfficeStats(base);
  const divergences: Divergences = {
    bookingsRefused: {},
    bookingsGained: 0,
    bookingsMoved: 0,
    bookingsCancelledBySwitch: 0,
    ticketsRefused: 0,
    ticketsGained: 0,
    dependentDropped: {},
    pressesDropped: {},
    skipsDropped: 0,
    configChangesIgnored: 0,
    prefixMismatches: 0,
  };
  /** Bookings for a day of the period or later: code → `day|label`, for the log's no-shows. */
  const laterBookings = new Map<string, string>();
  const noteBookings = (events: readonly SimEvent[]) => {
    for (const e of events)
      if (e.type === "booked" && e.time.slice(0, 10) >= from)
        laterBookings.set(e.code, `${e.time.slice(0, 10)}|${labelKey(e.label)}`);
  };
  let firstSeq: number | undefined;
  let before = 0;
  for (const entry of source.entries()) {
    if (Date.parse(entry.input.at) >= fromStart) {
      firstSeq = entry.seq;
      break;
    }
    const decision = core.decide(entry.input);
    if (JSON.stringify(decision.events) !== entry.eventsJson) divergences.prefixMismatches++;
    statsBase.add(entry.input, decision.events);
    statsWhat.add(entry.input, decision.events);
    if (decision.events.some((e) => e.type === "config_applied")) {
      statsBase.useConfig(core.config);
      statsWhat.useConfig(core.config);
    }
    noteBookings(decision.events);
    before++;
    await tick("prefix", entry);
  }
  if (firstSeq === undefined)
    throw new WhatIfError("empty_period", `the log has nothing from ${from} to ${to}`);

  // ——— the period as recorded: the baseline, and what the added counters learn from it ———
  const unservedBase = new UnservedCounter(from, to);
  const absent = new Set<string>();
  /** Every number the log's officers skipped at some point (`day|label`): a skip of anyone else is not replayed. */
  const skipped = new Set<string>();
  let lastSeq = firstSeq;
  let inPeriod = 0;
  for (const entry of source.entries(firstSeq)) {
    const at = Date.parse(entry.input.at);
    if (inPeriod === 0 && at >= periodEnd) break;
    const events = JSON.parse(entry.eventsJson) as SimEvent[];
    statsBase.add(entry.input, events);
    unservedBase.add(events);
    if (entry.input.type === "config" && events.some((e) => e.type === "config_applied"))
      statsBase.useConfig(parseOfficeConfig(entry.input.config, "a configuration change of the log"));
    noteBookings(events);
    for (const e of events) {
      if (e.type === "skipped") skipped.add(`${e.at.slice(0, 10)}|${labelKey(e.label)}`);
      if (e.type === "skipped" && e.kind === "walkin")
        absent.add(`${e.at.slice(0, 10)}|${labelKey(e.label)}`);
      else if (e.type === "cancelled" && e.reason === "no_show") {
        const booking = laterBookings.get(e.code);
        if (booking) absent.add(booking);
      }
    }
    lastSeq = entry.seq;
    inPeriod++;
    await tick("recorded", entry);
    // The first entry after the period is read too: its decision fires the timers due at the
    // period's end (the last day's lapses and session end), with their own times.
    if (at >= periodEnd) break;
  }
  if (inPeriod === 0) throw new WhatIfError("empty_period", `the log has nothing from ${from} to ${to}`);

  // The office's measured service times (the statistics engine's: from the first call to the
  // next citizen or the counter's pause), for the counters the new configuration adds.
  const baselineReport = statsBase.report(query);
  const serviceMinutes: WhatIfResult["serviceMinutes"] = {};
  for (const s of config.services) {
    const time = baselineReport.byService.find((b) => b.service === s.code)?.figures.serviceTime;
    const count = time?.count ?? 0;
    serviceMinutes[s.code] =
      time?.median == null || count < MIN_MEASURED
        ? { minutes: s.averageMinutes, measured: false, count }
        : { minutes: time.median, measured: true, count };
  }

  // ——— the period under the new configuration ———
  const recorded = core.config;
  const configChanged = canonical(recorded) !== canonical(config);
  const statsWhatUnserved = new UnservedCounter(from, to);
  const ids = new Identifiers();
  const known = new Set(recorded.counters.map((c) => c.id));
  const auto = new AutoCounters(
    {
      counters: config.counters
        .filter((c) => !known.has(c.id))
        .map((c) => ({
          id: c.id,
          services: config.services.filter((s) => s.counters.includes(c.id)).map((s) => s.code),
        })),
      calendar,
      minutes: (service) => serviceMinutes[service]?.minutes ?? 10,
      absent: (day, label) => {
        const key = ids.recordedLabel(day, label);
        return key !== undefined && absent.has(`${day}|${key}`);
      },
    },
    fromStart,
  );
  /** Whom each counter serves in the new replay (`day|label`), for the log's skips. */
  const serving = new Map<string, { day: string; label: string }>();
  const play = (input: SimInput) => {
    const decision = core.decide(input);
    statsWhat.add(input, decision.events);
    statsWhatUnserved.add(decision.events);
    for (const e of decision.events) {
      if (e.type === "called") serving.set(e.counter, { day: e.at.slice(0, 10), label: e.label });
      else if (e.type === "served" || e.type === "skipped") serving.delete(e.counter);
    }
    options.onDecision?.(input, decision.events);
    return decision.events;
  };
  /** An officer's skip reached someone the log says was there (the queue moved): they are served instead. */
  const skipsPresent = (input: SimInput): boolean => {
    if (input.type !== "press" || input.button !== "skip") return false;
    const who = serving.get(input.counter);
    if (!who) return false;
    const key = ids.recordedLabel(who.day, who.label);
    return key === undefined || !skipped.has(`${who.day}|${key}`);
  };
  if (configChanged) {
    const events = play({
      at: calendar.format(Math.max(fromStart, core.now)),
      type: "config",
      config,
      source: "console",
      officer: "whatif",
      confirm: true,
    });
    const applied = events.find((e) => e.type === "config_applied");
    if (!applied) throw new Error("the queue core refused the new configuration");
    divergences.bookingsCancelledBySwitch = applied.cancelled.length;
    statsWhat.useConfig(core.config);
    auto.observe(events);
  }
  const pressAuto = (press: AutoPress) => {
    const at = Math.max(press.at, core.now);
    const events = play({
      at: calendar.format(at),
      type: "press",
      counter: press.counter,
      button: press.button,
    });
    auto.pressed(press, events);
  };
  const count = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1;
  };
  for (const entry of source.entries(firstSeq)) {
    if (entry.seq > lastSeq) break;
    const at = Date.parse(entry.input.at);
    let presses = 0;
    for (let press = auto.due(at); press; press = auto.due(at)) {
      pressAuto(press);
      if (++presses > MAX_AUTO_PRESSES_IN_A_ROW) throw new Error("the added counters' presses do not settle");
    }
    await tick("whatif", entry);
    const input = entry.input;
    if (input.type === "config") {
      divergences.configChangesIgnored++;
      continue;
    }
    if (
      (input.type === "press" || input.type === "call" || input.type === "rating") &&
      !core.config.counters.some((c) => c.id === input.counter)
    ) {
      count(divergences.pressesDropped, input.counter);
      continue;
    }
    if (skipsPresent(input)) {
      divergences.skipsDropped++;
      continue;
    }
    const day = input.at.slice(0, 10);
    const rewritten = ids.rewrite(input, day);
    if ("drop" in rewritten) {
      count(divergences.dependentDropped, rewritten.drop);
      continue;
    }
    const events = play(rewritten.input);
    auto.observe(events);
    if (
      input.type === "sms" ||
      input.type === "ticket" ||
      input.type === "transfer" ||
      input.type === "dossier_receive"
    ) {
      const was = givenBy(input, JSON.parse(entry.eventsJson) as SimEvent[]);
      const now = givenBy(rewritten.input, events);
      if (was.booked) {
        const same = now.booked?.day === was.booked.day ? now.booked.label : undefined;
        ids.pairCode(was.booked.code, now.booked?.code);
        ids.pairLabel(was.booked.day, was.booked.label, same);
        if (!now.booked) count(divergences.bookingsRefused, now.refusal ?? "other");
        else if (now.booked.time !== was.booked.time || now.booked.counter !== was.booked.counter)
          divergences.bookingsMoved++;
      } else if (now.booked) divergences.bookingsGained++;
      if (was.ticket) {
        ids.pairLabel(was.ticket.day, was.ticket.label, now.ticket?.label);
        if (!now.ticket) divergences.ticketsRefused++;
      } else if (now.ticket) divergences.ticketsGained++;
      if (was.transferred) ids.pairLabel(was.transferred.day, was.transferred.label, now.transferred?.label);
      if (was.dossier) ids.pairCode(was.dossier, now.dossier);
    }
  }
  options.onProgress?.({ step: "done", entries: read });

  const whatIfReport = statsWhat.report(query);
  const unserved = { baseline: unservedBase.result(), whatIf: statsWhatUnserved.result() };
  return {
    office: { id: config.office.id, name: config.office.name },
    period: { from, to },
    entries: { before, period: inPeriod },
    configChanged,
    rows: compareReports(baselineReport, whatIfReport, unserved),
    divergences,
    autoCounters: auto.report(),
    serviceMinutes,
    unserved,
    baseline: baselineReport,
    whatIf: whatIfReport,
  };
}
