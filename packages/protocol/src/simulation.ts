import { z } from "zod";
import { isoDateTime } from "./time.js";

/** Counter buttons (PROTOCOL.md). */
export const BUTTONS = ["next", "recall", "skip", "pause", "resume"] as const;
export const button = z.enum(BUTTONS);
export type Button = z.infer<typeof button>;

/** Reasons a citizen's message is refused (RULES.md, "Replies and events"). */
export const REJECT_REASONS = [
  "syntax",
  "unknown_procedure",
  "bad_date",
  "past_date",
  "too_far",
  "closed_hours",
  "full",
  "limit",
  "blocked",
  "rate_limited",
  "not_found",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const TICKET_REFUSALS = ["closed", "full", "unknown_service"] as const;
export type TicketRefusal = (typeof TICKET_REFUSALS)[number];

export const CALL_KINDS = ["walkin", "appointment"] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CANCEL_REASONS = ["citizen", "no_show", "officer"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

// ---- scenario input lines --------------------------------------------------------------

const at = isoDateTime;
// `id` (hub addition): the modem link's id of the received message, so a message read again
// after a lost AT+CMGD is not handled twice.
const smsInput = z.object({
  at,
  type: z.literal("sms"),
  from: z.string().min(1).max(32),
  text: z.string().max(2000),
  id: z.string().min(1).max(128).optional(),
});
// `id` and `kiosk` are the hub's additions to PROTOCOL.md's lines: the press id that makes a
// device's message idempotent, and the kiosk that asked, both kept in the store's log.
const pressId = z.string().min(1).max(128).optional();
const ticketInput = z.object({
  at,
  type: z.literal("ticket"),
  service: z.string().min(1).max(16),
  priority: z.boolean().optional(),
  kiosk: z.string().min(1).max(16).optional(),
  id: pressId,
});
const pressInput = z.object({
  at,
  type: z.literal("press"),
  counter: z.string().min(1).max(16),
  button,
  id: pressId,
});
const tickInput = z.object({ at, type: z.literal("tick") });
/** An officer lifts a phone's block at the office (an extension of PROTOCOL.md's input lines). */
const unblockInput = z.object({ at, type: z.literal("unblock"), phone: z.string().min(1).max(32) });

export const simInput = z.discriminatedUnion("type", [
  smsInput,
  ticketInput,
  pressInput,
  tickInput,
  unblockInput,
]);
export type SimInput = z.infer<typeof simInput>;
export type SmsInput = z.infer<typeof smsInput>;
export type TicketInput = z.infer<typeof ticketInput>;
export type PressInput = z.infer<typeof pressInput>;
export type UnblockInput = z.infer<typeof unblockInput>;

// ---- output events ---------------------------------------------------------------------

const numbered = {
  number: z.number().int().positive(),
  label: z.string(),
  service: z.string(),
};
const atCounter = { ...numbered, counter: z.string(), kind: z.enum(CALL_KINDS) };

export const simEvent = z.discriminatedUnion("type", [
  z.object({ at, type: z.literal("sms_out"), to: z.string(), text: z.string() }),
  z.object({
    at,
    type: z.literal("booked"),
    code: z.string(),
    phone: z.string(),
    name: z.string(),
    procedure: z.string(),
    ...numbered,
    counter: z.string(),
    time: isoDateTime,
  }),
  z.object({ at, type: z.literal("cancelled"), code: z.string(), reason: z.enum(CANCEL_REASONS) }),
  z.object({ at, type: z.literal("ticket_issued"), ...numbered, estimatedAt: isoDateTime }),
  z.object({ at, type: z.literal("ticket_refused"), service: z.string(), reason: z.enum(TICKET_REFUSALS) }),
  z.object({ at, type: z.literal("called"), ...atCounter, repeat: z.boolean() }),
  z.object({ at, type: z.literal("served"), ...atCounter }),
  z.object({ at, type: z.literal("skipped"), ...atCounter }),
  z.object({ at, type: z.literal("blocked"), phone: z.string() }),
  z.object({ at, type: z.literal("unblocked"), phone: z.string() }),
  z.object({ at, type: z.literal("rejected"), from: z.string(), reason: z.enum(REJECT_REASONS) }),
]);
export type SimEvent = z.infer<typeof simEvent>;
export type SimEventType = SimEvent["type"];
/** The event of one type, e.g. `EventOf<"booked">`. */
export type EventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;
