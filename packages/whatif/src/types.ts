import type { SimInput } from "@motcua/protocol";
import type { StatsReport } from "@motcua/stats";

/**
 * One entry of the hub's log as a replay reads it: the input decoded, its recorded events as
 * the stored JSON text (the shape of `@motcua/store`'s `StoredEntry`, kept structural so that
 * this package reads any source of entries and does not load SQLite).
 */
export interface LogEntryText {
  seq: number;
  input: SimInput;
  eventsJson: string;
}

/** Where the log comes from: its entries in order from a seq, and what it began under. */
export interface LogSource {
  /** Entries from `fromSeq` (default 1) in seq order; lazy, so a long log is never all in memory. */
  entries(fromSeq?: number): Iterable<LogEntryText>;
  /** The seed of the booking codes (store meta `seed`). */
  seed: number;
  /** The configuration the log began under, as stored (store meta `configBase`). */
  configBase: unknown;
}

/** How far a run has got: one JSON line each on the command's stderr. */
export interface WhatIfProgress {
  step: "prefix" | "recorded" | "whatif" | "done";
  entries: number;
  /** The `at` of the last entry read. */
  at?: string;
}

/**
 * What the replay could not play as recorded, and what it had to make up: the method's own
 * figures, reported beside the comparison (docs/whatif.md).
 */
export interface Divergences {
  /** `DK` messages booked in the log and refused under the new configuration, by its reason. */
  bookingsRefused: Record<string, number>;
  /** `DK` messages refused in the log and booked under the new configuration. */
  bookingsGained: number;
  /** Booked both times, at another time or counter. */
  bookingsMoved: number;
  /** Bookings of the period the switch to the new configuration broke and cancelled. */
  bookingsCancelledBySwitch: number;
  /** Tickets issued in the log and refused under the new configuration, and the reverse. */
  ticketsRefused: number;
  ticketsGained: number;
  /** Later inputs that named a booking, ticket or dossier the new replay does not have: dropped. */
  dependentDropped: Record<string, number>;
  /** Presses, calls and ratings of counters the new configuration lacks: dropped, per counter. */
  pressesDropped: Record<string, number>;
  /** Officers' skips that would reach a citizen the log says was there: not played (served instead). */
  skipsDropped: number;
  /** Configuration changes recorded in the period: not played (the new one stays in force). */
  configChangesIgnored: number;
  /** Entries before the period whose replay did not give their stored events (an older core's log). */
  prefixMismatches: number;
}

/** A counter the new configuration adds: nobody presses its buttons, the replay does. */
export interface AutoCounter {
  counter: string;
  services: string[];
  /** Presses the replay made for it (next, skip). */
  presses: number;
  /** Citizens it called. */
  calls: number;
}

/** Numbers of walk-ins (tickets and transfers) never called, voided or transferred: sent home. */
export interface Unserved {
  total: number;
  byService: Record<string, number>;
}

/** One line of the comparison. */
export interface ComparisonRow {
  /** A stable key: `wait.median`, `TP.wait.p90`… */
  key: string;
  /** The service the row is about; absent for the office's total. */
  service?: string;
  vi: string;
  en: string;
  baseline: number | null;
  whatIf: number | null;
  /** whatIf − baseline, when both are numbers. */
  delta: number | null;
  /** Which way is good: lower waits, higher appointments kept; null when neither. */
  better: "lower" | "higher" | null;
  /** `%`, `ph` (minutes), `đ` or empty. */
  unit: "" | "%" | "ph" | "đ";
}

export interface WhatIfResult {
  office: { id: string; name: string };
  period: { from: string; to: string };
  /** Log entries replayed as recorded before the period, and read in the period. */
  entries: { before: number; period: number };
  /** Whether the new configuration differs from the one in force at the period's start. */
  configChanged: boolean;
  rows: ComparisonRow[];
  divergences: Divergences;
  autoCounters: AutoCounter[];
  /** Service minutes the added counters were given, per service: measured in the log, else configured. */
  serviceMinutes: Record<string, { minutes: number; measured: boolean; count: number }>;
  unserved: { baseline: Unserved; whatIf: Unserved };
  /** The statistics engine's whole reports, by day: the recorded figures and the new ones. */
  baseline: StatsReport;
  whatIf: StatsReport;
}

/** A run that cannot start: the exit code is 2 for the command, 400 for the console's API. */
export class WhatIfError extends Error {
  constructor(
    readonly code: "bad_period" | "other_office" | "no_base" | "empty_period",
    message: string,
  ) {
    super(message);
    this.name = "WhatIfError";
  }
}
