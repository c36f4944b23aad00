import type { SimEvent } from "@motcua/protocol";

// The shapes the dossier desk, its notices and its reports share (docs/dossiers.md).

/**
 * The office's calendar as dossier tracking needs it: which days are working days (weekdays,
 * holidays, make-up days of the one calendar), and the office's local time. The queue core's
 * OfficeCalendar is one.
 */
export interface OfficeDays {
  isWorkingDay(date: string): boolean;
  /** The office's local `YYYY-MM-DD` of an instant (epoch ms). */
  dateOf(instant: number): string;
  /** The instant of a local date and minutes after its midnight. */
  instantOf(date: string, minutes: number): number;
  /** `2026-12-07T09:00:00+07:00`: the form every time of the wire contract takes. */
  format(instant: number): string;
}

/** One decision step: the events it adds, all stamped `atText` (the queue core's Ctx). */
export interface DeskCtx {
  at: number;
  atText: string;
  events: SimEvent[];
}

export type DossierPhase = "in_progress" | "paused" | "ready" | "returned";

/** One counted step of a dossier, as it went. Times are epoch ms. */
export interface StepRecord {
  /** 1-based among the counted steps. */
  step: number;
  name: string;
  role: string;
  officer: string;
  /** When the step became current (`step_started`). */
  startedAt: number;
  /** When its clock started: the dossier's count start for the first step, else `startedAt`. */
  clockFrom: number;
  due: number;
  doneAt?: number;
  /** Working milliseconds from `clockFrom` to `doneAt` (for the reports' averages). */
  workedMs?: number;
  status?: "on_time" | "late";
  warned: boolean;
  overdue: boolean;
}

/** A dossier as the desk keeps it: what the console, TT and the reports read. */
export interface DossierRecord {
  code: string;
  procedure: string;
  service: string;
  name: string;
  /** "" when the citizen left none. */
  phone: string;
  receivedBy: string;
  counter?: string;
  receivedAt: number;
  countFrom: number;
  due: number;
  /** Set by an approved apology: what TT and the console show from then on. */
  newDue?: number;
  phase: DossierPhase;
  /** Steps started so far, in order; the current one is the last while in progress or paused. */
  steps: StepRecord[];
  /** How many counted steps the dossier's process has. */
  stepCount: number;
  readyAt?: number;
  readyStatus?: "early" | "on_time" | "late";
  returnedAt?: number;
  /** Told overdue (`dossier_late`) already. */
  late: boolean;
  /** Hand-overs notified: steps whose officer was told at once (MQTT, and SMS when sent). */
  handovers: number;
  /** SMS segments sent about this dossier: to officers and to the citizen. */
  smsSegments: number;
}
