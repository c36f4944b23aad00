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
  // A pause or resume made from the staff console names its officer (the audit trail); a
  // counter's own button press has none.
  officer: z.string().min(1).max(64).optional(),
});
const tickInput = z.object({ at, type: z.literal("tick") });

// ---- officer actions and ratings (PROTOCOL.md "Officer actions and ratings") ------------

/** The staff console's actions: inputs of the core like a press, each naming its officer. */
export const OFFICER_ACTIONS = ["checkin", "call", "transfer", "void", "officer_cancel", "unblock"] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];
/** What `action_refused.action` may name: an officer action or a citizen's rating. */
export const REFUSABLE_ACTIONS = [...OFFICER_ACTIONS, "rating", "config"] as const;
export type RefusableAction = (typeof REFUSABLE_ACTIONS)[number];
export const ACTION_REFUSALS = ["not_found", "not_allowed", "invalid"] as const;
export type ActionRefusal = (typeof ACTION_REFUSALS)[number];
/** rất hài lòng / hài lòng / không hài lòng. */
export const RATING_VALUES = ["very_satisfied", "satisfied", "unsatisfied"] as const;
export type RatingValue = (typeof RATING_VALUES)[number];

/** The acting officer's id (or a device's, e.g. `kiosk-1` voiding a ticket it failed to print). */
const officer = z.string().min(1).max(64);
// Labels, codes, services and rating values are any short text here: a malformed one must reach
// the core, which refuses it as `invalid` with an event in the log rather than a lost line.
const ref = z.string().max(32);

const checkinInput = z.object({ at, type: z.literal("checkin"), code: ref, officer });
const callInput = z.object({
  at,
  type: z.literal("call"),
  counter: z.string().min(1).max(16),
  label: ref,
  officer,
});
const transferInput = z.object({ at, type: z.literal("transfer"), label: ref, service: ref, officer });
const voidInput = z.object({ at, type: z.literal("void"), label: ref, officer });
const officerCancelInput = z.object({ at, type: z.literal("officer_cancel"), code: ref, officer });
/** `officer` is optional only because logs stored before it existed must still parse. */
const unblockInput = z.object({
  at,
  type: z.literal("unblock"),
  phone: z.string().min(1).max(32),
  officer: officer.optional(),
});
/** A citizen's press on a counter's rating pad; `id` makes it idempotent like a press. */
const ratingInput = z.object({
  at,
  type: z.literal("rating"),
  counter: z.string().min(1).max(16),
  value: ref,
  id: pressId,
  officer: officer.optional(),
});

/** The wall display's notice from the console: at most this many characters. */
export const NOTICE_MAX_LENGTH = 120;
/** The line the wall display shows instead of its configured notice; "" clears it. */
const noticeInput = z.object({
  at,
  type: z.literal("notice"),
  text: z.string().max(NOTICE_MAX_LENGTH),
  officer,
});

/** Where a configuration change came from: the office file at a hub's start, or the console. */
export const CONFIG_SOURCES = ["file", "console"] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];
/**
 * The office's whole configuration, changed live (docs/rules.md "Configuration changes"): the
 * core checks `config` with the one schema of @motcua/config, so here it is any JSON. `confirm`
 * lets it cancel the bookings it breaks.
 */
const configInput = z.object({
  at,
  type: z.literal("config"),
  config: z.unknown(),
  officer: officer.optional(),
  source: z.enum(CONFIG_SOURCES).optional(),
  confirm: z.boolean().optional(),
});

export const simInput = z.discriminatedUnion("type", [
  smsInput,
  ticketInput,
  pressInput,
  tickInput,
  unblockInput,
  checkinInput,
  callInput,
  transferInput,
  voidInput,
  officerCancelInput,
  ratingInput,
  noticeInput,
  configInput,
]);
export type SimInput = z.infer<typeof simInput>;
export type SmsInput = z.infer<typeof smsInput>;
export type TicketInput = z.infer<typeof ticketInput>;
export type PressInput = z.infer<typeof pressInput>;
export type UnblockInput = z.infer<typeof unblockInput>;
export type CheckinInput = z.infer<typeof checkinInput>;
export type CallInput = z.infer<typeof callInput>;
export type TransferInput = z.infer<typeof transferInput>;
export type VoidInput = z.infer<typeof voidInput>;
export type OfficerCancelInput = z.infer<typeof officerCancelInput>;
export type RatingInput = z.infer<typeof ratingInput>;
export type NoticeInput = z.infer<typeof noticeInput>;
export type ConfigInput = z.infer<typeof configInput>;
/** An input of the staff console. */
export type OfficerInput = Extract<SimInput, { type: OfficerAction }>;
/** A counter's button pressed from the console (next, recall, skip, pause, resume): a press that names its officer. */
export type OfficerPress = PressInput & { officer: string };
/** Everything the staff console submits to the core: the officer actions, a counter's buttons, the notice. */
export type ConsoleInput = OfficerInput | OfficerPress | NoticeInput;

// ---- output events ---------------------------------------------------------------------

const numbered = {
  number: z.number().int().positive(),
  label: z.string(),
  service: z.string(),
};
const atCounter = { ...numbered, counter: z.string(), kind: z.enum(CALL_KINDS) };

/** Events caused by an officer action carry who acted (the audit trail). */
const byOfficer = { officer: z.string().optional() };

export const simEvent = z.discriminatedUnion("type", [
  z.object({ at, type: z.literal("sms_out"), to: z.string(), text: z.string(), ...byOfficer }),
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
  z.object({
    at,
    type: z.literal("cancelled"),
    code: z.string(),
    reason: z.enum(CANCEL_REASONS),
    ...byOfficer,
  }),
  z.object({ at, type: z.literal("ticket_issued"), ...numbered, estimatedAt: isoDateTime }),
  z.object({ at, type: z.literal("ticket_refused"), service: z.string(), reason: z.enum(TICKET_REFUSALS) }),
  z.object({ at, type: z.literal("called"), ...atCounter, repeat: z.boolean(), ...byOfficer }),
  z.object({ at, type: z.literal("served"), ...atCounter, ...byOfficer }),
  z.object({ at, type: z.literal("skipped"), ...atCounter }),
  z.object({ at, type: z.literal("blocked"), phone: z.string() }),
  z.object({ at, type: z.literal("unblocked"), phone: z.string(), ...byOfficer }),
  z.object({ at, type: z.literal("rejected"), from: z.string(), reason: z.enum(REJECT_REASONS) }),
  z.object({
    at,
    type: z.literal("checked_in"),
    code: z.string(),
    number: numbered.number,
    label: z.string(),
    officer: z.string(),
  }),
  z.object({
    at,
    type: z.literal("transferred"),
    /** The number the citizen had. */
    label: z.string(),
    /** The service, number and label the citizen now waits with. */
    service: z.string(),
    number: numbered.number,
    newLabel: z.string(),
    officer: z.string(),
  }),
  z.object({ at, type: z.literal("voided"), label: z.string(), officer: z.string() }),
  z.object({
    at,
    type: z.literal("rated"),
    counter: z.string(),
    label: z.string(),
    service: z.string(),
    value: z.enum(RATING_VALUES),
    ...byOfficer,
  }),
  z.object({ at, type: z.literal("notice"), text: z.string(), officer: z.string() }),
  z.object({
    at,
    type: z.literal("config_applied"),
    /** How many configuration changes the log has applied, this one included. */
    version: z.number().int().positive(),
    source: z.enum(CONFIG_SOURCES).optional(),
    /** The bookings the change broke and cancelled (each has its own `cancelled` event). */
    cancelled: z.array(z.string()),
    ...byOfficer,
  }),
  z.object({
    at,
    type: z.literal("action_refused"),
    action: z.enum(REFUSABLE_ACTIONS),
    reason: z.enum(ACTION_REFUSALS),
    ...byOfficer,
  }),
]);
export type SimEvent = z.infer<typeof simEvent>;
export type SimEventType = SimEvent["type"];
/** The event of one type, e.g. `EventOf<"booked">`. */
export type EventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;
