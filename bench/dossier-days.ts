/**
 * Dossier generator: a seeded, deterministic stretch of a provincial centre's dossiers (hồ sơ)
 * as `simulate` scenario lines (shared/spec/DOSSIERS.md), for `pnpm bench:dossiers`.
 *
 * Like bench/generate.ts, it runs the queue core while it writes, so that what it writes is
 * what an office would see: each `dossier_receive` (a working day's reception sessions, more in
 * the mornings) is decided at once, and the officers act on what the core tells them — a
 * `step_started` event names the officer and the due instant, and that officer's `step_done`
 * is planned at a realistic time (most well inside the step's budget in working hours, a share
 * late); a few specialists ask for a supplement (`dossier_supplement`, the citizen brings the
 * papers some days later: `dossier_supplied`), a few leaders hand a step to another specialist
 * (`step_reassign`), a leader approves an apology with a new date for some dossiers the core
 * says are late (`apology_approved`), and most citizens collect their result
 * (`dossier_returned`). Pending actions are kept in time order (a heap); the core's timers (80 %
 * warnings, overdue notices) fire as the hub's clock would fire them: a `tick` at the core's
 * next wake-up, kept only when it decided something (as the hub stores it).
 *
 *   pnpm exec tsx bench/dossier-days.ts [--config FILE] [--from D] [--to D] [--dossiers N] [--seed N] --out FILE
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { addDays, OfficeCalendar, QueueCore } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { Rng } from "./generate.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface HalfYearOptions {
  config: OfficeConfig;
  /** First day of the period (`YYYY-MM-DD`), inclusive. */
  from: string;
  /** Last day of the period, inclusive: nothing happens after its end. */
  to: string;
  /** Dossiers received over the period's working days. */
  dossiers: number;
  /** Seeds every choice of the generator. */
  seed?: number;
  /** The `simulate --seed` the scenario is meant for. */
  coreSeed?: number;
  /** Share of steps done after their due instant. */
  lateStepShare?: number;
  /** Share of dossiers whose specialist asks for a supplement. */
  supplementShare?: number;
  /** Share of the dossiers told late for which a leader approves an apology with a new date. */
  apologyShare?: number;
  /** Share of specialist steps a leader hands to another specialist. */
  reassignShare?: number;
  /** Share of results the citizen comes back for (within the period). */
  returnShare?: number;
  /** Called with each input and what the core decided (a tick only when it decided something). */
  onDecision?: (input: SimInput, events: readonly SimEvent[]) => void;
  /** Called now and then: how far the generator has got. */
  onProgress?: (p: { day: string; received: number; inputs: number; events: number }) => void;
}

/**
 * The half-year `pnpm bench:dossiers` plays: a provincial centre's 50,000 dossiers from June to
 * November 2026 (128 working days, the 2/9 holidays and 24/11 among them).
 */
export const PROVINCIAL_HALF_YEAR: Omit<HalfYearOptions, "config"> = {
  from: "2026-06-01",
  to: "2026-11-30",
  dossiers: 50_000,
  seed: 2026,
  coreSeed: 0,
  lateStepShare: 0.08,
  supplementShare: 0.03,
  apologyShare: 0.5,
  reassignShare: 0.01,
  returnShare: 0.95,
};

export interface HalfYearStats {
  workingDays: number;
  inputs: number;
  byType: Record<string, number>;
  /** Ticks the core decided something at (timers): kept, as the hub keeps them. */
  ticks: number;
  events: number;
  eventTypes: Record<string, number>;
  rejected: Record<string, number>;
  /** Inputs the core answered with "ignored", by reason. */
  ignored: Record<string, number>;
  /** Dossiers the core received (`dossier_received`). */
  received: number;
  /** Steps the generator planned late (done after their due instant). */
  stepsPlannedLate: number;
  stepsDone: { on_time: number; late: number };
  resultReady: { early: number; on_time: number; late: number };
  returned: number;
  supplements: number;
  apologies: number;
  reassigned: number;
  /** Actions planned after the period's end, left undone (the dossiers still in progress). */
  leftAfterEnd: number;
}

export interface HalfYear {
  inputs: SimInput[];
  stats: HalfYearStats;
  /** sha256 of the events as `simulate` prints them (one JSON line each), for replay checks. */
  eventsSha256: string;
  /** The period's end instant (the day after `to`, 00:00 office time). */
  end: number;
  /** The last input's instant. */
  lastAt: number;
}

// ---- working time -------------------------------------------------------------------------

/**
 * The office's working periods (dossier settings' working hours, on the calendar's working
 * days), to place officers' actions in working time. The desk has its own arithmetic; this one
 * only decides when people act, and the core judges them.
 */
export class WorkClock {
  private readonly cache = new Map<string, readonly [number, number][]>();
  private readonly hours: readonly { start: number; end: number }[];

  constructor(
    private readonly calendar: OfficeCalendar,
    config: OfficeConfig,
  ) {
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    this.hours = config.dossiers.workingHours.map((p) => ({ start: minutes(p.start), end: minutes(p.end) }));
  }

  periodsOf(date: string): readonly [number, number][] {
    let periods = this.cache.get(date);
    if (periods === undefined) {
      periods = this.calendar.isWorkingDay(date)
        ? this.hours.map((h): [number, number] => [
            this.calendar.instantOf(date, h.start),
            this.calendar.instantOf(date, h.end),
          ])
        : [];
      this.cache.set(date, periods);
    }
    return periods;
  }

  /** `ms` working milliseconds after `t` (from the next working instant when `t` is outside). */
  add(t: number, ms: number): number {
    let left = ms;
    let date = this.calendar.dateOf(t);
    for (let i = 0; i < 400; i++, date = addDays(date, 1)) {
      for (const [start, end] of this.periodsOf(date)) {
        if (end <= t) continue;
        const from = Math.max(start, t);
        if (from + left < end || (left > 0 && from + left === end)) return from + left;
        if (left === 0) return from;
        left -= end - from;
      }
    }
    throw new Error(`no working time within 400 days of ${this.calendar.format(t)}`);
  }
}

// ---- what happens to dossiers ---------------------------------------------------------------

/** A dossier's share of all, by procedure: a provincial centre's mix (chứng thực, driving licences, land). */
const PROCEDURE_WEIGHTS: Record<string, number> = {
  KS: 6,
  KT: 1.5,
  KH: 2,
  NCMC: 0.3,
  GH: 0.2,
  CCHT: 1,
  XN: 3,
  LLTP: 4,
  CT: 12,
  CK: 4,
  CTHD: 5,
  GCN: 3,
  BD: 7,
  TACH: 2.5,
  HG: 0.5,
  XD: 3,
  QHCT: 1,
  HKD: 4,
  DKDN: 2,
  DCDN: 2.5,
  CTDT: 0.3,
  GPLD: 0.7,
  TCTN: 3.5,
  TC: 3,
  MT: 1,
  KTAT: 1,
  NCC: 1,
  HN: 1.5,
  GPLX: 13,
  CCHN: 1.2,
  ATTP: 1.8,
  TN: 0.3,
  LH: 0.7,
  VB: 4,
};

const FAMILY = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Phan", "Vũ"];
const FAMILY_MORE = ["Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Khuất", "Kiều"];
const MIDDLE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng"];
const GIVEN = [
  ...["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Nam"],
  ...["Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh"],
  ...["Hằng", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan", "Nga", "Nhung", "Thảo", "Trang", "Yến"],
];
const PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"];
const PREFIXES_MORE = ["081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078"];

/** What an officer or a citizen will do, and when. */
type Action =
  | { kind: "receive"; at: number; procedure: string; service: string; officer: string; counter: string }
  | { kind: "done" | "supplement" | "reassign"; at: number; code: string; token: number }
  | { kind: "supplied" | "apology" | "returned"; at: number; code: string; token: number };

interface Pending {
  at: number;
  seq: number;
  action: Action;
}

/** Pending actions in time order; equal times in the order planned. */
class Heap {
  private readonly items: Pending[] = [];
  private seq = 0;
  get size(): number {
    return this.items.length;
  }
  push(action: Action): void {
    const item = { at: action.at, seq: this.seq++, action };
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, a[parent] as Pending)) break;
      a[i] = a[parent] as Pending;
      i = parent;
    }
    a[i] = item;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && before(a[r] as Pending, a[l] as Pending) ? r : l;
      if (!before(a[child] as Pending, last)) break;
      a[i] = a[child] as Pending;
      i = child;
    }
    a[i] = last;
    return top;
  }
}
const before = (a: Pending, b: Pending) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** What the generator knows of one dossier: the core's code, its service, its current step. */
interface Tracked {
  code: string;
  procedure: string;
  service: string;
  receivedBy: string;
  /** Bumped whenever the dossier's next action is re-planned: older actions are dropped. */
  token: number;
  /** The current step (1-based among counted steps), its officer and when its clock started. */
  step: number;
  officer: string;
  clockFrom: number;
  /** When the current step's officer will finish it. */
  doneAt: number;
  /** The counted step at which the specialist asks for a supplement (once), or 0. */
  supplementAt: number;
  /** A reassignment to plan for the current step. */
  reassignTo?: string;
  countFrom: number;
  resultReady: boolean;
}

// ---- the generator ----------------------------------------------------------------------------

/** Generates the period's dossiers, running the core alongside (see the file's top). */
export function generateHalfYear(options: HalfYearOptions): HalfYear {
  const { config } = options;
  const rng = new Rng(options.seed ?? 1);
  const core = new QueueCore(config, { seed: options.coreSeed ?? 0 });
  const calendar = new OfficeCalendar(config);
  const clock = new WorkClock(calendar, config);
  const lateStepShare = options.lateStepShare ?? 0.08;
  const supplementShare = options.supplementShare ?? 0.03;
  const apologyShare = options.apologyShare ?? 0.5;
  const reassignShare = options.reassignShare ?? 0.01;
  const returnShare = options.returnShare ?? 0.95;

  const end = calendar.instantOf(addDays(options.to, 1), 0);
  const hash = createHash("sha256");
  const inputs: SimInput[] = [];
  const stats: HalfYearStats = {
    workingDays: 0,
    inputs: 0,
    byType: {},
    ticks: 0,
    events: 0,
    eventTypes: {},
    rejected: {},
    ignored: {},
    received: 0,
    stepsPlannedLate: 0,
    stepsDone: { on_time: 0, late: 0 },
    resultReady: { early: 0, on_time: 0, late: 0 },
    returned: 0,
    supplements: 0,
    apologies: 0,
    reassigned: 0,
    leftAfterEnd: 0,
  };

  // -- who does what: counted steps' budgets per procedure, the services' people.
  const budgets = new Map<string, { hours: number; role: string }[]>();
  for (const p of config.processes) {
    const counted = p.steps.filter((s) => s.counted).map((s) => ({ hours: s.hours ?? 0, role: s.role }));
    for (const code of p.procedures) budgets.set(code, counted);
  }
  const people = (service: string, role: string) =>
    config.officers
      .filter((o) => o.roles.includes(role as never) && o.services.includes(service))
      .map((o) => o.id);
  const desks = new Map(
    config.services.map((s) => {
      const reception = people(s.code, "reception");
      return [
        s.code,
        {
          // A counter's officer: the n-th reception officer of the service at its n-th counter.
          seats: s.counters.map((counter, i) => ({
            counter,
            officer: reception[i % reception.length] as string,
          })),
          leaders: people(s.code, "leader"),
          specialists: people(s.code, "specialist"),
        },
      ];
    }),
  );
  const procedures = config.procedures.filter(
    (p) => budgets.has(p.code) && desks.get(p.service)?.seats.length,
  );
  const weights = procedures.map((p) => PROCEDURE_WEIGHTS[p.code] ?? 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pickProcedure = () => {
    let r = rng.float() * weightSum;
    for (let i = 0; i < procedures.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return procedures[i] as (typeof procedures)[number];
    }
    return procedures[procedures.length - 1] as (typeof procedures)[number];
  };

  // -- the receipts: the period's working days, busier on Mondays, quieter on Fridays.
  const days: string[] = [];
  for (let d = options.from; d <= options.to; d = addDays(d, 1))
    if (calendar.sessionsOf(d).length) days.push(d);
  stats.workingDays = days.length;
  if (days.length === 0) throw new Error(`no working day from ${options.from} to ${options.to}`);
  const dayWeights = days.map((d) => {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    return (weekday === 1 ? 1.2 : weekday === 5 ? 0.85 : 1) * (0.85 + 0.3 * rng.float());
  });
  const daySum = dayWeights.reduce((a, b) => a + b, 0);
  const perDay = dayWeights.map((w) => Math.floor((options.dossiers * w) / daySum));
  for (let i = 0, rest = options.dossiers - perDay.reduce((a, b) => a + b, 0); rest > 0; i++, rest--)
    perDay[i % perDay.length] = (perDay[i % perDay.length] as number) + 1;

  const heap = new Heap();
  const receiptsOf = (dayIndex: number) => {
    const day = days[dayIndex] as string;
    const sessions = calendar.sessionsOf(day);
    const morning = sessions[0];
    const rest = sessions.slice(1);
    const times: number[] = [];
    for (let i = 0; i < (perDay[dayIndex] as number); i++) {
      // About 60 % of the day's dossiers in the morning session.
      const s = rest.length === 0 || rng.chance(0.6) ? morning : rng.pick(rest);
      if (s === undefined) continue;
      times.push(Math.floor((s.start + rng.float() * (s.end - s.start - SECOND)) / SECOND) * SECOND);
    }
    times.sort((a, b) => a - b);
    for (const at of times) {
      const p = pickProcedure();
      const seat = rng.pick(desks.get(p.service)?.seats ?? []);
      heap.push({ kind: "receive", at, procedure: p.code, service: p.service, ...seat });
    }
  };
  // Receipts are planned a day at a time, once every action before that day's midnight is
  // done (the heap stays small).
  let plannedDays = 0;
  const planReceipts = () => {
    while (plannedDays < days.length) {
      const next = heap.peek();
      if (next !== undefined && next.at < calendar.instantOf(days[plannedDays] as string, 0)) return;
      receiptsOf(plannedDays++);
    }
  };

  const dossiers = new Map<string, Tracked>();
  /** A receipt waiting for its `dossier_received`: the one just fed. */
  let receiving: Extract<Action, { kind: "receive" }> | undefined;
  let now = Number.NEGATIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;
  const second = (t: number) => Math.ceil(t / SECOND) * SECOND;
  /** A person acts in working time, never before what they react to. */
  const later = (t: number) => Math.max(second(t), now);

  /** Plans the current step's next action: done (on time or late), or first a supplement / hand-over. */
  const planStep = (d: Tracked) => {
    const budget = budgets.get(d.procedure)?.[d.step - 1];
    if (budget === undefined) return;
    const ms = budget.hours * HOUR;
    d.token++;
    if (d.supplementAt === d.step) {
      d.supplementAt = 0;
      const at = later(clock.add(d.clockFrom, ms * (0.1 + 0.4 * rng.float())));
      heap.push({ kind: "supplement", at, code: d.code, token: d.token });
      return;
    }
    let share: number;
    if (rng.chance(lateStepShare)) {
      // Late: up to twice the budget, at least ten minutes past the due instant.
      share = 1 + Math.max(10 * MINUTE, ms * rng.float()) / ms;
      stats.stepsPlannedLate++;
    } else {
      // On time: mostly well inside (a triangle from 5 % to 95 %, most near half).
      share = 0.05 + 0.45 * (rng.float() + rng.float());
    }
    d.doneAt = later(clock.add(d.clockFrom, Math.max(5 * MINUTE, ms * share)));
    const specialists = desks.get(d.service)?.specialists ?? [];
    if (budget.role === "specialist" && specialists.length > 1 && rng.chance(reassignShare)) {
      const others = specialists.filter((s) => s !== d.officer);
      d.reassignTo = rng.pick(others);
      const at = later(clock.add(d.clockFrom, ms * 0.05 * rng.float()));
      heap.push({ kind: "reassign", at: Math.min(at, d.doneAt), code: d.code, token: d.token });
      return;
    }
    heap.push({ kind: "done", at: d.doneAt, code: d.code, token: d.token });
  };

  const onEvent = (event: SimEvent) => {
    hash.update(`${JSON.stringify(event)}\n`);
    stats.events++;
    stats.eventTypes[event.type] = (stats.eventTypes[event.type] ?? 0) + 1;
    switch (event.type) {
      case "rejected":
        stats.rejected[event.reason] = (stats.rejected[event.reason] ?? 0) + 1;
        break;
      case "dossier_received": {
        const r = receiving;
        if (r === undefined) break;
        stats.received++;
        const budget = budgets.get(r.procedure) ?? [];
        const specialistStep = budget.findIndex((s) => s.role === "specialist") + 1;
        dossiers.set(event.code, {
          code: event.code,
          procedure: r.procedure,
          service: r.service,
          receivedBy: r.officer,
          token: 0,
          step: 0,
          officer: "",
          clockFrom: Date.parse(event.countFrom),
          doneAt: 0,
          supplementAt: specialistStep > 0 && rng.chance(supplementShare) ? specialistStep : 0,
          countFrom: Date.parse(event.countFrom),
          resultReady: false,
        });
        break;
      }
      case "step_started": {
        const d = dossiers.get(event.code);
        if (d === undefined) break;
        d.step = event.step;
        d.officer = event.officer;
        // The first step's clock starts at the dossier's count start (the 15:00 rule).
        d.clockFrom = event.step === 1 ? Math.max(d.countFrom, Date.parse(event.at)) : Date.parse(event.at);
        planStep(d);
        break;
      }
      case "step_reassigned": {
        const d = dossiers.get(event.code);
        if (d === undefined) break;
        stats.reassigned++;
        d.officer = event.to;
        d.token++;
        heap.push({ kind: "done", at: Math.max(d.doneAt, now), code: d.code, token: d.token });
        break;
      }
      case "dossier_paused": {
        const d = dossiers.get(event.code);
        if (d === undefined) break;
        stats.supplements++;
        d.token++;
        // The citizen brings the papers one to eight working days later, in working hours.
        const at = later(clock.add(Date.parse(event.at), (4 + 60 * rng.float()) * HOUR));
        heap.push({ kind: "supplied", at, code: d.code, token: d.token });
        break;
      }
      case "dossier_resumed": {
        const d = dossiers.get(event.code);
        if (d === undefined) break;
        // The current step starts again with its whole budget (a step_started after this in the
        // same decision re-plans it once more).
        d.countFrom = Date.parse(event.countFrom);
        d.clockFrom = d.countFrom;
        planStep(d);
        break;
      }
      case "step_done":
        stats.stepsDone[event.status]++;
        break;
      case "dossier_late": {
        const d = dossiers.get(event.code);
        if (d === undefined || !rng.chance(apologyShare)) break;
        // The leader approves the apology within the day; the token is left alone (the
        // step's officer still works on it).
        const at = later(clock.add(Date.parse(event.at), (0.5 + 4 * rng.float()) * HOUR));
        heap.push({ kind: "apology", at, code: d.code, token: -1 });
        break;
      }
      case "apology_sent":
        stats.apologies++;
        break;
      case "dossier_result_ready": {
        stats.resultReady[event.status]++;
        const d = dossiers.get(event.code);
        if (d === undefined) break;
        d.resultReady = true;
        d.token++;
        if (!rng.chance(returnShare)) break;
        // Most citizens come within three working days, some a couple of weeks later.
        const hours = rng.chance(0.85) ? 0.5 + 24 * rng.float() : 24 + 80 * rng.float();
        const at = later(clock.add(Date.parse(event.at), hours * HOUR));
        heap.push({ kind: "returned", at, code: d.code, token: d.token });
        break;
      }
      case "dossier_returned":
        stats.returned++;
        dossiers.delete(event.code);
        break;
    }
  };

  const feed = (input: SimInput) => {
    const at = Date.parse(input.at);
    if (at < lastAt) throw new Error(`generator bug: time goes back to ${input.at}`);
    const decision = core.decide(input);
    if (input.type === "tick" && decision.events.length === 0) return;
    lastAt = at;
    inputs.push(input);
    stats.inputs++;
    stats.byType[input.type] = (stats.byType[input.type] ?? 0) + 1;
    if (input.type === "tick") stats.ticks++;
    if (decision.ignored) {
      const reason = decision.ignored.replace(/"[^"]*"|\b[A-Z0-9.]+-\d{6}-\d{4}\b|\b\d+\b/g, "…");
      stats.ignored[reason] = (stats.ignored[reason] ?? 0) + 1;
    }
    options.onDecision?.(input, decision.events);
    for (const event of decision.events) onEvent(event);
  };

  const format = (t: number) => calendar.format(t);
  const leaderOf = (service: string) => desks.get(service)?.leaders[0] ?? "";
  let lastProgressDay = "";
  for (;;) {
    planReceipts();
    const next = heap.peek();
    if (next === undefined || next.at >= end) break;
    // The hub's clock: the core's timers that fall due before the next action fire on their own.
    const wake = Number.isFinite(lastAt) ? core.nextWakeUp() : undefined;
    if (wake !== undefined && wake > now && wake < next.at) {
      now = wake;
      feed({ at: format(wake), type: "tick" });
      continue;
    }
    heap.pop();
    const a = next.action;
    now = Math.max(now, a.at);
    const at = format(a.at);
    const day = at.slice(0, 10);
    if (day !== lastProgressDay) {
      lastProgressDay = day;
      options.onProgress?.({ day, received: stats.received, inputs: stats.inputs, events: stats.events });
    }
    if (a.kind === "receive") {
      receiving = a;
      feed({
        at,
        type: "dossier_receive",
        counter: a.counter,
        officer: a.officer,
        procedure: a.procedure,
        name: citizenName(rng),
        ...(rng.chance(0.92) ? { phone: citizenPhone(rng) } : {}),
      });
      receiving = undefined;
      continue;
    }
    const d = dossiers.get(a.code);
    if (d === undefined || (a.token !== -1 && a.token !== d.token)) continue;
    switch (a.kind) {
      case "done":
        feed({ at, type: "step_done", code: d.code, officer: d.officer });
        break;
      case "supplement": {
        const token = d.token;
        feed({
          at,
          type: "dossier_supplement",
          code: d.code,
          officer: d.officer,
          note: rng.pick([
            "Bổ sung bản sao CCCD",
            "Bổ sung bản vẽ",
            "Bổ sung giấy ủy quyền",
            "Bổ sung tờ khai",
          ]),
        });
        // Refused (it should not be): the officer gets on with the step instead.
        if (d.token === token) planStep(d);
        break;
      }
      case "supplied":
        feed({ at, type: "dossier_supplied", code: d.code, officer: d.receivedBy });
        break;
      case "reassign": {
        const token = d.token;
        if (d.reassignTo !== undefined)
          feed({ at, type: "step_reassign", code: d.code, officer: leaderOf(d.service), to: d.reassignTo });
        d.reassignTo = undefined;
        // Refused (it should not be): the step's officer finishes it as planned.
        if (d.token === token) heap.push({ kind: "done", at: d.doneAt, code: d.code, token: d.token });
        break;
      }
      case "apology": {
        if (d.resultReady) break;
        const newDue = second(clock.add(a.at, (8 + 32 * rng.float()) * HOUR));
        feed({
          at,
          type: "apology_approved",
          code: d.code,
          officer: leaderOf(d.service),
          newDue: format(newDue),
        });
        break;
      }
      case "returned":
        feed({ at, type: "dossier_returned", code: d.code, officer: d.receivedBy });
        break;
    }
  }
  stats.leftAfterEnd = heap.size;
  return { inputs, stats, eventsSha256: hash.digest("hex"), end, lastAt };
}

function citizenName(rng: Rng): string {
  const family = rng.chance(0.8) ? rng.pick(FAMILY) : rng.pick(FAMILY_MORE);
  const middle = rng.pick(MIDDLE);
  return rng.chance(0.3)
    ? `${family} ${middle} ${rng.pick(GIVEN)} ${rng.pick(GIVEN)}`
    : `${family} ${middle} ${rng.pick(GIVEN)}`;
}

function citizenPhone(rng: Rng): string {
  const prefix = rng.chance(0.7) ? rng.pick(PREFIXES) : rng.pick(PREFIXES_MORE);
  return `${prefix}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`;
}

/** Writes inputs as JSON lines (the way `simulate` reads them), without one huge string. */
export async function writeJsonLines(file: string, inputs: readonly SimInput[]): Promise<void> {
  const out = createWriteStream(file);
  let chunk = "";
  for (const input of inputs) {
    chunk += `${JSON.stringify(input)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end(chunk, (error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

// ---- command line -------------------------------------------------------------------------

const USAGE = `bench/dossier-days.ts — a seeded period of dossiers as simulate scenario lines

  pnpm exec tsx bench/dossier-days.ts [flags] --out FILE

  --config FILE        office configuration (default: bench/offices/provincial.yaml)
  --from YYYY-MM-DD    first day (default ${PROVINCIAL_HALF_YEAR.from})
  --to YYYY-MM-DD      last day (default ${PROVINCIAL_HALF_YEAR.to})
  --dossiers N         dossiers received (default ${PROVINCIAL_HALF_YEAR.dossiers})
  --seed N             generator seed (default ${PROVINCIAL_HALF_YEAR.seed})
  --stats              print what the core made of it on stderr (JSON)
  --out FILE           where the JSON lines go (required)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string", default: new URL("offices/provincial.yaml", import.meta.url).pathname },
      from: { type: "string", default: PROVINCIAL_HALF_YEAR.from },
      to: { type: "string", default: PROVINCIAL_HALF_YEAR.to },
      dossiers: { type: "string", default: String(PROVINCIAL_HALF_YEAR.dossiers) },
      seed: { type: "string", default: String(PROVINCIAL_HALF_YEAR.seed) },
      stats: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.out) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const result = generateHalfYear({
    ...PROVINCIAL_HALF_YEAR,
    config: loadOfficeConfig(values.config, process.env),
    from: values.from,
    to: values.to,
    dossiers: Number(values.dossiers),
    seed: Number(values.seed),
  });
  await writeJsonLines(values.out, result.inputs);
  if (values.stats)
    process.stderr.write(
      `${JSON.stringify({ ...result.stats, eventsSha256: result.eventsSha256 }, null, 2)}\n`,
    );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dossier-days: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
