import type { ServerResponse } from "node:http";
import { addDays } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import type { Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { toCsv } from "./csv.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Route } from "./router.js";

/** One line of the audit: an officer's input of the log, or a change of an account. */
export interface AuditEntry {
  /** The log's seq (an input of the queue); absent for an account change. */
  seq?: number;
  at: string;
  /** Who acted: a console login, a device (`kiosk-1`), or `cli:<user>` for the command line. */
  login: string;
  /** The input's type (`call`, `void`…, `pause`/`resume`, `notice`) or `account_<change>`. */
  action: string;
  /** The input's own fields, or the account and what changed. */
  detail: Record<string, unknown>;
  /** `done`, or `refused:<reason>` when the core refused it. */
  outcome: string;
}

/** At most this many entries an answer: a month of a busy office. */
export const AUDIT_LIMIT = 5000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HIDDEN = new Set(["at", "type", "officer", "id"]);

function outcomeOf(events: readonly SimEvent[]): string {
  const refused = events.find((e) => e.type === "action_refused");
  return refused?.type === "action_refused" ? `refused:${refused.reason}` : "done";
}

function logEntry(seq: number, input: SimInput, events: readonly SimEvent[]): AuditEntry | undefined {
  const officer = (input as { officer?: unknown }).officer;
  if (typeof officer !== "string") return undefined;
  const detail = Object.fromEntries(Object.entries(input).filter(([k]) => !HIDDEN.has(k)));
  if (input.type === "config") {
    // The whole office is in the input: the audit names the change by what it did instead.
    delete detail.config;
    const applied = events.find((e) => e.type === "config_applied");
    if (applied?.type === "config_applied")
      Object.assign(detail, { version: applied.version, cancelled: applied.cancelled });
  }
  const action = input.type === "press" ? input.button : input.type;
  if (input.type === "press") delete detail.button;
  return { seq, at: input.at, login: officer, action, detail, outcome: outcomeOf(events) };
}

interface AuditQuery {
  from?: string;
  to?: string;
  login?: string;
  action?: string;
  csv: boolean;
}

function readQuery(url: string | undefined): AuditQuery {
  const q = new URL(url ?? "/", "http://console").searchParams;
  const date = (name: "from" | "to") => {
    const value = q.get(name) ?? undefined;
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
      throw new ApiError(400, "bad_request", `"${name}" phải là một ngày dạng YYYY-MM-DD.`, { path: name });
    return value;
  };
  const format = q.get("format");
  if (format !== null && format !== "csv" && format !== "json")
    throw new ApiError(400, "bad_request", 'Định dạng chỉ có thể là "json" hoặc "csv".', { path: "format" });
  const text = (name: string) => {
    const value = q.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const from = date("from");
  const to = date("to");
  const login = text("login");
  const action = text("action");
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(login ? { login } : {}),
    ...(action ? { action } : {}),
    csv: format === "csv",
  };
}

/**
 * The audit, newest first: every input of the log that names its officer (the console's
 * actions, a kiosk's voids) with its outcome, and every change of an account. `from` and `to`
 * are days of the office, both included.
 */
export function auditEntries(queue: LiveQueue, store: Store, query: Omit<AuditQuery, "csv">): AuditEntry[] {
  const calendar = queue.core.calendar;
  const end = query.to === undefined ? undefined : addDays(query.to, 1);
  const inRange = (day: string) =>
    (query.from === undefined || day >= query.from) && (end === undefined || day < end);
  // The log's own type column narrows the scan when one action is asked for (a pause is a press).
  const action = query.action;
  const types =
    action === undefined ? undefined : action === "pause" || action === "resume" ? ["press"] : [action];
  const fromLog = (
    action?.startsWith("account_")
      ? []
      : store.searchLog({
          ...(types ? { types } : {}),
          contains: query.login === undefined ? '"officer":' : `"officer":${JSON.stringify(query.login)}`,
          ...(query.from ? { from: query.from } : {}),
          ...(end ? { to: end } : {}),
          limit: AUDIT_LIMIT,
        })
  ).flatMap(({ seq, input, events }) => logEntry(seq, input, events) ?? []);
  const fromAccounts = store.accounts
    .audit(AUDIT_LIMIT)
    .filter((row) => inRange(calendar.dateOf(Date.parse(row.at))))
    .map(
      (row): AuditEntry => ({
        at: row.at,
        login: row.actor,
        action: `account_${row.action}`,
        detail: { account: row.login, ...row.detail },
        outcome: "done",
      }),
    );
  return [...fromLog, ...fromAccounts]
    .filter(
      (e) =>
        (query.login === undefined || e.login === query.login) &&
        (query.action === undefined || e.action === query.action),
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (b.seq ?? 0) - (a.seq ?? 0))
    .slice(0, AUDIT_LIMIT);
}

function sendCsv(res: ServerResponse, entries: readonly AuditEntry[], name: string): void {
  const text = toCsv(
    ["seq", "at", "login", "action", "outcome", "detail"],
    entries.map((e) => [e.seq, e.at, e.login, e.action, e.outcome, JSON.stringify(e.detail)]),
  );
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "content-disposition": `attachment; filename="${name}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(text);
}

/** `GET /api/audit`: leaders and admins; `?format=csv` downloads it for Excel. */
export function auditRoute(queue: LiveQueue, store: Store): Route {
  return {
    method: "GET",
    path: "/api/audit",
    access: requireRole("leader", "admin"),
    handle: ({ req, res }) => {
      const { csv, ...query } = readQuery(req.url);
      const entries = auditEntries(queue, store, query);
      if (!csv) return { body: { entries } };
      const span = [query.from, query.to].filter(Boolean).join("_") || queue.stamp().slice(0, 10);
      sendCsv(res, entries, `motcua-audit-${span}.csv`);
      return { sent: true };
    },
  };
}
