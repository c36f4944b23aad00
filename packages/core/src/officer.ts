import { type ServiceConfig, code as serviceCode } from "@motcua/config";
import {
  type ActionRefusal,
  type CallInput,
  type CheckinInput,
  type OfficerCancelInput,
  type OfficerInput,
  RATING_VALUES,
  type RatingInput,
  type RatingValue,
  type TransferInput,
  type UnblockInput,
  type VoidInput,
} from "@motcua/protocol";
import type { OfficeCalendar, SessionWindow } from "./calendar.js";
import { replyAddress, senderKey } from "./sms/codec.js";
import { isCodeLike, parseLabel } from "./sms/grammar.js";
import type { BookingFacts, Replies } from "./sms/replies.js";
import {
  type Appointment,
  type CounterRuntime,
  type Ctx,
  labelOf,
  type PhoneRecord,
  recordOf,
  type Ticket,
  type WalkIn,
} from "./state.js";

/**
 * What the officer actions need of the queue core. The core owns the state; this module only
 * decides, so each action reads as its own short function.
 */
export interface OfficerHost {
  readonly calendar: OfficeCalendar;
  readonly replies: Replies;
  counter(id: string): CounterRuntime | undefined;
  service(code: string): ServiceConfig | undefined;
  appointment(code: string): Appointment | undefined;
  /** Today's walk-in or appointment of that service and number. */
  numberToday(service: string, number: number, now: number): Ticket | undefined;
  /** The counter serving this ticket now, if one is. */
  servingCounter(ticket: Ticket): CounterRuntime | undefined;
  /** A phone's record, if the core has ever seen that phone. */
  knownPhone(key: string): PhoneRecord | undefined;
  /** Whether numbers may still be called today (the day's last session has not ended). */
  dayOpen(now: number): boolean;
  /** The session a number issued now belongs to: the current one, else today's next one. */
  sessionForNewNumber(now: number): SessionWindow | undefined;
  finishServing(counter: CounterRuntime, ctx: Ctx, officer?: string): void;
  call(counter: CounterRuntime, ticket: Ticket, ctx: Ctx, officer?: string): void;
  /** A new waiting walk-in of `service` that goes before every other waiting walk-in. */
  issueTransfer(service: ServiceConfig, session: SessionWindow, priority: boolean, ctx: Ctx): WalkIn;
  /** An appointment's citizen came: their no-show count starts again. */
  kept(appointment: Appointment): void;
  sms(ctx: Ctx, to: string, text: string, officer?: string): void;
  factsOf(a: Appointment): BookingFacts;
}

/** Why an action changed nothing: the reason of `action_refused` and a sentence for the log. */
class Refusal {
  constructor(
    readonly reason: ActionRefusal,
    readonly why: string,
  ) {}
}

const refuse = (reason: ActionRefusal, why: string): Refusal => new Refusal(reason, why);

/** `{officer}` when there is one: the audit field of every event an officer action causes. */
export function audit(officer: string | undefined): { officer?: string } {
  return officer === undefined ? {} : { officer };
}

const PHONE = /^\+?\d[\d .-]{2,}$/;

/**
 * Handles an officer action or a rating. A refused one changes nothing and gives one
 * `action_refused` event; the returned sentence says why, for the log.
 */
export function handleOfficerInput(
  host: OfficerHost,
  input: OfficerInput | RatingInput,
  ctx: Ctx,
): string | undefined {
  const refusal = dispatch(host, input, ctx);
  if (!refusal) return undefined;
  ctx.events.push({
    at: ctx.atText,
    type: "action_refused",
    action: input.type,
    reason: refusal.reason,
    ...audit(input.officer),
  });
  return `${input.type} refused (${refusal.reason}): ${refusal.why}`;
}

function dispatch(host: OfficerHost, input: OfficerInput | RatingInput, ctx: Ctx): Refusal | undefined {
  switch (input.type) {
    case "checkin":
      return checkin(host, input, ctx);
    case "call":
      return callOutOfOrder(host, input, ctx);
    case "transfer":
      return transfer(host, input, ctx);
    case "void":
      return voidNumber(host, input, ctx);
    case "officer_cancel":
      return officerCancel(host, input, ctx);
    case "unblock":
      return unblock(host, input, ctx);
    case "rating":
      return rate(host, input, ctx);
  }
}

// ---- finding what an action names ---------------------------------------------------------
// Malformed text is `invalid`, a well-formed name of nothing is `not_found`.

type NumberRef = { service: string; number: number };

function parseNumber(label: string): NumberRef | Refusal {
  return parseLabel(label.trim()) ?? refuse("invalid", `"${label}" is not a number's label`);
}

function findNumber(host: OfficerHost, ref: NumberRef, now: number): Ticket | Refusal {
  const ticket = host.numberToday(ref.service, ref.number, now);
  return ticket ?? refuse("not_found", `no number ${labelOf(ref.service, ref.number)} today`);
}

function findAppointment(host: OfficerHost, code: string): Appointment | Refusal {
  const word = code.trim().toUpperCase();
  if (!isCodeLike(word)) return refuse("invalid", `"${code}" is not a transaction code`);
  return host.appointment(word) ?? refuse("not_found", `no appointment ${word}`);
}

/** Waiting, as `call` reads it: a walk-in not yet called, or a booked appointment not yet called. */
function isWaiting(ticket: Ticket): boolean {
  return ticket.kind === "walkin"
    ? ticket.walkIn.status === "waiting"
    : ticket.appointment.status === "booked";
}

// ---- the actions --------------------------------------------------------------------------

/** The appointment's citizen is here. Presence only: the calling rules are unchanged. */
function checkin(host: OfficerHost, input: CheckinInput, ctx: Ctx): Refusal | undefined {
  const a = findAppointment(host, input.code);
  if (a instanceof Refusal) return a;
  if (a.date !== host.calendar.dateOf(ctx.at) || !host.dayOpen(ctx.at))
    return refuse("not_allowed", `${a.code} is not an appointment of today still to be called`);
  if (a.status !== "booked" && a.status !== "grace")
    return refuse("not_allowed", `${a.code} is ${a.status}: nothing to wait for`);
  if (a.arrivedAt !== undefined) return refuse("not_allowed", `${a.code} is already checked in`);
  a.arrivedAt = ctx.at;
  ctx.events.push({
    at: ctx.atText,
    type: "checked_in",
    code: a.code,
    number: a.number,
    label: a.label,
    officer: input.officer,
  });
  return undefined;
}

/** Calls a waiting number now, out of order, finishing the current citizen as next does. */
function callOutOfOrder(host: OfficerHost, input: CallInput, ctx: Ctx): Refusal | undefined {
  const ref = parseNumber(input.label);
  if (ref instanceof Refusal) return ref;
  const counter = host.counter(input.counter);
  if (!counter) return refuse("not_found", `no counter "${input.counter}"`);
  const ticket = findNumber(host, ref, ctx.at);
  if (ticket instanceof Refusal) return ticket;
  const record = recordOf(ticket);
  if (counter.paused) return refuse("not_allowed", `counter ${counter.id} is paused`);
  if (!counter.services.includes(record.service))
    return refuse("not_allowed", `counter ${counter.id} does not serve ${record.service}`);
  if (!isWaiting(ticket) || !host.dayOpen(ctx.at))
    return refuse("not_allowed", `${record.label} is not waiting`);
  host.finishServing(counter, ctx, input.officer);
  host.call(counter, ticket, ctx, input.officer);
  return undefined;
}

/**
 * The citizen moves to another service with a new number that goes before every waiting
 * walk-in. One being served is finished first (served), and their counter is idle.
 */
function transfer(host: OfficerHost, input: TransferInput, ctx: Ctx): Refusal | undefined {
  const ref = parseNumber(input.label);
  if (ref instanceof Refusal) return ref;
  const code = input.service.trim().toUpperCase();
  if (!serviceCode.safeParse(code).success)
    return refuse("invalid", `"${input.service}" is not a service code`);
  const ticket = findNumber(host, ref, ctx.at);
  if (ticket instanceof Refusal) return ticket;
  const service = host.service(code);
  if (!service) return refuse("not_found", `no service ${code}`);
  const record = recordOf(ticket);
  if (record.service === service.code)
    return refuse("not_allowed", `${record.label} is already of ${service.code}`);
  const counter = host.servingCounter(ticket);
  if (!counter && !transferable(ticket))
    return refuse("not_allowed", `${record.label} is neither being served, served nor waiting`);
  const session = host.sessionForNewNumber(ctx.at);
  if (!session) return refuse("not_allowed", "no session is left today");

  if (counter) host.finishServing(counter, ctx, input.officer);
  const fresh = host.issueTransfer(service, session, ticket.kind === "walkin" && ticket.walkIn.priority, ctx);
  if (ticket.kind === "walkin") {
    ticket.walkIn.status = "transferred";
  } else if (ticket.appointment.status === "booked" || ticket.appointment.status === "grace") {
    // Handed over before its call: the citizen came, so the appointment counts as kept.
    ticket.appointment.status = "served";
    host.kept(ticket.appointment);
  }
  record.transferredTo = fresh.label;
  ctx.events.push({
    at: ctx.atText,
    type: "transferred",
    label: record.label,
    service: fresh.service,
    number: fresh.number,
    newLabel: fresh.label,
    officer: input.officer,
  });
  return undefined;
}

/** Not being served: waiting, or already served (once), or an appointment not yet called. */
function transferable(ticket: Ticket): boolean {
  const record = recordOf(ticket);
  if (record.transferredTo !== undefined) return false;
  if (ticket.kind === "walkin") return record.status === "waiting" || record.status === "served";
  const status = ticket.appointment.status;
  return status === "booked" || status === "grace" || status === "served";
}

/** A walk-in number that will never be called: it leaves the queue, the counts and the estimates. */
function voidNumber(host: OfficerHost, input: VoidInput, ctx: Ctx): Refusal | undefined {
  const ref = parseNumber(input.label);
  if (ref instanceof Refusal) return ref;
  const ticket = findNumber(host, ref, ctx.at);
  if (ticket instanceof Refusal) return ticket;
  if (ticket.kind === "appointment")
    return refuse("not_allowed", `${ticket.appointment.label} is an appointment: cancel it instead`);
  const w = ticket.walkIn;
  if (w.status !== "waiting") {
    const state = w.status === "called" ? "being served" : w.status;
    return refuse("not_allowed", `${w.label} is ${state}, not waiting`);
  }
  w.status = "voided";
  ctx.events.push({ at: ctx.atText, type: "voided", label: w.label, officer: input.officer });
  return undefined;
}

/** The office cancels an appointment; the citizen is told by SMS. Not a no-show. */
function officerCancel(host: OfficerHost, input: OfficerCancelInput, ctx: Ctx): Refusal | undefined {
  const a = findAppointment(host, input.code);
  if (a instanceof Refusal) return a;
  if (a.status !== "booked" && a.status !== "grace")
    return refuse("not_allowed", `${a.code} is ${a.status === "called" ? "being served" : a.status}`);
  if (a.date < host.calendar.dateOf(ctx.at)) return refuse("not_allowed", `${a.code} was for an earlier day`);
  a.status = "cancelled";
  ctx.events.push({
    at: ctx.atText,
    type: "cancelled",
    code: a.code,
    reason: "officer",
    officer: input.officer,
  });
  if (replyAddress(a.phone) !== undefined)
    host.sms(ctx, a.phone, host.replies.officerCancelled(host.factsOf(a)), input.officer);
  return undefined;
}

/** Lifts a phone's block: the no-show count starts again and the citizen is told by SMS. */
function unblock(host: OfficerHost, input: UnblockInput, ctx: Ctx): Refusal | undefined {
  if (!PHONE.test(input.phone.trim())) return refuse("invalid", `"${input.phone}" is not a phone number`);
  const record = host.knownPhone(senderKey(input.phone));
  if (!record) return refuse("not_found", `${input.phone} never wrote to the office`);
  if (!record.blocked) return refuse("not_allowed", `${input.phone} is not blocked`);
  // The phone as it was blocked, however the officer typed it: the store's row and the SMS follow it.
  const phone = record.blockedAs ?? input.phone;
  record.blocked = false;
  record.blockedAs = undefined;
  record.noShows = 0;
  record.blockedReplyDay = undefined;
  ctx.events.push({ at: ctx.atText, type: "unblocked", phone, ...audit(input.officer) });
  host.sms(ctx, phone, host.replies.unblocked(), input.officer);
  return undefined;
}

/** The citizen at the counter (or, when it is idle, the last one it served this session) rates it, once. */
function rate(host: OfficerHost, input: RatingInput, ctx: Ctx): Refusal | undefined {
  if (!(RATING_VALUES as readonly string[]).includes(input.value))
    return refuse("invalid", `"${input.value}" is not a rating`);
  const counter = host.counter(input.counter);
  if (!counter) return refuse("not_found", `no counter "${input.counter}"`);
  const ticket = counter.serving?.ticket ?? counter.lastServed;
  if (!ticket) return refuse("not_allowed", `counter ${counter.id} has served nobody this session`);
  const record = recordOf(ticket);
  if (record.rated) return refuse("not_allowed", `${record.label} has already rated`);
  record.rated = true;
  ctx.events.push({
    at: ctx.atText,
    type: "rated",
    counter: counter.id,
    label: record.label,
    service: record.service,
    value: input.value as RatingValue,
    ...audit(input.officer),
  });
  return undefined;
}
