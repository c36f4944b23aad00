import type { SimEvent, SimInput } from "@motcua/protocol";

/** One handled input and the events the core decided for it. */
export interface LogEntry {
  /** Position in the log: 1, 2, 3… with no gaps. */
  seq: number;
  input: SimInput;
  events: SimEvent[];
}

/** A log entry as a replay reads it: the input decoded, the events as their stored JSON text. */
export interface StoredEntry {
  seq: number;
  input: SimInput;
  eventsJson: string;
}

/** One entry to append: the input, the events decided for it, the SMS they send (given its seq). */
export interface NewEntry {
  input: SimInput;
  events: readonly SimEvent[];
  outgoing?: ((seq: number) => NewSms[]) | undefined;
}

export interface StoreOptions {
  /** Path of the SQLite file (parent directories are created); ":memory:" for a throw-away store. */
  path: string;
  /** Open an existing store for reading only: nothing of the file is written (appends throw). */
  readonly?: boolean;
}

export type BookingStatus = "booked" | "called" | "grace" | "served" | "cancelled" | "no_show";

/** An SMS appointment, as the `booked` event made it and later events moved it on. */
export interface BookingRow {
  /** Transaction code (mã giao dịch); unique. */
  code: string;
  phone: string;
  name: string;
  /** Procedure code, e.g. `KS`. */
  procedure: string;
  /** Service code, e.g. `TP`. */
  service: string;
  number: number;
  /** Display label, e.g. `TP-012`. */
  label: string;
  /** Counter the appointment was booked at. */
  counter: string;
  /** Appointment time, ISO with its offset. */
  time: string;
  /** Day of the appointment: the first 10 characters of `time` (its local date). */
  date: string;
  status: BookingStatus;
  /** `at` of the `booked` event. */
  bookedAt: string;
}

export type NumberKind = "walkin" | "appointment";
export type NumberStatus =
  | "waiting"
  | "called"
  | "served"
  | "skipped"
  | "cancelled"
  | "no_show"
  /** An officer (or the kiosk that failed to print it) voided a walk-in ticket. */
  | "voided"
  /** The citizen moved to another service with a new number. */
  | "transferred";

/** A number of a service's daily sequence, whether a walk-in ticket or an appointment. */
export interface NumberRow {
  /** Day the number belongs to (YYYY-MM-DD, local to the office). */
  date: string;
  service: string;
  number: number;
  label: string;
  kind: NumberKind;
  status: NumberStatus;
  /** `at` of the event that issued it (`ticket_issued` or `booked`). */
  issuedAt: string;
  /** The counter it was booked at or last called to; null for a walk-in not yet called. */
  counter: string | null;
}

/** A phone whose messages are refused until an officer unblocks it. */
export interface BlockedRow {
  phone: string;
  /** `at` of the latest `blocked` event for it. */
  blockedAt: string;
}

/** Filters of {@link Store.bookings}; both optional, combined with AND. */
export interface BookingFilter {
  /** Appointment day, YYYY-MM-DD. */
  date?: string;
  phone?: string;
}

/** Filters of {@link Store.searchLog}; all optional, combined with AND. */
export interface LogSearch {
  types?: readonly string[];
  from?: string;
  to?: string;
  contains?: string;
  limit?: number;
}

/** Where a message of the SMS outbox is. */
export type OutboxStatus = "pending" | "sent" | "failed";

/** A message to send, as given to {@link Store.enqueueSms}. */
export interface NewSms {
  /** The recipient, normalised (`+84…`). */
  to: string;
  text: string;
  /** Lower goes first (booking replies before reminders). */
  priority: number;
  /** Idempotency key: enqueueing the same key again returns the stored message. */
  key?: string;
  /** ISO-8601, when it was enqueued. */
  at: string;
  /** Epoch ms before which it is not sent; default at once. */
  notBefore?: number;
}

/** A message of the SMS outbox. */
export interface OutboxRecord {
  /** 1, 2, 3… never reused: the FIFO order among equal priorities. */
  id: number;
  to: string;
  text: string;
  priority: number;
  key: string | null;
  status: OutboxStatus;
  /** Failed tries that counted (retryable errors). */
  attempts: number;
  /** Parts answered by `+CMGS` so far. */
  partsSent: number;
  /** Epoch ms before which it is not tried. */
  notBefore: number;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  lastError: string | null;
}
