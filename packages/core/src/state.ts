import type { AppointmentStatus, CallKind, SimEvent } from "@motcua/protocol";
import type { SessionWindow } from "./calendar.js";

export type SessionId = SessionWindow["id"];

/** A booking made by SMS, on the appointment grid. */
export interface Appointment {
  /** Booking order across the office: breaks ties between equal slot times. */
  seq: number;
  code: string;
  /** The sender as the network gave it: replies go back to exactly this address. */
  phone: string;
  phoneKey: string;
  name: string;
  procedure: string;
  service: string;
  number: number;
  label: string;
  counter: string;
  date: string;
  session: SessionId;
  time: number;
  status: AppointmentStatus;
  /** When the booking was made: reminders due before it (a late booking) are not sent. */
  bookedAt: number;
  firstCalledAt?: number;
  /** Called again once during its grace period: a skipped appointment gets one more call. */
  recalled: boolean;
  /** When an officer checked the citizen in (presence only: the calling rules are unchanged). */
  arrivedAt?: number;
  /** The label of the walk-in number an officer transferred the citizen to. */
  transferredTo?: string;
  /** The citizen rated the counter that served them (once per citizen). */
  rated?: boolean;
}

export type WalkInStatus = "waiting" | "called" | "served" | "skipped" | "lapsed" | "voided" | "transferred";

/** A ticket printed at the kiosk. */
export interface WalkIn {
  seq: number;
  service: string;
  number: number;
  label: string;
  priority: boolean;
  date: string;
  session: SessionId;
  issuedAt: number;
  status: WalkInStatus;
  calledAt?: number;
  /** The counter that last called it. */
  counter?: string;
  /**
   * Set on a number an officer issued by a transfer: the order of the transfers, which go
   * before every other waiting walk-in.
   */
  transferOrder?: number;
  /** The label of the number this one was transferred to. */
  transferredTo?: string;
  rated?: boolean;
}

export type Ticket = { kind: "appointment"; appointment: Appointment } | { kind: "walkin"; walkIn: WalkIn };

export interface CounterRuntime {
  id: string;
  /** Services in configuration order. */
  services: readonly string[];
  paused: boolean;
  serving?: { ticket: Ticket; calledAt: number };
  /** The last citizen finished here since the current (or just ended) session started: who may rate. */
  lastServed?: Ticket;
}

export interface PhoneRecord {
  noShows: number;
  blocked: boolean;
  /** The phone as the network wrote it when it was blocked: where the unblock SMS goes. */
  blockedAs?: string;
  /** The day the "you are blocked" reply was last sent: one a day, then silence. */
  blockedReplyDay?: string;
  /** When the messages handled within the flood window arrived. */
  recent: number[];
}

export function labelOf(service: string, number: number): string {
  return `${service}-${String(number).padStart(3, "0")}`;
}

export function ticketFacts(ticket: Ticket): {
  number: number;
  label: string;
  service: string;
  kind: CallKind;
} {
  const t = ticket.kind === "appointment" ? ticket.appointment : ticket.walkIn;
  return {
    number: t.number,
    label: t.label,
    service: t.service,
    kind: ticket.kind === "appointment" ? "appointment" : "walkin",
  };
}

/** Appointments that still hold their slot (and count against the 50 % cap). */
export function holdsSlot(a: Appointment): boolean {
  return a.status !== "cancelled" && a.status !== "no_show";
}

/** Appointments that count against a phone's active bookings. */
export function isActive(a: Appointment): boolean {
  return a.status === "booked" || a.status === "called" || a.status === "grace";
}

/** Today's waiting walk-ins in calling order: transfers first, then priority, then by number. */
export function byWalkInOrder(x: WalkIn, y: WalkIn): number {
  const tx = x.transferOrder ?? Number.POSITIVE_INFINITY;
  const ty = y.transferOrder ?? Number.POSITIVE_INFINITY;
  if (tx !== ty) return tx < ty ? -1 : 1;
  if (x.priority !== y.priority) return x.priority ? -1 : 1;
  return x.number - y.number || x.seq - y.seq;
}

/** The record a ticket stands for: both kinds share the fields officer actions touch. */
export function recordOf(ticket: Ticket): Appointment | WalkIn {
  return ticket.kind === "appointment" ? ticket.appointment : ticket.walkIn;
}

/** One step of the core: the events it decides, all stamped with the same `at`. */
export interface Ctx {
  at: number;
  /** The `at` every event of this step carries: the input's own text, or the timer's time. */
  atText: string;
  events: SimEvent[];
}
