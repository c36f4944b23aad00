import type { OfficeConfig } from "@motcua/config";
import type { ActionRefusal, EventOf, RefusableAction, SimEvent } from "@motcua/protocol";
import { expect } from "vitest";
import { Office } from "./calling-helpers.js";

/**
 * Builders for the officer-action tests (PROTOCOL.md "Officer actions and ratings"). Expected
 * events are written out by hand from the contract and docs/rules.md "Officer actions".
 */
export const LAN = "lan"; // the officer at the staff console in these tests

type Booked = EventOf<"booked">;
type Tuple<N extends number, R extends Booked[] = []> = R["length"] extends N ? R : Tuple<N, [Booked, ...R]>;

/** The office of calling-helpers.ts, with the staff console's actions and the rating pads. */
export class Console extends Office {
  constructor(options: { seed?: number; config?: OfficeConfig } = {}) {
    super(options);
  }

  /** bookMany's bookings as a tuple, so a test names each one. */
  bookings<N extends 1 | 2 | 3>(
    date: string,
    count: N,
    options?: Parameters<Office["bookMany"]>[2],
  ): Tuple<N> {
    const list = this.bookMany(date, count, options);
    expect(list).toHaveLength(count);
    return list as Tuple<N>;
  }

  checkin(at: string, code: string, officer = LAN): SimEvent[] {
    return this.send({ at, type: "checkin", code, officer });
  }

  call(at: string, counter: string, label: string, officer = LAN): SimEvent[] {
    return this.send({ at, type: "call", counter, label, officer });
  }

  transfer(at: string, label: string, service: string, officer = LAN): SimEvent[] {
    return this.send({ at, type: "transfer", label, service, officer });
  }

  void(at: string, label: string, officer = LAN): SimEvent[] {
    return this.send({ at, type: "void", label, officer });
  }

  cancel(at: string, code: string, officer = LAN): SimEvent[] {
    return this.send({ at, type: "officer_cancel", code, officer });
  }

  /** `officer` null: the officer-less line of logs stored before officers were named. */
  unblock(at: string, phone: string, officer: string | null = LAN): SimEvent[] {
    return this.send(
      officer === null ? { at, type: "unblock", phone } : { at, type: "unblock", phone, officer },
    );
  }

  rate(at: string, counter: string, value: string): SimEvent[] {
    return this.send({ at, type: "rating", counter, value });
  }

  /** What a counter shows now: its status and the label it serves. */
  counter(id: string): { status: string; serving: string | null } {
    const c = this.core.board().counters.find((x) => x.counter === id);
    if (!c) throw new Error(`no counter ${id}`);
    return { status: c.status, serving: c.serving?.label ?? null };
  }

  /** Presses next and returns the label it called, or null when it called nobody. */
  nextLabel(at: string, counter: string): string | null {
    const call = this.next(at, counter).find((e): e is EventOf<"called"> => e.type === "called");
    return call?.label ?? null;
  }
}

/** The refusal of an action; `officer` null for a rating or an officer-less unblock. */
export function refusal(
  at: string,
  action: RefusableAction,
  reason: ActionRefusal,
  officer: string | null = LAN,
): EventOf<"action_refused"> {
  return officer === null
    ? { at, type: "action_refused", action, reason }
    : { at, type: "action_refused", action, reason, officer };
}

/**
 * Asserts an input was refused with `reason` and changed nothing: its only event is the refusal
 * and the board (counters, waiting, appointments) is the same as before.
 */
export function expectRefused(
  office: Console,
  act: () => SimEvent[],
  expected: EventOf<"action_refused">,
): void {
  const before = office.core.board();
  const events = act();
  expect(events).toEqual([expected]);
  const { at: _a, session: _s, ...after } = office.core.board();
  const { at: _b, session: _t, ...was } = before;
  expect(after).toEqual(was);
}
