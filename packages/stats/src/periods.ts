// Calendar dates `YYYY-MM-DD` and the report's periods: days, ISO weeks, months.
import type { StatsGrouping, StatsQuery } from "./types.js";

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `YYYY-MM-DD` names a real day. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** ISO week of a date: `2026-W48` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: weekday 1 = Monday … 7 = Sunday.
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const thursday = day + 4 - weekday;
  const year = Number(dateOfDayNumber(thursday).slice(0, 4));
  const firstOfYear = dayNumber(`${String(year).padStart(4, "0")}-01-01`);
  const week = Math.floor((thursday - firstOfYear) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The name of the period a date belongs to. */
export function periodOf(date: string, group: StatsGrouping): string {
  if (group === "day") return date;
  if (group === "month") return date.slice(0, 7);
  return isoWeek(date);
}

export interface Period {
  period: string;
  from: string;
  to: string;
}

/** The periods of a query's range, in order, each cut to the range (a week may start before it). */
export function periodsOf(query: StatsQuery): Period[] {
  const periods: Period[] = [];
  const last = dayNumber(query.to);
  for (let day = dayNumber(query.from); day <= last; day++) {
    const date = dateOfDayNumber(day);
    const name = periodOf(date, query.group);
    const current = periods.at(-1);
    if (current?.period === name) current.to = date;
    else periods.push({ period: name, from: date, to: date });
  }
  return periods;
}

/** Why a query cannot be answered, or undefined. */
export function queryProblem(query: StatsQuery): string | undefined {
  if (!isDate(query.from)) return `from: "${query.from}" is not a date YYYY-MM-DD`;
  if (!isDate(query.to)) return `to: "${query.to}" is not a date YYYY-MM-DD`;
  if (query.from > query.to) return `from ${query.from} is after to ${query.to}`;
  if (query.group !== "day" && query.group !== "week" && query.group !== "month")
    return `group: "${String(query.group)}" is none of day, week, month`;
  // A day a row: a century of them is a mistyped year, not a report anyone reads.
  if (dayNumber(query.to) - dayNumber(query.from) > 366 * 20) return "the period is longer than twenty years";
  return undefined;
}
