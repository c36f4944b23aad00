import type { SimEvent } from "@motcua/protocol";
import type { Unserved } from "./types.js";

/**
 * Walk-in numbers of the period that nobody ever called: printed (or given by a transfer), then
 * neither called, voided nor transferred before the day ended — the citizens a day sends home
 * with their ticket in hand. The statistics engine counts refused tickets and no-shows; this
 * is the third way of being sent home.
 */
export class UnservedCounter {
  /** `day|label` → service, while waiting. */
  private readonly waiting = new Map<string, string>();

  constructor(
    private readonly from: string,
    private readonly to: string,
  ) {}

  add(events: readonly SimEvent[]): void {
    for (const e of events) {
      const day = e.at.slice(0, 10);
      switch (e.type) {
        case "ticket_issued":
          if (day >= this.from && day <= this.to) this.waiting.set(`${day}|${e.label}`, e.service);
          break;
        case "transferred":
          this.waiting.delete(`${day}|${e.label}`);
          if (day >= this.from && day <= this.to) this.waiting.set(`${day}|${e.newLabel}`, e.service);
          break;
        case "called":
          this.waiting.delete(`${day}|${e.label}`);
          break;
        case "voided":
          this.waiting.delete(`${day}|${e.label}`);
          break;
      }
    }
  }

  result(): Unserved {
    const byService: Record<string, number> = {};
    for (const service of this.waiting.values()) byService[service] = (byService[service] ?? 0) + 1;
    return { total: this.waiting.size, byService };
  }
}
