import type { ServerResponse } from "node:http";
import { periodTitle } from "@motcua/dossier";
import type { StatsGrouping, StatsQuery } from "@motcua/stats";
import type { LiveQueue } from "../queue.js";
import { toCsv } from "./csv.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Route } from "./router.js";
import { STATS_TABLE_TITLES, STATS_TABLES, type StatsTableName, statsTables } from "./stats-tables.js";
import { XLSX_TYPE, xlsxOf } from "./xlsx.js";

// `GET /api/stats` (docs/console.md, "Thống kê"): the office's figures of a period — the queue
// engine's StatsReport — as JSON for the page, each of its tables as CSV, or all as an xlsx.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GROUPS: readonly StatsGrouping[] = ["day", "week", "month"];
/** The longest period asked at once: three years (a day's series is then 1,096 rows). */
export const MAX_STATS_DAYS = 3 * 366;

const bad = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

function isDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export interface StatsRequest {
  query: StatsQuery;
  format: "json" | "csv" | "xlsx";
  /** The table of a CSV (`series` by default) or of a one-sheet xlsx (every table by default). */
  table: StatsTableName;
  /** Whether the request named its table. */
  oneTable: boolean;
}

/**
 * Reads `from`, `to` (both or neither: the hub's today without them), `group`, `service`,
 * `counter`, `format` and `table`; a wrong one is a 400 naming its field.
 */
export function readStatsRequest(
  url: string | undefined,
  today: string,
  office: { services: readonly string[]; counters: readonly string[] },
): StatsRequest {
  const q = new URL(url ?? "/", "http://console").searchParams;
  const text = (name: string) => {
    const value = q.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const format = text("format") ?? "json";
  if (format !== "json" && format !== "csv" && format !== "xlsx")
    throw bad("format", 'Định dạng chỉ có thể là "json", "csv" hoặc "xlsx".');
  const named = text("table");
  const table = (named ?? "series") as StatsTableName;
  if (!STATS_TABLES.includes(table)) throw bad("table", `Bảng chỉ có thể là ${STATS_TABLES.join(", ")}.`);
  const group = (text("group") ?? "day") as StatsGrouping;
  if (!GROUPS.includes(group)) throw bad("group", "Cách gộp chỉ có thể là day, week hoặc month.");
  let from = text("from");
  let to = text("to");
  if (from === undefined && to === undefined) from = to = today;
  if (from === undefined || !isDay(from)) throw bad("from", '"from" phải là một ngày dạng YYYY-MM-DD.');
  if (to === undefined || !isDay(to)) throw bad("to", '"to" phải là một ngày dạng YYYY-MM-DD.');
  if (to < from) throw bad("to", "Ngày kết thúc phải không trước ngày bắt đầu.");
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_STATS_DAYS)
    throw bad("to", "Khoảng thời gian thống kê dài nhất 3 năm.");
  const query: StatsQuery = { from, to, group };
  const service = text("service");
  if (service !== undefined) {
    if (!office.services.includes(service)) throw bad("service", `Không có lĩnh vực "${service}".`);
    query.service = service;
  }
  const counter = text("counter");
  if (counter !== undefined) {
    if (!office.counters.includes(counter)) throw bad("counter", `Không có quầy "${counter}".`);
    query.counter = counter;
  }
  return { query, format, table, oneTable: named !== undefined };
}

/** "Ngày 25/11/2026", "Tháng 11/2026", or "Từ ngày … đến ngày …". */
export function statsPeriodTitle(from: string, to: string): string {
  const [y, m] = from.split("-").map(Number) as [number, number];
  const lastOfMonth = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (from.endsWith("-01") && to === lastOfMonth) return `Tháng ${from.slice(5, 7)}/${from.slice(0, 4)}`;
  return periodTitle({ from, to });
}

/** The report of `query` with what the page and the files print above it, and its tables. */
export function statsOf(queue: LiveQueue, query: StatsQuery) {
  const config = queue.config;
  const report = queue.stats.report(query);
  const counterNames = new Map(config.counters.map((c) => [c.id, c.name ?? `Quầy ${c.id}`]));
  const filters = [
    query.service === undefined
      ? undefined
      : `Lĩnh vực: ${config.services.find((s) => s.code === query.service)?.name ?? query.service}`,
    query.counter === undefined ? undefined : `Quầy: ${counterNames.get(query.counter)}`,
  ].filter((f): f is string => f !== undefined);
  return {
    ...report,
    office: config.office.name,
    title: "Báo cáo thống kê hoạt động",
    periodTitle: statsPeriodTitle(query.from, query.to),
    filters,
    at: queue.stamp(),
    services: config.services.map((s) => ({ code: s.code, name: s.name })),
    counters: config.counters.map((c) => ({ id: c.id, name: counterNames.get(c.id) as string })),
    tables: statsTables(report, counterNames),
  };
}

function download(res: ServerResponse, body: string | Buffer, type: string, name: string): void {
  res.writeHead(200, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "content-disposition": `attachment; filename="${name}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

/** `thong-ke-2026-11-01_2026-11-30-TP-quay-1`: the period and the filters, ASCII. */
function fileStem(query: StatsQuery): string {
  const span = query.from === query.to ? query.from : `${query.from}_${query.to}`;
  const parts = [`thong-ke-${span}`];
  if (query.service !== undefined) parts.push(query.service);
  if (query.counter !== undefined) parts.push(`quay-${query.counter}`);
  return parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_");
}

/** `GET /api/stats`: leaders and admins. */
export function statsRoutes(queue: LiveQueue): Route[] {
  return [
    {
      method: "GET",
      path: "/api/stats",
      access: requireRole("leader", "admin"),
      handle: async ({ req, res }) => {
        const config = queue.config;
        const request = readStatsRequest(req.url, queue.stamp().slice(0, 10), {
          services: config.services.map((s) => s.code),
          counters: config.counters.map((c) => c.id),
        });
        const result = statsOf(queue, request.query);
        if (request.format === "json") return { body: result };
        const stem = fileStem(request.query);
        if (request.format === "csv") {
          const table = result.tables[request.table];
          download(
            res,
            toCsv(table.header, table.rows),
            "text/csv; charset=utf-8",
            `${stem}-${request.table}.csv`,
          );
          return { sent: true };
        }
        const titles = [
          result.office,
          result.title.toUpperCase(),
          [result.periodTitle, ...result.filters].join(" — "),
        ];
        const names = request.oneTable ? [request.table] : STATS_TABLES;
        const file = await xlsxOf(
          names.map((name) => ({ name: STATS_TABLE_TITLES[name], titles, table: result.tables[name] })),
        );
        download(res, file, XLSX_TYPE, request.oneTable ? `${stem}-${request.table}.xlsx` : `${stem}.xlsx`);
        return { sent: true };
      },
    },
  ];
}
