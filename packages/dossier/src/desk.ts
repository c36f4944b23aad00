import type { OfficeConfig, OfficerConfig, ProcessConfig, ProcessStepConfig } from "@motcua/config";
import type { ActionRefusal, DossierInput, SimEvent, StaffNotice, StaffTasks } from "@motcua/protocol";
import { replyAddress, senderKey } from "@motcua/sms";
import { dossierCode, isDossierRef, shortRef } from "./codes.js";
import { type DoneRefusal, DossierTexts, type StageFacts, shown, smsSegments } from "./texts.js";
import { type DeskTimer, DeskTimers } from "./timers.js";
import type { DeskCtx, DossierRecord, OfficeDays, StepRecord } from "./types.js";
import { WorkingTime } from "./worktime.js";

// The dossier desk (docs/dossiers.md): receives dossiers, hands each counted step to an officer,
// tells people, watches the deadlines and answers XONG and TT. Pure and deterministic like the
// queue core: time comes only from the ctx, every decision is an event pushed into it.

const HOUR = 3_600_000;
const HOURS_PER_DAY = 8;

/** A counted step of a dossier's process, as it was when the dossier was received. */
interface PlannedStep {
  name: string;
  role: ProcessStepConfig["role"];
  hours: number;
}

/** What the desk keeps beside a record: the process snapshot and the clocks' bookkeeping. */
interface Entry {
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

class Refusal {
  constructor(
    readonly reason: ActionRefusal,
    readonly why: string,
  ) {}
}
const refuse = (reason: ActionRefusal, why: string) => new Refusal(reason, why);

export interface DeskOptions {
  /** The office's reply form: strip diacritics unless the office sends them. Default: identity. */
  plain?: (text: string) => string;
}

export class DossierDesk {
  private config!: OfficeConfig;
  private days!: OfficeDays;
  private time!: WorkingTime;
  private texts!: DossierTexts;
  private officers = new Map<string, OfficerConfig>();
  private readonly plain: (text: string) => string;
  private readonly entries = new Map<string, Entry>();
  /** `261207-0001` → whole code. */
  private readonly byShort = new Map<string, string>();
  /** The last sequence number given on each office date. */
  private readonly sequences = new Map<string, number>();
  /** Each officer's open steps: dossier codes whose current step is theirs. */
  private readonly open = new Map<string, Set<string>>();
  private readonly timers = new DeskTimers();

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
  }

  /** Whether an SMS word names a dossier: its whole code or `261207-0001`, any case. */
  static isDossierRef(ref: string): boolean {
    return isDossierRef(ref);
  }

  get(ref: string): DossierRecord | undefined {
    return this.entry(ref)?.record;
  }

  records(): Iterable<DossierRecord> {
    return [...this.entries.values()].map((e) => e.record);
  }

  // ---- inputs ---------------------------------------------------------------------------

  /** Applies a dossier input: undefined when applied, else why it was refused (one `action_refused`). */
  handle(input: DossierInput, ctx: DeskCtx): string | undefined {
    const refusal = this.dispatch(input, ctx);
    if (refusal === undefined) return undefined;
    ctx.events.push({
      at: ctx.atText,
      type: "action_refused",
      action: input.type,
      reason: refusal.reason,
      ...(input.officer === undefined ? {} : { officer: input.officer }),
    });
    return `${input.type} refused (${refusal.reason}): ${refusal.why}`;
  }

  private dispatch(input: DossierInput, ctx: DeskCtx): Refusal | undefined {
    if (input.type === "dossier_receive") return this.receive(input, ctx);
    const entry = this.entry(input.code);
    if (entry === undefined) return refuse("not_found", `no dossier ${input.code}`);
    const r = entry.record;
    const acting = input.officer === undefined ? undefined : this.officers.get(input.officer);
    if (input.officer !== undefined && acting === undefined)
      return refuse("not_allowed", `${input.officer} is not an officer of this office`);
    switch (input.type) {
      case "step_done": {
        const step = this.current(entry);
        if (r.phase === "paused") return refuse("not_allowed", `${r.code} waits for a supplement`);
        if (step === undefined) return refuse("not_allowed", `${r.code} has no step in progress`);
        if (step.officer !== input.officer)
          return refuse("not_allowed", `step ${step.step} of ${r.code} is ${step.officer}'s`);
        this.finishStep(entry, ctx, input.officer);
        return undefined;
      }
      case "dossier_supplement": {
        const step = this.current(entry);
        if (r.phase !== "in_progress" || step === undefined)
          return refuse("not_allowed", `${r.code} is not in progress`);
        if (step.officer !== input.officer && !this.has(acting, "leader", r.service))
          return refuse(
            "not_allowed",
            `${input.officer} neither holds step ${step.step} nor leads ${r.service}`,
          );
        this.pause(entry, ctx, input.officer, input.note);
        return undefined;
      }
      case "dossier_supplied":
        if (r.phase !== "paused") return refuse("not_allowed", `${r.code} waits for no supplement`);
        if (acting !== undefined && !this.has(acting, "reception", r.service))
          return refuse("not_allowed", `${acting.id} is not a reception officer of ${r.service}`);
        this.resume(entry, ctx);
        return undefined;
      case "apology_approved": {
        if (!this.has(acting, "leader", r.service))
          return refuse("not_allowed", `${input.officer} is not a leader of ${r.service}`);
        if (!r.late || (r.phase !== "in_progress" && r.phase !== "paused"))
          return refuse("not_allowed", `${r.code} is not late and unfinished`);
        const newDue = Date.parse(input.newDue);
        if (!(newDue > ctx.at)) return refuse("invalid", `the new date ${input.newDue} is not in the future`);
        r.newDue = newDue;
        ctx.events.push({
          at: ctx.atText,
          type: "apology_sent",
          code: r.code,
          newDue: this.days.format(newDue),
          officer: input.officer,
        });
        this.smsCitizen(
          entry,
          ctx,
          this.texts.newDate(shortRef(r.code), entry.procedureName, this.shown(newDue)),
          input.officer,
        );
        return undefined;
      }
      case "dossier_returned":
        if (!this.has(acting, "reception", r.service))
          return refuse("not_allowed", `${input.officer} is not a reception officer of ${r.service}`);
        if (r.phase !== "ready") return refuse("not_allowed", `${r.code} has no result to return`);
        r.phase = "returned";
        r.returnedAt = ctx.at;
        ctx.events.push({ at: ctx.atText, type: "dossier_returned", code: r.code, officer: input.officer });
        return undefined;
      case "step_reassign": {
        if (!this.has(acting, "leader", r.service))
          return refuse("not_allowed", `${input.officer} is not a leader of ${r.service}`);
        const step = this.current(entry);
        if (step === undefined) return refuse("not_allowed", `${r.code} has no step in progress`);
        const to = this.officers.get(input.to);
        if (to === undefined) return refuse("not_found", `no officer ${input.to}`);
        if (!this.has(to, step.role, r.service))
          return refuse("invalid", `${to.id} is not ${step.role} of ${r.service}`);
        if (to.id === step.officer) return refuse("invalid", `step ${step.step} is ${to.id}'s already`);
        const from = step.officer;
        this.unassign(from, r.code);
        step.officer = to.id;
        this.assign(to.id, r.code);
        r.handovers += 1;
        ctx.events.push({
          at: ctx.atText,
          type: "step_reassigned",
          code: r.code,
          step: step.step,
          from,
          to: to.id,
          officer: input.officer,
        });
        this.smsStepNotice(entry, step, ctx, input.officer);
        return undefined;
      }
    }
  }

  private receive(
    input: Extract<DossierInput, { type: "dossier_receive" }>,
    ctx: DeskCtx,
  ): Refusal | undefined {
    const officer = this.officers.get(input.officer);
    if (officer === undefined)
      return refuse("not_allowed", `${input.officer} is not an officer of this office`);
    const procedure = this.config.procedures.find((p) => p.code === input.procedure);
    if (procedure === undefined) return refuse("invalid", `no procedure ${input.procedure}`);
    const process = this.config.processes.find((p) => p.procedures.includes(procedure.code));
    if (process === undefined)
      return refuse("invalid", `procedure ${procedure.code} has no internal process`);
    if (!this.has(officer, "reception", procedure.service))
      return refuse("not_allowed", `${officer.id} is not a reception officer of ${procedure.service}`);

    const date = this.days.dateOf(ctx.at);
    const sequence = (this.sequences.get(date) ?? 0) + 1;
    this.sequences.set(date, sequence);
    const code = dossierCode(this.config.dossiers.unitCode, date, sequence);
    const countFrom = this.time.countStart(ctx.at);
    const plan = plannedSteps(process);
    const due = this.time.addHours(countFrom, process.legalDays * HOURS_PER_DAY);
    const phone = input.phone?.trim() ?? "";
    const record: DossierRecord = {
      code,
      procedure: procedure.code,
      service: procedure.service,
      name: input.name,
      phone,
      receivedBy: officer.id,
      ...(input.counter === undefined ? {} : { counter: input.counter }),
      receivedAt: ctx.at,
      countFrom,
      due,
      phase: "in_progress",
      steps: [],
      stepCount: plan.length,
      late: false,
      handovers: 0,
      smsSegments: 0,
    };
    const entry: Entry = {
      record,
      procedureName: procedure.name,
      legalDays: process.legalDays,
      plan,
      stepGen: 0,
      dossierGen: 0,
      workedBefore: 0,
    };
    this.entries.set(code, entry);
    this.byShort.set(shortRef(code), code);
    ctx.events.push({
      at: ctx.atText,
      type: "dossier_received",
      code,
      procedure: procedure.code,
      service: procedure.service,
      name: input.name,
      phone,
      countFrom: this.days.format(countFrom),
      due: this.days.format(due),
      officer: officer.id,
      ...(input.counter === undefined ? {} : { counter: input.counter }),
    });
    const step = this.startStep(entry, ctx, countFrom);
    this.smsCitizen(
      entry,
      ctx,
      this.texts.receipt(code, shortRef(code), procedure.name, this.shown(due)),
      officer.id,
    );
    this.smsStepNotice(entry, step, ctx, officer.id);
    this.timers.push(due, "late", code, entry.dossierGen);
    return undefined;
  }

  // ---- SMS commands ---------------------------------------------------------------------

  /** `XONG <ref>`: the current step's officer, from their registered phone, finishes it. */
  smsDone(ref: string, from: string, ctx: DeskCtx): void {
    const entry = this.entry(ref);
    if (entry === undefined) {
      this.reject(ctx, from, "not_found", this.texts.notFound(ref));
      return;
    }
    const r = entry.record;
    const key = senderKey(from);
    const officer = this.config.officers.find((o) => o.phone !== undefined && senderKey(o.phone) === key);
    const step = this.current(entry);
    const short = shortRef(r.code);
    let why: DoneRefusal | undefined;
    if (officer === undefined) why = { why: "unknown_phone" };
    else if (r.phase === "paused") why = { why: "paused" };
    else if (step === undefined) why = { why: "finished" };
    else if (step.officer !== officer.id) why = { why: "not_theirs", step: step.step };
    if (why !== undefined || officer === undefined || step === undefined) {
      this.reject(ctx, from, "not_allowed", this.texts.doneRefused(short, why ?? { why: "finished" }));
      return;
    }
    const next = this.finishStep(entry, ctx, officer.id);
    const reply =
      next === undefined
        ? this.texts.doneReady(short, step.step, replyAddress(r.phone) !== undefined)
        : this.texts.doneNext(
            short,
            step.step,
            next.step,
            next.name,
            this.officers.get(next.officer)?.name ?? next.officer,
          );
    this.sms(entry, ctx, from, reply, officer.id);
  }

  /** `TT <ref>` from any phone: the stage, the due date, on time or not; nothing personal. */
  smsStatus(ref: string, from: string, ctx: DeskCtx): void {
    const entry = this.entry(ref);
    if (entry === undefined) {
      this.reject(ctx, from, "not_found", this.texts.notFound(ref));
      return;
    }
    const to = replyAddress(from);
    if (to === undefined) return;
    ctx.events.push({
      at: ctx.atText,
      type: "sms_out",
      to,
      text: this.texts.status(shortRef(entry.record.code), this.stageOf(entry, ctx.at)),
    });
  }

  private stageOf(entry: Entry, at: number): StageFacts {
    const r = entry.record;
    switch (r.phase) {
      case "paused":
        return { stage: "paused" };
      case "ready":
        return { stage: "ready", status: r.readyStatus ?? "on_time" };
      case "returned":
        return { stage: "returned" };
      case "in_progress": {
        const step = this.current(entry) as StepRecord;
        const due = r.newDue ?? r.due;
        return {
          stage: "in_progress",
          step: step.step,
          of: r.stepCount,
          name: step.name,
          due: this.shown(due),
          late: at > r.due,
          newDue: r.newDue !== undefined,
        };
      }
    }
  }

  private reject(ctx: DeskCtx, from: string, reason: "not_found" | "not_allowed", text: string): void {
    ctx.events.push({ at: ctx.atText, type: "rejected", from, reason });
    const to = replyAddress(from);
    if (to !== undefined) ctx.events.push({ at: ctx.atText, type: "sms_out", to, text });
  }

  // ---- timers ---------------------------------------------------------------------------

  /** The earliest live timer's instant; the core fires it for inputs strictly after it. */
  nextTimerAt(): number | undefined {
    for (;;) {
      const top = this.timers.peek();
      if (top === undefined) return undefined;
      if (this.isLive(top)) return top.at;
      this.timers.pop();
    }
  }

  /** Fires the earliest live timer; its events carry the timer's own time. */
  fireNextTimer(events: SimEvent[]): void {
    if (this.nextTimerAt() === undefined) return;
    const timer = this.timers.pop() as DeskTimer;
    const entry = this.entries.get(timer.code) as Entry;
    const ctx: DeskCtx = { at: timer.at, atText: this.days.format(timer.at), events };
    const r = entry.record;
    if (timer.kind === "late") {
      r.late = true;
      ctx.events.push({ at: ctx.atText, type: "dossier_late", code: r.code, due: this.days.format(r.due) });
      const text = this.texts.apology(shortRef(r.code), entry.procedureName, this.shown(r.due));
      for (const leader of this.leadersOf(r.service)) this.smsOfficer(entry, ctx, leader, text);
      return;
    }
    const step = this.current(entry) as StepRecord;
    const holder = this.officers.get(step.officer)?.name ?? step.officer;
    const notified = unique([step.officer, ...this.leadersOf(r.service)]);
    const short = shortRef(r.code);
    const due = this.shown(step.due);
    const common = {
      at: ctx.atText,
      code: r.code,
      step: step.step,
      officer: step.officer,
      due: this.days.format(step.due),
      notified,
    };
    let text: string;
    if (timer.kind === "warning") {
      step.warned = true;
      ctx.events.push({ type: "step_warning", ...common });
      text = this.texts.warning(short, step.step, step.name, holder, due);
    } else {
      step.overdue = true;
      ctx.events.push({ type: "step_overdue", ...common });
      text = this.texts.overdue(short, step.step, step.name, holder, due);
    }
    for (const id of notified) this.smsOfficer(entry, ctx, id, text);
  }

  private isLive(t: DeskTimer): boolean {
    const entry = this.entries.get(t.code);
    if (entry === undefined) return false;
    const r = entry.record;
    if (r.phase !== "in_progress") return false;
    if (t.kind === "late") return t.gen === entry.dossierGen && !r.late;
    const step = this.current(entry);
    if (step === undefined || t.gen !== entry.stepGen) return false;
    return t.kind === "warning" ? !step.warned : !step.overdue;
  }

  private scheduleStep(entry: Entry, step: StepRecord, warnAt: number): void {
    const code = entry.record.code;
    if (!step.warned) this.timers.push(warnAt, "warning", code, entry.stepGen);
    if (!step.overdue) this.timers.push(step.due, "overdue", code, entry.stepGen);
  }

  // ---- the lifecycle --------------------------------------------------------------------

  /** Makes the next planned step current, its clock from `clockFrom`, and tells its officer (MQTT). */
  private startStep(entry: Entry, ctx: DeskCtx, clockFrom: number): StepRecord {
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

  private emitStarted(r: DossierRecord, step: StepRecord, ctx: DeskCtx): void {
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
  private finishStep(entry: Entry, ctx: DeskCtx, acting: string): StepRecord | undefined {
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

  private pause(entry: Entry, ctx: DeskCtx, acting: string, note: string | undefined): void {
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

  private resume(entry: Entry, ctx: DeskCtx): void {
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
    this.smsStepNotice(entry, step, ctx, undefined);
    this.scheduleStep(entry, step, warnAt);
    if (!r.late) this.timers.push(r.due, "late", r.code, entry.dossierGen);
  }

  // ---- who --------------------------------------------------------------------------------

  /**
   * A step's officer: reception steps go to whoever received the dossier; others to the first
   * officer in configuration order with the role on the service and the fewest open steps.
   */
  private assignee(r: DossierRecord, role: string): string {
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

  private has(o: OfficerConfig | undefined, role: string, service: string): boolean {
    return (
      (o?.roles.includes(role as OfficerConfig["roles"][number]) ?? false) &&
      (o?.services.includes(service) ?? false)
    );
  }

  private leadersOf(service: string): string[] {
    return this.config.officers.filter((o) => this.has(o, "leader", service)).map((o) => o.id);
  }

  private assign(officer: string, code: string): void {
    let set = this.open.get(officer);
    if (set === undefined) {
      set = new Set();
      this.open.set(officer, set);
    }
    set.add(code);
  }

  private unassign(officer: string, code: string): void {
    this.open.get(officer)?.delete(code);
  }

  private current(entry: Entry): StepRecord | undefined {
    const r = entry.record;
    if (r.phase !== "in_progress" && r.phase !== "paused") return undefined;
    const step = r.steps.at(-1);
    return step?.doneAt === undefined ? step : undefined;
  }

  private entry(ref: string): Entry | undefined {
    if (!isDossierRef(ref)) return undefined;
    const trimmed = ref.trim().toUpperCase();
    const whole = this.entries.get(trimmed);
    if (whole !== undefined) return whole;
    const code = this.byShort.get(shortRef(trimmed));
    if (code === undefined) return undefined;
    // A whole code must be this office's, not only end the same way.
    return trimmed.length === shortRef(trimmed).length || trimmed === code
      ? this.entries.get(code)
      : undefined;
  }

  private warningShare(): number {
    return this.config.dossiers.warningShare;
  }

  private shown(t: number) {
    return shown(this.days.format(t));
  }

  // ---- telling --------------------------------------------------------------------------

  private sms(entry: Entry, ctx: DeskCtx, to: string, text: string, acting: string | undefined): void {
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

  private smsCitizen(entry: Entry, ctx: DeskCtx, text: string, acting: string | undefined): void {
    if (entry.record.phone !== "") this.sms(entry, ctx, entry.record.phone, text, acting);
  }

  private smsOfficer(entry: Entry, ctx: DeskCtx, id: string, text: string, acting?: string): void {
    const phone = this.officers.get(id)?.phone;
    if (this.config.dossiers.smsNotices && phone !== undefined) this.sms(entry, ctx, phone, text, acting);
  }

  private smsStepNotice(entry: Entry, step: StepRecord, ctx: DeskCtx, acting: string | undefined): void {
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

  // ---- what officers see -----------------------------------------------------------------

  /** The officer's open steps (`staff/{officer}/tasks`), the most urgent first. */
  tasksOf(officer: string): StaffTasks {
    const tasks: { due: number; code: string; task: StaffTasks[number] }[] = [];
    for (const code of this.open.get(officer) ?? []) {
      const entry = this.entries.get(code) as Entry;
      const step = this.current(entry);
      if (step === undefined || step.officer !== officer) continue;
      tasks.push({
        due: step.due,
        code,
        task: {
          code,
          procedure: entry.record.procedure,
          step: step.step,
          name: step.name,
          due: this.days.format(step.due),
          state: step.overdue ? "overdue" : step.warned ? "warning" : "on_time",
          paused: entry.record.phase === "paused",
        },
      });
    }
    // Running steps before paused ones (their clocks stand still), then by due instant.
    tasks.sort(
      (a, b) =>
        Number(a.task.paused) - Number(b.task.paused) ||
        a.due - b.due ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
    return tasks.map((t) => t.task);
  }

  /** Who an event tells on `staff/{officer}/inbox`, and what. */
  noticesOf(event: SimEvent): { officer: string; notice: StaffNotice }[] {
    const notice = (kind: StaffNotice["kind"], code: string, step: number, due: string) => ({
      kind,
      code,
      step,
      due,
      at: event.at,
    });
    switch (event.type) {
      case "step_started":
        return [{ officer: event.officer, notice: notice("step", event.code, event.step, event.due) }];
      case "step_reassigned": {
        const step = this.entries.get(event.code)?.record.steps[event.step - 1];
        if (step === undefined) return [];
        return [
          { officer: event.to, notice: notice("step", event.code, event.step, this.days.format(step.due)) },
        ];
      }
      case "step_warning":
      case "step_overdue": {
        const kind = event.type === "step_warning" ? "warning" : "overdue";
        return event.notified.map((officer) => ({
          officer,
          notice: notice(kind, event.code, event.step, event.due),
        }));
      }
      case "dossier_late": {
        const r = this.entries.get(event.code)?.record;
        if (r === undefined) return [];
        const step = r.steps.at(-1)?.step ?? 1;
        return this.leadersOf(r.service).map((officer) => ({
          officer,
          notice: notice("apology", event.code, step, event.due),
        }));
      }
      default:
        return [];
    }
  }
}

/** The counted steps of a process, as the dossier will follow them. */
function plannedSteps(process: ProcessConfig): PlannedStep[] {
  return process.steps
    .filter((s) => s.counted)
    .map((s) => ({ name: s.name, role: s.role, hours: s.hours ?? 0 }));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
