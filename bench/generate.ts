/**
 * Scenario generator: a seeded, deterministic office day as `simulate` scenario lines
 * (shared/spec/PROTOCOL.md), for the example day in examples/ and for the bench.
 *
 * The generator runs the queue core while it writes, so that what it writes is what an office
 * would see: cancellations quote the transaction codes and numbers the core gave, counter
 * officers press `next` when the citizen at their counter is done (the service's average
 * minutes, give or take half), press it soon after a ticket is printed when they are idle,
 * skip absent citizens, and the no-shows are appointments the officer skips (twice, if the
 * grace period re-calls them). The core's transaction codes depend on `simulate --seed`, so
 * the generator's `coreSeed` must be the seed the scenario is replayed with (default 0).
 *
 *   pnpm exec tsx bench/generate.ts --day 2026-11-25 [--config FILE] [--seed N] [...] > day.jsonl
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  EXAMPLE_OFFICE_PATH,
  loadOfficeConfig,
  type OfficeConfig,
  type ProcedureConfig,
} from "@motcua/config";
import { addDays, fold, OfficeCalendar, ProcedureIndex, parseMessage, QueueCore } from "@motcua/core";
import type { CounterState, SimEvent, SimInput } from "@motcua/protocol";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface GenerateOptions {
  config: OfficeConfig;
  /** The day the scenario is about (`YYYY-MM-DD`): walk-ins, counters, no-shows. */
  day: string;
  /** First day SMS bookings are sent; default: the booking window before `day`. */
  from?: string;
  /** Seeds every choice of the generator. */
  seed?: number;
  /** The `simulate --seed` the scenario is meant for: the core's transaction codes depend on it. */
  coreSeed?: number;
  /** Walk-in tickets: a total (split by the services' capacity) or a count per service code. */
  walkIns: number | Record<string, number>;
  /** Well-formed `DK` messages; about one in ten is sent on the day itself for `nay`. */
  bookings: number;
  /** Messages the core must refuse or only answer: a typo, a past date, `HD`, closed hours… */
  badMessages?: number;
  /** Bookings later cancelled by `HUY` (with the code, or the procedure, number and date). */
  cancellations?: number;
  /** Appointments of the day whose citizen never comes: skipped by the officer. */
  noShows?: number;
  /** `TT <code>` questions sent on the day by citizens with an appointment. */
  statusQueries?: number;
  /** Counters that pause for a while during the day (and resume). */
  pauses?: number;
  /** Share of walk-ins pressing the priority button. */
  priorityShare?: number;
  /** Share of called walk-ins who are not there (recalled, then skipped). */
  absentShare?: number;
  /** Share of calls announced again (recall) before the citizen reaches the counter. */
  recallShare?: number;
}

/**
 * The provincial centre's day every bench plays (`pnpm bench`, the hub after a day in
 * `pnpm bench:footprint`): numbers from the brief, 3,000 walk-ins and 1,000 SMS bookings over
 * two weeks.
 */
export const PROVINCIAL_DAY: Omit<GenerateOptions, "config"> = {
  day: "2026-11-25",
  seed: 2026,
  coreSeed: 0,
  walkIns: 3000,
  bookings: 1000,
  badMessages: 30,
  cancellations: 80,
  noShows: 15,
  statusQueries: 20,
  pauses: 4,
};

export interface GenerateStats {
  inputs: number;
  byType: Record<string, number>;
  walkIns: number;
  priorityWalkIns: number;
  smsBookings: number;
  badMessages: number;
  cancellationsSent: number;
  statusQueries: number;
  noShowsPlanned: number;
  pauses: number;
  presses: Record<string, number>;
  /** What the core answered while the scenario was written. */
  events: number;
  eventTypes: Record<string, number>;
  rejected: Record<string, number>;
  booked: number;
  bookedOnDay: number;
  /** Booked names that differ from the name sent: a sign the grammar split a message wrongly. */
  nameMismatches: number;
  /** Inputs the core answered with "ignored" (a reason it did nothing). */
  ignored: Record<string, number>;
}

export interface GeneratedScenario {
  inputs: SimInput[];
  stats: GenerateStats;
  /** sha256 of the events as `simulate` prints them (one JSON line each), for replay checks. */
  eventsSha256: string;
}

// ---- randomness ---------------------------------------------------------------------------

/** A seeded source of choices (pure-rand's xoroshiro128+). */
export class Rng {
  private readonly g;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
  }
  int(from: number, to: number): number {
    return uniformInt(this.g, from, to);
  }
  float(): number {
    return uniformFloat64(this.g);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from nothing");
    return items[this.int(0, items.length - 1)] as T;
  }
  /** k distinct items, in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, Math.min(k, copy.length));
  }
}

// ---- Vietnamese names and phones ------------------------------------------------------------

const FAMILY = [
  "Nguyễn",
  "Nguyễn",
  "Nguyễn",
  "Trần",
  "Trần",
  "Lê",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
  "Đinh",
  "Trịnh",
  "Khuất",
  "Kiều",
];
const MIDDLE_MALE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình", "Mạnh", "Tiến"];
const MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Diệu", "Mai"];
const GIVEN_MALE = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Đạt",
  "Hải",
  "Hiếu",
  "Hùng",
  "Huy",
  "Khánh",
  "Long",
  "Nam",
  "Phong",
  "Quân",
  "Sơn",
  "Thắng",
  "Toàn",
  "Trung",
  "Tuấn",
  "Việt",
];
const GIVEN_FEMALE = [
  "Anh",
  "Chi",
  "Dung",
  "Giang",
  "Hà",
  "Hạnh",
  "Hằng",
  "Hoa",
  "Hương",
  "Huyền",
  "Lan",
  "Linh",
  "Loan",
  "Nga",
  "Ngân",
  "Nhung",
  "Oanh",
  "Phượng",
  "Thảo",
  "Trang",
  "Vân",
  "Yến",
];

/** Mobile prefixes of shared/domain/FACTS.md. */
const PREFIXES = [
  ...["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"],
  ...["081", "082", "083", "084", "085", "088", "091", "094"],
  ...["070", "076", "077", "078", "079", "089", "090", "093"],
  ...["052", "056", "058", "092", "059", "099", "087", "055"],
];

function vietnameseName(rng: Rng): string {
  const female = rng.chance(0.5);
  const words = [
    rng.pick(FAMILY),
    rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE),
    ...(rng.chance(0.25) ? [rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE)] : []),
    rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE),
  ];
  return words.join(" ");
}

/** Names as phones often send them: without marks (đ → d), sometimes capitalised oddly. */
function withoutMarks(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

// ---- time ---------------------------------------------------------------------------------

const dd = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;

interface Window {
  start: number;
  end: number;
}

/** The office's session windows (working days only) that overlap [from, to). */
function sessionWindows(calendar: OfficeCalendar, from: number, to: number): Window[] {
  const out: Window[] = [];
  const last = calendar.dateOf(to);
  for (let date = calendar.dateOf(from); date <= last; date = addDays(date, 1)) {
    for (const s of calendar.sessionsOf(date)) {
      const start = Math.max(s.start, from);
      const end = Math.min(s.end, to);
      if (end - start >= MINUTE) out.push({ start, end });
    }
  }
  return out;
}

/** A whole second, uniformly inside some windows; `undefined` when they are empty. */
function timeIn(rng: Rng, windows: readonly Window[]): number | undefined {
  const total = windows.reduce((n, w) => n + (w.end - w.start), 0);
  if (total < SECOND) return undefined;
  let offset = rng.float() * total;
  for (const w of windows) {
    const span = w.end - w.start;
    if (offset < span) return Math.min(w.end - SECOND, Math.ceil((w.start + offset) / SECOND) * SECOND);
    offset -= span;
  }
  const w = windows[windows.length - 1] as Window;
  return w.end - SECOND;
}

// ---- the scenario agenda --------------------------------------------------------------------

type Body =
  | { type: "sms"; from: string; text: string }
  | { type: "ticket"; service: string; priority: boolean }
  | { type: "press"; counter: string; button: "next" | "recall" | "skip" | "pause" | "resume" }
  | { type: "tick" };

interface Planned {
  at: number;
  seq: number;
  body: Body;
  /** A well-formed booking: the name sent, and whether it is to be cancelled later. */
  booking?: { name: string; cancel: boolean };
}

/** Inputs not yet fed, in time order (ties: in the order they were planned). */
class Agenda {
  private readonly items: Planned[] = [];
  private cursor = 0;
  private seq = 0;
  add(at: number, body: Body, booking?: Planned["booking"]): void {
    const item: Planned = { at, seq: this.seq++, body, ...(booking ? { booking } : {}) };
    // After every item planned for the same time or earlier (consumed ones included, since
    // nothing is planned in the past): stable for equal times.
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid] as Planned).at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }
  peek(): Planned | undefined {
    return this.items[this.cursor];
  }
  shift(): Planned | undefined {
    const item = this.items[this.cursor];
    if (item) this.cursor++;
    // Keep the array short so later inserts stay cheap.
    if (this.cursor > 4096) {
      this.items.splice(0, this.cursor);
      this.cursor = 0;
    }
    return item;
  }
}

interface CounterPlan {
  /** What the counter is doing as the core says: `paused`, `idle` or `<label>@<calledAt>`. */
  key: string;
  actions: { at: number; button: "next" | "recall" | "skip" }[];
}

// ---- the generator --------------------------------------------------------------------------

/** Generates the scenario of one office day, running the core alongside (see the file's top). */
export function generateScenario(options: GenerateOptions): GeneratedScenario {
  const { config, day } = options;
  const rng = new Rng(options.seed ?? 1);
  const core = new QueueCore(config, { seed: options.coreSeed ?? 0 });
  const calendar = new OfficeCalendar(config);
  const procedures = new ProcedureIndex(config.procedures);
  const rules = config.rules;
  const services = new Map(config.services.map((s) => [s.code, s]));

  const daySessions = calendar.sessionsOf(day);
  if (daySessions.length === 0) throw new Error(`${day} is not a working day of ${config.office.id}`);
  const dayStart = calendar.instantOf(day, 0);
  const lastEnd = (daySessions[daySessions.length - 1] as { end: number }).end;
  const from = options.from ?? addDays(day, -rules.bookingWindowDays);
  if (from > day) throw new Error(`--from ${from} is after --day ${day}`);
  const fromStart = calendar.instantOf(from, 0);

  const agenda = new Agenda();
  const stats: GenerateStats = {
    inputs: 0,
    byType: {},
    walkIns: 0,
    priorityWalkIns: 0,
    smsBookings: 0,
    badMessages: 0,
    cancellationsSent: 0,
    statusQueries: 0,
    noShowsPlanned: 0,
    pauses: 0,
    presses: {},
    events: 0,
    eventTypes: {},
    rejected: {},
    booked: 0,
    bookedOnDay: 0,
    nameMismatches: 0,
    ignored: {},
  };

  // Phones: mostly one per citizen, a few send for a relative too.
  const phones: string[] = [];
  const usedPhones = new Set<string>();
  const newPhone = (): string => {
    for (;;) {
      const local = `${rng.pick(PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`;
      if (usedPhones.has(local)) continue;
      usedPhones.add(local);
      const phone = rng.chance(0.06) ? `+84${local.slice(1)}` : local;
      phones.push(phone);
      return phone;
    }
  };
  const phone = (): string => (phones.length > 0 && rng.chance(0.05) ? rng.pick(phones) : newPhone());

  const procedureWord = (p: ProcedureConfig): string => {
    const r = rng.float();
    if (r < 0.5) return p.code;
    if (r < 0.6) return p.code.toLowerCase();
    if (r < 0.85 && p.aliases.length > 0) return rng.pick(p.aliases);
    return rng.chance(0.5) ? p.name : withoutMarks(p.name).toLowerCase();
  };
  const dateWord = (date: string): string => {
    const r = rng.float();
    if (r < 0.7) return dd(date);
    if (r < 0.8) return `${dd(date)}/${date.slice(0, 4)}`;
    if (r < 0.9) return dd(date).replace("/", "-");
    if (r < 0.95) return dd(date).replace("/", ".");
    return `ngay ${dd(date)}`;
  };
  const keyword = (): string => (rng.chance(0.8) ? "DK" : rng.chance(0.75) ? "dk" : "Dk");

  // -- SMS bookings: sent in session hours over [from, day), a few on the day for "nay".
  const beforeDay = sessionWindows(calendar, fromStart, dayStart);
  const dayMorning = sessionWindows(
    calendar,
    (daySessions[0] as { start: number }).start,
    Math.min(lastEnd, (daySessions[0] as { start: number }).start + 2 * 60 * MINUTE),
  );
  const cancelIndexes = new Set(
    rng.sample(
      Array.from({ length: options.bookings }, (_, i) => i),
      options.cancellations ?? 0,
    ),
  );
  for (let i = 0; i < options.bookings; i++) {
    const sameDay = beforeDay.length === 0 || rng.chance(0.1);
    const at = timeIn(rng, sameDay ? dayMorning : beforeDay);
    if (at === undefined) continue;
    const p = rng.pick(config.procedures);
    const name = vietnameseName(rng);
    const sent = rng.chance(0.15) ? withoutMarks(name) : name;
    const when = sameDay ? rng.pick(["nay", "hom nay", "homnay", dd(day)]) : dateWord(day);
    agenda.add(
      at,
      { type: "sms", from: phone(), text: `${keyword()} ${sent} ${procedureWord(p)} ${when}` },
      { name: sent, cancel: cancelIndexes.has(i) },
    );
    stats.smsBookings++;
  }

  // -- Bad messages: a typo, a past date, HD, closed hours, too far, no procedure; then again.
  const badKinds = ["typo", "past", "help", "closed", "too_far", "syntax"] as const;
  const anyDayWindows = beforeDay.length > 0 ? beforeDay : dayMorning;
  for (let i = 0; i < (options.badMessages ?? 0); i++) {
    const kind = badKinds[i % badKinds.length] as (typeof badKinds)[number];
    const name = vietnameseName(rng);
    const p = rng.pick(config.procedures);
    let at = timeIn(rng, anyDayWindows) as number;
    let text: string;
    switch (kind) {
      case "typo": {
        text = `DK ${name} ${typo(rng, p, procedures)} ${dd(day)}`;
        break;
      }
      case "past": {
        const sentOn = calendar.dateOf(at);
        text = `DK ${name} ${p.code} ${dd(addDays(sentOn, -rng.int(1, 3)))}`;
        break;
      }
      case "help":
        text = rng.chance(0.5) ? "HD" : "hd";
        break;
      case "closed": {
        // A holiday or a weekend inside the range if there is one, else lunch time.
        let closedDay: string | undefined;
        for (let d = from; d < day; d = addDays(d, 1)) {
          if (!calendar.isWorkingDay(d) && (closedDay === undefined || config.calendar.holidays.includes(d)))
            closedDay = d;
        }
        at = closedDay
          ? calendar.instantOf(closedDay, 9 * 60 + rng.int(0, 120)) + rng.int(0, 59) * SECOND
          : calendar.instantOf(calendar.dateOf(at), 12 * 60 + rng.int(0, 50));
        text = `DK ${name} ${procedureWord(p)} ${dd(day)}`;
        break;
      }
      case "too_far":
        text = `DK ${name} ${p.code} ${dd(addDays(calendar.dateOf(at), rules.bookingWindowDays + rng.int(3, 20)))}`;
        break;
      case "syntax":
        text = `DK ${dd(day)}`;
        break;
    }
    agenda.add(at, { type: "sms", from: phone(), text });
    stats.badMessages++;
  }

  // -- Walk-ins: morning heavier, arrivals thinning towards the end of each session.
  const walkIns =
    typeof options.walkIns === "number" ? splitByCapacity(options.walkIns, config) : options.walkIns;
  const sessionWeights = daySessions.map((_, i) => (daySessions.length === 2 ? [0.6, 0.4][i] : 1) as number);
  for (const [code, count] of Object.entries(walkIns)) {
    if (!services.has(code)) throw new Error(`no service ${code} in ${config.office.id}`);
    for (let i = 0; i < count; i++) {
      let r = rng.float() * sessionWeights.reduce((a, b) => a + b, 0);
      let index = 0;
      while (index < daySessions.length - 1 && r >= (sessionWeights[index] as number)) {
        r -= sessionWeights[index] as number;
        index++;
      }
      const s = daySessions[index] as { start: number; end: number };
      const span = Math.max(MINUTE, s.end - s.start - 30 * MINUTE);
      const at = Math.floor((s.start + span * rng.float() ** 1.4) / SECOND) * SECOND;
      const priority = rng.chance(options.priorityShare ?? 0.08);
      agenda.add(at, { type: "ticket", service: code, priority });
      stats.walkIns++;
      if (priority) stats.priorityWalkIns++;
    }
  }

  // -- Pauses: a counter closes for 10–20 minutes (a meeting, a break) and opens again.
  const pauseCounters = rng.sample(
    config.counters.map((c) => c.id),
    options.pauses ?? 0,
  );
  for (const counter of pauseCounters) {
    const s = daySessions[rng.int(0, daySessions.length - 1)] as { start: number; end: number };
    const at = s.start + 60 * MINUTE + rng.int(0, Math.max(0, (s.end - s.start) / MINUTE - 100)) * MINUTE;
    const back = at + rng.int(10, 20) * MINUTE + rng.int(0, 59) * SECOND;
    agenda.add(at, { type: "press", counter, button: "pause" });
    agenda.add(Math.min(back, s.end - MINUTE), { type: "press", counter, button: "resume" });
    stats.pauses++;
  }

  // -- The end of each session, and a last tick once the grace periods have run out.
  for (const s of daySessions) agenda.add(s.end, { type: "tick" });
  agenda.add(lastEnd + (rules.graceMinutes + 5) * MINUTE, { type: "tick" });

  // ---- run the core alongside --------------------------------------------------------------

  const inputs: SimInput[] = [];
  const hash = createHash("sha256");
  const bookedOnDay = new Map<
    string,
    { code: string; label: string; service: string; phone: string; time: number }
  >();
  const cancelled = new Set<string>();
  const pendingCancel = new Set<string>();
  const noShowLabels = new Set<string>();
  const noShowsCalled = new Set<string>();
  const plans = new Map<string, CounterPlan>(
    config.counters.map((c) => [c.id, { key: "idle", actions: [] }]),
  );
  let now = Number.NEGATIVE_INFINITY;
  let dayPlanned = false;

  /** Whether an appointment due at `t` would be called by an idle counter of its service. */
  const autoCallAt = (t: number): boolean => {
    if (!sessionAt(t)) return false;
    const due = [...bookedOnDay.values()].filter((a) => a.time === t && !cancelled.has(a.code));
    if (due.length === 0) return false;
    const idle = new Set(
      core
        .counterStates()
        .filter((c) => c.status === "open" && !c.serving)
        .map((c) => c.counter),
    );
    return due.some((a) => services.get(a.service)?.counters.some((c) => idle.has(c)));
  };
  const sessionAt = (t: number) => daySessions.find((s) => s.start <= t && t < s.end);
  const nextSessionStart = (t: number) => daySessions.find((s) => s.start > t)?.start;

  /** The day begins: choose the no-shows and who asks `TT`, among appointments still active. */
  const planTheDay = () => {
    const active = [...bookedOnDay.values()].filter(
      (a) => !cancelled.has(a.code) && !pendingCancel.has(a.code),
    );
    for (const a of rng.sample(active, options.noShows ?? 0)) noShowLabels.add(a.label);
    stats.noShowsPlanned = noShowLabels.size;
    const askers = rng.sample(
      active.filter((a) => !noShowLabels.has(a.label)),
      options.statusQueries ?? 0,
    );
    for (const a of askers) {
      const earliest = calendar.instantOf(day, 6 * 60 + 30);
      const latest = Math.max(earliest + MINUTE, a.time - 15 * MINUTE);
      const at = Math.floor((earliest + rng.float() * (latest - earliest)) / SECOND) * SECOND;
      agenda.add(at, {
        type: "sms",
        from: a.phone,
        text: rng.chance(0.7) ? `TT ${a.code}` : `tt ${a.label}`,
      });
      stats.statusQueries++;
    }
  };

  /** What an officer does next with the citizen just called (or with nobody at the counter). */
  const planFor = (state: CounterState, t: number): CounterPlan["actions"] => {
    if (state.status === "paused" || calendar.dateOf(t) !== day) return [];
    const serving = state.serving;
    const session = sessionAt(t);
    if (!serving) {
      if (state.waiting === 0) return [];
      const start = session ? t : nextSessionStart(t);
      if (start === undefined) return [];
      const at = start + rng.int(session ? 15 : 0, session ? 60 : 120) * SECOND;
      return session && at >= session.end ? [] : [{ at, button: "next" }];
    }
    if (!session) return [];
    const calledAt = Date.parse(serving.calledAt);
    const base = Math.max(calledAt, t);
    const average = (services.get(serving.service)?.averageMinutes ?? 10) * MINUTE;
    let actions: CounterPlan["actions"];
    const absent =
      serving.kind === "appointment"
        ? noShowLabels.has(serving.label)
        : rng.chance(options.absentShare ?? 0.03);
    if (absent) {
      const repeat = noShowsCalled.has(serving.label);
      if (serving.kind === "appointment") noShowsCalled.add(serving.label);
      actions = repeat
        ? [{ at: base + rng.int(40, 70) * SECOND, button: "skip" }]
        : [
            { at: base + rng.int(45, 75) * SECOND, button: "recall" },
            { at: base + rng.int(100, 150) * SECOND, button: "skip" },
          ];
    } else {
      const duration = Math.max(MINUTE, Math.round((average * (0.5 + rng.float())) / SECOND) * SECOND);
      actions = rng.chance(options.recallShare ?? 0.05)
        ? [
            { at: base + rng.int(20, 40) * SECOND, button: "recall" },
            { at: calledAt + duration + 40 * SECOND, button: "next" },
          ]
        : [{ at: calledAt + duration, button: "next" }];
    }
    let last = t;
    return actions
      .map((a) => {
        last = Math.max(last, a.at);
        return { ...a, at: last };
      })
      .filter((a) => a.at < session.end);
  };

  const refresh = (t: number) => {
    for (const state of core.counterStates()) {
      const plan = plans.get(state.counter) as CounterPlan;
      const key =
        state.status === "paused"
          ? "paused"
          : state.serving
            ? `${state.serving.label}@${state.serving.calledAt}`
            : "idle";
      if (key !== plan.key) {
        plan.actions = planFor(state, t);
        plan.key = key;
      } else if (plan.actions.length === 0) {
        // Nothing planned yet (idle with a new ticket waiting, or a skip that changed nothing).
        plan.actions =
          state.serving && sessionAt(t)
            ? [{ at: t + 30 * SECOND, button: "next" as const }].filter(
                (a) => a.at < (sessionAt(t) as { end: number }).end,
              )
            : planFor(state, t);
      }
    }
  };

  const feed = (at: number, body: Body, booking?: Planned["booking"]) => {
    if (at < now) throw new Error(`generator bug: time goes back to ${calendar.format(at)}`);
    now = at;
    const input = { at: calendar.format(at), ...body } as SimInput;
    inputs.push(input);
    stats.inputs++;
    stats.byType[body.type] = (stats.byType[body.type] ?? 0) + 1;
    if (body.type === "press") stats.presses[body.button] = (stats.presses[body.button] ?? 0) + 1;
    const decision = core.decide(input);
    if (decision.ignored) {
      const reason = decision.ignored.replace(/"[^"]*"|\b[A-Z]+-\d+\b|\b\d+\b|0\d{9}|\+84\d{9}/g, "…");
      stats.ignored[reason] = (stats.ignored[reason] ?? 0) + 1;
    }
    for (const event of decision.events) onEvent(event, body, booking);
    refresh(at);
  };

  const onEvent = (event: SimEvent, body: Body, booking?: Planned["booking"]) => {
    hash.update(`${JSON.stringify(event)}\n`);
    stats.events++;
    stats.eventTypes[event.type] = (stats.eventTypes[event.type] ?? 0) + 1;
    switch (event.type) {
      case "rejected":
        stats.rejected[event.reason] = (stats.rejected[event.reason] ?? 0) + 1;
        break;
      case "cancelled":
        cancelled.add(event.code);
        pendingCancel.delete(event.code);
        break;
      case "booked": {
        stats.booked++;
        if (booking && body.type === "sms" && fold(event.name) !== fold(booking.name)) stats.nameMismatches++;
        const time = Date.parse(event.time);
        if (event.time.slice(0, 10) === day) {
          stats.bookedOnDay++;
          bookedOnDay.set(event.code, {
            code: event.code,
            label: event.label,
            service: event.service,
            phone: event.phone,
            time,
          });
        }
        if (booking?.cancel && body.type === "sms") {
          // The citizen changes their mind some time before the appointment, and within the
          // scenario's days (a booking the day was too full for may land days later).
          const until = Math.min(time - 45 * MINUTE, lastEnd);
          const windows = sessionWindows(calendar, now + 10 * MINUTE, until);
          const at = timeIn(rng, windows) ?? now + 10 * MINUTE;
          if (at > until) break;
          const text = rng.chance(0.5)
            ? `HUY ${event.code}`
            : `HUY ${event.procedure} ${rng.chance(0.5) ? event.number : event.label} ${dd(event.time.slice(0, 10))}`;
          agenda.add(at, { type: "sms", from: body.from, text });
          pendingCancel.add(event.code);
          stats.cancellationsSent++;
        }
        break;
      }
    }
  };

  for (;;) {
    const next = agenda.peek();
    let pressAt = Number.POSITIVE_INFINITY;
    let pressCounter: string | undefined;
    for (const [counter, plan] of plans) {
      const a = plan.actions[0];
      if (a && a.at < pressAt) {
        pressAt = a.at;
        pressCounter = counter;
      }
    }
    const nextAt = Math.min(next?.at ?? Number.POSITIVE_INFINITY, pressAt);
    if (nextAt === Number.POSITIVE_INFINITY) break;
    if (!dayPlanned && nextAt >= dayStart) {
      dayPlanned = true;
      planTheDay();
      continue;
    }
    // An appointment's time comes while a counter of its service is idle, before anything else
    // happens: tick, so the core calls it by itself when the office would, and the officer's
    // next press comes after the citizen was served, not a few seconds after the call.
    // (Not before the first input: a fresh core's nextWakeUp() throws a RangeError.)
    const wake = now >= dayStart ? core.nextWakeUp() : undefined;
    if (wake !== undefined && wake > now && wake + 30 * SECOND < nextAt && autoCallAt(wake)) {
      feed(wake, { type: "tick" });
      continue;
    }
    if (next && next.at <= pressAt) {
      agenda.shift();
      feed(next.at, next.body, next.booking);
    } else if (pressCounter !== undefined) {
      const plan = plans.get(pressCounter) as CounterPlan;
      const action = plan.actions.shift() as CounterPlan["actions"][number];
      feed(action.at, { type: "press", counter: pressCounter, button: action.button });
    }
  }

  return { inputs, stats, eventsSha256: hash.digest("hex") };
}

/** A procedure's alias with one letter dropped, checked to name no procedure at all. */
function typo(rng: Rng, p: ProcedureConfig, procedures: ProcedureIndex): string {
  const words = [...p.aliases, withoutMarks(p.name).toLowerCase()].filter((w) => w.length >= 5);
  for (let attempt = 0; attempt < 20; attempt++) {
    const word = words.length > 0 ? rng.pick(words) : "khai sinh";
    const letters = [...word].map((c, i) => ({ c, i })).filter(({ c, i }) => c !== " " && i > 0);
    const drop = rng.pick(letters).i;
    const text = word.slice(0, drop) + word.slice(drop + 1);
    const parsed = parseMessage(`DK Nguyen Van A ${text} 01/12`, procedures);
    if (parsed.kind === "error" && parsed.reason === "unknown_procedure") return text;
  }
  return "thu tuc khong co";
}

/** Splits a number of walk-ins between services by their capacity (minutes ÷ average × counters). */
export function splitByCapacity(total: number, config: OfficeConfig): Record<string, number> {
  const weights = config.services.map((s) => s.counters.length / s.averageMinutes);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = config.services.map((_, i) => Math.floor((total * (weights[i] as number)) / sum));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i] = (counts[i] as number) + 1;
  return Object.fromEntries(config.services.map((s, i) => [s.code, counts[i] as number]));
}

/** The scenario as JSON lines, the way `simulate` reads it. */
export function toJsonLines(inputs: readonly SimInput[]): string {
  return inputs.map((i) => `${JSON.stringify(i)}\n`).join("");
}

// ---- command line -------------------------------------------------------------------------

const USAGE = `bench/generate.ts — a seeded office day as simulate scenario lines

  pnpm exec tsx bench/generate.ts --day YYYY-MM-DD [flags] [--out FILE]

  --config FILE        office configuration (default: the example office)
  --day YYYY-MM-DD     the day walk-ins come and counters work (required)
  --from YYYY-MM-DD    first day SMS bookings are sent (default: the booking window before)
  --seed N             generator seed (default 1)
  --core-seed N        the simulate --seed the scenario is for (default 0)
  --walk-ins N|TP=20,DD=10   walk-in tickets, in total or per service (default 60)
  --bookings N         well-formed DK messages (default 20)
  --bad N              bad messages: typo, past date, HD, closed hours, too far, syntax (default 3)
  --cancellations N    bookings cancelled by HUY (default 2)
  --no-shows N         appointments whose citizen does not come (default 1)
  --status N           TT questions on the day (default 1)
  --pauses N           counters pausing for a while (default 1)
  --stats              print what the core made of it on stderr (JSON)
  --out FILE           write there instead of standard output`;

function parseWalkIns(text: string): number | Record<string, number> {
  if (/^\d+$/.test(text)) return Number(text);
  const out: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [code, n] = part.split("=");
    if (!code || !n || !/^\d+$/.test(n)) throw new Error(`--walk-ins: cannot read "${part}"`);
    out[code.trim().toUpperCase()] = Number(n);
  }
  return out;
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      day: { type: "string" },
      from: { type: "string" },
      seed: { type: "string", default: "1" },
      "core-seed": { type: "string", default: "0" },
      "walk-ins": { type: "string", default: "60" },
      bookings: { type: "string", default: "20" },
      bad: { type: "string", default: "3" },
      cancellations: { type: "string", default: "2" },
      "no-shows": { type: "string", default: "1" },
      status: { type: "string", default: "1" },
      pauses: { type: "string", default: "1" },
      stats: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.day || !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const int = (name: string, text: string) => {
    if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer`);
    return Number(text);
  };
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  const result = generateScenario({
    config,
    day: values.day,
    ...(values.from ? { from: values.from } : {}),
    seed: int("seed", values.seed),
    coreSeed: int("core-seed", values["core-seed"]),
    walkIns: parseWalkIns(values["walk-ins"]),
    bookings: int("bookings", values.bookings),
    badMessages: int("bad", values.bad),
    cancellations: int("cancellations", values.cancellations),
    noShows: int("no-shows", values["no-shows"]),
    statusQueries: int("status", values.status),
    pauses: int("pauses", values.pauses),
  });
  const text = toJsonLines(result.inputs);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  if (values.stats)
    process.stderr.write(
      `${JSON.stringify({ ...result.stats, eventsSha256: result.eventsSha256 }, null, 2)}\n`,
    );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`generate: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
