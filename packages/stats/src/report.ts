// Answers a query from the per-day figures: sums the rows of the period's days into the total,
// the series, the services and the counters, then works out percentiles from the samples.
import type { OfficeConfig } from "@motcua/config";
import { counterOfKey, type DayFigures, F, FIELDS, serviceOfKey } from "./day.js";
import { type Period, periodOf, periodsOf, queryProblem } from "./periods.js";
import { type Figures, type Minutes, type StatsQuery, type StatsReport, WAIT_BUCKETS } from "./types.js";

/** What OfficeStats keeps, as the report reads it. */
export interface Store {
  days: Map<string, DayFigures>;
  /** The dates of `days`, in order. */
  dates: string[];
  /** Interned service codes and counter ids by id; id 0 is "none". */
  services: string[];
  counters: string[];
}

/** A service time counts toward `suggestedMinutes` from this many measurements on. */
export const SUGGEST_FROM = 20;

/** Sums of counts and the samples' pieces of one line of the report. */
class Tally {
  readonly counts = new Float64Array(FIELDS);
  smsCost = 0;
  readonly waits: ArrayLike<number>[] = [];
  waitCount = 0;
  readonly serviceTimes: ArrayLike<number>[] = [];
  serviceCount = 0;

  addRow(day: DayFigures, row: number, withSms: boolean): void {
    const table = day.table;
    const base = row * FIELDS;
    for (let f = 0; f < FIELDS; f++) (this.counts[f] as number) += table[base + f] as number;
    if (withSms) this.smsCost += day.smsCost;
    const waits = day.waitsOf(row);
    if (waits.length > 0) {
      this.waits.push(waits);
      this.waitCount += waits.length;
    }
    const services = day.serviceTimesOf(row);
    if (services.length > 0) {
      this.serviceTimes.push(services);
      this.serviceCount += services.length;
    }
  }
}

export function buildReport(store: Store, config: OfficeConfig, query: StatsQuery): StatsReport {
  const problem = queryProblem(query);
  if (problem) throw new RangeError(`statistics query: ${problem}`);
  const serviceFilter = query.service === undefined ? -1 : store.services.indexOf(query.service);
  const counterFilter = query.counter === undefined ? -1 : store.counters.indexOf(query.counter);
  // A service or counter the office never had matches nothing (not everything).
  const noService = query.service !== undefined && serviceFilter <= 0;
  const noCounter = query.counter !== undefined && counterFilter <= 0;

  const periods = periodsOf(query);
  const seriesIndex = new Map(periods.map((p, i) => [p.period, i]));
  const total = new Tally();
  const series = periods.map(() => new Tally());
  const byService = store.services.map(() => new Tally());
  const byCounter = store.counters.map(() => new Tally());

  for (const date of datesIn(store.dates, query.from, query.to)) {
    const day = store.days.get(date) as DayFigures;
    const line = series[seriesIndex.get(periodOf(date, query.group)) as number] as Tally;
    for (let row = 0; row < day.rows; row++) {
      const key = day.keyOf(row);
      const service = serviceOfKey(key);
      const counter = counterOfKey(key);
      // SMS are the office's (row none/none): they count only where nothing is filtered.
      const office = service === 0 && counter === 0;
      const serviceOk = query.service === undefined || (!noService && service === serviceFilter);
      const counterOk = query.counter === undefined || (!noCounter && counter === counterFilter);
      if (serviceOk && counterOk) {
        total.addRow(day, row, office);
        line.addRow(day, row, office);
      }
      if (counterOk && service !== 0) (byService[service] as Tally).addRow(day, row, false);
      if (serviceOk && counter !== 0) (byCounter[counter] as Tally).addRow(day, row, false);
    }
  }

  const configured = new Set(config.services.map((s) => s.code));
  const serviceRows = [
    ...config.services.map((s) => ({ code: s.code, name: s.name, id: store.services.indexOf(s.code) })),
    // Services the office no longer has, with figures in the period: after the configured ones.
    ...store.services
      .map((code, id) => ({ code, name: code, id }))
      .filter((s) => s.id > 0 && !configured.has(s.code) && hasAny(byService[s.id] as Tally)),
  ];
  const configuredCounters = new Set(config.counters.map((c) => c.id));
  const counterRows = [
    ...config.counters.map((c) => ({ id: c.id, index: store.counters.indexOf(c.id) })),
    ...store.counters
      .map((id, index) => ({ id, index }))
      .filter((c) => c.index > 0 && !configuredCounters.has(c.id) && hasAny(byCounter[c.index] as Tally)),
  ];
  const empty = new Tally();
  const serviceFigures = serviceRows.map((s) => ({
    service: s.code,
    name: s.name,
    figures: figuresOf(s.id > 0 ? (byService[s.id] as Tally) : empty),
  }));

  return {
    query: { ...query },
    total: figuresOf(total),
    series: periods.map((p: Period, i) => ({ ...p, figures: figuresOf(series[i] as Tally) })),
    byService: serviceFigures,
    byCounter: counterRows.map((c) => ({
      counter: c.id,
      figures: figuresOf(c.index > 0 ? (byCounter[c.index] as Tally) : empty),
    })),
    suggestedMinutes: config.services.map((s) => {
      const time = serviceFigures.find((f) => f.service === s.code)?.figures.serviceTime;
      const count = time?.count ?? 0;
      return {
        service: s.code,
        configured: s.averageMinutes,
        measured: count >= SUGGEST_FROM ? (time?.median ?? null) : null,
        count,
      };
    }),
  };
}

/** The stored dates from `from` to `to`, both included (dates sort as text). */
function datesIn(dates: readonly string[], from: string, to: string): string[] {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as string) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < dates.length && (dates[i] as string) <= to; i++) out.push(dates[i] as string);
  return out;
}

function hasAny(t: Tally): boolean {
  return t.counts.some((n) => n !== 0) || t.waitCount > 0 || t.serviceCount > 0;
}

function figuresOf(t: Tally): Figures {
  const c = (field: number) => t.counts[field] as number;
  const kept = c(F.KEPT);
  const noShows = c(F.NO_SHOWS);
  const served = c(F.SERVED);
  const very = c(F.VERY_SATISFIED);
  const satisfied = c(F.SATISFIED);
  const unsatisfied = c(F.UNSATISFIED);
  const early = c(F.EARLY);
  const onTime = c(F.ON_TIME);
  const late = c(F.LATE);
  const finished = early + onTime + late;
  const waits = sorted(t.waits, t.waitCount);
  const times = sorted(t.serviceTimes, t.serviceCount);
  return {
    tickets: c(F.TICKETS),
    ticketsRefused: c(F.REFUSED),
    ticketsVoided: c(F.VOIDED),
    transfers: c(F.TRANSFERS),
    appointments: c(F.APPOINTMENTS),
    appointmentsCancelled: c(F.CANCELLED),
    appointmentsKept: kept,
    noShows,
    noShowPercent: percent(noShows, kept + noShows),
    bookedPercent: percent(c(F.SERVED_BOOKED), served),
    served,
    serviceTime: {
      count: t.serviceCount,
      median: minutes(times.rank(0.5)),
      mean: t.serviceCount > 0 ? minutes(c(F.SERVICE_SUM) / t.serviceCount) : null,
    },
    wait: {
      count: t.waitCount,
      median: minutes(waits.rank(0.5)),
      p90: minutes(waits.rank(0.9)),
      mean: t.waitCount > 0 ? minutes(c(F.WAIT_SUM) / t.waitCount) : null,
      histogram: waits.buckets(WAIT_BUCKETS.map((m) => m * 60)),
    },
    sms: {
      received: c(F.SMS_RECEIVED),
      sent: c(F.SMS_SENT),
      segments: c(F.SMS_SEGMENTS),
      cost: Math.round(t.smsCost),
    },
    ratings: {
      verySatisfied: very,
      satisfied,
      unsatisfied,
      satisfiedPercent: percent(very + satisfied, very + satisfied + unsatisfied),
    },
    dossiers: {
      received: c(F.RECEIVED),
      finished,
      early,
      onTime,
      late,
      inTimePercent: percent(early + onTime, finished),
    },
  };
}

/** A share to 0.1 %, null when there is nothing to share. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

/** Seconds as minutes to 0.1. */
function minutes(seconds: number | undefined): Minutes {
  return seconds === undefined ? null : Math.round(seconds / 6) / 10;
}

/** Above this many samples a count per second beats a sort. */
const COUNTING_FROM = 20_000;

export interface Sorted {
  /** The nearest-rank percentile: the value at rank ⌈q·n⌉ (1-based); undefined when empty. */
  rank(q: number): number | undefined;
  /** How many samples lie in [edges[i], edges[i + 1]), the last bucket open-ended. */
  buckets(edges: readonly number[]): number[];
}

/**
 * The samples of a line (whole seconds, 0 … 65,535), in order: sorted, or counted per second
 * when there are many; `counting` forces one way (for the tests: both give the same).
 */
export function sorted(
  pieces: readonly ArrayLike<number>[],
  n: number,
  counting = n > COUNTING_FROM,
): Sorted {
  const rankOf = (q: number) => Math.max(1, Math.ceil(q * n));
  if (counting) {
    const perSecond = new Uint32Array(65_536);
    for (const piece of pieces)
      for (let i = 0; i < piece.length; i++) (perSecond[piece[i] as number] as number)++;
    const valueAtRank = (rank: number) => {
      let seen = 0;
      for (let v = 0; v < perSecond.length; v++) {
        seen += perSecond[v] as number;
        if (seen >= rank) return v;
      }
      return undefined;
    };
    return {
      rank: (q) => valueAtRank(rankOf(q)),
      buckets: (edges) =>
        edges.map((from, i) => {
          const to = edges[i + 1] ?? perSecond.length;
          let count = 0;
          for (let v = from; v < to && v < perSecond.length; v++) count += perSecond[v] as number;
          return count;
        }),
    };
  }
  const all = new Uint16Array(n);
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  all.sort();
  /** The first index whose value is at least `value`. */
  const firstAtLeast = (value: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((all[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    rank: (q) => (n === 0 ? undefined : all[rankOf(q) - 1]),
    buckets: (edges) => edges.map((from, i) => firstAtLeast(edges[i + 1] ?? 65_536) - firstAtLeast(from)),
  };
}
