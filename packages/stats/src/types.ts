// The office's figures (issue 14): what `OfficeStats` answers, what the console shows and
// exports, and what `motcua whatif` compares. This file is the contract between the engine
// (packages/stats), the hub's console API and pages, and the what-if command: change it only
// with all three.

/** Office-local dates `YYYY-MM-DD`, both included. */
export interface StatsPeriod {
  from: string;
  to: string;
}

/** How the series is cut: each day, each ISO week (Monday first), each month; or one total. */
export type StatsGrouping = "day" | "week" | "month";

export interface StatsQuery extends StatsPeriod {
  /** Only this service's figures (its code); all when absent. */
  service?: string;
  /** Only this counter's figures (its id); all when absent. */
  counter?: string;
  group: StatsGrouping;
}

/** Minutes, to 0.1; null when nothing was measured. */
export type Minutes = number | null;

export interface WaitFigures {
  /** Citizens called for the first time in the period (walk-ins and appointments). */
  count: number;
  median: Minutes;
  p90: Minutes;
  mean: Minutes;
  /**
   * How many waited [0, 5), [5, 10), [10, 15), [15, 20), [20, 30), [30, 45), [45, 60),
   * [60, 90), [90, 120) and 120 minutes or more: WAIT_BUCKETS' edges.
   */
  histogram: number[];
}

export interface Figures {
  /** Walk-in tickets issued (`ticket_issued`). */
  tickets: number;
  /** Tickets refused at the kiosk (`ticket_refused`: closed, full). */
  ticketsRefused: number;
  /** Of the tickets, those voided (`voided`: a kiosk that failed to print, an officer). Added by the engine. */
  ticketsVoided: number;
  /** Citizens handed over to another service (`transferred`), where they were. Added by the engine. */
  transfers: number;
  /** Appointments for a day of the period (by their `time`), booked by SMS. */
  appointments: number;
  /** Appointments of the period cancelled (by the citizen, an officer or a change of configuration): not in `appointments`. Added by the engine. */
  appointmentsCancelled: number;
  /** Of those, the citizen came (checked in or called). */
  appointmentsKept: number;
  /** Of those, ended as no-shows. */
  noShows: number;
  /** noShows / (appointmentsKept + noShows), to 0.1 %; null when neither. */
  noShowPercent: number | null;
  /** Of the citizens served, the share who had booked by SMS, to 0.1 %; null when none. */
  bookedPercent: number | null;
  /** Citizens served (`served`). */
  served: number;
  /** From the first call to the next citizen or the counter's pause: the service time. */
  serviceTime: { count: number; median: Minutes; mean: Minutes };
  wait: WaitFigures;
  sms: {
    /** SMS received from citizens (`sms` inputs). */
    received: number;
    /** SMS sent (`sms_out`), and their segments. */
    sent: number;
    segments: number;
    /** segments × the configured price of a segment, đồng. */
    cost: number;
  };
  ratings: {
    verySatisfied: number;
    satisfied: number;
    unsatisfied: number;
    /** (verySatisfied + satisfied) / all, to 0.1 %; null when none. */
    satisfiedPercent: number | null;
  };
  dossiers: {
    /** Dossiers received in the period (`dossier_received`). Added by the engine. */
    received: number;
    /** Dossiers whose result was ready in the period. */
    finished: number;
    early: number;
    onTime: number;
    late: number;
    /** (early + onTime) / finished, to 0.1 %; null when none. */
    inTimePercent: number | null;
  };
}

export interface StatsReport {
  query: StatsQuery;
  /** The whole period, under the query's service and counter filters. */
  total: Figures;
  /** One row per day, week (`2026-W48`) or month (`2026-11`) of the period, in order. */
  series: { period: string; from: string; to: string; figures: Figures }[];
  /** Per service (configured order), under the counter filter. */
  byService: { service: string; name: string; figures: Figures }[];
  /** Per counter (configured order), under the service filter. */
  byCounter: { counter: string; figures: Figures }[];
  /**
   * What the measured service times suggest for each service's `averageMinutes` (the
   * appointment grid), beside the configured value; null when too few were measured.
   */
  suggestedMinutes: { service: string; configured: number; measured: Minutes; count: number }[];
}

/** WaitFigures.histogram's bucket edges, minutes. */
export const WAIT_BUCKETS = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120] as const;
