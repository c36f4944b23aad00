import type { ServerResponse } from "node:http";
import {
  dossierReport,
  officerTable,
  periodOf,
  periodTitle,
  type ReportPeriod,
  type ReportPeriodKind,
  type ReportTable,
  reportTable,
  stepTable,
} from "@motcua/dossier";
import type { LiveQueue } from "../queue.js";
import { toCsv } from "./csv.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Route } from "./router.js";
import { XLSX_TYPE, xlsxOf } from "./xlsx.js";

// `GET /api/reports/dossiers` (docs/console.md, "Báo cáo"): the dossier report of a period per
// service, with its steps and officers, as JSON for the page, CSV or a spreadsheet (xlsx).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: readonly ReportPeriodKind[] = ["day", "month", "quarter", "year"];
/** The longest range a report covers: ten years of an office. */
const MAX_RANGE_DAYS = 3660;
const TABLES = ["services", "steps", "officers"] as const;
type TableName = (typeof TABLES)[number];

const bad = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

function isDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export interface ReportQuery {
  period: ReportPeriod;
  kind: ReportPeriodKind | "range";
  format: "json" | "csv" | "xlsx";
  table: TableName;
}

/** `kind` and `date` (the period that holds the day; today's month without them), or `from` and `to`. */
export function readReportQuery(url: string | undefined, today: string): ReportQuery {
  const q = new URL(url ?? "/", "http://console").searchParams;
  const text = (name: string) => {
    const value = q.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const format = text("format") ?? "json";
  if (format !== "json" && format !== "csv" && format !== "xlsx")
    throw bad("format", 'Định dạng chỉ có thể là "json", "csv" hoặc "xlsx".');
  const table = (text("table") ?? "services") as TableName;
  if (!TABLES.includes(table)) throw bad("table", `Bảng chỉ có thể là ${TABLES.join(", ")}.`);
  const from = text("from");
  const to = text("to");
  if (from !== undefined || to !== undefined) {
    if (from === undefined || !isDay(from)) throw bad("from", '"from" phải là một ngày dạng YYYY-MM-DD.');
    if (to === undefined || !isDay(to)) throw bad("to", '"to" phải là một ngày dạng YYYY-MM-DD.');
    if (to < from) throw bad("to", "Ngày kết thúc phải không trước ngày bắt đầu.");
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS)
      throw bad("to", "Khoảng thời gian của báo cáo dài nhất 10 năm.");
    return { period: { from, to }, kind: "range", format, table };
  }
  const kind = (text("kind") ?? "month") as ReportPeriodKind;
  if (!KINDS.includes(kind)) throw bad("kind", "Kỳ báo cáo chỉ có thể là day, month, quarter hoặc year.");
  const date = text("date") ?? today;
  if (!isDay(date)) throw bad("date", '"date" phải là một ngày dạng YYYY-MM-DD.');
  return { period: periodOf(kind, date), kind, format, table };
}

const KIND_TITLES: Record<ReportQuery["kind"], string> = {
  day: "ngày",
  month: "tháng",
  quarter: "quý",
  year: "năm",
  range: "kỳ",
};

/** The report of a period from the desk's records, with its three tables. */
export function dossierReportOf(queue: LiveQueue, query: ReportQuery) {
  const config = queue.config;
  const calendar = queue.core.calendar;
  const now = Date.parse(queue.stamp());
  const report = dossierReport(queue.core.dossiers.records(), {
    period: query.period,
    now,
    days: calendar,
    settings: config.dossiers,
    services: config.services,
    officers: config.officers,
  });
  return {
    office: config.office.name,
    title: `Báo cáo tình hình giải quyết hồ sơ ${KIND_TITLES[query.kind]}`,
    periodTitle: periodTitle(query.period),
    kind: query.kind,
    period: query.period,
    at: calendar.format(now),
    report,
    tables: {
      services: reportTable(report),
      steps: stepTable(report),
      officers: officerTable(report),
    } satisfies Record<TableName, ReportTable>,
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

const SHEET_NAMES: Record<TableName, string> = {
  services: "Theo lĩnh vực",
  steps: "Theo bước",
  officers: "Theo cán bộ",
};

/** `GET /api/reports/dossiers`: leaders and admins. */
export function reportRoutes(queue: LiveQueue): Route[] {
  return [
    {
      method: "GET",
      path: "/api/reports/dossiers",
      access: requireRole("leader", "admin"),
      handle: async ({ req, res }) => {
        const today = queue.stamp().slice(0, 10);
        const query = readReportQuery(req.url, today);
        const result = dossierReportOf(queue, query);
        if (query.format === "json") return { body: result };
        const span =
          query.period.from === query.period.to
            ? query.period.from
            : `${query.period.from}_${query.period.to}`;
        if (query.format === "csv") {
          const table = result.tables[query.table];
          const suffix = query.table === "services" ? "" : `-${query.table}`;
          download(
            res,
            toCsv(table.header, table.rows),
            "text/csv; charset=utf-8",
            `bao-cao-ho-so-${span}${suffix}.csv`,
          );
          return { sent: true };
        }
        const titles = [result.office, result.title.toUpperCase(), result.periodTitle];
        const file = await xlsxOf(
          TABLES.map((name) => ({ name: SHEET_NAMES[name], titles, table: result.tables[name] })),
        );
        download(res, file, XLSX_TYPE, `bao-cao-ho-so-${span}.xlsx`);
        return { sent: true };
      },
    },
  ];
}
