// A counter the new configuration adds has no officer in the log: nobody pressed its buttons.
// The replay presses them the way an attentive officer would (docs/whatif.md, "An added
// counter"): `next` when the citizen at it has had the service's measured time, at once when
// a ticket of its services is printed while it is idle, at each session's start; `skip` two
// minutes after calling a citizen the log says never came (a skipped walk-in, a no-show).
import type { OfficeCalendar } from "@motcua/core";
import type { Button, SimEvent } from "@motcua/protocol";

const MINUTE = 60_000;
/** How long the replay waits at a citizen the log says was not there before skipping them. */
export const SKIP_AFTER_MINUTES = 2;

export interface AutoPress {
  at: number;
  counter: string;
  button: Extract<Button, "next" | "skip">;
}

interface CounterState {
  id: string;
  services: Set<string>;
  /** The next press, when one is planned. */
  press: AutoPress | undefined;
  /** Our last `next` called nobody: wait for a ticket or the next session. */
  waiting: boolean;
  presses: number;
  calls: number;
}

export interface AutoCounterOptions {
  counters: { id: string; services: string[] }[];
  calendar: OfficeCalendar;
  /** Minutes a citizen of this service stays at the counter. */
  minutes(service: string): number;
  /** Whether the log says the citizen with this number (the new replay's label) never came. */
  absent(day: string, label: string): boolean;
}

export class AutoCounters {
  private readonly states = new Map<string, CounterState>();

  constructor(
    private readonly options: AutoCounterOptions,
    start: number,
  ) {
    for (const c of options.counters) {
      const state: CounterState = {
        id: c.id,
        services: new Set(c.services),
        press: undefined,
        waiting: true,
        presses: 0,
        calls: 0,
      };
      this.plan(state, this.nextStart(start), "next");
      this.states.set(c.id, state);
    }
  }

  get size(): number {
    return this.states.size;
  }

  /** The earliest planned press, if any is planned at or before `until`. */
  due(until: number): AutoPress | undefined {
    let first: AutoPress | undefined;
    for (const s of this.states.values())
      if (s.press && s.press.at <= until && (!first || s.press.at < first.at)) first = s.press;
    return first;
  }

  /** Our press was played; `events` is what it decided. */
  pressed(press: AutoPress, events: readonly SimEvent[]): void {
    const state = this.states.get(press.counter);
    if (!state) return;
    state.press = undefined;
    state.presses++;
    this.observe(events);
    if (state.press) return;
    const at = Date.parse(events.at(-1)?.at ?? "") || press.at;
    if (press.button === "skip") {
      // A skip that changed nothing (the grace period had ended): the officer moves on.
      this.plan(state, Math.max(at, press.at), "next");
      return;
    }
    const calledHere = events.some((e) => e.type === "called" && e.counter === state.id);
    if (!calledHere) {
      state.waiting = true;
      this.plan(state, this.nextStart(press.at), "next");
    }
  }

  /** What any decision did: calls at our counters, a finished citizen, a printed ticket. */
  observe(events: readonly SimEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case "called": {
          const state = this.states.get(e.counter);
          if (!state) break;
          state.waiting = false;
          if (!e.repeat) state.calls++;
          const at = Date.parse(e.at);
          if (this.options.absent(e.at.slice(0, 10), e.label))
            this.plan(state, at + SKIP_AFTER_MINUTES * MINUTE, "skip");
          else this.plan(state, at + this.options.minutes(e.service) * MINUTE, "next");
          break;
        }
        case "served":
        case "skipped": {
          const state = this.states.get(e.counter);
          if (!state) break;
          // Finished by a session's end or skipped: call the next one when the office is open.
          const at = Date.parse(e.at);
          state.waiting = false;
          this.plan(state, this.options.calendar.sessionAt(at) ? at : this.nextStart(at), "next");
          break;
        }
        case "ticket_issued":
        case "transferred": {
          const at = Date.parse(e.at);
          if (!this.options.calendar.sessionAt(at)) break;
          for (const state of this.states.values())
            if (state.waiting && state.services.has(e.service) && (!state.press || state.press.at > at))
              this.plan(state, at, "next");
          break;
        }
      }
    }
  }

  report(): { counter: string; services: string[]; presses: number; calls: number }[] {
    return [...this.states.values()].map((s) => ({
      counter: s.id,
      services: [...s.services],
      presses: s.presses,
      calls: s.calls,
    }));
  }

  /**
   * Plans a press. One that would fall after the end of the session it is planned in moves to
   * the next session's start: the session's end finishes the citizen anyway (docs/rules.md).
   */
  private plan(state: CounterState, at: number, button: AutoPress["button"]): void {
    const session = this.options.calendar.sessionAt(at);
    const when = session ? at : this.nextStart(at);
    state.press = Number.isFinite(when) ? { at: when, counter: state.id, button } : undefined;
  }

  /** The start of the next session strictly after `at` (Infinity when none within a year). */
  private nextStart(at: number): number {
    let instant = at;
    for (let i = 0; i < 2000; i++) {
      const boundary = this.options.calendar.nextBoundaryAfter(instant);
      if (!boundary) return Number.POSITIVE_INFINITY;
      if (boundary.kind === "start") return boundary.at;
      instant = boundary.at;
    }
    return Number.POSITIVE_INFINITY;
  }
}
