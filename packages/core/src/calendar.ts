import type { OfficeConfig, SessionConfig } from "@motcua/config";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A session of one working day, as instants (epoch milliseconds). */
export interface SessionWindow {
  id: SessionConfig["id"];
  name: string;
  date: string;
  start: number;
  end: number;
  appointmentsFrom: number;
}

/** `YYYY-MM-DD` plus whole days, in the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (`b - a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whether `YYYY-MM-DD` names a real day (no 31/02). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function minutesOfClock(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The office's calendar and wall clock: working days (weekdays, holidays, make-up days), the
 * sessions of each day, and conversion between instants and the office's local time.
 * The offset comes from the configured time zone; for zones with daylight saving, local times
 * in the skipped or repeated hour are resolved with the offset in force at that day's midnight.
 */
export class OfficeCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeUpDays: ReadonlySet<string>;
  private readonly weekdays: ReadonlySet<number>;
  private readonly sessions: readonly SessionConfig[];
  private readonly offsetFormat: Intl.DateTimeFormat;
  private readonly offsetCache = new Map<number, number>();
  private readonly sessionCache = new Map<string, readonly SessionWindow[]>();

  constructor(config: OfficeConfig) {
    this.holidays = new Set(config.calendar.holidays);
    this.makeUpDays = new Set(config.calendar.makeUpWorkingDays);
    this.weekdays = new Set(config.calendar.workingWeekdays);
    this.sessions = config.sessions;
    this.offsetFormat = new Intl.DateTimeFormat("en-US", {
      timeZone: config.office.timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
  }

  /** Offset of the office's zone from UTC at an instant, in minutes (Vietnam: +420). */
  offsetMinutes(instant: number): number {
    const hour = Math.floor(instant / 3_600_000);
    const cached = this.offsetCache.get(hour);
    if (cached !== undefined) return cached;
    const parts = Object.fromEntries(
      this.offsetFormat.formatToParts(new Date(hour * 3_600_000)).map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
    );
    const offset = Math.round((wall - hour * 3_600_000) / MINUTE);
    this.offsetCache.set(hour, offset);
    return offset;
  }

  /** The office's local calendar date of an instant. */
  dateOf(instant: number): string {
    return new Date(instant + this.offsetMinutes(instant) * MINUTE).toISOString().slice(0, 10);
  }

  /** The instant of a local date and minutes after its midnight. */
  instantOf(date: string, minutes: number): number {
    const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
    const midnightOffset = this.offsetMinutes(Date.parse(`${date}T00:00:00Z`) - 12 * 3_600_000);
    return wall - midnightOffset * MINUTE;
  }

  /** `2026-11-23T08:00:00+07:00`: the form every time of the wire contract takes. */
  format(instant: number): string {
    const offset = this.offsetMinutes(instant);
    const local = new Date(instant + offset * MINUTE).toISOString().slice(0, 19);
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  }

  /** `08:00` in local time. */
  clock(instant: number): string {
    return this.format(instant).slice(11, 16);
  }

  isWorkingDay(date: string): boolean {
    if (this.makeUpDays.has(date)) return true;
    return this.weekdays.has(isoWeekday(date)) && !this.holidays.has(date);
  }

  /** Why a date is closed: a public holiday, or a weekday the office does not work; undefined when open. */
  closure(date: string): "holiday" | "day_off" | undefined {
    if (this.isWorkingDay(date)) return undefined;
    return this.holidays.has(date) ? "holiday" : "day_off";
  }

  /** The sessions of a date, in order; none on a closed day. */
  sessionsOf(date: string): readonly SessionWindow[] {
    let windows = this.sessionCache.get(date);
    if (windows) return windows;
    windows = this.isWorkingDay(date)
      ? this.sessions.map((s) => ({
          id: s.id,
          name: s.name,
          date,
          start: this.instantOf(date, minutesOfClock(s.start)),
          end: this.instantOf(date, minutesOfClock(s.end)),
          appointmentsFrom: this.instantOf(date, minutesOfClock(s.appointmentsFrom)),
        }))
      : [];
    if (this.sessionCache.size > 1024) this.sessionCache.clear();
    this.sessionCache.set(date, windows);
    return windows;
  }

  /** The session an instant falls in; sessions are half-open, [start, end). */
  sessionAt(instant: number): SessionWindow | undefined {
    return this.sessionsOf(this.dateOf(instant)).find((s) => s.start <= instant && instant < s.end);
  }

  /** The first working day strictly after `date`, looking at most `limit` days ahead. */
  nextWorkingDay(date: string, limit = 366): string | undefined {
    for (let i = 1; i <= limit; i++) {
      const d = addDays(date, i);
      if (this.isWorkingDay(d)) return d;
    }
    return undefined;
  }

  /**
   * The start of the next session when the office is closed at `instant` (an evening, a
   * weekend, lunch, a holiday), or undefined while it is open (or never opens again).
   */
  nextOpening(instant: number): number | undefined {
    if (this.sessionAt(instant)) return undefined;
    const boundary = this.nextBoundaryAfter(instant);
    return boundary?.kind === "start" ? boundary.at : undefined;
  }

  /**
   * The first session boundary (a start or an end) strictly after `instant`, within `limitDays`.
   * Counters are reset at each boundary.
   */
  nextBoundaryAfter(
    instant: number,
    limitDays = 400,
  ): { at: number; kind: "start" | "end"; session: SessionWindow; lastOfDay: boolean } | undefined {
    const first = this.dateOf(instant);
    for (let i = 0; i <= limitDays; i++) {
      const sessions = this.sessionsOf(addDays(first, i));
      for (const [index, s] of sessions.entries()) {
        if (s.start > instant) return { at: s.start, kind: "start", session: s, lastOfDay: false };
        if (s.end > instant)
          return { at: s.end, kind: "end", session: s, lastOfDay: index === sessions.length - 1 };
      }
    }
    return undefined;
  }
}
