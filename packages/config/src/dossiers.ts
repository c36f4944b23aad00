import { z } from "zod";
import { code } from "./ids.js";

// Dossier tracking (docs/dossiers.md): the officers, the procedures' internal processes and
// the settings of the working-time clock. The office root (schema.ts) checks how they refer to
// each other and to the services and procedures.

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day written HH:MM (24 h)");
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The roles of DOSSIERS.md, in the order of a process. */
export const OFFICER_ROLES = ["reception", "leader", "specialist", "head", "clerk"] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** One working hour: the unit of step budgets. One working day is this many. */
export const HOURS_PER_WORKING_DAY = 8;

/** An officer's id (`tn-1`, `ld-tp`): named in the log, the topics and the console. */
export const officerId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,31}$/,
    "must be 1–32 lowercase ASCII letters, digits, dots, dashes or underscores, starting with a letter or digit",
  );

export const officerSchema = z.strictObject({
  id: officerId,
  name: z.string().min(1).max(100),
  /** A mobile number: where SMS notices go, and the only phone whose `XONG` counts for them. */
  phone: z
    .string()
    .regex(/^\+?\d{9,15}$/, "must be a phone number of 9–15 digits (0912000101 or +84912000101)")
    .optional(),
  roles: z.array(z.enum(OFFICER_ROLES)).min(1),
  /** Service codes the officer works on. */
  services: z.array(code).min(1),
});

export const processStepSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    role: z.enum(OFFICER_ROLES),
    /** The step's budget in working hours (a counted step needs one). */
    hours: z.number().positive().max(10_000).optional(),
    /** false: outside the legal time (reception's check and handing the result over). */
    counted: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (s.counted && s.hours === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["hours"],
        message: "a counted step needs its budget in working hours",
      });
    }
  });

export const processSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1–32 ASCII letters, digits, dashes or underscores"),
    name: z.string().min(1).max(200).optional(),
    /** The procedures that follow this process. */
    procedures: z.array(code).min(1),
    /** Thời hạn giải quyết, in working days of 8 working hours. */
    legalDays: z.number().positive().max(1000),
    steps: z.array(processStepSchema).min(1),
  })
  .superRefine((p, ctx) => {
    p.steps.forEach((s, i) => {
      if (!s.counted && i !== 0 && i !== p.steps.length - 1) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "counted"],
          message: "only the first step (the receipt) and the last (handing over) may be uncounted",
        });
      }
      if (!s.counted && s.role !== "reception") {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "role"],
          message: "an uncounted step is reception's (the receipt or handing over)",
        });
      }
    });
    if (!p.steps.some((s) => s.counted)) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: "a process needs at least one counted step" });
    }
  });

export const dossierSettingsSchema = z.strictObject({
  /** Mã đơn vị (Thông tư 01/2018 art. 19): the first part of every dossier code. */
  unitCode: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9.]{0,23}$/, "must be the unit's code, e.g. H30.99.01")
    .default("H00.00.00"),
  /** The office's working hours (not its reception sessions), in order; half-open periods. */
  workingHours: z
    .array(z.strictObject({ start: clock, end: clock }))
    .min(1)
    .max(4)
    .default([
      { start: "07:30", end: "11:30" },
      { start: "13:30", end: "17:30" },
    ]),
  /** A dossier received at or after this time counts from the next working day; null: no such rule. */
  lateReceiptFrom: clock.nullable().default("15:00"),
  /** Send officers their notices by SMS too (not only on MQTT). */
  smsNotices: z.boolean().default(true),
  /** The share of a step's budget after which its officer and leaders are warned, once. */
  warningShare: z.number().gt(0).lt(1).default(0.8),
  /**
   * After a supplement, count the whole legal time again (DOSSIERS.md) or resume the time that
   * was left (the switch the contract marks as unsure).
   */
  afterSupplement: z.enum(["restart", "resume"]).default("restart"),
  /** For the reports: what one hand-over would have cost as a phone call. */
  handoverCall: z
    .strictObject({
      minutes: z.number().min(0).max(60).default(1),
      /** đồng a minute, the seed's Viettel Economy prices. */
      inNetworkPrice: z.number().min(0).default(1190),
      otherNetworkPrice: z.number().min(0).default(1390),
    })
    .prefault({}),
  /** đồng for one SMS segment sent, the operator's contract price. */
  smsPrice: z.number().min(0).default(350),
});

/** Checks the working hours are in order and do not overlap. */
export function workingHoursProblems(
  periods: readonly { start: string; end: string }[],
): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  let previousEnd = -1;
  periods.forEach((p, i) => {
    const start = minutesOf(p.start);
    const end = minutesOf(p.end);
    if (end <= start) problems.push({ index: i, message: "end must be after start" });
    else if (start < previousEnd)
      problems.push({ index: i, message: "working periods must be in order and not overlap" });
    previousEnd = Math.max(previousEnd, end);
  });
  return problems;
}

export type OfficerConfig = z.output<typeof officerSchema>;
export type ProcessConfig = z.output<typeof processSchema>;
export type ProcessStepConfig = z.output<typeof processStepSchema>;
export type DossierSettings = z.output<typeof dossierSettingsSchema>;
