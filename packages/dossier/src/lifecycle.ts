import type { OfficeConfig, OfficerConfig, ProcessConfig, ProcessStepConfig } from "@motcua/config";
import { replyAddress } from "@motcua/sms";
import { ReturnedArchive } from "./archive.js";
import { isDossierRef, shortRef } from "./codes.js";
import { DossierTexts, shown, smsSegments } from "./texts.js";
import { DeskTimers } from "./timers.js";
import type { DeskCtx, DossierRecord, OfficeDays, StepRecord } from "./types.js";
import { WorkingTime } from "./worktime.js";

// The dossier desk's state and its transitions (docs/dossiers.md): a step started, done, a
// dossier paused for a supplement and resumed; who gets a step; who is told by SMS. The inputs
// that lead here are checked in desk.ts, the deadlines fire in deadlines.ts.

export const HOUR = 3_600_000;
export const HOURS_PER_DAY = 8;

/** A counted step of a dossier's process, as it was when the dossier was received. */
export interface PlannedStep {
  name: string;
  role: ProcessStepConfig["role"];
  hours: number;
}

/** What the desk keeps beside a record: the process snapshot and the clocks' bookkeeping. */
export interface Entry {
  record: DossierRecord;
  /** The procedure's name at receipt (SMS texts). */
  procedureName: string;
  legalDays: number;
  plan: PlannedStep[];
  /** Bumped whenever the current step's timers stop counting (done, paused, resumed). */
  stepGen: number;
  /** Bumped whenever the dossier's due timer stops counting (paused, resumed, ready). */
  dossierGen: number;
  /** Working ms of the current step before the last pause (the reports' averages). */
  workedBefore: number;
  /** Working ms the dossier and its current step had left when paused (resume mode). */
  leftAtPause?: { dossier: number; step: number };
}

export interface DeskOptions {
  /** The office's reply form: strip diacritics unless the office sends them. Default: identity. */
  plain?: (text: string) => string;
}

export abstract class DeskLifecycle {
  protected config!: OfficeConfig;
  protected days!: OfficeDays;
  protected time!: WorkingTime;
  protected texts!: DossierTexts;
  protected officers = new Map<string, OfficerConfig>();
  /** Each service's leaders, in configuration order. */
  private leaders = new Map<string, string[]>();
  protected readonly plain: (text: string) => string;
  /** Dossiers not yet returned; returned ones are in the archive, in columns. */
  protected readonly entries = new Map<string, Entry>();
  protected readonly archive = new ReturnedArchive();
  /** `261207-0001` → whole code, of the open dossiers (the archive has its own). */
  protected readonly byShort = new Map<string, string>();
  /** The last sequence number given on each office date. */
  protected readonly sequences = new Map<string, number>();
  /** Each officer's open steps: dossier codes whose current step is theirs. */
  protected readonly open = new Map<string, Set<string>>();
  protected readonly timers = new DeskTimers();

  constructor(config: OfficeConfig, days: OfficeDays, options: DeskOptions = {}) {
    this.plain = options.plain ?? ((t) => t);
    this.useConfig(config, days);
  }

  /**
   * A live configuration change: open dossiers keep the process they were received with and
   * their due instants; officers, phones, notices and texts follow the new configuration.
   */
  useConfig(config: OfficeConfig, days: OfficeDays): void {
    this.config = config;
    this.days = days;
    this.time = new WorkingTime(config.dossiers, days);
    this.texts = new DossierTexts(config.office.name, this.plain);
    this.officers = new Map(config.officers.map((o) => [o.id, o]));
    this.leaders = new Map(
      config.services.map((s) => [
        s.code,
        config.officers.filter((o) => this.has(o, "leader", s.code)).map((o) => o.id),
      ]),
    );
  }

  protected scheduleStep(entry: Entry, step: StepRecord, warnAt: number): void {
    const code = entry.record.code;
    if (!step.warned) this.timers.push(warnAt, "warning", code, entry.stepGen);
    if (!step.overdue) this.timers.push(step.due, "overdue", code, entry.stepGen);
  }

  // ---- the lifecycle --------------------------------------------------------------------

  /** Makes the next planned step current, its clock from `clockFrom`, and tells its officer (MQTT). */
  protected startStep(entry: Entry, ctx: DeskCtx, clockFrom: number): StepRecord {
    const r = entry.record;
    const index = r.steps.length;
    const plan = entry.plan[index] as PlannedStep;
    const officer = this.assignee(r, plan.role);
    const step: StepRecord = {
      step: index + 1,
      name: plan.name,
      role: plan.role,
      officer,
      startedAt: ctx.at,
      clockFrom,
      due: this.time.addHours(clockFrom, plan.hours),
      warned: false,
      overdue: false,
    };
    r.steps.push(step);
    this.assign(officer, r.code);
    entry.workedBefore = 0;
    r.handovers += 1;
    this.emitStarted(r, step, ctx);
    this.scheduleStep(entry, step, this.time.addHours(clockFrom, this.warningShare() * plan.hours));
    return step;
  }

  protected emitStarted(r: DossierRecord, step: StepRecord, ctx: DeskCtx): void {
    ctx.events.push({
      at: ctx.atText,
      type: "step_started",
      code: r.code,
      step: step.step,
      name: step.name,
      role: step.role as ProcessStepConfig["role"],
      officer: step.officer,
      due: this.days.format(step.due),
    });
  }

  /** Finishes the current step; starts the next (returned) or makes the result ready (undefined). */
  protected finishStep(entry: Entry, ctx: DeskCtx, acting: string): StepRecord | undefined {
    const r = entry.record;
    const step = this.current(entry) as StepRecord;
    step.doneAt = ctx.at;
    step.workedMs =
      entry.workedBefore + this.time.workingMsBetween(step.clockFrom, Math.max(step.clockFrom, ctx.at));
    step.status = ctx.at <= step.due ? "on_time" : "late";
    entry.stepGen += 1;
    this.unassign(step.officer, r.code);
    ctx.events.push({
      at: ctx.atText,
      type: "step_done",
      code: r.code,
      step: step.step,
      officer: step.officer,
      status: step.status,
    });
    if (r.steps.length < r.stepCount) {
      const next = this.startStep(entry, ctx, ctx.at);
      this.smsStepNotice(entry, next, ctx, acting);
      return next;
    }
    r.phase = "ready";
    r.readyAt = ctx.at;
    r.readyStatus =
      this.days.dateOf(ctx.at) < this.days.dateOf(r.due) ? "early" : ctx.at <= r.due ? "on_time" : "late";
    entry.dossierGen += 1;
    ctx.events.push({ at: ctx.atText, type: "dossier_result_ready", code: r.code, status: r.readyStatus });
    this.smsCitizen(entry, ctx, this.texts.resultReady(shortRef(r.code), entry.procedureName), acting);
    return undefined;
  }

  protected pause(entry: Entry, ctx: DeskCtx, acting: string, note: string | undefined): void {
    const r = entry.record;
    const step = this.current(entry) as StepRecord;
    const left = (from: number, due: number) =>
      ctx.at >= due ? 0 : this.time.workingMsBetween(Math.max(from, ctx.at), due);
    entry.leftAtPause = { dossier: left(r.countFrom, r.due), step: left(step.clockFrom, step.due) };
    entry.workedBefore += this.time.workingMsBetween(step.clockFrom, Math.max(step.clockFrom, ctx.at));
    r.phase = "paused";
    entry.stepGen += 1;
    entry.dossierGen += 1;
    ctx.events.push({
      at: ctx.atText,
      type: "dossier_paused",
      code: r.code,
      reason: "supplement",
      officer: acting,
    });
    this.smsCitizen(entry, ctx, this.texts.supplement(shortRef(r.code), note), acting);
  }

  protected resume(entry: Entry, ctx: DeskCtx, acting: string | undefined): void {
    const r = entry.record;
    const step = this.current(entry) as StepRecord;
    const plan = entry.plan[step.step - 1] as PlannedStep;
    const countFrom = this.time.countStart(ctx.at);
    const budget = plan.hours * HOUR;
    let warnAt: number;
    if (this.config.dossiers.afterSupplement === "resume") {
      const left = entry.leftAtPause ?? { dossier: 0, step: 0 };
      r.due = this.time.addHours(countFrom, left.dossier / HOUR);
      step.due = this.time.addHours(countFrom, left.step / HOUR);
      const toWarning = left.step - (1 - this.warningShare()) * budget;
      warnAt = this.time.addHours(countFrom, Math.max(0, toWarning) / HOUR);
    } else {
      // The law's default: the whole legal time again, and the step's whole budget.
      r.due = this.time.addHours(countFrom, entry.legalDays * HOURS_PER_DAY);
      step.due = this.time.addHours(countFrom, plan.hours);
      step.warned = false;
      step.overdue = false;
      r.late = false;
      delete r.newDue;
      warnAt = this.time.addHours(countFrom, this.warningShare() * plan.hours);
    }
    r.countFrom = countFrom;
    step.clockFrom = countFrom;
    r.phase = "in_progress";
    delete entry.leftAtPause;
    entry.stepGen += 1;
    entry.dossierGen += 1;
    ctx.events.push({
      at: ctx.atText,
      type: "dossier_resumed",
      code: r.code,
      countFrom: this.days.format(countFrom),
      due: this.days.format(r.due),
    });
    this.emitStarted(r, step, ctx);
    this.smsStepNotice(entry, step, ctx, acting);
    this.scheduleStep(entry, step, warnAt);
    if (!r.late) this.timers.push(r.due, "late", r.code, entry.dossierGen);
  }

  // ---- who --------------------------------------------------------------------------------

  /**
   * A step's officer: reception steps go to whoever received the dossier; others to the first
   * officer in configuration order with the role on the service and the fewest open steps.
   */
  protected assignee(r: DossierRecord, role: string): string {
    if (role === "reception" && this.officers.has(r.receivedBy)) return r.receivedBy;
    let best: OfficerConfig | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const o of this.config.officers) {
      if (!this.has(o, role, r.service)) continue;
      const n = this.open.get(o.id)?.size ?? 0;
      if (n < fewest) {
        best = o;
        fewest = n;
      }
    }
    // A configuration changed under an open dossier may leave nobody: the receiver keeps it.
    return best?.id ?? r.receivedBy;
  }

  protected has(o: OfficerConfig | undefined, role: string, service: string): boolean {
    return (
      (o?.roles.includes(role as OfficerConfig["roles"][number]) ?? false) &&
      (o?.services.includes(service) ?? false)
    );
  }

  protected leadersOf(service: string): string[] {
    return this.leaders.get(service) ?? [];
  }

  protected assign(officer: string, code: string): void {
    let set = this.open.get(officer);
    if (set === undefined) {
      set = new Set();
      this.open.set(officer, set);
    }
    set.add(code);
  }

  protected unassign(officer: string, code: string): void {
    this.open.get(officer)?.delete(code);
  }

  protected current(entry: Entry): StepRecord | undefined {
    const r = entry.record;
    if (r.phase !== "in_progress" && r.phase !== "paused") return undefined;
    const step = r.steps.at(-1);
    return step?.doneAt === undefined ? step : undefined;
  }

  protected entry(ref: string): Entry | undefined {
    if (!isDossierRef(ref)) return undefined;
    const trimmed = ref.trim().toUpperCase();
    const whole = this.lookup(trimmed);
    if (whole !== undefined) return whole;
    const short = shortRef(trimmed);
    const code = this.byShort.get(short) ?? this.archive.codeOf(short);
    if (code === undefined) return undefined;
    // A whole code must be this office's, not only end the same way.
    return trimmed.length === shortRef(trimmed).length || trimmed === code ? this.lookup(code) : undefined;
  }

  /** A dossier by its whole code; a returned one is rebuilt from the archive, to be read only. */
  private lookup(code: string): Entry | undefined {
    const open = this.entries.get(code);
    if (open !== undefined) return open;
    const returned = this.archive.get(code);
    if (returned === undefined) return undefined;
    return { ...returned, legalDays: 0, plan: [], stepGen: 0, dossierGen: 0, workedBefore: 0 };
  }

  /** A dossier handed back to its citizen: nothing changes it any more, into the archive. */
  protected archiveReturned(entry: Entry): void {
    this.archive.add(entry.record, entry.procedureName);
    this.entries.delete(entry.record.code);
    this.byShort.delete(shortRef(entry.record.code));
  }

  protected warningShare(): number {
    return this.config.dossiers.warningShare;
  }

  protected shown(t: number) {
    return shown(this.days.format(t));
  }

  // ---- telling --------------------------------------------------------------------------

  protected sms(entry: Entry, ctx: DeskCtx, to: string, text: string, acting: string | undefined): void {
    const address = replyAddress(to);
    if (address === undefined) return;
    entry.record.smsSegments += smsSegments(text);
    ctx.events.push({
      at: ctx.atText,
      type: "sms_out",
      to: address,
      text,
      ...(acting === undefined ? {} : { officer: acting }),
    });
  }

  protected smsCitizen(entry: Entry, ctx: DeskCtx, text: string, acting: string | undefined): void {
    if (entry.record.phone !== "") this.sms(entry, ctx, entry.record.phone, text, acting);
  }

  protected smsOfficer(entry: Entry, ctx: DeskCtx, id: string, text: string, acting?: string): void {
    const phone = this.officers.get(id)?.phone;
    if (this.config.dossiers.smsNotices && phone !== undefined) this.sms(entry, ctx, phone, text, acting);
  }

  protected smsStepNotice(entry: Entry, step: StepRecord, ctx: DeskCtx, acting: string | undefined): void {
    const r = entry.record;
    const text = this.texts.stepNotice(
      shortRef(r.code),
      step.step,
      r.stepCount,
      step.name,
      this.shown(step.due),
    );
    this.smsOfficer(entry, ctx, step.officer, text, acting);
  }
}

// One plan per process of a configuration, shared by its dossiers (fifty thousand in a half-year).
const plans = new WeakMap<ProcessConfig, PlannedStep[]>();

/** The counted steps of a process, as the dossier will follow them. */
export function plannedSteps(process: ProcessConfig): PlannedStep[] {
  let plan = plans.get(process);
  if (plan === undefined) {
    plan = process.steps
      .filter((s) => s.counted)
      .map((s) => ({ name: s.name, role: s.role, hours: s.hours ?? 0 }));
    plans.set(process, plan);
  }
  return plan;
}

export function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
