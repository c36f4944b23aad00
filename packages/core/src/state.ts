import type { AppointmentStatus, CallKind } from "@motcua/protocol";
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
}

export type WalkInStatus = "waiting" | "called" | "served" | "skipped" | "lapsed";

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
}

export type Ticket = { kind: "appointment"; appointment: Appointment } | { kind: "walkin"; walkIn: WalkIn };

export interface CounterRuntime {
  id: string;
  /** Services in configuration order. */
  services: readonly string[];
  paused: boolean;
  serving?: { ticket: Ticket; calledAt: number };
}

export interface PhoneRecord {
  noShows: number;
  blocked: boolean;
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
