import type { DossierSettings } from "@motcua/config";
import type { DossierRecord, OfficeDays } from "./types.js";

// The reports of DOSSIERS.md "Reports": per service and period, how the dossiers went, what the
// steps took, and what the notices saved against phone calls. Pure, one pass over the records.

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Office-local dates `YYYY-MM-DD`, both included. */
export type ReportPeriod = { from: string; to: string };
export type ReportPeriodKind = "day" | "month" | "quarter" | "year";

/** How a group of dossiers went. Percentages are of those finished, to one decimal; null when none is. */
export interface ReportCounts {
  /** Received in the period (office date of `receivedAt`). */
  received: number;
  /** Of those, with the result ready at `now`. */
  finished: number;
  early: number;
  onTime: number;
  late: number;
  earlyPercent: number | null;
  onTimePercent: number | null;
  latePercent: number | null;
  /** Early and on time together: the share not late. */
  inTimePercent: number | null;
  /** Of those received, not ready at `now` (waiting for a supplement included). */
  inProgress: number;
  /** Of those in progress, waiting for the citizen's supplement: their clock is stopped. */
  paused: number;
  /** Of those in progress and not paused, past their (original) due instant at `now`. */
  overdue: number;
  /** Hand-overs notified: the phone calls the notices replaced. */
  handovers: number;
  /** What those calls would have cost, in đồng: in the same network and to another one. */
  callCostInNetwork: number;
  callCostOtherNetwork: number;
  smsSegments: number;
  /** What the SMS sent about these dossiers cost, in đồng. */
  smsCost: number;
}

/** One step of a service's processes (by number and name), over the steps done. */
export interface StepAverage {
  step: number;
  name: string;
  role: string;
  done: number;
  onTime: number;
  late: number;
  /** Mean working hours from the step's clock start to done, to 0.01 h; null when none is done. */
  averageHours: number | null;
}

export interface ServiceReport extends ReportCounts {
  service: string;
  name: string;
  steps: StepAverage[];
}

export interface OfficerAverage {
  officer: string;
  name: string;
  done: number;
  onTime: number;
  late: number;
  averageHours: number | null;
}

export interface DossierReport {
  period: ReportPeriod;
  now: number;
  /** The configured services in order, then any other service the records name. */
  services: ServiceReport[];
  total: ReportCounts;
  /** The configured officers in order, then any other officer the steps name. */
  officers: OfficerAverage[];
}

export interface ReportOptions {
  period: ReportPeriod;
  now: number;
  days: OfficeDays;
  settings: Pick<DossierSettings, "handoverCall" | "smsPrice">;
  services: readonly { code: string; name: string }[];
  officers: readonly { id: string; name: string }[];
}

// ---- periods ---------------------------------------------------------------------------------

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  if (year === undefined || month === undefined || day === undefined || !isRealDay(year, month, day)) {
    throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return { year, month, day };
}

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The last day of a month: day 0 of the next. */
function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day, month, quarter or year that holds `date`. */
export function periodOf(kind: ReportPeriodKind, date: string): ReportPeriod {
  const { year, month } = parseDate(date);
  switch (kind) {
    case "day":
      return { from: date, to: date };
    case "month":
      return { from: iso(year, month, 1), to: iso(year, month, lastDayOf(year, month)) };
    case "quarter": {
      const first = month - ((month - 1) % 3);
      return { from: iso(year, first, 1), to: iso(year, first + 2, lastDayOf(year, first + 2)) };
    }
    case "year":
      return { from: iso(year, 1, 1), to: iso(year, 12, 31) };
  }
}

/** `Ngày 07/12/2026` or `Từ ngày 01/10/2026 đến ngày 31/12/2026`: a report's title line. */
export function periodTitle(period: ReportPeriod): string {
  const vn = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  return period.from === period.to
    ? `Ngày ${vn(period.from)}`
    : `Từ ngày ${vn(period.from)} đến ngày ${vn(period.to)}`;
}

/** The period as instants, [start of `from`, start of the day after `to`). */
function periodInstants(period: ReportPeriod, days: OfficeDays): { start: number; end: number } {
  parseDate(period.from);
  const to = parseDate(period.to);
  if (period.to < period.from)
    throw new RangeError(`the period ends (${period.to}) before it starts (${period.from})`);
  const dayAfter = new Date(Date.UTC(to.year, to.month - 1, to.day) + DAY).toISOString().slice(0, 10);
  return { start: days.instantOf(period.from, 0), end: days.instantOf(dayAfter, 0) };
}

// ---- the report ------------------------------------------------------------------------------

function emptyCounts(): ReportCounts {
  return {
    received: 0,
    finished: 0,
    early: 0,
    onTime: 0,
    late: 0,
    earlyPercent: null,
    onTimePercent: null,
    latePercent: null,
    inTimePercent: null,
    inProgress: 0,
    paused: 0,
    overdue: 0,
    handovers: 0,
    callCostInNetwork: 0,
    callCostOtherNetwork: 0,
    smsSegments: 0,
    smsCost: 0,
  };
}

/** `part` of `whole` in percent, to one decimal; null when there is no whole. */
function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** Mean hours of `ms` over `count`, to 0.01 h; null for none. */
function meanHours(ms: number, count: number): number | null {
  return count === 0 ? null : Math.round((ms / count / HOUR) * 100) / 100;
}

interface TimedAcc {
  done: number;
  onTime: number;
  late: number;
  /** Steps with `workedMs`, and its sum: the mean's parts. */
  timed: number;
  workedMs: number;
}

const emptyTimed = (): TimedAcc => ({ done: 0, onTime: 0, late: 0, timed: 0, workedMs: 0 });

interface ServiceAcc {
  name: string;
  counts: ReportCounts;
  steps: Map<string, TimedAcc & { step: number; name: string; role: string }>;
}

/** A result the desk did not classify, classified as DOSSIERS.md says (against the original due). */
function resultStatus(
  record: DossierRecord,
  readyAt: number,
  days: OfficeDays,
): "early" | "on_time" | "late" {
  if (record.readyStatus) return record.readyStatus;
  if (days.dateOf(readyAt) < days.dateOf(record.due)) return "early";
  return readyAt <= record.due ? "on_time" : "late";
}

function countDossier(counts: ReportCounts, record: DossierRecord, now: number, days: OfficeDays): void {
  counts.received++;
  counts.handovers += record.handovers;
  counts.smsSegments += record.smsSegments;
  const readyAt = record.readyAt;
  if (readyAt !== undefined && readyAt <= now) {
    counts.finished++;
    const status = resultStatus(record, readyAt, days);
    if (status === "early") counts.early++;
    else if (status === "on_time") counts.onTime++;
    else counts.late++;
  } else {
    counts.inProgress++;
    if (record.phase === "paused") counts.paused++;
    else if (now > record.due) counts.overdue++;
  }
}

function countStep(
  acc: TimedAcc,
  status: "on_time" | "late" | undefined,
  workedMs: number | undefined,
): void {
  acc.done++;
  if (status === "on_time") acc.onTime++;
  else if (status === "late") acc.late++;
  if (workedMs !== undefined) {
    acc.timed++;
    acc.workedMs += workedMs;
  }
}

/** Fills in what follows from the counts: percentages and costs. */
function finish(counts: ReportCounts, settings: ReportOptions["settings"]): ReportCounts {
  const call = settings.handoverCall;
  counts.earlyPercent = percent(counts.early, counts.finished);
  counts.onTimePercent = percent(counts.onTime, counts.finished);
  counts.latePercent = percent(counts.late, counts.finished);
  counts.inTimePercent = percent(counts.early + counts.onTime, counts.finished);
  counts.callCostInNetwork = Math.round(counts.handovers * call.minutes * call.inNetworkPrice);
  counts.callCostOtherNetwork = Math.round(counts.handovers * call.minutes * call.otherNetworkPrice);
  counts.smsCost = Math.round(counts.smsSegments * settings.smsPrice);
  return counts;
}

function add(into: ReportCounts, from: ReportCounts): void {
  into.received += from.received;
  into.finished += from.finished;
  into.early += from.early;
  into.onTime += from.onTime;
  into.late += from.late;
  into.inProgress += from.inProgress;
  into.paused += from.paused;
  into.overdue += from.overdue;
  into.handovers += from.handovers;
  into.smsSegments += from.smsSegments;
}

/**
 * The report of a period. Its semantics, chosen so that every figure describes the same
 * dossiers (the seed's "N hồ sơ, trong đó X trả đúng hạn chiếm Y %"):
 *
 * - A dossier belongs to the period of its **receipt** (office date of `receivedAt`), whenever
 *   it was finished; a dossier received in March and finished in April counts in March.
 * - **Finished**: its result was ready at or before `now` (`readyAt`); early / on time / late
 *   are the desk's classification against the original due instant (an approved new date does
 *   not change it). Percentages are of those finished.
 * - **In progress**: not ready at `now`; **overdue**: in progress, not waiting for a supplement
 *   (its clock is stopped), and `now` past its due instant.
 * - **Steps** and **officers**: the steps of the period's dossiers done at or before `now`;
 *   their mean is of `workedMs` (working time from the step's clock start to done).
 * - **Costs**: hand-overs × call minutes × price a minute (rounded to the đồng) against SMS
 *   segments × `smsPrice`.
 */
export function dossierReport(records: Iterable<DossierRecord>, options: ReportOptions): DossierReport {
  const { now, days } = options;
  const { start, end } = periodInstants(options.period, days);
  const services = new Map<string, ServiceAcc>();
  for (const s of options.services)
    services.set(s.code, { name: s.name, counts: emptyCounts(), steps: new Map() });
  const officers = new Map<string, TimedAcc & { name: string }>();
  for (const o of options.officers) officers.set(o.id, { name: o.name, ...emptyTimed() });

  for (const record of records) {
    if (record.receivedAt < start || record.receivedAt >= end) continue;
    let service = services.get(record.service);
    if (!service) {
      service = { name: record.service, counts: emptyCounts(), steps: new Map() };
      services.set(record.service, service);
    }
    countDossier(service.counts, record, now, days);
    for (const step of record.steps) {
      if (step.doneAt === undefined || step.doneAt > now) continue;
      const key = `${step.step}\u0000${step.name}`;
      let stepAcc = service.steps.get(key);
      if (!stepAcc) {
        stepAcc = { step: step.step, name: step.name, role: step.role, ...emptyTimed() };
        service.steps.set(key, stepAcc);
      }
      countStep(stepAcc, step.status, step.workedMs);
      let officer = officers.get(step.officer);
      if (!officer) {
        officer = { name: step.officer, ...emptyTimed() };
        officers.set(step.officer, officer);
      }
      countStep(officer, step.status, step.workedMs);
    }
  }

  const total = emptyCounts();
  const serviceRows: ServiceReport[] = [];
  for (const [code, acc] of services) {
    add(total, acc.counts);
    const steps = [...acc.steps.values()]
      .sort((a, b) => a.step - b.step || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((s) => ({
        step: s.step,
        name: s.name,
        role: s.role,
        done: s.done,
        onTime: s.onTime,
        late: s.late,
        averageHours: meanHours(s.workedMs, s.timed),
      }));
    serviceRows.push({ service: code, name: acc.name, ...finish(acc.counts, options.settings), steps });
  }
  return {
    period: { from: options.period.from, to: options.period.to },
    now,
    services: serviceRows,
    total: finish(total, options.settings),
    officers: [...officers].map(([id, o]) => ({
      officer: id,
      name: o.name,
      done: o.done,
      onTime: o.onTime,
      late: o.late,
      averageHours: meanHours(o.workedMs, o.timed),
    })),
  };
}

// ---- tables ----------------------------------------------------------------------------------

/** A cell of a printed or exported table; null is an empty cell. */
export type ReportCell = string | number | null;
export interface ReportTable {
  header: string[];
  rows: ReportCell[][];
}

const COUNT_COLUMNS: readonly [string, (c: ReportCounts) => ReportCell][] = [
  ["Tiếp nhận", (c) => c.received],
  ["Đã giải quyết", (c) => c.finished],
  ["Trước hạn", (c) => c.early],
  ["Đúng hạn", (c) => c.onTime],
  ["Quá hạn", (c) => c.late],
  ["Tỉ lệ trước hạn (%)", (c) => c.earlyPercent],
  ["Tỉ lệ đúng hạn (%)", (c) => c.onTimePercent],
  ["Tỉ lệ quá hạn (%)", (c) => c.latePercent],
  ["Tỉ lệ trước và đúng hạn (%)", (c) => c.inTimePercent],
  ["Đang giải quyết", (c) => c.inProgress],
  ["Chờ bổ sung", (c) => c.paused],
  ["Quá hạn chưa xong", (c) => c.overdue],
  ["Chuyển bước đã báo", (c) => c.handovers],
  ["Cước gọi nội mạng (đồng)", (c) => c.callCostInNetwork],
  ["Cước gọi ngoại mạng (đồng)", (c) => c.callCostOtherNetwork],
  ["Tin nhắn SMS", (c) => c.smsSegments],
  ["Cước SMS (đồng)", (c) => c.smsCost],
];

/** The service table: one row a service, then the total (for CSV, a spreadsheet, print). */
export function reportTable(report: DossierReport): ReportTable {
  const counts = (c: ReportCounts) => COUNT_COLUMNS.map(([, cell]) => cell(c));
  return {
    header: ["STT", "Mã lĩnh vực", "Lĩnh vực", ...COUNT_COLUMNS.map(([heading]) => heading)],
    rows: [
      ...report.services.map((s, i) => [i + 1, s.service, s.name, ...counts(s)]),
      [null, null, "Tổng cộng", ...counts(report.total)],
    ],
  };
}

/** The steps table: each service's steps, by number, with their mean working hours. */
export function stepTable(report: DossierReport): ReportTable {
  return {
    header: [
      "Mã lĩnh vực",
      "Lĩnh vực",
      "Bước",
      "Tên bước",
      "Đã xong",
      "Đúng hạn",
      "Quá hạn",
      "Giờ làm việc trung bình",
    ],
    rows: report.services.flatMap((s) =>
      s.steps.map((step) => [
        s.service,
        s.name,
        step.step,
        step.name,
        step.done,
        step.onTime,
        step.late,
        step.averageHours,
      ]),
    ),
  };
}

/** The officers table: steps done by each officer, with their mean working hours. */
export function officerTable(report: DossierReport): ReportTable {
  return {
    header: ["Mã cán bộ", "Cán bộ", "Bước đã xong", "Đúng hạn", "Quá hạn", "Giờ làm việc trung bình"],
    rows: report.officers.map((o) => [o.officer, o.name, o.done, o.onTime, o.late, o.averageHours]),
  };
}
