import type { OfficeConfig } from "@motcua/config";
import type { ActionRefusal, DossierInput } from "@motcua/protocol";
import { replyAddress, senderKey } from "@motcua/sms";
import { dossierCode, isDossierRef, shortRef } from "./codes.js";
import { DeskDeadlines } from "./deadlines.js";
import { type DeskOptions, type Entry, HOURS_PER_DAY, plannedSteps } from "./lifecycle.js";
import type { DoneRefusal, StageFacts } from "./texts.js";
import type { DeskCtx, DossierRecord, OfficeDays, StepRecord } from "./types.js";

export type { DeskOptions } from "./lifecycle.js";

// The dossier desk (docs/dossiers.md): receives dossiers, hands each counted step to an officer,
// tells people, watches the deadlines and answers XONG and TT. Pure and deterministic like the
// queue core: time comes only from the ctx, every decision is an event pushed into it. This file
// checks who may do what; lifecycle.ts changes the state, deadlines.ts fires the timers.

class Refusal {
  constructor(
    readonly reason: ActionRefusal,
    readonly why: string,
  ) {}
}
const refuse = (reason: ActionRefusal, why: string) => new Refusal(reason, why);

export class DossierDesk extends DeskDeadlines {
  constructor(config: OfficeConfig, days: OfficeDays, options: DeskOptions = {}) {
    super(config, days, options);
  }

  /** Whether an SMS word names a dossier: its whole code or `261207-0001`, any case. */
  static isDossierRef(ref: string): boolean {
    return isDossierRef(ref);
  }

  get(ref: string): DossierRecord | undefined {
    return this.entry(ref)?.record;
  }

  /**
   * Every dossier received, in order of receipt; `{ returned: false }` leaves out those handed
   * back (what an officer's open work needs, without rebuilding the archive's records).
   */
  *records(options: { returned?: boolean } = {}): IterableIterator<DossierRecord> {
    if (options.returned === false) {
      for (const entry of this.entries.values()) yield entry.record;
      return;
    }
    // Both in receipt order: merge them.
    const order = this.archive.receiptOrder();
    let i = 0;
    for (const entry of this.entries.values()) {
      while (i < order.length && this.archive.receivedAt(order[i] as number) <= entry.record.receivedAt)
        yield this.archive.record(order[i++] as number);
      yield entry.record;
    }
    while (i < order.length) yield this.archive.record(order[i++] as number);
  }

  /** How many dossiers were received: open ones and returned ones. */
  get size(): number {
    return this.entries.size + this.archive.size;
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
        this.resume(entry, ctx, input.officer);
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
        this.archiveReturned(entry);
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
}
