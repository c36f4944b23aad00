import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import type { Button, EventOf, SimEvent, SimInput } from "@motcua/protocol";
import { OfficeStats, type StatsQuery } from "../src/index.js";

/**
 * The example office (son-tay: counter 1 serves TP, 2 DD, 3 XH and VH; 07:30–11:00 and
 * 13:30–17:00, appointments from 08:00 and 14:00) driven through a real core, every decision
 * fed to an OfficeStats as the hub feeds it. 2026-11-23 is a Monday, 24 a holiday.
 */
export const MON = "2026-11-23";
export const WED = "2026-11-25";
export const THU = "2026-11-26";
export const FRI = "2026-11-27";
export const MON2 = "2026-11-30";
export const TUE2 = "2026-12-01";

export const t = (date: string, clock: string): string =>
  `${date}T${clock.length === 5 ? `${clock}:00` : clock}+07:00`;

export class Office {
  readonly core: QueueCore;
  readonly stats: OfficeStats;
  readonly log: { input: SimInput; events: SimEvent[] }[] = [];

  constructor(readonly config: OfficeConfig = loadOfficeConfig()) {
    this.core = new QueueCore(config, { seed: 0 });
    this.stats = new OfficeStats(config);
  }

  send(input: SimInput): SimEvent[] {
    const { events } = this.core.decide(input);
    if (events.some((e) => e.type === "config_applied")) this.stats.useConfig(this.core.config);
    this.stats.add(input, events);
    this.log.push({ input, events });
    return events;
  }

  ticket(at: string, service: string): string {
    const issued = this.send({ at, type: "ticket", service }).find((e) => e.type === "ticket_issued");
    if (!issued) throw new Error(`no ticket for ${service} at ${at}`);
    return issued.label;
  }

  press(at: string, counter: string, button: Button = "next"): SimEvent[] {
    return this.send({ at, type: "press", counter, button });
  }

  rate(at: string, counter: string, value: "very_satisfied" | "satisfied" | "unsatisfied"): SimEvent[] {
    return this.send({ at, type: "rating", counter, value });
  }

  sms(at: string, from: string, text: string): SimEvent[] {
    return this.send({ at, type: "sms", from, text });
  }

  /** Books by SMS and returns the booking. */
  book(at: string, from: string, text: string): EventOf<"booked"> {
    const booked = this.sms(at, from, text).find((e) => e.type === "booked");
    if (!booked) throw new Error(`"${text}" booked nothing`);
    return booked;
  }

  tick(at: string): SimEvent[] {
    return this.send({ at, type: "tick" });
  }

  /** All events of the log of one type. */
  events<T extends SimEvent["type"]>(type: T): EventOf<T>[] {
    return this.log.flatMap((d) => d.events).filter((e): e is EventOf<T> => e.type === type);
  }

  report(query: Partial<StatsQuery> & { from: string }) {
    return this.stats.report({ to: query.from, group: "day", ...query });
  }
}
