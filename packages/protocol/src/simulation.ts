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
  // DOSSIERS.md: an `XONG` from a phone that does not hold the dossier's current step.
  "not_allowed",
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
/** The dossier inputs of DOSSIERS.md "In `simulate` and the event log". */
export const DOSSIER_ACTIONS = [
  "dossier_receive",
  "step_done",
  "dossier_supplement",
  "dossier_supplied",
  "apology_approved",
  "dossier_returned",
  "step_reassign",
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];
export const REFUSABLE_ACTIONS = [...OFFICER_ACTIONS, "rating", "config", ...DOSSIER_ACTIONS] as const;
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

// ---- dossier tracking (DOSSIERS.md) ------------------------------------------------------

// A dossier code (`H30.99.01-261207-0001`) or its last two parts (`261207-0001`): any short
// text here, so that a wrong one reaches the core and is refused as `not_found` in the log.
const dossierCode = z.string().max(48);
const dossierReceiveInput = z.object({
  at,
  type: z.literal("dossier_receive"),
  /** The counter where the citizen was served (the hub's console fills it in). */
  counter: z.string().min(1).max(16).optional(),
  officer,
  procedure: ref,
  name: z.string().min(1).max(100),
  phone: z.string().min(1).max(32).optional(),
  id: pressId,
});
const stepDoneInput = z.object({ at, type: z.literal("step_done"), code: dossierCode, officer });
const dossierSupplementInput = z.object({
  at,
  type: z.literal("dossier_supplement"),
  code: dossierCode,
  officer,
  note: z.string().max(300).optional(),
});
const dossierSuppliedInput = z.object({
  at,
  type: z.literal("dossier_supplied"),
  code: dossierCode,
  officer: officer.optional(),
});
const apologyApprovedInput = z.object({
  at,
  type: z.literal("apology_approved"),
  code: dossierCode,
  officer,
  newDue: isoDateTime,
});
const dossierReturnedInput = z.object({
  at,
  type: z.literal("dossier_returned"),
  code: dossierCode,
  officer,
});
const stepReassignInput = z.object({
  at,
  type: z.literal("step_reassign"),
  code: dossierCode,
  officer,
  to: z.string().min(1).max(64),
});

export const simInput = z.discriminatedUnion("type", [
  dossierReceiveInput,
  stepDoneInput,
  dossierSupplementInput,
  dossierSuppliedInput,
  apologyApprovedInput,
  dossierReturnedInput,
  stepReassignInput,
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
export type DossierReceiveInput = z.infer<typeof dossierReceiveInput>;
export type StepDoneInput = z.infer<typeof stepDoneInput>;
export type DossierSupplementInput = z.infer<typeof dossierSupplementInput>;
export type DossierSuppliedInput = z.infer<typeof dossierSuppliedInput>;
export type ApologyApprovedInput = z.infer<typeof apologyApprovedInput>;
export type DossierReturnedInput = z.infer<typeof dossierReturnedInput>;
export type StepReassignInput = z.infer<typeof stepReassignInput>;
/** An input of dossier tracking. */
export type DossierInput = Extract<SimInput, { type: DossierAction }>;
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

/** A finished step: on time if done at or before its due instant (DOSSIERS.md "Lifecycle"). */
export const STEP_STATUSES = ["on_time", "late"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
/** A finished dossier: early (an earlier day than due), on time, late. */
export const DOSSIER_STATUSES = ["early", "on_time", "late"] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export const OFFICER_ROLE_NAMES = ["reception", "leader", "specialist", "head", "clerk"] as const;

const dossierEvents = [
  z.object({
    at,
    type: z.literal("dossier_received"),
    code: z.string(),
    procedure: z.string(),
    service: z.string(),
    name: z.string(),
    // "" when the citizen left no phone.
    phone: z.string(),
    countFrom: isoDateTime,
    due: isoDateTime,
    // Additions: who received it, and where.
    officer: z.string().optional(),
    counter: z.string().optional(),
  }),
  z.object({
    at,
    type: z.literal("step_started"),
    code: z.string(),
    step: z.number().int().positive(),
    name: z.string(),
    role: z.enum(OFFICER_ROLE_NAMES),
    officer: z.string(),
    due: isoDateTime,
  }),
  z.object({
    at,
    type: z.literal("step_done"),
    code: z.string(),
    step: z.number().int().positive(),
    officer: z.string(),
    status: z.enum(STEP_STATUSES),
  }),
  z.object({
    at,
    type: z.literal("step_warning"),
    code: z.string(),
    step: z.number().int().positive(),
    officer: z.string(),
    due: isoDateTime,
    notified: z.array(z.string()),
  }),
  z.object({
    at,
    type: z.literal("step_overdue"),
    code: z.string(),
    step: z.number().int().positive(),
    officer: z.string(),
    due: isoDateTime,
    notified: z.array(z.string()),
  }),
  z.object({
    at,
    type: z.literal("step_reassigned"),
    code: z.string(),
    step: z.number().int().positive(),
    from: z.string(),
    to: z.string(),
    ...byOfficer,
  }),
  z.object({
    at,
    type: z.literal("dossier_paused"),
    code: z.string(),
    reason: z.literal("supplement"),
    ...byOfficer,
  }),
  z.object({
    at,
    type: z.literal("dossier_resumed"),
    code: z.string(),
    countFrom: isoDateTime,
    due: isoDateTime,
  }),
  z.object({ at, type: z.literal("dossier_late"), code: z.string(), due: isoDateTime }),
  z.object({ at, type: z.literal("apology_sent"), code: z.string(), newDue: isoDateTime, ...byOfficer }),
  z.object({
    at,
    type: z.literal("dossier_result_ready"),
    code: z.string(),
    status: z.enum(DOSSIER_STATUSES),
  }),
  z.object({ at, type: z.literal("dossier_returned"), code: z.string(), ...byOfficer }),
] as const;

export const simEvent = z.discriminatedUnion("type", [
  ...dossierEvents,
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
