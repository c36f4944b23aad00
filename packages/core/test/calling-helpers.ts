import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import type { Button, CallKind, EventOf, SimEvent, SimInput } from "@motcua/protocol";
import { expect } from "vitest";
import { type Decision, QueueCore } from "../src/index.js";

/**
 * Builders for the calling-side tests. Dates: 2026-11-22 is a Sunday ("today" of the project),
 * 2026-11-23 a Monday, 2026-11-24 a public holiday, 2026-11-25 a Wednesday.
 */
export const MON = "2026-11-23";
export const HOLIDAY = "2026-11-24";
export const WED = "2026-11-25";
export const THU = "2026-11-26";
export const FRI = "2026-11-27";
export const SAT = "2026-11-28";
export const MON2 = "2026-11-30";

/** `2026-11-25T08:00:00+07:00` from a date and `08:00` or `08:00:30`. */
export function t(date: string, clock: string): string {
  return `${date}T${clock.length === 5 ? `${clock}:00` : clock}+07:00`;
}

/** `25/11` from `2026-11-25`: the date as a citizen types it. */
export function ddmm(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

/** A distinct, valid Vietnamese mobile number per index. */
export function phone(i: number): string {
  return `09${String(10_000_000 + i)}`;
}

export const exampleOffice = (): OfficeConfig => loadOfficeConfig();

/** The service and number of a label such as `TP-012`. */
export function parse(label: string): { service: string; number: number } {
  const [service, number] = label.split("-");
  return { service: service as string, number: Number(number) };
}

export function called(
  at: string,
  label: string,
  counter: string,
  kind: CallKind,
  repeat = false,
): EventOf<"called"> {
  return { at, type: "called", ...parse(label), label, counter, kind, repeat };
}

export function served(at: string, label: string, counter: string, kind: CallKind): EventOf<"served"> {
  return { at, type: "served", ...parse(label), label, counter, kind };
}

export function skipped(at: string, label: string, counter: string, kind: CallKind): EventOf<"skipped"> {
  return { at, type: "skipped", ...parse(label), label, counter, kind };
}

export function issued(at: string, label: string, estimatedAt: string): EventOf<"ticket_issued"> {
  return { at, type: "ticket_issued", ...parse(label), label, estimatedAt };
}

export function refused(
  at: string,
  service: string,
  reason: EventOf<"ticket_refused">["reason"],
): EventOf<"ticket_refused"> {
  return { at, type: "ticket_refused", service, reason };
}

/** The no-show pair: `cancelled` (reason no_show) and the SMS that tells the citizen. */
export function noShow(at: string, booking: EventOf<"booked">): SimEvent[] {
  return [
    { at, type: "cancelled", code: booking.code, reason: "no_show" },
    {
      at,
      type: "sms_out",
      to: booking.phone,
      text: expect.stringContaining(booking.label) as unknown as string,
    },
  ];
}

/** The no-show that blocks the phone: `cancelled`, `blocked`, then the SMS. */
export function noShowBlocking(at: string, booking: EventOf<"booked">): SimEvent[] {
  const [cancelled, sms] = noShow(at, booking) as [SimEvent, SimEvent];
  return [cancelled, { at, type: "blocked", phone: booking.phone }, sms];
}

/** A booked appointment as the board lists it. */
export function onBoard(
  booking: EventOf<"booked">,
  status: "booked" | "called" | "grace" | "served" | "cancelled" | "no_show",
) {
  return {
    number: booking.number,
    label: booking.label,
    service: booking.service,
    counter: booking.counter,
    time: booking.time,
    status,
  };
}

/**
 * One office, driven input by input. Every input and its events are kept in `log`, so a test
 * can also look at what happened in between.
 */
export class Office {
  readonly core: QueueCore;
  readonly log: Array<{ input: SimInput; events: SimEvent[] }> = [];

  constructor(options: { seed?: number; config?: OfficeConfig } = {}) {
    this.core = new QueueCore(options.config ?? exampleOffice(), { seed: options.seed ?? 7 });
  }

  decide(input: SimInput): Decision {
    const decision = this.core.decide(input);
    this.log.push({ input, events: decision.events });
    return decision;
  }

  send(input: SimInput): SimEvent[] {
    return this.decide(input).events;
  }

  sms(at: string, from: string, text: string): SimEvent[] {
    return this.send({ at, type: "sms", from, text });
  }

  ticket(at: string, service: string, priority?: boolean): SimEvent[] {
    return this.send(
      priority === undefined ? { at, type: "ticket", service } : { at, type: "ticket", service, priority },
    );
  }

  /** Issues a ticket and returns its label (fails the test when none is issued). */
  walkIn(at: string, service: string, priority?: boolean): string {
    const events = this.ticket(at, service, priority);
    const ticket = events.find((e): e is EventOf<"ticket_issued"> => e.type === "ticket_issued");
    if (!ticket) throw new Error(`no ticket issued at ${at}: ${JSON.stringify(events)}`);
    return ticket.label;
  }

  press(at: string, counter: string, button: Button): SimEvent[] {
    return this.send({ at, type: "press", counter, button });
  }

  next(at: string, counter: string): SimEvent[] {
    return this.press(at, counter, "next");
  }

  recall(at: string, counter: string): SimEvent[] {
    return this.press(at, counter, "recall");
  }

  skip(at: string, counter: string): SimEvent[] {
    return this.press(at, counter, "skip");
  }

  pause(at: string, counter: string): SimEvent[] {
    return this.press(at, counter, "pause");
  }

  resume(at: string, counter: string): SimEvent[] {
    return this.press(at, counter, "resume");
  }

  tick(at: string): SimEvent[] {
    return this.send({ at, type: "tick" });
  }

  /** Sends a `DK` and returns its `booked` event (fails the test when nothing is booked). */
  book(at: string, from: string, text: string): EventOf<"booked"> {
    const events = this.sms(at, from, text);
    const booked = events.filter((e): e is EventOf<"booked"> => e.type === "booked");
    if (booked.length !== 1) throw new Error(`"${text}" at ${at} booked nothing: ${JSON.stringify(events)}`);
    return booked[0] as EventOf<"booked">;
  }

  /**
   * `count` citizens (phones `first`, `first + 1`, …) book `procedure` for `date` by SMS on
   * Monday 2026-11-23 from 09:00, one a minute (the previous working day of Wednesday 25/11).
   */
  bookMany(
    date: string,
    count: number,
    options: { procedure?: string; first?: number; from?: string } = {},
  ): EventOf<"booked">[] {
    const procedure = options.procedure ?? "KS";
    const first = options.first ?? 1;
    const start = Date.parse(options.from ?? t(MON, "09:00"));
    return Array.from({ length: count }, (_, i) => {
      const at = isoAt(start + i * 60_000);
      return this.book(at, phone(first + i), `DK Nguyen Van ${letter(first + i)} ${procedure} ${ddmm(date)}`);
    });
  }
}

/** An instant as the `+07:00` text the core uses. */
export function isoAt(instant: number): string {
  return `${new Date(instant + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

function letter(i: number): string {
  return String.fromCharCode(65 + (i % 26));
}

/** The value, or a failed test when it is missing (for array elements under noUncheckedIndexedAccess). */
export function must<T>(value: T | undefined, what = "value"): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** Only the events of one or more types. */
export function only<T extends SimEvent["type"]>(events: readonly SimEvent[], ...types: T[]): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => (types as string[]).includes(e.type));
}
