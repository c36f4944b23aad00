import type { OfficeConfig, ServiceConfig } from "@motcua/config";
import { DossierDesk } from "@motcua/dossier";
import type {
  Board,
  ConfigInput,
  CounterState,
  PressInput,
  SimEvent,
  SimInput,
  SmsInput,
  TicketInput,
} from "@motcua/protocol";
import { addDays, OfficeCalendar, type SessionWindow } from "./calendar.js";
import { CodeGenerator } from "./codes.js";
import { type BrokenBooking, configCancelledText, configImpact, readConfig } from "./config-change.js";
import { estimateTurn, type Target } from "./estimate.js";
import { firstFreeSlot, sessionCapacity } from "./grid.js";
import { audit, handleOfficerInput, type OfficerHost } from "./officer.js";
import { replyAddress, senderKey } from "./sms/codec.js";
import { resolveDate } from "./sms/dates.js";
import { type Command, isCodeLike, ProcedureIndex, parseLabel, parseMessage } from "./sms/grammar.js";
import { type BookingFacts, Replies } from "./sms/replies.js";
import {
  type Appointment,
  byWalkInOrder,
  type CounterRuntime,
  type Ctx,
  holdsSlot,
  isActive,
  labelOf,
  type PhoneRecord,
  recordOf,
  type Ticket,
  ticketFacts,
  type WalkIn,
} from "./state.js";
import { TimerQueue } from "./timers.js";

const MINUTE = 60_000;

export interface CoreOptions {
  /** Seeds the transaction-code generator (`simulate --seed`). */
  seed?: number;
}

/** What the core made of one input: the events, and why nothing happened when nothing did. */
export interface Decision {
  events: SimEvent[];
  /** A reason for an input that changed nothing (an unknown counter, next on a paused counter…). */
  ignored?: string;
}

/** An input the core cannot take at all (time going backwards). */
export class CoreInputError extends Error {
  readonly code = "CORE_INPUT";
}

/**
 * The queue core: every booking, numbering and calling rule of RULES.md. Pure and
 * deterministic: no clock, timers or I/O of its own. Time moves only with the inputs' `at`;
 * timers due at or before an input fire first, in time order, with their own time.
 */
export class QueueCore {
  // The configuration in force and what is made of it; a `config` input replaces them all.
  private inForce: OfficeConfig;
  private officeCalendar: OfficeCalendar;
  private officeReplies: Replies;
  private procedures: ProcedureIndex;
  private configVersion: ConfigVersion = { version: 0 };
  private readonly services = new Map<string, ServiceConfig>();
  private readonly procedureNames = new Map<string, { name: string; service: string }>();
  private readonly codes: CodeGenerator;
  private readonly timers = new TimerQueue();

  private readonly counters = new Map<string, CounterRuntime>();
  private readonly appointments = new Map<string, Appointment>();
  private readonly appointmentsByDate = new Map<string, Appointment[]>();
  private readonly walkIns = new Map<string, WalkIn[]>();
  private readonly lastNumber = new Map<string, number>();
  private readonly phones = new Map<string, PhoneRecord>();
  private readonly lastCalledLabel = new Map<string, string>();
  private clock = Number.NEGATIVE_INFINITY;
  private boundaryCursor = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private transfers = 0;
  /** The wall display's notice set from the console ("" for none): state, so a replay restores it. */
  private noticeText = "";
  /** What the officer actions (officer.ts) may read and do. */
  private officerHost: OfficerHost;
  /** Dossier tracking (@motcua/dossier): the same inputs, log and clock as the queue. */
  private readonly desk: DossierDesk;

  constructor(config: OfficeConfig, options: CoreOptions = {}) {
    this.codes = new CodeGenerator(options.seed ?? 0);
    this.inForce = config;
    this.officeCalendar = new OfficeCalendar(config);
    this.officeReplies = new Replies(config);
    this.procedures = new ProcedureIndex(config.procedures);
    this.desk = new DossierDesk(config, this.officeCalendar, {
      plain: (text) => this.officeReplies.out(text),
    });
    this.officerHost = this.useConfig(config);
  }

  /** The dossiers of the office: their records, the officers' tasks and notices, the reports' input. */
  get dossiers(): DossierDesk {
    return this.desk;
  }

  /** The office configuration in force: the one constructed with, or the last `config` input's. */
  get config(): OfficeConfig {
    return this.inForce;
  }

  get calendar(): OfficeCalendar {
    return this.officeCalendar;
  }

  get replies(): Replies {
    return this.officeReplies;
  }

  /** How many `config` inputs have changed the office, and the last one's time, officer and source. */
  get configState(): Readonly<ConfigVersion> {
    return this.configVersion;
  }

  /**
   * Puts a configuration in force. The state stays: counters keep their pause and their
   * citizen (a counter the office lost is dropped; its citizen was finished before), services
   * and procedures are looked up anew, so the next decision follows the new rules.
   */
  private useConfig(config: OfficeConfig): OfficerHost {
    this.inForce = config;
    this.officeCalendar = new OfficeCalendar(config);
    this.officeReplies = new Replies(config);
    this.procedures = new ProcedureIndex(config.procedures);
    this.services.clear();
    for (const s of config.services) this.services.set(s.code, s);
    this.procedureNames.clear();
    for (const p of config.procedures) this.procedureNames.set(p.code, { name: p.name, service: p.service });
    const runtimes = new Map(this.counters);
    this.counters.clear();
    for (const c of config.counters) {
      const services = config.services.filter((s) => s.counters.includes(c.id)).map((s) => s.code);
      const runtime = runtimes.get(c.id) ?? { id: c.id, services, paused: false };
      runtime.services = services;
      this.counters.set(c.id, runtime);
    }
    this.officerHost = this.hostForOfficers();
    this.desk.useConfig(config, this.officeCalendar);
    return this.officerHost;
  }

  /** The bookings a change to `next` at `now` would break (docs/rules.md "Configuration changes"). */
  impactOf(next: OfficeConfig, now: number = this.clock): BrokenBooking[] {
    return configImpact(this.allAppointments(), this.inForce, next, now);
  }

  /** The current time of the core: the `at` of the last input or tick. */
  get now(): number {
    return this.clock;
  }

  handle(input: SimInput): SimEvent[] {
    return this.decide(input).events;
  }

  decide(input: SimInput): Decision {
    const at = Date.parse(input.at);
    if (Number.isNaN(at)) throw new CoreInputError(`not a time: ${input.at}`);
    if (at < this.clock) {
      throw new CoreInputError(
        `time goes backwards: ${input.at} is before ${this.calendar.format(this.clock)}`,
      );
    }
    const events: SimEvent[] = [];
    this.advanceTo(at, events);
    const ctx: Ctx = { at, atText: input.at, events };
    let ignored: string | undefined;
    switch (input.type) {
      case "sms":
        ignored = this.onSms(input, ctx);
        break;
      case "ticket":
        this.onTicket(input, ctx);
        break;
      case "press":
        ignored = this.onPress(input, ctx);
        break;
      case "checkin":
      case "call":
      case "transfer":
      case "void":
      case "officer_cancel":
      case "unblock":
      case "rating":
        ignored = handleOfficerInput(this.officerHost, input, ctx);
        break;
      case "config":
        ignored = this.onConfig(input, ctx);
        break;
      case "dossier_receive":
      case "step_done":
      case "dossier_supplement":
      case "dossier_supplied":
      case "apology_approved":
      case "dossier_returned":
      case "step_reassign":
        ignored = this.desk.handle(input, ctx);
        break;
      case "notice":
        this.noticeText = input.text;
        events.push({ at: input.at, type: "notice", text: input.text, officer: input.officer });
        break;
      case "tick":
        break;
    }
    return ignored === undefined ? { events } : { events, ignored };
  }

  // ---- time and timers --------------------------------------------------------------------

  /** Fires, in time order, every timer and session boundary due at or before `to`. */
  private advanceTo(to: number, events: SimEvent[]): void {
    if (this.boundaryCursor === Number.NEGATIVE_INFINITY) {
      // The first input opens the log: nothing can be due before its own day.
      this.boundaryCursor = this.calendar.instantOf(this.calendar.dateOf(to), 0) - 1;
    }
    for (;;) {
      this.skipIdleDays(to);
      const boundary = this.calendar.nextBoundaryAfter(this.boundaryCursor);
      const timer = this.timers.peek();
      const boundaryAt = boundary && boundary.at <= to ? boundary.at : Number.POSITIVE_INFINITY;
      const timerAt = timer && timer.at <= to ? timer.at : Number.POSITIVE_INFINITY;
      // A dossier's deadline is told once time has *passed* it (DOSSIERS.md): after the inputs
      // of its own instant, so strictly before `to`, and after the queue's timers of that instant.
      const deskNext = this.desk.nextTimerAt();
      const deskAt = deskNext !== undefined && deskNext < to ? deskNext : Number.POSITIVE_INFINITY;
      if (deskAt < boundaryAt && deskAt < timerAt) {
        this.clock = Math.max(this.clock, deskAt);
        this.desk.fireNextTimer(events);
        continue;
      }
      if (boundaryAt === Number.POSITIVE_INFINITY && timerAt === Number.POSITIVE_INFINITY) break;
      if (boundary && boundaryAt <= timerAt) {
        this.clock = Math.max(this.clock, boundary.at);
        this.boundaryCursor = boundary.at;
        this.onBoundary(boundary.at, boundary.kind, boundary.lastOfDay, events);
      } else if (timer) {
        this.timers.pop();
        this.clock = Math.max(this.clock, timer.at);
        const ctx: Ctx = { at: timer.at, atText: this.calendar.format(timer.at), events };
        if (timer.kind === "grace") this.onGraceEnd(timer.code, ctx);
        else this.onAppointmentDue(timer.code, ctx);
      }
    }
    this.clock = to;
  }

  /**
   * Jumps over the whole days before `to` (or before the next timer) in which nothing can
   * happen, so that a long gap between two inputs costs what one day does, not what every day
   * in it does (a year-9999 `at` would otherwise walk some three million days). Nothing
   * happens in such a day when no timer falls in it and no counter is serving anyone: its
   * session boundaries give no event, and their only effect — the ratings of the last citizens
   * forgotten, the end of the last working day's bookkeeping — is done once here.
   */
  private skipIdleDays(to: number): void {
    const until = Math.min(
      to,
      this.timers.peek()?.at ?? Number.POSITIVE_INFINITY,
      this.desk.nextTimerAt() ?? Number.POSITIVE_INFINITY,
    );
    const fromDay = this.calendar.dateOf(this.boundaryCursor);
    const beforeDay = addDays(this.calendar.dateOf(until), -1);
    if (beforeDay <= fromDay) return;
    for (const counter of this.counters.values()) if (counter.serving) return;
    // The last working day the jump passes over: its day's end is the last boundary skipped.
    let lastWorking: string | undefined;
    for (let day = beforeDay, i = 0; day > fromDay && i < 400; day = addDays(day, -1), i++) {
      if (this.calendar.sessionsOf(day).length > 0) {
        lastWorking = day;
        break;
      }
    }
    if (lastWorking === undefined) return; // only closed days: the usual walk costs little
    const lastEnd = this.calendar.sessionsOf(lastWorking).at(-1)?.end as number;
    for (const counter of this.counters.values()) counter.lastServed = undefined;
    this.endOfDay(lastWorking);
    this.boundaryCursor = lastEnd;
    this.clock = Math.max(this.clock, lastEnd);
  }

  /**
   * A session starts or ends: the citizen being served counts as served, every counter is idle.
   * A new session also ends the ratings of the last one's citizens.
   */
  private onBoundary(at: number, kind: "start" | "end", lastOfDay: boolean, events: SimEvent[]): void {
    const ctx: Ctx = { at, atText: this.calendar.format(at), events };
    if (kind === "start") for (const counter of this.counters.values()) counter.lastServed = undefined;
    for (const counter of this.counters.values()) this.finishServing(counter, ctx);
    if (lastOfDay) this.endOfDay(this.calendar.dateOf(at));
  }

  /** Walk-in numbers not yet called lapse; old days are dropped so a hub can run for months. */
  private endOfDay(date: string): void {
    for (const w of this.walkIns.get(date) ?? []) if (w.status === "waiting") w.status = "lapsed";
    this.lastCalledLabel.clear();
    for (const day of [...this.walkIns.keys()]) if (day < date) this.walkIns.delete(day);
    const keepFrom = addDays(date, -31);
    for (const [day, list] of [...this.appointmentsByDate]) {
      if (day >= keepFrom) continue;
      for (const a of list) this.appointments.delete(a.code);
      this.appointmentsByDate.delete(day);
    }
    for (const key of [...this.lastNumber.keys()])
      if (key.slice(0, 10) < keepFrom) this.lastNumber.delete(key);
  }

  /**
   * An appointment's time has come: an idle counter of its service calls by itself — its own
   * counter first, then the others. An idle counter calls the earliest due appointment it
   * serves, which may be an earlier one still waiting (its counter was busy or paused then).
   */
  private onAppointmentDue(code: string, ctx: Ctx): void {
    const a = this.appointments.get(code);
    if (a?.status !== "booked") return;
    const service = this.services.get(a.service);
    if (!service) return;
    const candidates = [a.counter, ...service.counters.filter((c) => c !== a.counter)];
    for (const id of candidates) {
      const counter = this.counters.get(id);
      if (!counter || counter.paused || counter.serving || !service.counters.includes(id)) continue;
      const earliest = this.dueAppointments(counter, ctx.at, false)[0];
      if (!earliest) continue;
      this.call(counter, { kind: "appointment", appointment: earliest }, ctx);
      if (earliest === a) return;
    }
  }

  /**
   * Today's appointments a counter may call now, earliest slot first: booked ones whose time
   * has come and, for a press of next, skipped ones still in their grace period (called once
   * more). None once the day's last session has ended.
   */
  private dueAppointments(counter: CounterRuntime, now: number, withGrace: boolean): Appointment[] {
    const today = this.calendar.dateOf(now);
    const dayEnd = this.calendar.sessionsOf(today).at(-1)?.end ?? Number.NEGATIVE_INFINITY;
    if (now >= dayEnd) return [];
    const grace = this.config.rules.graceMinutes * MINUTE;
    return (this.appointmentsByDate.get(today) ?? [])
      .filter(
        (a) =>
          counter.services.includes(a.service) &&
          a.time <= now &&
          (a.status === "booked" ||
            (withGrace && a.status === "grace" && !a.recalled && now < (a.firstCalledAt ?? 0) + grace)),
      )
      .sort(byTimeThenSeq);
  }

  /** The grace period of a skipped appointment ends: it is a no-show. */
  private onGraceEnd(code: string, ctx: Ctx): void {
    const a = this.appointments.get(code);
    if (a?.status !== "grace") return;
    a.status = "no_show";
    ctx.events.push({ at: ctx.atText, type: "cancelled", code: a.code, reason: "no_show" });
    const record = this.phone(a.phoneKey);
    record.noShows += 1;
    const blockNow = !record.blocked && record.noShows > this.config.rules.maxNoShows;
    if (blockNow) {
      record.blocked = true;
      record.blockedAs = a.phone;
      // The no-show SMS says so: it is the day's one "blocked" reply.
      record.blockedReplyDay = this.calendar.dateOf(ctx.at);
      ctx.events.push({ at: ctx.atText, type: "blocked", phone: a.phone });
    }
    this.sms(ctx, a.phone, this.replies.noShow(this.factsOf(a), blockNow));
  }

  // ---- configuration changes (config-change.ts) -------------------------------------------

  /**
   * A new office configuration from now on. Refused (`action_refused`, changing nothing) when
   * the one schema refuses it or it names another office (`invalid`), or when it breaks
   * bookings and is not confirmed (`not_allowed`); confirmed, those bookings are cancelled and
   * their citizens told by SMS. A session cut short around now ends now (its citizens served).
   */
  private onConfig(input: ConfigInput, ctx: Ctx): string | undefined {
    const refuse = (reason: "invalid" | "not_allowed", why: string) => {
      ctx.events.push({
        at: ctx.atText,
        type: "action_refused",
        action: "config",
        reason,
        ...audit(input.officer),
      });
      return `config refused (${reason}): ${why}`;
    };
    const read = readConfig(input.config, this.inForce);
    if (!read.ok) return refuse("invalid", read.why);
    const next = read.config;
    const broken = configImpact(this.allAppointments(), this.inForce, next, ctx.at);
    if (broken.length > 0 && input.confirm !== true)
      return refuse("not_allowed", `it breaks ${broken.length} booking(s) and is not confirmed`);
    for (const b of broken) {
      const a = this.appointments.get(b.code) as Appointment;
      a.status = "cancelled";
      ctx.events.push({
        at: ctx.atText,
        type: "cancelled",
        code: a.code,
        reason: "officer",
        ...audit(input.officer),
      });
      if (replyAddress(a.phone) !== undefined)
        this.sms(ctx, a.phone, configCancelledText(next, b), input.officer);
    }
    const kept = new Set(next.counters.map((c) => c.id));
    for (const counter of this.counters.values())
      if (!kept.has(counter.id)) this.finishServing(counter, ctx, input.officer);
    const old = this.officeCalendar;
    const today = old.dateOf(ctx.at);
    const oldDayEnd = old.sessionsOf(today).at(-1)?.end ?? Number.NEGATIVE_INFINITY;
    const wasOpen = old.sessionAt(ctx.at) !== undefined;
    this.useConfig(next);
    const dayEnd = this.officeCalendar.sessionsOf(today).at(-1)?.end ?? Number.NEGATIVE_INFINITY;
    // The boundaries already passed are not played again under the new sessions; one that the
    // change moved before now (the session or the day cut short) happens now.
    if (oldDayEnd > ctx.at && dayEnd <= ctx.at) this.onBoundary(ctx.at, "end", true, ctx.events);
    else if (wasOpen && !this.officeCalendar.sessionAt(ctx.at))
      this.onBoundary(ctx.at, "end", false, ctx.events);
    this.boundaryCursor = Math.max(this.boundaryCursor, ctx.at);
    this.configVersion = {
      version: this.configVersion.version + 1,
      appliedAt: ctx.atText,
      ...(input.officer !== undefined ? { appliedBy: input.officer } : {}),
      ...(input.source !== undefined ? { source: input.source } : {}),
    };
    ctx.events.push({
      at: ctx.atText,
      type: "config_applied",
      version: this.configVersion.version,
      ...(input.source !== undefined ? { source: input.source } : {}),
      cancelled: broken.map((b) => b.code),
      ...audit(input.officer),
    });
    return undefined;
  }

  // ---- counters ---------------------------------------------------------------------------

  private onPress(input: PressInput, ctx: Ctx): string | undefined {
    const counter = this.counters.get(input.counter);
    if (!counter) return `unknown counter "${input.counter}"`;
    switch (input.button) {
      case "next":
        if (counter.paused) return `counter ${counter.id} is paused: press resume first`;
        this.finishServing(counter, ctx, input.officer);
        this.callNext(counter, ctx);
        return undefined;
      case "recall": {
        if (!counter.serving) return `counter ${counter.id} is serving nobody`;
        const facts = ticketFacts(counter.serving.ticket);
        ctx.events.push({ at: ctx.atText, type: "called", ...facts, counter: counter.id, repeat: true });
        return undefined;
      }
      case "skip":
        return this.skip(counter, ctx);
      case "pause":
        if (counter.paused) return `counter ${counter.id} is already paused`;
        // Closing the counter finishes the citizen at it: the officer is done with them.
        this.finishServing(counter, ctx, input.officer);
        counter.paused = true;
        return undefined;
      case "resume":
        if (!counter.paused) return `counter ${counter.id} is already open`;
        counter.paused = false;
        return undefined;
    }
  }

  private finishServing(counter: CounterRuntime, ctx: Ctx, officer?: string): void {
    const serving = counter.serving;
    if (!serving) return;
    counter.serving = undefined;
    counter.lastServed = serving.ticket;
    const ticket = serving.ticket;
    if (ticket.kind === "appointment") {
      ticket.appointment.status = "served";
      this.phone(ticket.appointment.phoneKey).noShows = 0;
    } else {
      ticket.walkIn.status = "served";
    }
    ctx.events.push({
      at: ctx.atText,
      type: "served",
      ...ticketFacts(ticket),
      counter: counter.id,
      ...audit(officer),
    });
  }

  private skip(counter: CounterRuntime, ctx: Ctx): string | undefined {
    const serving = counter.serving;
    if (!serving) return `counter ${counter.id} is serving nobody`;
    const ticket = serving.ticket;
    if (ticket.kind === "appointment") {
      const a = ticket.appointment;
      // RULES.md: a skip after the grace period has ended changes nothing.
      if (ctx.at >= (a.firstCalledAt ?? serving.calledAt) + this.config.rules.graceMinutes * MINUTE) {
        return `grace period of ${a.label} is over: skip changes nothing`;
      }
      a.status = "grace";
    } else {
      ticket.walkIn.status = "skipped";
    }
    counter.serving = undefined;
    ctx.events.push({ at: ctx.atText, type: "skipped", ...ticketFacts(ticket), counter: counter.id });
    return undefined;
  }

  /** RULES.md "Calling": due appointments, then priority walk-ins, then walk-ins, else idle. */
  private callNext(counter: CounterRuntime, ctx: Ctx): void {
    const today = this.calendar.dateOf(ctx.at);
    const due = this.dueAppointments(counter, ctx.at, true)[0];
    if (due) {
      this.call(counter, { kind: "appointment", appointment: due }, ctx);
      return;
    }
    // Transferred citizens first (in transfer order), then priority, then the lowest number.
    // One pass for the first in that order: a sort of a busy day's list on every press costs more.
    let walkIn: WalkIn | undefined;
    for (const w of this.walkIns.get(today) ?? []) {
      if (w.status !== "waiting" || !counter.services.includes(w.service)) continue;
      if (walkIn === undefined || byWalkInOrder(w, walkIn) < 0) walkIn = w;
    }
    if (walkIn) this.call(counter, { kind: "walkin", walkIn }, ctx);
  }

  private call(counter: CounterRuntime, ticket: Ticket, ctx: Ctx, officer?: string): void {
    let repeat = false;
    if (ticket.kind === "appointment") {
      const a = ticket.appointment;
      repeat = a.firstCalledAt !== undefined;
      if (repeat) a.recalled = true;
      else {
        a.firstCalledAt = ctx.at;
        this.timers.push({
          at: ctx.at + this.config.rules.graceMinutes * MINUTE,
          kind: "grace",
          code: a.code,
          order: a.seq,
        });
      }
      a.status = "called";
    } else {
      ticket.walkIn.status = "called";
      ticket.walkIn.calledAt = ctx.at;
      ticket.walkIn.counter = counter.id;
    }
    counter.serving = { ticket, calledAt: ctx.at };
    const facts = ticketFacts(ticket);
    this.lastCalledLabel.set(facts.service, facts.label);
    ctx.events.push({
      at: ctx.atText,
      type: "called",
      ...facts,
      counter: counter.id,
      repeat,
      ...audit(officer),
    });
  }

  // ---- walk-in tickets --------------------------------------------------------------------

  private onTicket(input: TicketInput, ctx: Ctx): undefined {
    const service = this.services.get(input.service.toUpperCase());
    const refuse = (reason: "closed" | "full" | "unknown_service"): undefined => {
      ctx.events.push({ at: ctx.atText, type: "ticket_refused", service: input.service, reason });
    };
    if (!service) return refuse("unknown_service");
    const session = this.calendar.sessionAt(ctx.at);
    if (!session) return refuse("closed");
    const date = session.date;
    // A voided ticket (a kiosk failed to print it) gives its place back.
    const issued = (this.walkIns.get(date) ?? []).filter(
      (w) => w.service === service.code && w.session === session.id && w.status !== "voided",
    ).length;
    const booked = (this.appointmentsByDate.get(date) ?? []).filter(
      (a) => a.service === service.code && a.session === session.id && holdsSlot(a),
    ).length;
    if (issued + booked >= sessionCapacity(service, session)) return refuse("full");
    const number = this.nextNumber(service.code, date);
    const walkIn: WalkIn = {
      seq: ++this.seq,
      service: service.code,
      number,
      label: labelOf(service.code, number),
      priority: input.priority === true,
      date,
      session: session.id,
      issuedAt: ctx.at,
      status: "waiting",
    };
    const list = this.walkIns.get(date) ?? [];
    this.walkIns.set(date, list);
    list.push(walkIn);
    const estimate = this.estimate(service, { kind: "walkin", seq: walkIn.seq }, ctx.at);
    ctx.events.push({
      at: ctx.atText,
      type: "ticket_issued",
      service: service.code,
      number,
      label: walkIn.label,
      estimatedAt: this.calendar.format(estimate.at),
    });
  }

  private nextNumber(service: string, date: string): number {
    const key = `${date}|${service}`;
    const number = (this.lastNumber.get(key) ?? 0) + 1;
    this.lastNumber.set(key, number);
    return number;
  }

  private estimate(service: ServiceConfig, target: Target, now: number): { ahead: number; at: number } {
    const today = this.calendar.dateOf(now);
    const grace = this.config.rules.graceMinutes * MINUTE;
    const appointments = (this.appointmentsByDate.get(today) ?? [])
      .filter(
        (a) =>
          a.service === service.code &&
          (a.status === "booked" ||
            (a.status === "grace" && !a.recalled && now < (a.firstCalledAt ?? 0) + grace)),
      )
      .sort(byTimeThenSeq);
    const walkIns = (this.walkIns.get(today) ?? [])
      .filter((w) => w.service === service.code && w.status === "waiting")
      .sort(byWalkInOrder);
    const result = estimateTurn(
      { service, counters: [...this.counters.values()], appointments, walkIns },
      target,
      now,
      this.calendar,
    );
    return { ahead: result.ahead, at: Math.ceil(result.at / MINUTE) * MINUTE };
  }

  // ---- SMS --------------------------------------------------------------------------------

  private onSms(input: SmsInput, ctx: Ctx): string | undefined {
    // A sender no reply can reach (an operator's name, a short code, a landline) is not read at
    // all: a booking it made could never be confirmed, cancelled or reminded.
    if (replyAddress(input.from) === undefined) return `sender "${input.from}" cannot be answered: not read`;
    const key = senderKey(input.from);
    const record = this.phone(key);
    const reject: Reject = (reason, reply) => {
      ctx.events.push({ at: ctx.atText, type: "rejected", from: input.from, reason });
      if (reply !== undefined) this.sms(ctx, input.from, reply);
      return undefined;
    };

    const flood = this.config.rules.flood;
    record.recent = record.recent.filter((t) => t > ctx.at - flood.windowMinutes * MINUTE);
    if (record.recent.length >= flood.maxMessages) {
      reject("rate_limited");
      return `flood from ${input.from}: over ${flood.maxMessages} messages in ${flood.windowMinutes} min`;
    }
    record.recent.push(ctx.at);

    const command = parseMessage(input.text, this.procedures);
    // An officer's XONG and anyone's TT of a dossier: a phone blocked for missed appointments
    // may still follow its dossier, and an officer's may still finish a step.
    if (command.kind === "done") {
      this.desk.smsDone(command.ref, input.from, ctx);
      return undefined;
    }
    if (command.kind === "status" && DossierDesk.isDossierRef(command.ref)) {
      this.desk.smsStatus(command.ref, input.from, ctx);
      return undefined;
    }

    const today = this.calendar.dateOf(ctx.at);
    if (record.blocked) {
      const answer = record.blockedReplyDay !== today;
      record.blockedReplyDay = today;
      reject("blocked", answer ? this.replies.blocked() : undefined);
      return undefined;
    }

    switch (command.kind) {
      case "help":
        this.sms(ctx, input.from, this.replies.help());
        return undefined;
      case "error":
        reject(
          command.reason,
          command.reason === "syntax"
            ? this.replies.syntax(command.command)
            : this.replies.unknownProcedure(command.word),
        );
        return undefined;
      case "book":
        this.book(command, input, key, today, ctx, reject);
        return undefined;
      case "cancel":
      case "cancel_code":
        this.cancel(command, key, today, ctx, reject);
        return undefined;
      case "status":
        this.status(command.ref, input.from, today, ctx, reject);
        return undefined;
    }
  }

  private book(
    command: Extract<Command, { kind: "book" }>,
    input: SmsInput,
    key: string,
    today: string,
    ctx: Ctx,
    reject: Reject,
  ): undefined {
    const rules = this.config.rules;
    const resolved = resolveDate(command.dateWord, today, rules.pastDateDays);
    const lastDay = addDays(today, rules.bookingWindowDays);
    if ("error" in resolved) {
      return reject(
        resolved.error,
        resolved.error === "bad_date"
          ? this.replies.badDate(command.dateWord)
          : this.replies.pastDate(today, lastDay),
      );
    }
    if (resolved.date > lastDay) return reject("too_far", this.replies.tooFar(lastDay));
    if (!rules.bookingsAnyHour && !this.calendar.sessionAt(ctx.at))
      return reject("closed_hours", this.replies.closedHours());

    const procedure = this.procedureNames.get(command.procedure);
    const service = procedure && this.services.get(procedure.service);
    if (!procedure || !service)
      return reject("unknown_procedure", this.replies.unknownProcedure(command.procedure));

    const slot = this.findSlot(service, resolved.date, today, lastDay, ctx.at);
    if (!slot) return reject("full", this.replies.full(procedure.name, lastDay));
    const active = (this.appointmentsByDate.get(slot.session.date) ?? []).filter(
      (a) => a.phoneKey === key && isActive(a),
    );
    if (active.length >= rules.maxActiveBookingsPerDay)
      return reject("limit", this.replies.limit(slot.session.date));

    const date = slot.session.date;
    const number = this.nextNumber(service.code, date);
    const a: Appointment = {
      seq: ++this.seq,
      code: this.codes.next((c) => this.appointments.has(c)),
      phone: input.from,
      phoneKey: key,
      name: command.name,
      procedure: command.procedure,
      service: service.code,
      number,
      label: labelOf(service.code, number),
      counter: slot.counter,
      date,
      session: slot.session.id,
      time: slot.time,
      status: "booked",
      bookedAt: ctx.at,
      recalled: false,
    };
    this.appointments.set(a.code, a);
    const list = this.appointmentsByDate.get(date) ?? [];
    this.appointmentsByDate.set(date, list);
    list.push(a);
    this.timers.push({ at: a.time, kind: "due", code: a.code, order: a.seq });
    ctx.events.push({
      at: ctx.atText,
      type: "booked",
      code: a.code,
      phone: a.phone,
      name: a.name,
      procedure: a.procedure,
      service: a.service,
      number: a.number,
      label: a.label,
      counter: a.counter,
      time: this.calendar.format(a.time),
    });
    const closed = this.calendar.closure(resolved.date);
    const requested = { date: resolved.date, ...(closed ? { closed } : {}) };
    this.sms(ctx, input.from, this.replies.booked({ ...this.factsOf(a), requested }));
  }

  /**
   * Case 1 (today): the first free slot at or after now + the queue's wait + the travel buffer,
   * in today's later sessions. Case 2 (a later day, or nothing left today): the first free
   * slot from that day on, morning first, inside the booking window.
   */
  private findSlot(
    service: ServiceConfig,
    requested: string,
    today: string,
    lastDay: string,
    now: number,
  ): { session: SessionWindow; time: number; counter: string } | undefined {
    const tryDay = (date: string, notBefore?: number) => {
      const dayAppointments = this.appointmentsByDate.get(date) ?? [];
      for (const session of this.calendar.sessionsOf(date)) {
        const slot = firstFreeSlot(
          service,
          session,
          dayAppointments,
          this.config.rules.appointmentShare,
          (code) => this.services.get(code)?.averageMinutes ?? 0,
          notBefore,
        );
        if (slot) return { session, ...slot };
      }
      return undefined;
    };
    let from = requested;
    if (requested === today) {
      const found = tryDay(today, this.earliestToday(service, now));
      if (found) return found;
      from = addDays(today, 1);
    }
    for (let date = from; date <= lastDay; date = addDays(date, 1)) {
      const found = tryDay(date);
      if (found) return found;
    }
    return undefined;
  }

  /** RULES.md "Same-day earliest time", rounded up to the whole minute. */
  private earliestToday(service: ServiceConfig, now: number): number {
    const today = this.calendar.dateOf(now);
    const waiting = (this.walkIns.get(today) ?? []).filter(
      (w) => w.service === service.code && w.status === "waiting",
    ).length;
    const open = Math.max(1, service.counters.filter((id) => this.counters.get(id)?.paused === false).length);
    const earliest =
      now +
      (waiting * service.averageMinutes * MINUTE) / open +
      this.config.rules.travelBufferMinutes * MINUTE;
    return Math.ceil(earliest / MINUTE) * MINUTE;
  }

  private cancel(
    command: Extract<Command, { kind: "cancel" | "cancel_code" }>,
    key: string,
    today: string,
    ctx: Ctx,
    reject: Reject,
  ): undefined {
    let found: Appointment | undefined;
    if (command.kind === "cancel_code") {
      found = this.appointments.get(command.code);
    } else {
      const resolved = resolveDate(command.dateWord, today, this.config.rules.pastDateDays);
      if ("error" in resolved) {
        const lastDay = addDays(today, this.config.rules.bookingWindowDays);
        return reject(
          resolved.error,
          resolved.error === "bad_date"
            ? this.replies.badDate(command.dateWord)
            : this.replies.pastDate(today, lastDay),
        );
      }
      const service = this.procedureNames.get(command.procedure)?.service;
      found = (this.appointmentsByDate.get(resolved.date) ?? []).find(
        (a) =>
          a.phoneKey === key &&
          a.procedure === command.procedure &&
          a.number === command.number &&
          (command.label === undefined || command.label === service) &&
          (a.status === "booked" || a.status === "grace"),
      );
    }
    if (!found || found.phoneKey !== key || (found.status !== "booked" && found.status !== "grace")) {
      return reject("not_found", this.replies.notFound("cancel"));
    }
    found.status = "cancelled";
    ctx.events.push({ at: ctx.atText, type: "cancelled", code: found.code, reason: "citizen" });
    this.sms(ctx, found.phone, this.replies.cancelled(this.factsOf(found)));
  }

  private status(ref: string, from: string, today: string, ctx: Ctx, reject: Reject): undefined {
    const byCode = isCodeLike(ref) ? this.appointments.get(ref) : undefined;
    if (byCode) {
      this.sms(ctx, from, this.statusOfAppointment(byCode, today, ctx.at));
      return;
    }
    const label = parseLabel(ref);
    if (label) {
      const walkIn = (this.walkIns.get(today) ?? []).find(
        (w) => w.service === label.service && w.number === label.number,
      );
      if (walkIn) {
        this.sms(ctx, from, this.statusOfWalkIn(walkIn, ctx.at));
        return;
      }
      const appointment = (this.appointmentsByDate.get(today) ?? []).find(
        (a) => a.service === label.service && a.number === label.number,
      );
      if (appointment) {
        this.sms(ctx, from, this.statusOfAppointment(appointment, today, ctx.at));
        return;
      }
    }
    reject("not_found", this.replies.notFound("status", ref));
  }

  private statusOfAppointment(a: Appointment, today: string, now: number): string {
    const counter = [...this.counters.values()].find(
      (c) => c.serving?.ticket.kind === "appointment" && c.serving.ticket.appointment === a,
    );
    if (counter) return this.replies.status({ state: "called", label: a.label, counter: counter.id });
    if (a.transferredTo !== undefined)
      return this.replies.status({ state: "transferred", label: a.label, newLabel: a.transferredTo });
    if (a.status === "served" || a.status === "cancelled" || a.status === "no_show") {
      return this.replies.status({ state: "done", label: a.label, outcome: a.status });
    }
    const service = this.services.get(a.service);
    if (a.date !== today || !service) {
      return this.replies.status({
        state: "future",
        label: a.label,
        code: a.code,
        counter: a.counter,
        clock: this.calendar.clock(a.time),
        date: a.date,
      });
    }
    const estimate = this.estimate(service, { kind: "appointment", code: a.code }, now);
    const serving = this.lastCalledLabel.get(a.service);
    return this.replies.status({
      state: "waiting",
      label: a.label,
      ...(serving ? { serving } : {}),
      ...(a.arrivedAt !== undefined ? { arrived: true } : {}),
      ahead: estimate.ahead,
      clock: this.calendar.clock(Math.max(estimate.at, a.time)),
    });
  }

  private statusOfWalkIn(w: WalkIn, now: number): string {
    const counter = [...this.counters.values()].find(
      (c) => c.serving?.ticket.kind === "walkin" && c.serving.ticket.walkIn === w,
    );
    if (counter) return this.replies.status({ state: "called", label: w.label, counter: counter.id });
    if (w.transferredTo !== undefined)
      return this.replies.status({ state: "transferred", label: w.label, newLabel: w.transferredTo });
    if (w.status !== "waiting") {
      return this.replies.status({
        state: "done",
        label: w.label,
        outcome: w.status === "called" ? "served" : w.status,
      });
    }
    const service = this.services.get(w.service) as ServiceConfig;
    const estimate = this.estimate(service, { kind: "walkin", seq: w.seq }, now);
    const serving = this.lastCalledLabel.get(w.service);
    return this.replies.status({
      state: "waiting",
      label: w.label,
      ...(serving ? { serving } : {}),
      ahead: estimate.ahead,
      clock: this.calendar.clock(estimate.at),
    });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private phone(key: string): PhoneRecord {
    const record = this.phones.get(key) ?? { noShows: 0, blocked: false, recent: [] };
    this.phones.set(key, record);
    return record;
  }

  private sms(ctx: Ctx, to: string, text: string, officer?: string): void {
    ctx.events.push({ at: ctx.atText, type: "sms_out", to, text, ...audit(officer) });
  }

  // ---- officer actions (officer.ts) -------------------------------------------------------

  private hostForOfficers(): OfficerHost {
    return {
      calendar: this.calendar,
      replies: this.replies,
      counter: (id) => this.counters.get(id),
      service: (code) => this.services.get(code),
      appointment: (code) => this.appointments.get(code),
      numberToday: (service, number, now) => this.numberToday(service, number, now),
      servingCounter: (ticket) => {
        const record = recordOf(ticket);
        return [...this.counters.values()].find((c) => c.serving && recordOf(c.serving.ticket) === record);
      },
      knownPhone: (key) => this.phones.get(key),
      dayOpen: (now) => now < (this.calendar.sessionsOf(this.calendar.dateOf(now)).at(-1)?.end ?? 0),
      sessionForNewNumber: (now) =>
        this.calendar.sessionAt(now) ??
        this.calendar.sessionsOf(this.calendar.dateOf(now)).find((s) => s.start > now),
      finishServing: (counter, ctx, officer) => this.finishServing(counter, ctx, officer),
      call: (counter, ticket, ctx, officer) => this.call(counter, ticket, ctx, officer),
      issueTransfer: (service, session, priority, ctx) => this.issueTransfer(service, session, priority, ctx),
      kept: (a) => {
        this.phone(a.phoneKey).noShows = 0;
      },
      sms: (ctx, to, text, officer) => this.sms(ctx, to, text, officer),
      factsOf: (a) => this.factsOf(a),
    };
  }

  /** Today's number of a service: a walk-in ticket or an appointment (they share one sequence). */
  private numberToday(service: string, number: number, now: number): Ticket | undefined {
    const today = this.calendar.dateOf(now);
    const walkIn = (this.walkIns.get(today) ?? []).find((w) => w.service === service && w.number === number);
    if (walkIn) return { kind: "walkin", walkIn };
    const appointment = (this.appointmentsByDate.get(today) ?? []).find(
      (a) => a.service === service && a.number === number,
    );
    return appointment ? { kind: "appointment", appointment } : undefined;
  }

  /** The next number of a service for a transferred citizen; it goes before every waiting walk-in. */
  private issueTransfer(service: ServiceConfig, session: SessionWindow, priority: boolean, ctx: Ctx): WalkIn {
    const number = this.nextNumber(service.code, session.date);
    const walkIn: WalkIn = {
      seq: ++this.seq,
      service: service.code,
      number,
      label: labelOf(service.code, number),
      priority,
      date: session.date,
      session: session.id,
      issuedAt: ctx.at,
      status: "waiting",
      transferOrder: ++this.transfers,
    };
    const list = this.walkIns.get(session.date) ?? [];
    this.walkIns.set(session.date, list);
    list.push(walkIn);
    return walkIn;
  }

  /** The facts of an appointment as the SMS texts state them. */
  factsOf(a: Appointment): BookingFacts {
    return {
      code: a.code,
      procedureName: this.procedureNames.get(a.procedure)?.name ?? a.procedure,
      label: a.label,
      counter: a.counter,
      clock: this.calendar.clock(a.time),
      date: a.date,
    };
  }

  // ---- read models for the hub and the display --------------------------------------------

  /** Walk-ins waiting (issued today, not yet called) per service. */
  waitingByService(): Record<string, number> {
    const today = this.calendar.dateOf(this.clock);
    const waiting: Record<string, number> = {};
    for (const s of this.config.services) waiting[s.code] = 0;
    for (const w of this.walkIns.get(today) ?? [])
      if (w.status === "waiting") waiting[w.service] = (waiting[w.service] ?? 0) + 1;
    return waiting;
  }

  counterStates(): CounterState[] {
    const waiting = this.waitingByService();
    return [...this.counters.values()].map((c) => {
      const serving = c.serving;
      return {
        counter: c.id,
        status: c.paused ? "paused" : "open",
        serving: serving
          ? { ...ticketFacts(serving.ticket), calledAt: this.calendar.format(serving.calledAt) }
          : null,
        waiting: c.services.reduce((n, s) => n + (waiting[s] ?? 0), 0),
      };
    });
  }

  /** The wall display's whole picture (PROTOCOL.md `board`). */
  board(): Board {
    const today = this.calendar.dateOf(this.clock);
    const session = this.calendar.sessionAt(this.clock);
    return {
      at: this.calendar.format(this.clock),
      date: today,
      session: session?.id ?? "closed",
      counters: this.counterStates(),
      waiting: this.waitingByService(),
      appointments: [...(this.appointmentsByDate.get(today) ?? [])].sort(byTimeThenSeq).map((a) => ({
        number: a.number,
        label: a.label,
        service: a.service,
        counter: a.counter,
        time: this.calendar.format(a.time),
        status: a.status,
        // The board's statuses are fixed by the contract: arrival is a field of its own.
        ...(a.arrivedAt !== undefined ? { arrived: true } : {}),
      })),
    };
  }

  /** The wall display's notice set from the console; "" when none is. */
  get notice(): string {
    return this.noticeText;
  }

  /** The walk-in numbers of a day the core still holds (today's, for the staff console). */
  walkInsOn(date: string): readonly WalkIn[] {
    return this.walkIns.get(date) ?? [];
  }

  /** Every phone the core has seen, by its sender key (no-shows and blocks). */
  phoneRecords(): ReadonlyMap<string, Readonly<PhoneRecord>> {
    return this.phones;
  }

  /** Every appointment the core still holds (today, later days and the last month). */
  allAppointments(): readonly Appointment[] {
    return [...this.appointments.values()];
  }

  /** How many will be called before today's walk-in ticket of that number, and when its turn should come. */
  walkInEstimate(service: string, number: number): { ahead: number; at: number } | undefined {
    const config = this.services.get(service);
    const walkIn = (this.walkIns.get(this.calendar.dateOf(this.clock)) ?? []).find(
      (w) => w.service === service && w.number === number && w.status === "waiting",
    );
    if (!config || !walkIn) return undefined;
    return this.estimate(config, { kind: "walkin", seq: walkIn.seq }, this.clock);
  }

  isBlocked(phone: string): boolean {
    return this.phones.get(senderKey(phone))?.blocked === true;
  }

  /** When the next timer or session boundary is due, for a live driver to sleep until. */
  nextWakeUp(): number | undefined {
    if (!Number.isFinite(this.clock)) return undefined; // no input yet: nothing can be due
    const timer = this.timers.peek()?.at;
    const boundary = this.calendar.nextBoundaryAfter(Math.max(this.boundaryCursor, this.clock))?.at;
    // A dossier's timer fires once time has passed it: the first whole second after, since the
    // inputs' times (calendar.format) are written to the second.
    const desk = this.desk.nextTimerAt();
    const afterDesk = desk === undefined ? undefined : Math.floor(desk / 1000) * 1000 + 1000;
    const candidates = [timer, boundary, afterDesk].filter((t): t is number => t !== undefined);
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }
}

/** The configuration's place in the log: how many changes, and the last one's time, officer and source. */
export interface ConfigVersion {
  version: number;
  appliedAt?: string;
  appliedBy?: string;
  source?: "file" | "console";
}

type RejectReason = Extract<SimEvent, { type: "rejected" }>["reason"];
type Reject = (reason: RejectReason, reply?: string) => undefined;

function byTimeThenSeq(a: Appointment, b: Appointment): number {
  return a.time - b.time || a.seq - b.seq;
}
