import { senderKey } from "@motcua/core";
import type { LogEntry, Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import { pathParameter, type Route } from "./router.js";

/** One booking of a phone, as the phones page lists it. */
export interface PhoneBooking {
  code: string;
  name: string;
  date: string;
  time: string;
  procedure: string;
  status: string;
  bookedAt: string;
}

/** What happened to a phone, from the log: its messages, bookings, cancellations, blocks. */
export interface PhoneEvent {
  at: string;
  type: "sms" | "booked" | "cancelled" | "rejected" | "blocked" | "unblocked";
  code?: string;
  text?: string;
  reason?: string;
  officer?: string;
}

const PHONE = /^\+?\d{3,15}$/;

/**
 * The forms a network writes one number in (`0912…`, `84912…`, `+84912…`): the store keeps each
 * booking under the form its SMS came with.
 */
function formsOf(phone: string): string[] {
  const key = senderKey(phone);
  const forms = new Set([phone, key]);
  if (key.startsWith("+84")) {
    const national = key.slice(3);
    forms.add(`0${national}`);
    forms.add(`84${national}`);
  }
  return [...forms];
}

function bookingsOf(store: Store, phone: string): PhoneBooking[] {
  return formsOf(phone)
    .flatMap((form) => store.bookings({ phone: form }))
    .sort((a, b) => (a.bookedAt < b.bookedAt ? 1 : a.bookedAt > b.bookedAt ? -1 : 0))
    .map((b) => ({
      code: b.code,
      name: b.name,
      date: b.date,
      time: b.time,
      procedure: b.procedure,
      status: b.status,
      bookedAt: b.bookedAt,
    }));
}

/** The phone's events in the log, newest first (a text search narrows it before parsing). */
function eventsOf(store: Store, phone: string, codes: ReadonlySet<string>): PhoneEvent[] {
  const key = senderKey(phone);
  const same = (other: string) => senderKey(other) === key;
  // Every form ends with the same national digits; the search finds them in any of them.
  const digits = key.replace(/\D/g, "").slice(-9);
  const out: PhoneEvent[] = [];
  const entries: LogEntry[] = store.searchLog({ contains: digits, limit: 2000 });
  for (const { input, events } of entries) {
    const found: PhoneEvent[] = [];
    if (input.type === "sms" && same(input.from)) found.push({ at: input.at, type: "sms", text: input.text });
    for (const e of events) {
      if (e.type === "booked" && same(e.phone)) found.push({ at: e.at, type: "booked", code: e.code });
      else if (e.type === "rejected" && same(e.from))
        found.push({ at: e.at, type: "rejected", reason: e.reason });
      else if ((e.type === "blocked" || e.type === "unblocked") && same(e.phone))
        found.push({
          at: e.at,
          type: e.type,
          ...(e.type === "unblocked" && e.officer ? { officer: e.officer } : {}),
        });
    }
    out.push(...found.reverse());
  }
  // Cancellations name only the code: those of this phone's bookings, wherever they are.
  for (const { events } of store.searchLog({ contains: '"cancelled"', limit: 5000 }))
    for (const e of events)
      if (e.type === "cancelled" && codes.has(e.code))
        out.push({
          at: e.at,
          type: "cancelled",
          code: e.code,
          reason: e.reason,
          ...(e.officer ? { officer: e.officer } : {}),
        });
  return out.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * `GET /api/phones`: the blocked phones with their bookings; `GET /api/phones/<phone>`: the
 * whole history of one phone. Leaders and admins: phones are the office's business, not a
 * counter's. Unblocking is `POST /api/actions {type: "unblock"}`.
 */
export function phoneRoutes(queue: LiveQueue, store: Store): Route[] {
  return [
    {
      method: "GET",
      path: "/api/phones",
      access: requireRole("leader", "admin"),
      handle: () => {
        const blockedAt = new Map(store.blockedPhones().map((b) => [senderKey(b.phone), b.blockedAt]));
        const blocked = [...queue.core.phoneRecords()]
          .filter(([, record]) => record.blocked)
          .map(([key, record]) => {
            const phone = record.blockedAs ?? key;
            return {
              phone,
              blockedAt: blockedAt.get(key) ?? null,
              noShows: record.noShows,
              history: bookingsOf(store, phone),
            };
          })
          .sort((a, b) => ((a.blockedAt ?? "") < (b.blockedAt ?? "") ? 1 : -1));
        return { body: { blocked } };
      },
    },
    {
      method: "GET",
      path: "/api/phones/*",
      access: requireRole("leader", "admin"),
      handle: ({ req }) => {
        const phone = pathParameter(req)?.replace(/[\s.-]/g, "");
        if (phone === undefined || !PHONE.test(phone))
          throw new ApiError(400, "bad_request", "Số điện thoại không đúng định dạng.", { path: "phone" });
        const record = queue.core.phoneRecords().get(senderKey(phone));
        const bookings = bookingsOf(store, phone);
        const blockedAt = store
          .blockedPhones()
          .find((b) => senderKey(b.phone) === senderKey(phone))?.blockedAt;
        return {
          body: {
            phone,
            blocked: record?.blocked === true,
            blockedAt: record?.blocked ? (blockedAt ?? null) : null,
            noShows: record?.noShows ?? 0,
            bookings,
            events: eventsOf(store, phone, new Set(bookings.map((b) => b.code))),
          },
        };
      },
    },
  ];
}
