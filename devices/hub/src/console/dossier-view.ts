import type { OfficeConfig, OfficerConfig } from "@motcua/config";
import { type DossierRecord, type OfficeDays, type StepRecord, WorkingTime } from "@motcua/dossier";

// What the console shows of dossiers (docs/console.md, "Hồ sơ / Dossiers"): pure functions of
// the desk's records, the configuration in force and the hub's clock. Nothing here is stored:
// every deadline state is computed again from the records at each request.

/**
 * How a step (or a dossier) stands now: on time, past the warning share of its budget, past its
 * due instant, waiting for the citizen's supplement (its clock stopped), or with its result ready
 * (waiting to be handed over), or handed over.
 */
export type Urgency = "on_time" | "warning" | "overdue" | "paused" | "ready" | "returned";

/** The state of a dossier on the office's list, most pressing first. */
export type DossierState =
  | "overdue"
  | "step_overdue"
  | "warning"
  | "on_time"
  | "paused"
  | "ready"
  | "returned";

/** A step finished (or a hand-over) against its due instant. */
export type Timeliness = "early" | "on_time" | "late";

/** The clocks' context of one request. */
export interface ViewContext {
  config: OfficeConfig;
  days: OfficeDays;
  /** The hub's clock, epoch ms. */
  now: number;
  format: (instant: number) => string;
}

const workingTimes = new WeakMap<OfficeConfig, WorkingTime>();

/** The working-time clock of a configuration (cached: a configuration object never changes). */
export function workingTimeOf(config: OfficeConfig, days: OfficeDays): WorkingTime {
  let wt = workingTimes.get(config);
  if (!wt) {
    wt = new WorkingTime(config.dossiers, days);
    workingTimes.set(config, wt);
  }
  return wt;
}

/** The current step of a dossier in progress or paused: the last one started, not done. */
export function currentStep(record: DossierRecord): StepRecord | undefined {
  if (record.phase !== "in_progress" && record.phase !== "paused") return undefined;
  const last = record.steps[record.steps.length - 1];
  return last && last.doneAt === undefined ? last : undefined;
}

/**
 * A step's urgency now: paused while the dossier waits for a supplement; overdue once time has
 * passed its due instant; warning once it has used the warning share (80 %) of its budget in
 * working time (or the desk has warned); else on time.
 */
export function stepUrgency(record: DossierRecord, step: StepRecord, ctx: ViewContext): Urgency {
  if (step.doneAt !== undefined) return step.status === "late" ? "overdue" : "on_time";
  if (record.phase === "paused") return "paused";
  if (step.overdue || ctx.now > step.due) return "overdue";
  if (step.warned) return "warning";
  const wt = workingTimeOf(ctx.config, ctx.days);
  const budget = wt.workingMsBetween(step.clockFrom, step.due);
  const used = wt.workingMsBetween(step.clockFrom, ctx.now);
  return budget > 0 && used >= ctx.config.dossiers.warningShare * budget ? "warning" : "on_time";
}

/** The dossier's state on the office's list. */
export function dossierState(record: DossierRecord, ctx: ViewContext): DossierState {
  if (record.phase === "returned") return "returned";
  if (record.phase === "ready") return "ready";
  if (record.phase === "paused") return "paused";
  if (record.late || ctx.now > record.due) return "overdue";
  const step = currentStep(record);
  if (!step) return "on_time";
  const urgency = stepUrgency(record, step, ctx);
  return urgency === "overdue" ? "step_overdue" : urgency === "warning" ? "warning" : "on_time";
}

/**
 * Early (done on an earlier office day than its due instant's), on time (by its due instant),
 * late: the rule DOSSIERS.md gives dossiers, applied to each hand-over of the control sheet.
 */
export function timeliness(doneAt: number, due: number, days: OfficeDays): Timeliness {
  if (doneAt > due) return "late";
  return days.dateOf(doneAt) < days.dateOf(due) ? "early" : "on_time";
}

export const officerOf = (config: OfficeConfig, id: string): OfficerConfig | undefined =>
  config.officers.find((o) => o.id === id);

const nameOf = (config: OfficeConfig, id: string) => officerOf(config, id)?.name ?? id;
const procedureName = (config: OfficeConfig, code: string) =>
  config.procedures.find((p) => p.code === code)?.name ?? code;
const serviceName = (config: OfficeConfig, code: string) =>
  config.services.find((s) => s.code === code)?.name ?? code;

/** Whether `login` has had a part in the dossier: received it or held one of its steps. */
export function takesPart(record: DossierRecord, login: string): boolean {
  return record.receivedBy === login || record.steps.some((s) => s.officer === login);
}

/** One open task of an officer (`GET /api/dossiers/mine`). */
export interface Task {
  code: string;
  /** `step`: a counted step to finish; `return`: a result ready to hand over (reception). */
  kind: "step" | "return";
  procedure: string;
  procedureName: string;
  service: string;
  serviceName: string;
  /** The citizen: the officer works on the dossier. */
  name: string;
  phone: string;
  step: number | null;
  stepName: string;
  startedAt: string;
  /** The step's due instant; the dossier's (or its new date) for a result to hand over. */
  due: string;
  /** The dossier's due instant, and the new date an approved apology gave. */
  dossierDue: string;
  newDue: string | null;
  urgency: Urgency;
  receivedAt: string;
}

/** The officer's open steps, and the results they received and must hand over; soonest due first. */
export function tasksFor(records: Iterable<DossierRecord>, officer: string, ctx: ViewContext): Task[] {
  const { config, format } = ctx;
  const tasks: (Task & { dueAt: number })[] = [];
  for (const record of records) {
    const base = {
      code: record.code,
      procedure: record.procedure,
      procedureName: procedureName(config, record.procedure),
      service: record.service,
      serviceName: serviceName(config, record.service),
      name: record.name,
      phone: record.phone,
      dossierDue: format(record.due),
      newDue: record.newDue === undefined ? null : format(record.newDue),
      receivedAt: format(record.receivedAt),
    };
    const step = currentStep(record);
    if (step && step.officer === officer)
      tasks.push({
        ...base,
        kind: "step",
        step: step.step,
        stepName: step.name,
        startedAt: format(step.startedAt),
        due: format(step.due),
        dueAt: step.due,
        urgency: stepUrgency(record, step, ctx),
      });
    else if (record.phase === "ready" && record.receivedBy === officer) {
      const due = record.newDue ?? record.due;
      tasks.push({
        ...base,
        kind: "return",
        step: null,
        stepName: "Trả kết quả cho công dân",
        startedAt: format(record.readyAt ?? record.receivedAt),
        due: format(due),
        dueAt: due,
        urgency: "ready",
      });
    }
  }
  return tasks
    .sort((a, b) => a.dueAt - b.dueAt || (a.code < b.code ? -1 : 1))
    .map(({ dueAt: _, ...task }) => task);
}

/** One dossier on the office's list (`GET /api/dossiers`). */
export interface ListedDossier {
  code: string;
  procedure: string;
  procedureName: string;
  service: string;
  serviceName: string;
  name: string;
  phase: DossierRecord["phase"];
  state: DossierState;
  step: number | null;
  stepName: string | null;
  officer: string | null;
  officerName: string | null;
  stepDue: string | null;
  receivedAt: string;
  due: string;
  newDue: string | null;
  readyStatus: Timeliness | null;
  /** Past its due instant unfinished, without an approved new date: the leader's apology to sign. */
  apologyPending: boolean;
}

export function apologyPending(record: DossierRecord, ctx: ViewContext): boolean {
  return (
    (record.phase === "in_progress" || record.phase === "paused") &&
    record.newDue === undefined &&
    (record.late || ctx.now > record.due)
  );
}

export function listed(record: DossierRecord, ctx: ViewContext): ListedDossier {
  const { config, format } = ctx;
  const step = currentStep(record);
  return {
    code: record.code,
    procedure: record.procedure,
    procedureName: procedureName(config, record.procedure),
    service: record.service,
    serviceName: serviceName(config, record.service),
    name: record.name,
    phase: record.phase,
    state: dossierState(record, ctx),
    step: step?.step ?? null,
    stepName: step?.name ?? null,
    officer: step?.officer ?? null,
    officerName: step ? nameOf(config, step.officer) : null,
    stepDue: step ? format(step.due) : null,
    receivedAt: format(record.receivedAt),
    due: format(record.due),
    newDue: record.newDue === undefined ? null : format(record.newDue),
    readyStatus: record.readyStatus ?? null,
    apologyPending: apologyPending(record, ctx),
  };
}

/** One row of the processing control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ). */
export interface SheetRow {
  /** What was handed over. */
  what: string;
  from: string;
  fromName: string;
  to: string;
  toName: string;
  at: string;
  /** How the giver's step went against its due instant; null for the receipt itself. */
  status: Timeliness | null;
  note: string;
}

/** The citizen, on the sheet's last hand-over. */
export const CITIZEN = "cong-dan";

/** A step given to another officer by a leader (`step_reassigned`, from the log). */
export interface Reassignment {
  step: number;
  from: string;
  to: string;
  at: number;
  /** The leader who reassigned it. */
  by?: string;
}

/**
 * The control sheet's rows: the receipt handed to the first step's officer, each step's officer
 * handing over to the next (with how the finished step went), a step a leader gave to another
 * officer, the result back to reception when the last counted step is done, and reception
 * handing it to the citizen.
 */
export function controlSheet(
  record: DossierRecord,
  ctx: ViewContext,
  reassignments: readonly Reassignment[] = [],
): SheetRow[] {
  const { config, days, format } = ctx;
  const rows: SheetRow[] = [];
  const reception = record.receivedBy;
  record.steps.forEach((step, i) => {
    const before = record.steps[i - 1];
    const from = before?.officer ?? reception;
    const moves = reassignments.filter((m) => m.step === step.step).sort((a, b) => a.at - b.at);
    // Who was given the step when it started: the first reassignment's giver, if any.
    const first = moves[0]?.from ?? step.officer;
    rows.push({
      what: step.name,
      from,
      fromName: nameOf(config, from),
      to: first,
      toName: nameOf(config, first),
      at: format(step.startedAt),
      status: before?.doneAt !== undefined ? timeliness(before.doneAt, before.due, days) : null,
      note: before ? `Xong bước ${before.step}: ${before.name}` : "Tiếp nhận hồ sơ",
    });
    for (const move of moves)
      rows.push({
        what: step.name,
        from: move.from,
        fromName: nameOf(config, move.from),
        to: move.to,
        toName: nameOf(config, move.to),
        at: format(move.at),
        status: null,
        note: move.by ? `${nameOf(config, move.by)} chuyển cán bộ xử lý` : "Chuyển cán bộ xử lý",
      });
  });
  const last = record.steps[record.steps.length - 1];
  if (record.readyAt !== undefined && last?.doneAt !== undefined)
    rows.push({
      what: "Kết quả giải quyết",
      from: last.officer,
      fromName: nameOf(config, last.officer),
      to: reception,
      toName: nameOf(config, reception),
      at: format(record.readyAt),
      status: timeliness(last.doneAt, last.due, days),
      note: `Xong bước ${last.step}: ${last.name}`,
    });
  if (record.returnedAt !== undefined)
    rows.push({
      what: "Trả kết quả cho công dân",
      from: reception,
      fromName: nameOf(config, reception),
      to: CITIZEN,
      toName: record.name,
      at: format(record.returnedAt),
      status: record.readyStatus ?? null,
      note: "Hồ sơ hoàn thành",
    });
  return rows;
}
