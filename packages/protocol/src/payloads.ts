import { z } from "zod";
import { button, CALL_KINDS } from "./simulation.js";
import { isoDateTime } from "./time.js";

/** Unique per press, so a redelivered message has no second effect. */
const pressId = z.string().min(1).max(128);

export const counterPress = z.object({ id: pressId, button });
export type CounterPress = z.infer<typeof counterPress>;

export const kioskPress = z.object({
  id: pressId,
  service: z.string().min(1).max(16),
  priority: z.boolean().optional(),
});
export type KioskPress = z.infer<typeof kioskPress>;

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
    error: z.object({ code: z.enum(["closed", "full", "unknown_service"]), message: z.string() }),
  }),
]);
export type KioskTicket = z.infer<typeof kioskTicket>;

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
    }),
  ),
});
export type Board = z.infer<typeof board>;

export const deviceStatus = z.enum(["online", "offline"]);
