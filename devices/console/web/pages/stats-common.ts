import { useEffect, useState } from "preact/hooks";
import type { Figures, StatsGrouping, StatsReport } from "../../../../packages/stats/src/types";
import { get, messageOf } from "../api";

// What the statistics page and its printed report share: the API's answer, the periods the
// person picks, and how a figure is written in Vietnamese.

export type { Figures, StatsGrouping };

export type Cell = string | number | null;
export interface Table {
  header: string[];
  rows: Cell[][];
}

export const TABLE_NAMES = ["series", "services", "counters", "waits", "suggested"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** `GET /api/stats`: the engine's report with the office, the period's title and the tables. */
export interface StatsPayload extends StatsReport {
  office: string;
  title: string;
  periodTitle: string;
  filters: string[];
  at: string;
  services: { code: string; name: string }[];
  counters: { id: string; name: string }[];
  tables: Record<TableName, Table>;
}

export interface StatsChoice {
  from: string;
  to: string;
  group: StatsGrouping;
  service: string;
  counter: string;
}

export function statsPath(c: StatsChoice, format?: "csv" | "xlsx", table?: TableName): string {
  const q = new URLSearchParams({ from: c.from, to: c.to, group: c.group });
  if (c.service) q.set("service", c.service);
  if (c.counter) q.set("counter", c.counter);
  if (format) q.set("format", format);
  if (table) q.set("table", table);
  return `/api/stats?${q}`;
}

/**
 * The figures at `path`, loaded again whenever it changes. Only the answer to the latest path is
 * kept: filters changed quickly never leave an older answer shown under the newer choice.
 */
export function useStats(path: string) {
  const [data, setData] = useState<StatsPayload | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let current = true;
    setLoading(true);
    get<StatsPayload>(path)
      .then((answer) => {
        if (!current) return;
        setData(answer);
        setError(undefined);
      })
      .catch((e) => current && setError(messageOf(e)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path]);
  return { data, error, loading };
}

// ---- dates: YYYY-MM-DD strings, computed in UTC so that no time zone moves a day ----------

const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => iso(utc(date) + days * 86_400_000);

/** The ISO week (Monday to Sunday) that holds `date`. */
export function weekOf(date: string): { from: string; to: string } {
  const weekday = (new Date(utc(date)).getUTCDay() + 6) % 7; // Monday 0
  const from = addDays(date, -weekday);
  return { from, to: addDays(from, 6) };
}

/** The month that holds `date`. */
export function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return { from: `${date.slice(0, 7)}-01`, to: iso(Date.UTC(y, m, 0)) };
}

/** The month before the one that holds `date`. */
export const monthBefore = (date: string) => monthOf(addDays(`${date.slice(0, 7)}-01`, -1));

/** "25/11/2026". */
export const dayText = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** A period of the series as the charts' axis names it: "25/11", "T48/2026", "11/2026". */
export function periodLabel(period: string, group: StatsGrouping): string {
  if (group === "day") return `${period.slice(8, 10)}/${period.slice(5, 7)}`;
  if (group === "week") return `T${period.slice(6)}/${period.slice(0, 4)}`;
  return `${period.slice(5, 7)}/${period.slice(0, 4)}`;
}

// ---- figures in Vietnamese ---------------------------------------------------------------

const integer = new Intl.NumberFormat("vi-VN");
const decimal = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const count = (n: number) => integer.format(n);
/** A table's cell: numbers with Vietnamese separators (1.234; 12,5), nothing for no value. */
export const cellText = (v: Cell) =>
  v === null ? "" : typeof v === "number" ? (Number.isInteger(v) ? integer.format(v) : decimal.format(v)) : v;
/** "12,5 %" or "—" when nothing was measured. */
export const percentText = (v: number | null) => (v === null ? "—" : `${decimal.format(v)} %`);
/** "12,5 phút" or "—". */
export const minutesText = (v: number | null) => (v === null ? "—" : `${decimal.format(v)} phút`);
export const dongText = (v: number) => `${integer.format(v)} đồng`;

export const ratingsOf = (f: Figures) =>
  f.ratings.verySatisfied + f.ratings.satisfied + f.ratings.unsatisfied;
