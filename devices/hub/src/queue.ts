import { randomInt } from "node:crypto";
import type { OfficeConfig } from "@motcua/config";
import { type Decision, QueueCore } from "@motcua/core";
import type { Logger } from "@motcua/log";
import type { SimEvent, SimInput } from "@motcua/protocol";
import type { NewSms, Store } from "@motcua/store";
import type { Clock } from "./clock.js";

/** Press ids remembered for idempotency; older ones are forgotten first. */
const MAX_REMEMBERED_IDS = 200_000;

export type DecisionListener = (input: SimInput, decision: Decision) => void;
/** Messages to queue for sending in the same transaction as the decision (given its log seq). */
export type OutgoingRows = (input: SimInput, decision: Decision) => ((seq: number) => NewSms[]) | undefined;

/**
 * The live queue: the shared core driven by the hub's clock, every input written to the store
 * with its events before anyone hears of them, timers armed on the clock, and a restart that
 * replays the store into exactly the state it had.
 */
export class LiveQueue {
  readonly core: QueueCore;
  private readonly seen = new Set<string>();
  private readonly listeners: DecisionListener[] = [];
  private outgoing: OutgoingRows | undefined;
  private cancelTimer: (() => void) | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  private constructor(
    private readonly config: OfficeConfig,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    seed: number,
  ) {
    this.core = new QueueCore(config, { seed });
  }

  /** Opens the queue on a store: a new store gets a random seed, an old one is replayed. */
  static open(config: OfficeConfig, store: Store, clock: Clock, log: Logger): LiveQueue {
    let seed = store.getMeta<number>("seed");
    if (seed === undefined) {
      seed = randomInt(0, 2 ** 31);
      store.setMeta("seed", seed);
      store.setMeta("office", config.office.id);
      store.setMeta("createdAt", new Date().toISOString());
    }
    const storedOffice = store.getMeta<string>("office");
    if (storedOffice !== undefined && storedOffice !== config.office.id) {
      throw new Error(
        `the store belongs to office "${storedOffice}", not "${config.office.id}": use another --data folder`,
      );
    }
    const queue = new LiveQueue(config, store, clock, log, seed);
    queue.replay();
    // Bring the core to the present: timers that fell due while the hub was off fire now,
    // with their own times, and are logged like any other decision.
    queue.submit({ at: queue.stamp(), type: "tick" });
    return queue;
  }

  private replay(): void {
    const started = performance.now();
    let entries = 0;
    let mismatches = 0;
    for (const entry of this.store.entries()) {
      entries++;
      this.remember(entry.input);
      const decision = this.core.decide(entry.input);
      this.lastAt = Date.parse(entry.input.at);
      if (!sameEvents(decision.events, entry.events)) {
        mismatches++;
        if (mismatches <= 3) {
          this.log.warn(
            { seq: entry.seq, stored: entry.events.length, replayed: decision.events.length },
            "replayed events differ from the stored ones (was the configuration changed?)",
          );
        }
      }
      if (entries % 10_000 === 0) this.log.info({ entries }, "replaying the store");
    }
    this.log.info(
      { entries, mismatches, ms: Math.round(performance.now() - started) },
      "queue restored from the store",
    );
  }

  onDecision(listener: DecisionListener): void {
    this.listeners.push(listener);
  }

  /** Where the SMS a decision sends are queued (the outbox), in the decision's own transaction. */
  setOutgoing(outgoing: OutgoingRows): void {
    this.outgoing = outgoing;
  }

  /** The `at` the next input gets: the clock, never going back (NTP may step the clock). */
  stamp(): string {
    const now = Math.max(this.clock.now(), this.lastAt);
    return this.core.calendar.format(now);
  }

  /** Whether a device message with this key (`counter/1/<id>`) was already handled. */
  hasSeen(key: string): boolean {
    return this.seen.has(key);
  }

  /**
   * Handles one input: decides, writes input and events to the store in one transaction, then
   * tells the listeners. Ticks are stored only when they decided something.
   */
  submit(input: SimInput): Decision {
    if (this.closed) throw new Error("the queue is closed");
    const decision = this.core.decide(input);
    if (input.type !== "tick" || decision.events.length > 0) {
      this.store.append(input, decision.events, this.outgoing?.(input, decision));
    }
    this.lastAt = Math.max(this.lastAt, Date.parse(input.at));
    this.remember(input);
    for (const listener of this.listeners) listener(input, decision);
    this.arm();
    return decision;
  }

  /** Arms the clock for the core's next timer (an appointment due, a grace end, a session edge). */
  arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.closed) return;
    const wake = this.core.nextWakeUp();
    if (wake === undefined) return;
    this.cancelTimer = this.clock.at(wake, () => {
      this.cancelTimer = undefined;
      try {
        this.submit({ at: this.core.calendar.format(Math.max(wake, this.lastAt)), type: "tick" });
      } catch (error) {
        this.log.error({ err: error }, "timer failed");
      }
    });
  }

  private remember(input: SimInput): void {
    const key = keyOf(input);
    if (key === undefined) return;
    this.seen.add(key);
    if (this.seen.size > MAX_REMEMBERED_IDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
  }

  get officeId(): string {
    return this.config.office.id;
  }
}

/** The idempotency key of a device's input: its device and its press id. */
export function keyOf(input: SimInput): string | undefined {
  if (input.type === "press" && input.id) return `counter/${input.counter}/${input.id}`;
  if (input.type === "ticket" && input.id) return `kiosk/${input.kiosk ?? ""}/${input.id}`;
  if (input.type === "sms" && input.id) return `sms/${input.id}`;
  return undefined;
}

function sameEvents(a: readonly SimEvent[], b: readonly SimEvent[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
