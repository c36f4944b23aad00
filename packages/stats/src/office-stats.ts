// The office's figures (issue 14), fed with every decision of the log in order: the input and
// the events the core decided for it. What each figure counts is docs/statistics.md; this file
// follows each citizen's number through the day only as long as it is needed, and keeps the
// rest as per-day counts and samples (day.ts).
import type { OfficeConfig } from "@motcua/config";
import { OfficeCalendar } from "@motcua/core";
import type { EventOf, SimEvent, SimInput } from "@motcua/protocol";
import { segment } from "@motcua/sms";
import { DayFigures, F, rowKey } from "./day.js";
import { dateOfDayNumber, dayNumber } from "./periods.js";
import { buildReport, type Store } from "./report.js";
import type { StatsQuery, StatsReport } from "./types.js";

/** Interned ids: 0 is "none" (an SMS is nobody's service; a ticket not yet called, no counter's). */
export const NONE = 0;

/** A number of today (a walk-in ticket, an appointment of today, a transferred citizen). */
interface NumberRecord {
  service: number;
  /** When its wait began (ms); NaN when unknown (a number from before the log began). */
  waitFrom: number;
  called: boolean;
  /** Since when the current counter has had the citizen (ms); NaN when nobody has. */
  serviceFrom: number;
  /** The counter that first called it; NONE before. */
  counter: number;
  /** A walk-in ticket still counted under no counter: moved to the first counter that calls it. */
  ticketDate: string | undefined;
  appointment: AppointmentRecord | undefined;
}

const BOOKED = 0;
const KEPT = 1;
const NO_SHOW = 2;

interface AppointmentRecord {
  code: string;
  date: string;
  label: string;
  /** The row its figures go to: its service and the counter it was booked at. */
  key: number;
  time: number;
  checkedIn: number;
  state: typeof BOOKED | typeof KEPT | typeof NO_SHOW;
}

export class OfficeStats {
  private config: OfficeConfig;
  private calendar: OfficeCalendar;
  private smsPrice: number;
  private readonly store: Store = {
    days: new Map(),
    dates: [],
    services: [""],
    counters: [""],
  };
  private readonly serviceIds = new Map<string, number>();
  private readonly counterIds = new Map<string, number>();
  /** The numbers of the current day (and the day before, for timers that carry its time). */
  private readonly numbers = new Map<string, Map<string, NumberRecord>>();
  private readonly appointments = new Map<string, AppointmentRecord>();
  /** Appointments by `date label`, for the calls, which name a label. */
  private readonly appointmentsByLabel = new Map<string, AppointmentRecord>();
  private readonly appointmentsByDate = new Map<string, AppointmentRecord[]>();
  /** Dossiers received and not yet finished: the row of their service and counter. */
  private readonly dossiers = new Map<string, number>();
  private today = "";
  private lastAt = "";
  private lastInstant = 0;
  private lastDate = "";

  constructor(config: OfficeConfig) {
    this.config = config;
    this.calendar = new OfficeCalendar(config);
    this.smsPrice = config.dossiers.smsPrice;
    this.internConfig(config);
  }

  /** After a `config_applied`: its services, counters, time zone and SMS price from then on. */
  useConfig(config: OfficeConfig): void {
    this.config = config;
    this.calendar = new OfficeCalendar(config);
    this.smsPrice = config.dossiers.smsPrice;
    this.internConfig(config);
    this.lastAt = "";
  }

  /** Every decision, in log order: the input and the events the core decided for it. */
  add(input: SimInput, events: readonly SimEvent[]): void {
    if (input.type === "sms") {
      const date = this.dateOf(input.at);
      this.day(date).add(rowKey(NONE, NONE), F.SMS_RECEIVED);
    }
    for (const event of events) this.addEvent(event);
  }

  /** The figures of a period (pure read). Throws a RangeError for a query that names no period. */
  report(query: StatsQuery): StatsReport {
    return buildReport(this.store, this.config, query);
  }

  private addEvent(e: SimEvent): void {
    switch (e.type) {
      case "ticket_issued":
        this.onTicket(e);
        return;
      case "ticket_refused": {
        const service = this.serviceIds.get(e.service.toUpperCase()) ?? NONE;
        this.day(this.dateOf(e.at)).add(rowKey(service, NONE), F.REFUSED);
        return;
      }
      case "booked":
        this.onBooked(e);
        return;
      case "cancelled":
        this.onCancelled(e);
        return;
      case "checked_in": {
        const a = this.appointments.get(e.code);
        if (!a) return;
        a.checkedIn = this.instantOf(e.at);
        this.keep(a);
        return;
      }
      case "called":
        this.onCalled(e);
        return;
      case "skipped": {
        const n = this.numbersOf(this.dateOf(e.at)).get(e.label);
        if (n) n.serviceFrom = Number.NaN;
        return;
      }
      case "served":
        this.onServed(e);
        return;
      case "transferred":
        this.onTransferred(e);
        return;
      case "voided": {
        const date = this.dateOf(e.at);
        const n = this.numbersOf(date).get(e.label);
        const service = n?.service ?? this.serviceOfLabel(e.label);
        this.day(n?.ticketDate ?? date).add(rowKey(service, n?.counter ?? NONE), F.VOIDED);
        return;
      }
      case "rated": {
        const field =
          e.value === "very_satisfied"
            ? F.VERY_SATISFIED
            : e.value === "satisfied"
              ? F.SATISFIED
              : F.UNSATISFIED;
        this.day(this.dateOf(e.at)).add(rowKey(this.service(e.service), this.counter(e.counter)), field);
        return;
      }
      case "sms_out": {
        const segments = smsSegments(e.text);
        const day = this.day(this.dateOf(e.at));
        const key = rowKey(NONE, NONE);
        day.add(key, F.SMS_SENT);
        day.add(key, F.SMS_SEGMENTS, segments);
        day.smsCost += segments * this.smsPrice;
        return;
      }
      case "dossier_received": {
        const key = rowKey(this.service(e.service), e.counter === undefined ? NONE : this.counter(e.counter));
        this.dossiers.set(e.code, key);
        this.day(this.dateOf(e.at)).add(key, F.RECEIVED);
        return;
      }
      case "dossier_result_ready": {
        const key = this.dossiers.get(e.code) ?? rowKey(NONE, NONE);
        this.dossiers.delete(e.code);
        const field = e.status === "early" ? F.EARLY : e.status === "on_time" ? F.ON_TIME : F.LATE;
        this.day(this.dateOf(e.at)).add(key, field);
        return;
      }
      default:
        return;
    }
  }

  private onTicket(e: EventOf<"ticket_issued">): void {
    const date = this.dateOf(e.at);
    const service = this.service(e.service);
    this.day(date).add(rowKey(service, NONE), F.TICKETS);
    this.numbersOf(date).set(e.label, {
      service,
      waitFrom: this.instantOf(e.at),
      called: false,
      serviceFrom: Number.NaN,
      counter: NONE,
      ticketDate: date,
      appointment: undefined,
    });
  }

  private onBooked(e: EventOf<"booked">): void {
    const time = Date.parse(e.time);
    const date = this.calendar.dateOf(time);
    const a: AppointmentRecord = {
      code: e.code,
      date,
      label: e.label,
      key: rowKey(this.service(e.service), this.counter(e.counter)),
      time,
      checkedIn: Number.NaN,
      state: BOOKED,
    };
    this.day(date).add(a.key, F.APPOINTMENTS);
    this.appointments.set(a.code, a);
    this.appointmentsByLabel.set(`${date} ${a.label}`, a);
    const list = this.appointmentsByDate.get(date);
    if (list) list.push(a);
    else this.appointmentsByDate.set(date, [a]);
  }

  private onCancelled(e: EventOf<"cancelled">): void {
    const a = this.appointments.get(e.code);
    if (!a) return;
    const day = this.day(a.date);
    if (e.reason === "no_show") {
      if (a.state === KEPT) day.add(a.key, F.KEPT, -1);
      if (a.state !== NO_SHOW) day.add(a.key, F.NO_SHOWS);
      a.state = NO_SHOW;
      return;
    }
    // Cancelled by the citizen, an officer or a configuration change: not an appointment to keep.
    day.add(a.key, F.APPOINTMENTS, -1);
    day.add(a.key, F.CANCELLED);
    if (a.state === KEPT) day.add(a.key, F.KEPT, -1);
    if (a.state === NO_SHOW) day.add(a.key, F.NO_SHOWS, -1);
    this.forget(a);
  }

  /** The citizen came (checked in, called, handed over): kept, unless a no-show follows. */
  private keep(a: AppointmentRecord): void {
    if (a.state !== BOOKED) return;
    a.state = KEPT;
    this.day(a.date).add(a.key, F.KEPT);
  }

  private forget(a: AppointmentRecord): void {
    this.appointments.delete(a.code);
    this.appointmentsByLabel.delete(`${a.date} ${a.label}`);
  }

  private onCalled(e: EventOf<"called">): void {
    const date = this.dateOf(e.at);
    const at = this.instantOf(e.at);
    const numbers = this.numbersOf(date);
    const service = this.service(e.service);
    const counter = this.counter(e.counter);
    let n = numbers.get(e.label);
    if (!n) {
      const a = this.appointmentsByLabel.get(`${date} ${e.label}`);
      n = {
        service,
        waitFrom: a ? appointmentStart(a) : Number.NaN,
        called: false,
        serviceFrom: Number.NaN,
        counter: NONE,
        ticketDate: undefined,
        appointment: a,
      };
      numbers.set(e.label, n);
    }
    if (Number.isNaN(n.serviceFrom)) n.serviceFrom = at;
    if (n.called) return;
    n.called = true;
    n.counter = counter;
    const key = rowKey(service, counter);
    const day = this.day(date);
    if (!Number.isNaN(n.waitFrom)) day.addWait(key, (at - n.waitFrom) / 1000);
    if (n.ticketDate !== undefined) {
      // The ticket now belongs to the counter that called it.
      const ticketDay = this.day(n.ticketDate);
      ticketDay.add(rowKey(n.service, NONE), F.TICKETS, -1);
      ticketDay.add(rowKey(n.service, counter), F.TICKETS);
      n.ticketDate = undefined;
    }
    if (n.appointment) this.keep(n.appointment);
  }

  private onServed(e: EventOf<"served">): void {
    const date = this.dateOf(e.at);
    const key = rowKey(this.service(e.service), this.counter(e.counter));
    const day = this.day(date);
    day.add(key, F.SERVED);
    if (e.kind === "appointment") day.add(key, F.SERVED_BOOKED);
    const n = this.numbersOf(date).get(e.label);
    if (n && !Number.isNaN(n.serviceFrom)) {
      day.addServiceTime(key, (this.instantOf(e.at) - n.serviceFrom) / 1000);
      n.serviceFrom = Number.NaN;
    }
  }

  private onTransferred(e: EventOf<"transferred">): void {
    const date = this.dateOf(e.at);
    const at = this.instantOf(e.at);
    const numbers = this.numbersOf(date);
    const old = numbers.get(e.label);
    const a = old?.appointment ?? this.appointmentsByLabel.get(`${date} ${e.label}`);
    // Handed over before its call: the citizen came.
    if (a) this.keep(a);
    const oldService = old?.service ?? this.serviceOfLabel(e.label);
    this.day(date).add(rowKey(oldService, old?.counter ?? NONE), F.TRANSFERS);
    // A citizen who never reached a counter has waited all along (since their ticket, or their
    // appointment's time); one who did waits from now.
    let waitFrom = at;
    if (old && !old.called) waitFrom = old.waitFrom;
    else if (!old && a) waitFrom = Math.min(at, appointmentStart(a));
    numbers.set(e.newLabel, {
      service: this.service(e.service),
      waitFrom,
      called: false,
      serviceFrom: Number.NaN,
      counter: NONE,
      ticketDate: undefined,
      appointment: undefined,
    });
  }

  // ---- days, dates, ids ---------------------------------------------------------------------

  private day(date: string): DayFigures {
    const found = this.store.days.get(date);
    if (found) return found;
    const day = new DayFigures(date);
    this.store.days.set(date, day);
    const dates = this.store.dates;
    let i = dates.length;
    while (i > 0 && (dates[i - 1] as string) > date) i--;
    dates.splice(i, 0, date);
    return day;
  }

  private numbersOf(date: string): Map<string, NumberRecord> {
    if (date > this.today) this.newDay(date);
    let numbers = this.numbers.get(date);
    if (!numbers) {
      numbers = new Map();
      this.numbers.set(date, numbers);
    }
    return numbers;
  }

  /** A new office day: yesterday's numbers and appointments are done with, older days sealed. */
  private newDay(date: string): void {
    this.today = date;
    const yesterday = dateOfDayNumber(dayNumber(date) - 1);
    for (const d of this.numbers.keys()) if (d < yesterday) this.numbers.delete(d);
    for (const [d, list] of this.appointmentsByDate) {
      if (d >= yesterday) continue;
      for (const a of list) if (this.appointments.get(a.code) === a) this.forget(a);
      this.appointmentsByDate.delete(d);
    }
    for (const d of this.store.dates) {
      if (d >= yesterday) break;
      this.store.days.get(d)?.seal();
    }
  }

  /** The office date of an event's time; the last one is kept, since a decision's events share it. */
  private dateOf(at: string): string {
    if (at !== this.lastAt) {
      this.lastAt = at;
      this.lastInstant = Date.parse(at);
      this.lastDate = this.calendar.dateOf(this.lastInstant);
      if (this.lastDate > this.today) this.newDay(this.lastDate);
    }
    return this.lastDate;
  }

  private instantOf(at: string): number {
    if (at !== this.lastAt) this.dateOf(at);
    return this.lastInstant;
  }

  private internConfig(config: OfficeConfig): void {
    for (const s of config.services) this.service(s.code);
    for (const c of config.counters) this.counter(c.id);
  }

  private service(code: string): number {
    let id = this.serviceIds.get(code);
    if (id === undefined) {
      id = this.store.services.length;
      this.store.services.push(code);
      this.serviceIds.set(code, id);
    }
    return id;
  }

  private counter(name: string): number {
    let id = this.counterIds.get(name);
    if (id === undefined) {
      id = this.store.counters.length;
      this.store.counters.push(name);
      this.counterIds.set(name, id);
    }
    return id;
  }

  /** `TP-005` → TP's id; NONE when the label names no service seen. */
  private serviceOfLabel(label: string): number {
    const dash = label.lastIndexOf("-");
    return this.serviceIds.get(dash > 0 ? label.slice(0, dash) : label) ?? NONE;
  }
}

/** An appointment's wait begins at its time, or at its check-in when the citizen came late. */
function appointmentStart(a: AppointmentRecord): number {
  return Number.isNaN(a.checkedIn) ? a.time : Math.max(a.time, a.checkedIn);
}

/** Characters of GSM-7's basic table that are ASCII: a text of only these is one septet a character. */
const GSM7_ASCII = /^[A-Za-z0-9 \n\r!"#$%&'()*+,\-./:;<=>?@_]*$/;

/**
 * The parts an SMS is sent in, as @motcua/sms cuts it (at least one). The office's replies are
 * mostly plain ASCII: those are counted from their length (160 in one part, 153 a part when cut),
 * the same answer without encoding them; anything else goes through the codec.
 */
export function smsSegments(text: string): number {
  if (GSM7_ASCII.test(text)) return text.length <= 160 ? 1 : Math.ceil(text.length / 153);
  return Math.max(1, segment(text).parts.length);
}
