import { z } from "zod";
import { ACTION_REFUSALS, button, CALL_KINDS, RATING_VALUES } from "./simulation.js";
import { isoDateTime } from "./time.js";

/** Unique per press, so a redelivered message has no second effect. */
const pressId = z.string().min(1).max(128);

export const counterPress = z.object({ id: pressId, button });

/** Just the id of a request (`id`, or a void notice's `requestId`), to answer one that is otherwise wrong. */
export const requestIdentity = z.union([z.object({ id: pressId }), z.object({ requestId: pressId })]);
export type CounterPress = z.infer<typeof counterPress>;

export const kioskPress = z.object({
  id: pressId,
  service: z.string().min(1).max(16),
  priority: z.boolean().optional(),
});
export type KioskPress = z.infer<typeof kioskPress>;

/**
 * Why the hub refused a device's request before the queue saw it (docs/protocol.md): too many
 * presses from one device, a payload it cannot read, a retained request, the hub starting.
 */
export const REQUEST_REFUSALS = ["rate_limited", "bad_payload", "retained", "starting"] as const;
export type RequestRefusal = (typeof REQUEST_REFUSALS)[number];

export const KIOSK_TICKET_ERRORS = ["closed", "full", "unknown_service", ...REQUEST_REFUSALS] as const;

export const kioskTicket = z.union([
  z.object({
    requestId: z.string(),
    service: z.string(),
    serviceName: z.string(),
    number: z.number().int().positive(),
    label: z.string(),
    counters: z.array(z.string()),
    waiting: z.number().int().nonnegative(),
    estimatedAt: isoDateTime,
    issuedAt: isoDateTime,
  }),
  z.object({
    requestId: z.string(),
    error: z.object({ code: z.enum(KIOSK_TICKET_ERRORS), message: z.string() }),
  }),
]);
export type KioskTicket = z.infer<typeof kioskTicket>;

/** What the kiosk says when a number it asked for may exist but was never printed. */
export const VOID_REASONS = ["unanswered", "late", "print_failed"] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

/** `kiosk/{k}/void`: the number of request `requestId` is void (the hub drops it from the queue). */
export const kioskVoid = z.object({
  requestId: pressId,
  service: z.string().min(1).max(16),
  priority: z.boolean(),
  reason: z.enum(VOID_REASONS),
  number: z.number().int().positive().optional(),
  label: z.string().max(32).optional(),
  at: isoDateTime,
});
export type KioskVoid = z.infer<typeof kioskVoid>;

/** The ticket printer's conditions as a kiosk reports them (those of @motcua/printer). */
export const PRINTER_CONDITIONS = ["ok", "paper_out", "cover_open", "offline", "unplugged", "error"] as const;

/** `kiosk/{k}/health` (retained): the kiosk's printer as last seen. */
export const kioskHealth = z.object({
  printer: z.enum(PRINTER_CONDITIONS),
  /** The roll's near-end sensor: change the roll soon. */
  paperLow: z.boolean(),
  /** Whether the printer answered its status request (a unidirectional one never does). */
  answered: z.boolean(),
  detail: z.string().max(500).optional(),
  at: isoDateTime,
});
export type KioskHealth = z.infer<typeof kioskHealth>;

/** `counter/{c}/rating`: a citizen's rating of that counter, idempotent by `id` like a press. */
export const counterRating = z.object({ id: pressId, value: z.enum(RATING_VALUES) });
export type CounterRating = z.infer<typeof counterRating>;

const kind = z.enum(CALL_KINDS);

export const call = z.object({
  number: z.number().int().positive(),
  label: z.string(),
  service: z.string(),
  counter: z.string(),
  kind,
  repeat: z.boolean(),
  at: isoDateTime,
});
export type Call = z.infer<typeof call>;

export const counterState = z.object({
  counter: z.string(),
  status: z.enum(["open", "paused"]),
  serving: z
    .object({ number: z.number().int(), label: z.string(), service: z.string(), kind, calledAt: isoDateTime })
    .nullable(),
  waiting: z.number().int().nonnegative(),
});
export type CounterState = z.infer<typeof counterState>;

export const APPOINTMENT_STATUSES = ["booked", "called", "grace", "served", "cancelled", "no_show"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const board = z.object({
  at: isoDateTime,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  session: z.enum(["morning", "afternoon", "closed"]),
  counters: z.array(counterState),
  waiting: z.record(z.string(), z.number().int().nonnegative()),
  appointments: z.array(
    z.object({
      number: z.number().int(),
      label: z.string(),
      service: z.string(),
      counter: z.string(),
      time: isoDateTime,
      status: z.enum(APPOINTMENT_STATUSES),
      /** Present (true) once an officer checked the citizen in: here, waiting for the call. */
      arrived: z.boolean().optional(),
    }),
  ),
});
export type Board = z.infer<typeof board>;

export const deviceStatus = z.enum(["online", "offline"]);

/**
 * `counter/{c}/ack`: the hub's answer to a counter press or rating, sent once the request is
 * stored (or refused), so a pad knows its press counted even through an external broker. A
 * request sent again with a stored `id` gets the stored answer again, `duplicate: true`.
 */
export const counterAck = z.union([
  z.object({
    id: pressId,
    ok: z.literal(true),
    /** When the hub stored the request. */
    at: isoDateTime,
    duplicate: z.boolean(),
    /** The citizen the press called at this counter, if it called one. */
    called: z
      .object({ number: z.number().int(), label: z.string(), service: z.string(), kind, repeat: z.boolean() })
      .nullable(),
    /**
     * A rating only (added for the rating pads): the citizen it was recorded for. A rating pad
     * thanks the citizen for it.
     */
    rated: z.object({ label: z.string(), service: z.string(), value: z.enum(RATING_VALUES) }).optional(),
    /**
     * A rating only: stored, but the queue refused it (`action_refused`): `not_allowed` when the
     * counter has nobody to rate or its citizen has rated already, `not_found` for a counter it
     * does not know. Nothing was recorded; the pad shows it refused.
     */
    refused: z.object({ reason: z.enum(ACTION_REFUSALS) }).optional(),
  }),
  z.object({
    id: pressId,
    ok: z.literal(false),
    error: z.object({ code: z.enum(REQUEST_REFUSALS), message: z.string() }),
  }),
]);
export type CounterAck = z.infer<typeof counterAck>;

/** `display/notice` (retained): a JSON string; an empty one clears the notice. */
export const displayNotice = z.string().max(500);

/**
 * The hub's clock, retained (a motcua addition): at the machine time `realAt` the hub's clock
 * read `at`, and it runs `speed` times faster than the machine's. A reader's hub time is
 * `at + (its machine time - realAt) × speed`: exact on the hub's machine, as close as the
 * machines' clocks agree elsewhere. Published when the hub connects; it never changes after.
 */
export const hubClock = z.object({
  at: isoDateTime,
  realAt: isoDateTime,
  speed: z.number().positive().finite(),
});
export type HubClock = z.infer<typeof hubClock>;

/** The hub's time at a reader's machine time `realNow` (ms), from its retained clock. */
export function hubTimeAt(clock: HubClock, realNow: number): number {
  return Date.parse(clock.at) + (realNow - Date.parse(clock.realAt)) * clock.speed;
}

// ---- dossier tracking (DOSSIERS.md "On the wire") -----------------------------------------

export const STAFF_NOTICE_KINDS = ["step", "warning", "overdue", "apology"] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

/**
 * `staff/{officer}/inbox`: a step reached the officer, is near or past its due instant, or a
 * dossier awaits the leader's apology and new date. `step` is the counted step's number.
 */
export const staffNotice = z.object({
  kind: z.enum(STAFF_NOTICE_KINDS),
  code: z.string(),
  step: z.number().int().positive(),
  due: isoDateTime,
  at: isoDateTime,
});
export type StaffNotice = z.infer<typeof staffNotice>;

/** `staff/{officer}/tasks` (retained): the officer's open steps, the most urgent first. */
export const staffTasks = z.array(
  z.object({
    code: z.string(),
    procedure: z.string(),
    step: z.number().int().positive(),
    name: z.string(),
    due: isoDateTime,
    /** `on_time`, `warning` (past the warning share) or `overdue`, as the hub last saw it. */
    state: z.enum(["on_time", "warning", "overdue"]),
    /** The step's clock is stopped: the citizen must bring a supplement. */
    paused: z.boolean(),
  }),
);
export type StaffTasks = z.infer<typeof staffTasks>;
