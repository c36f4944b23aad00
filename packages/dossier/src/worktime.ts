import type { DossierSettings } from "@motcua/config";
import type { OfficeDays } from "./types.js";

// The dossier clock (DOSSIERS.md "Working time"): the office's working hours on its working
// days, as instants. Pure: every answer depends only on the settings, the calendar and the
// instants passed in.

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** How far a walk may look for a working day before the calendar is taken to be wrong. */
export const WORKING_DAY_SEARCH_LIMIT = 3_660;
/**
 * The longest stretch, in calendar days (100 years), that addHours or workingMsBetween walk:
 * each day is asked of the calendar, so a sentinel like the year 9999 is refused, not crawled to.
 */
export const WORKING_SPAN_LIMIT_DAYS = 36_600;
/** Days whose working periods are kept; a replay walks forward, so older days are dropped first. */
const DAY_CACHE_SIZE = 2_048;
/** The last day the calendar strings (`YYYY-MM-DD`) can name: 9999-12-31. */
const LAST_DAY = Date.UTC(9999, 11, 31) / DAY;

/** A working period as instants, half-open: [start, end). */
interface Period {
  start: number;
  end: number;
}

/** One local day: its bounds [from, to), its working periods in order, their total length. */
interface WorkDay {
  date: string;
  from: number;
  to: number;
  periods: readonly Period[];
  totalMs: number;
  /** The instant of `lateReceiptFrom` that day; null on a day off or with the rule off. */
  lateFrom: number | null;
}

function minutesOfClock(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Days since 1970-01-01 of a local `YYYY-MM-DD`. */
function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export class WorkingTime {
  private readonly periodMinutes: readonly { start: number; end: number }[];
  private readonly lateFromMinutes: number | null;
  private readonly cache = new Map<number, WorkDay>();
  /** Local midnight minus UTC midnight of the last day looked up: the office's offset, learned. */
  private midnightShift = 0;

  constructor(
    settings: Pick<DossierSettings, "workingHours" | "lateReceiptFrom">,
    private readonly days: OfficeDays,
  ) {
    this.periodMinutes = settings.workingHours.map((p) => ({
      start: minutesOfClock(p.start),
      end: minutesOfClock(p.end),
    }));
    this.lateFromMinutes =
      settings.lateReceiptFrom === null ? null : minutesOfClock(settings.lateReceiptFrom);
  }

  /** Whether instant t lies inside a working period (half-open: 11:30:00 is outside). */
  isWorking(t: number): boolean {
    return this.workDay(this.dayOf(t)).periods.some((p) => p.start <= t && t < p.end);
  }

  /** t itself inside a working period, else the start of the next working period. */
  nextWorkingInstant(t: number): number {
    const day = this.dayOf(t);
    for (const p of this.workDay(day).periods) if (t < p.end) return Math.max(t, p.start);
    return this.firstStartAfter(day);
  }

  /**
   * t plus `hours` working hours (fractional, to the millisecond): from nextWorkingInstant(t),
   * through working periods only. A result exactly at a period's end is that end
   * (07:30 + 4 h = 11:30, not 13:30).
   */
  addHours(t: number, hours: number): number {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`working hours to add must be a finite number ≥ 0, not ${hours}`);
    }
    let remaining = Math.round(hours * HOUR);
    const from = this.nextWorkingInstant(t);
    if (remaining === 0) return from;
    let day = this.dayOf(from);
    let cursor = from;
    let idle = 0;
    const lastDay = day + WORKING_SPAN_LIMIT_DAYS;
    for (;;) {
      const workDay = this.workDay(day);
      // A whole working day left to spare is skipped in one step, not period by period.
      if (cursor <= (workDay.periods[0]?.start ?? cursor) && remaining > workDay.totalMs) {
        remaining -= workDay.totalMs;
      } else {
        for (const p of workDay.periods) {
          if (p.end <= cursor) continue;
          const start = Math.max(cursor, p.start);
          const available = p.end - start;
          if (remaining <= available) return start + remaining;
          remaining -= available;
        }
      }
      idle = workDay.totalMs > 0 ? 0 : idle + 1;
      if (idle > WORKING_DAY_SEARCH_LIMIT) throw this.noWorkingDay(day);
      if (day >= lastDay) throw this.tooLong("adding", `${hours} working hours`);
      day = this.followingDay(day);
      cursor = Number.NEGATIVE_INFINITY;
    }
  }

  /** Working milliseconds in [a, b) (0 if b <= a). */
  workingMsBetween(a: number, b: number): number {
    if (!(b > a)) return 0;
    const lastDay = this.dayOf(b);
    if (lastDay - this.dayOf(a) > WORKING_SPAN_LIMIT_DAYS) throw this.tooLong("counting", "working time");
    let total = 0;
    for (let day = this.dayOf(a); day <= lastDay; day++) {
      const workDay = this.workDay(day);
      const first = workDay.periods[0];
      const last = workDay.periods[workDay.periods.length - 1];
      // A day wholly inside [a, b) adds its total without looking at its periods.
      if (first && last && a <= first.start && last.end <= b) {
        total += workDay.totalMs;
        continue;
      }
      for (const p of workDay.periods) {
        const overlap = Math.min(b, p.end) - Math.max(a, p.start);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /**
   * Where a dossier received at `receivedAt` starts counting: at or after `lateReceiptFrom` on a
   * working day, or on a day that is not one, the start of the next working day; earlier on a
   * working day (also before opening or at lunch), the next working instant.
   * `lateReceiptFrom: null` turns the rule off.
   */
  countStart(receivedAt: number): number {
    if (this.lateFromMinutes === null) return this.nextWorkingInstant(receivedAt);
    const day = this.dayOf(receivedAt);
    const { lateFrom } = this.workDay(day);
    if (lateFrom !== null && receivedAt < lateFrom) return this.nextWorkingInstant(receivedAt);
    return this.firstStartAfter(day);
  }

  /**
   * The local day of an instant. Asking the calendar means formatting a date, so the day is
   * first guessed with the offset learned last time and kept when the cached day's bounds hold t.
   */
  private dayOf(t: number): number {
    if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${t}`);
    const guess = Math.floor((t - this.midnightShift) / DAY);
    if (guess >= 0 && guess <= LAST_DAY) {
      const { from, to } = this.workDay(guess);
      if (from <= t && t < to) return guess;
    }
    const day = dayNumber(this.days.dateOf(t));
    if (Number.isNaN(day)) throw new RangeError(`${t} is outside the office calendar (years 0000–9999)`);
    this.midnightShift = this.workDay(day).from - day * DAY;
    return day;
  }

  private followingDay(day: number): number {
    if (day >= LAST_DAY) {
      throw new RangeError("working time runs past 9999-12-31, the end of the office calendar");
    }
    return day + 1;
  }

  /** The start of the first working period of the first working day after `day`. */
  private firstStartAfter(day: number): number {
    let next = day;
    for (let i = 0; i < WORKING_DAY_SEARCH_LIMIT; i++) {
      next = this.followingDay(next);
      const first = this.workDay(next).periods[0];
      if (first) return first.start;
    }
    throw this.noWorkingDay(day);
  }

  private tooLong(doing: string, what: string): RangeError {
    return new RangeError(
      `${doing} ${what} spans more than ${WORKING_SPAN_LIMIT_DAYS} days: not a dossier's time`,
    );
  }

  private noWorkingDay(day: number): Error {
    return new Error(
      `no working day within ${WORKING_DAY_SEARCH_LIMIT} days after ${this.workDay(day).date}: check the office calendar (working weekdays, holidays)`,
    );
  }

  private workDay(day: number): WorkDay {
    const cached = this.cache.get(day);
    if (cached) return cached;
    const date = dateOfDay(day);
    const working = this.days.isWorkingDay(date);
    const periods = working
      ? this.periodMinutes.map((p) => ({
          start: this.days.instantOf(date, p.start),
          end: this.days.instantOf(date, p.end),
        }))
      : [];
    const workDay: WorkDay = {
      date,
      from: this.days.instantOf(date, 0),
      to: day < LAST_DAY ? this.days.instantOf(dateOfDay(day + 1), 0) : this.days.instantOf(date, 24 * 60),
      periods,
      totalMs: periods.reduce((sum, p) => sum + (p.end - p.start), 0),
      lateFrom:
        working && this.lateFromMinutes !== null ? this.days.instantOf(date, this.lateFromMinutes) : null,
    };
    if (this.cache.size >= DAY_CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(day, workDay);
    return workDay;
  }
}
