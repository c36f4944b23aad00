// Shared helpers of the SMS-side tests (sms-*.test.ts). Expected values in the tests are
// worked out by hand from shared/spec/RULES.md, EXAMPLE-OFFICE.md and docs/rules.md, never read
// back from the core.
import { loadOfficeConfig, type OfficeConfig, type RulesConfig } from "@motcua/config";
import type { EventOf, SimEvent, SimInput } from "@motcua/protocol";
import { expect } from "vitest";
import { QueueCore } from "../src/index.js";

export const office: OfficeConfig = loadOfficeConfig();

/** The example office with some rules changed. */
export function withRules(rules: Partial<RulesConfig>): OfficeConfig {
  return { ...office, rules: { ...office.rules, ...rules } };
}

/** `2026-11-23T09:00:00+07:00` from ("2026-11-23", "09:00") or ("2026-11-23", "09:00:30"). */
export function at(date: string, clock: string): string {
  return `${date}T${clock.length === 5 ? `${clock}:00` : clock}+07:00`;
}

export const MON = "2026-11-23";
export const HOLIDAY = "2026-11-24";
export const WED = "2026-11-25";
export const THU = "2026-11-26";
export const FRI = "2026-11-27";

/** A distinct Vietnamese mobile number for each n (so limits and floods do not interfere). */
export function phone(n: number): string {
  return `0912${String(n).padStart(6, "0")}`;
}

export const P = "0912345678";

/** A core driven by scenario lines, keeping every event and the codes booked. */
export class Sim {
  readonly core: QueueCore;
  readonly all: SimEvent[] = [];

  constructor(config: OfficeConfig = office, seed = 0) {
    this.core = new QueueCore(config, { seed });
  }

  input(line: SimInput): SimEvent[] {
    const events = this.core.handle(line);
    this.all.push(...events);
    return events;
  }

  sms(when: string, from: string, text: string): SimEvent[] {
    return this.input({ at: when, type: "sms", from, text });
  }

  ticket(when: string, service: string, priority = false): SimEvent[] {
    return this.input({ at: when, type: "ticket", service, priority });
  }

  press(when: string, counter: string, button: "next" | "recall" | "skip" | "pause" | "resume"): SimEvent[] {
    return this.input({ at: when, type: "press", counter, button });
  }

  tick(when: string): SimEvent[] {
    return this.input({ at: when, type: "tick" });
  }

  unblock(when: string, phone: string): SimEvent[] {
    return this.input({ at: when, type: "unblock", phone });
  }

  /** Sends a DK that must be booked; returns the booked event. */
  book(when: string, from: string, text: string): EventOf<"booked"> {
    return bookedOf(this.sms(when, from, text));
  }

  /** Books `count` appointments from distinct phones (numbered from `firstPhone`). */
  fill(when: string, count: number, text: string, firstPhone = 1000): EventOf<"booked">[] {
    const out: EventOf<"booked">[] = [];
    for (let i = 0; i < count; i++) out.push(this.book(when, phone(firstPhone + i), text));
    return out;
  }
}

export function ofType<T extends SimEvent["type"]>(events: readonly SimEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

/** The single `booked` event of a step; fails with the events when there is none. */
export function bookedOf(events: readonly SimEvent[]): EventOf<"booked"> {
  const booked = ofType(events, "booked");
  expect(booked, JSON.stringify(events)).toHaveLength(1);
  return booked[0] as EventOf<"booked">;
}

/** The single reply (`sms_out`) of a step. */
export function replyOf(events: readonly SimEvent[]): EventOf<"sms_out"> {
  const out = ofType(events, "sms_out");
  expect(out, JSON.stringify(events)).toHaveLength(1);
  return out[0] as EventOf<"sms_out">;
}

/** Asserts a step was refused with `reason`, booked nothing, and returns its replies. */
export function expectRejected(events: readonly SimEvent[], reason: string): EventOf<"sms_out">[] {
  const rejected = ofType(events, "rejected");
  expect(
    rejected.map((r) => r.reason),
    JSON.stringify(events),
  ).toEqual([reason]);
  expect(ofType(events, "booked")).toEqual([]);
  return ofType(events, "sms_out");
}

/** Asserts a refusal with exactly one reply, and returns the reply's text. */
export function expectRejectedWithReply(events: readonly SimEvent[], reason: string): string {
  const replies = expectRejected(events, reason);
  expect(replies, JSON.stringify(events)).toHaveLength(1);
  return (replies[0] as EventOf<"sms_out">).text;
}

/** Printable ASCII only: a default reply must carry no diacritics nor typographic marks. */
export const ASCII = /^[\x20-\x7E]*$/;

/** The transaction-code alphabet: 6 characters without 0, O, 1, I. */
export const CODE = /^[2-9A-HJ-NP-Z]{6}$/;
