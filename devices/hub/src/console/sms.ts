import { addDays } from "@motcua/core";
import type { PoolStatus } from "@motcua/modem";
import type { SimEvent } from "@motcua/protocol";
import type { OutboxRecord, Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Route } from "./router.js";

/** The modem's last status as the hub received it (sms-link's `onStatus`), with when. */
export interface ModemReading {
  status: PoolStatus;
  /** The hub's time of the reading, ISO. */
  at: string;
}

export interface OutboxItem {
  id: number;
  to: string;
  text: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
}

export interface InboxItem {
  at: string;
  from: string;
  text: string;
  /** `booked`, `cancelled`, `answered` (help, status), `rejected:<reason>`, `ignored`. */
  outcome: string;
  /** The booking's code when the message booked one. */
  code?: string;
}

export interface ModemReport {
  state: string;
  /** 0–4 bars, as a phone draws it; `signalDbm` beside it. */
  signal?: number;
  signalDbm?: number | null;
  registered?: boolean;
  registration?: string;
  /** The modem does not report its operator yet (no AT+COPS? in the link): never set today. */
  operator?: string;
  simUsed?: number;
  simTotal?: number;
  model?: string;
  /** Messages waiting in the outbox. */
  outboxLength: number;
  lastError?: string;
  updatedAt: string;
  /** How many modems the hub has; the report is of the first that is ready, else the first. */
  modems: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function outboxItem(m: OutboxRecord): OutboxItem {
  return {
    id: m.id,
    to: m.to,
    text: m.text,
    status: m.status === "pending" ? "queued" : m.status,
    attempts: m.attempts,
    createdAt: m.createdAt,
    ...(m.sentAt !== null ? { sentAt: m.sentAt } : {}),
    ...(m.lastError !== null ? { lastError: m.lastError } : {}),
  };
}

/** What the core made of a citizen's message, in a word. */
export function outcomeOf(events: readonly SimEvent[]): { outcome: string; code?: string } {
  const booked = events.find((e) => e.type === "booked");
  if (booked) return { outcome: "booked", code: booked.code };
  const rejected = events.find((e) => e.type === "rejected");
  if (rejected) return { outcome: `rejected:${rejected.reason}` };
  const cancelled = events.find((e) => e.type === "cancelled" && e.reason === "citizen");
  if (cancelled?.type === "cancelled") return { outcome: "cancelled", code: cancelled.code };
  if (events.some((e) => e.type === "sms_out")) return { outcome: "answered" };
  return { outcome: "ignored" };
}

export function modemReport(reading: ModemReading | undefined): ModemReport | null {
  if (!reading) return null;
  const { modems, outboxLength } = reading.status;
  const modem = modems.find((m) => m.state === "ready") ?? modems[0];
  if (!modem) return null;
  const registration = modem.registration;
  return {
    state: modem.state,
    ...(modem.signal ? { signal: modem.signal.bars, signalDbm: modem.signal.dbm } : {}),
    ...(registration
      ? { registered: registration === "home" || registration === "roaming", registration }
      : {}),
    ...(modem.storage ? { simUsed: modem.storage.used, simTotal: modem.storage.total } : {}),
    ...(modem.model ? { model: modem.model } : {}),
    outboxLength,
    ...(modem.lastError ? { lastError: modem.lastError.message } : {}),
    updatedAt: reading.at,
    modems: modems.length,
  };
}

/**
 * `GET /api/sms?date=YYYY-MM-DD`: a day's outbox (the store's), inbox (the log's `sms` inputs
 * and what they did) and the modem's state. Leaders and admins. Without `date`, the hub's today.
 */
export function smsRoute(queue: LiveQueue, store: Store, modem: () => ModemReading | undefined): Route {
  return {
    method: "GET",
    path: "/api/sms",
    access: requireRole("leader", "admin"),
    handle: ({ req }) => {
      const query = new URL(req.url ?? "/", "http://console").searchParams;
      const date = query.get("date") ?? queue.stamp().slice(0, 10);
      if (!DATE.test(date) || Number.isNaN(Date.parse(date)))
        throw new ApiError(400, "bad_request", "Ngày phải có dạng YYYY-MM-DD.", { path: "date" });
      const calendar = queue.core.calendar;
      const next = addDays(date, 1);
      const from = calendar.format(calendar.instantOf(date, 0));
      const to = calendar.format(calendar.instantOf(next, 0));
      const outbox = store.outboxBetween(from, to).reverse().map(outboxItem);
      const inbox = store
        .searchLog({ types: ["sms"], from: date, to: next, limit: 5000 })
        .flatMap(({ input, events }): InboxItem[] =>
          input.type === "sms"
            ? [{ at: input.at, from: input.from, text: input.text, ...outcomeOf(events) }]
            : [],
        );
      return { body: { date, outbox, inbox, modem: modemReport(modem()) } };
    },
  };
}
