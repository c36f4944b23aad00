import type { Clock } from "../../src/clock.js";

/**
 * A hub clock that moves only when told (`startHub({clock})`), firing the hub's timers
 * (appointments due, grace ends, session edges) at their own instants on the way, so that each
 * input of a scripted day happens at an exact time and its figures can be worked out by hand.
 */
export class SteppedClock implements Clock {
  private timers: { at: number; fn: () => void }[] = [];

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  at(at: number, fn: () => void): () => void {
    const timer = { at, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves to `iso` (never back), running each timer due on the way at its own instant. */
  set(iso: string): void {
    const to = Date.parse(iso);
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = Math.max(this.t, to);
  }
}
