import { randomInt } from "node:crypto";
import { type OfficeConfig, parseOfficeConfig } from "@motcua/config";
import { type Decision, QueueCore } from "@motcua/core";
import type { Logger } from "@motcua/log";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { OfficeStats } from "@motcua/stats";
import type { NewEntry, NewSms, Store } from "@motcua/store";
import type { Clock } from "./clock.js";
import { CONFIG_BASE_KEY, CONFIG_FILE_HASH_KEY, configHash, sameConfig } from "./config-state.js";

/** Press ids remembered for idempotency; older ones are forgotten first. */
const MAX_REMEMBERED_IDS = 200_000;

export type DecisionListener = (input: SimInput, decision: Decision, seq: number | undefined) => void;

/**
 * What became of a queued input: decided and stored now, a resend of one stored earlier (its
 * stored events), or nothing to do (the input's maker found nothing to decide).
 */
export type Outcome =
  | { kind: "decided"; seq: number; input: SimInput; decision: Decision }
  | { kind: "duplicate"; seq: number; input: SimInput; events: SimEvent[] }
  | { kind: "skipped" };

/** An input and the events decided for it, stored or decided earlier in the same group. */
export interface Handled {
  input: SimInput;
  events: readonly SimEvent[];
}

/**
 * Makes the input at decision time, given its `at` and a look-up of the inputs handled so far
 * by idempotency key (including those of its own group); undefined when there is nothing to
 * decide.
 */
export type InputMaker = (at: string, handled: (key: string) => Handled | undefined) => SimInput | undefined;

type Done = { p: Pending; outcome: Outcome; entry?: number };

/** Announces a decision; may return a promise of its messages being on their way. */
export type Announcer = (input: SimInput, decision: Decision) => Promise<void> | undefined;

/** How long a group's commit waits for its calls to be handed to the network. */
const HANDOFF_WAIT_MS = 5;

interface Pending {
  make: InputMaker;
  key: string | undefined;
  resolve: (outcome: Outcome) => void;
  reject: (error: Error) => void;
}
/** Messages to queue for sending in the same transaction as the decision (given its log seq). */
export type OutgoingRows = (input: SimInput, decision: Decision) => ((seq: number) => NewSms[]) | undefined;

/**
 * The live queue: the shared core driven by the hub's clock, every input written to the store
 * with its events before anyone hears of them, timers armed on the clock, and a restart that
 * replays the store into exactly the state it had.
 */
export class LiveQueue {
  readonly core: QueueCore;
  /** The office's figures, fed with every decision of the log: replayed at start, then live. */
  readonly stats: OfficeStats;
  /** Idempotency keys of the inputs handled, with the seq of the entry that holds each. */
  private readonly seen = new Map<string, number>();
  /** Inputs waiting for the next group commit, in arrival order. */
  private pending: Pending[] = [];
  private flushScheduled = false;
  private failure: Error | undefined;
  private readonly listeners: DecisionListener[] = [];
  private readonly announcers: Announcer[] = [];
  /** The group decided and announced, waiting for its commit on the next turn. */
  private uncommitted: { done: Done[]; entries: NewEntry[] } | undefined;
  private outgoing: OutgoingRows | undefined;
  private cancelTimer: (() => void) | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  /** The office file's configuration, when it changed since the hub last started: applied by {@link applyFileConfig}. */
  private fileChange: { config: OfficeConfig; hash: string } | undefined;

  private constructor(
    config: OfficeConfig,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    seed: number,
  ) {
    this.core = new QueueCore(config, { seed });
    this.stats = new OfficeStats(config);
    // Listeners hear of a decision once it is stored; the replay feeds the stats itself.
    this.onDecision((input, decision) => this.feedStats(input, decision.events));
  }

  /**
   * Adds a decision to the figures. An applied change brings its services, counters and prices:
   * read from the input itself, since a group's later inputs may have moved the core on already.
   */
  private feedStats(input: SimInput, events: readonly SimEvent[]): void {
    if (input.type === "config" && events.some((e) => e.type === "config_applied")) {
      this.stats.useConfig(parseOfficeConfig(input.config, "config input"));
    }
    this.stats.add(input, events);
  }

  /**
   * Opens the queue on a store: a new store gets a random seed, an old one is replayed under
   * the configurations its log holds (the one it began under, then each `config` input).
   * `config` is the office file's: when it differs from the one the hub last started with, it
   * is put in force by {@link applyFileConfig}; otherwise the log's last one stays (a change
   * made from the console survives a restart).
   */
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
    // A store from before configurations were logged began under the file's, as it was replayed.
    const base = store.getMeta<unknown>(CONFIG_BASE_KEY);
    if (base === undefined) store.setMeta(CONFIG_BASE_KEY, config);
    const first = base === undefined ? config : parseOfficeConfig(base, "the store's first configuration");
    const queue = new LiveQueue(first, store, clock, log, seed);
    queue.replay();
    const hash = configHash(config);
    const lastHash = store.getMeta<string>(CONFIG_FILE_HASH_KEY);
    if (lastHash === undefined) store.setMeta(CONFIG_FILE_HASH_KEY, hash);
    else if (lastHash !== hash) queue.fileChange = { config, hash };
    // Bring the core to the present: timers that fell due while the hub was off fire now,
    // with their own times, and are logged like any other decision.
    queue.submit({ at: queue.stamp(), type: "tick" });
    return queue;
  }

  private replay(): void {
    const started = performance.now();
    let entries = 0;
    let mismatches = 0;
    for (const entry of this.store.storedEntries()) {
      entries++;
      this.remember(entry.input, entry.seq);
      const decision = this.core.decide(entry.input);
      this.feedStats(entry.input, decision.events);
      this.lastAt = Date.parse(entry.input.at);
      // The store wrote JSON.stringify of the events decided then: the same text, the same events.
      if (JSON.stringify(decision.events) !== entry.eventsJson) {
        mismatches++;
        if (mismatches <= 3) {
          this.log.warn(
            {
              seq: entry.seq,
              stored: (JSON.parse(entry.eventsJson) as unknown[]).length,
              replayed: decision.events.length,
            },
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

  /** The office configuration in force: read it at each use, a `config` input replaces it. */
  get config(): OfficeConfig {
    return this.core.config;
  }

  /** Called once a configuration change is stored, with the configuration now in force. */
  onConfigChange(listener: (config: OfficeConfig) => void): void {
    this.onDecision((_input, decision) => {
      if (decision.events.some((e) => e.type === "config_applied")) listener(this.config);
    });
  }

  /**
   * Puts the office file's configuration in force when it changed since the hub last started:
   * a `config` input from the file, confirmed (a technician editing the file means it), so the
   * bookings it breaks are cancelled and their citizens told. Called once the hub's outbox is
   * connected, so those SMS are queued. Undefined when there was nothing to apply.
   */
  applyFileConfig(): Decision | undefined {
    const change = this.fileChange;
    if (!change) return undefined;
    this.fileChange = undefined;
    let decision: Decision | undefined;
    if (!sameConfig(change.config, this.core.config)) {
      decision = this.submit({
        at: this.stamp(),
        type: "config",
        config: change.config,
        source: "file",
        confirm: true,
      });
      const applied = decision.events.find((e) => e.type === "config_applied");
      if (applied)
        this.log.info(
          { version: applied.version, cancelled: applied.cancelled },
          "the office file changed: its configuration is now in force",
        );
      else this.log.error({ reason: decision.ignored }, "the office file's configuration was refused");
    }
    this.store.setMeta(CONFIG_FILE_HASH_KEY, change.hash);
    return decision;
  }

  /** Called once an input's decision is stored (acknowledge, answer, queue SMS). */
  onDecision(listener: DecisionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Called as soon as an input is decided, before it is stored: for what may go out before the
   * disk has it (the calls a wall display announces), never for acknowledgements. An announcer
   * may return a promise of its messages being handed to the network: the group's commit
   * waits for it (at most {@link HANDOFF_WAIT_MS}), so the fsync does not hold the calls back.
   */
  onAnnounce(announcer: Announcer): void {
    this.announcers.push(announcer);
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

  /** The stored entry of the input with this idempotency key, while it is remembered. */
  storedEntry(key: string): { seq: number; input: SimInput; events: SimEvent[] } | undefined {
    const seq = this.seen.get(key);
    return seq === undefined ? undefined : this.store.entry(seq);
  }

  /**
   * Handles one input at once: decides, writes input and events to the store in one
   * transaction, then tells the listeners. Ticks are stored only when they decided something.
   * Inputs queued with {@link enqueue} before it are handled first, so the log keeps the order
   * in which inputs arrived.
   */
  submit(input: SimInput): Decision {
    this.flush();
    this.commit();
    this.ensureUsable();
    const decision = this.core.decide(input);
    for (const announce of this.announcers) announce(input, decision);
    let seq: number | undefined;
    if (input.type !== "tick" || decision.events.length > 0) {
      seq = this.appendOrFail([
        { input, events: decision.events, outgoing: this.outgoing?.(input, decision) },
      ])[0];
    }
    this.lastAt = Math.max(this.lastAt, Date.parse(input.at));
    this.remember(input, seq);
    for (const listener of this.listeners) listener(input, decision, seq);
    this.arm();
    return decision;
  }

  /**
   * Queues a device's input for the next group commit: inputs that arrive together (in the same
   * turn of the event loop) are decided in arrival order and stored in ONE transaction, so 40
   * counters pressing at once cost one fsync, not 40 in a row. The promise resolves once the
   * input is on disk — acknowledge the device only then — or with the stored entry when `key`
   * was handled before (a resend). It rejects when the store fails: nothing of that group was
   * acknowledged, and the queue refuses further work (a restart replays the store).
   *
   * The input is made at decision time by `make` (given its `at`), so that it can depend on
   * what was decided before it in the same group (a void naming the ticket just issued).
   */
  enqueue(make: InputMaker, key?: string): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      if (this.closed || this.failure) {
        reject(this.failure ?? new Error("the queue is closed"));
        return;
      }
      this.pending.push({ make, key, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate: after the I/O of this turn, so every packet already read joins the group.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Decides every queued input in arrival order and announces what it decided (the calls),
   * then stores the group in one transaction on the next turn of the event loop and only then
   * resolves it (the acknowledgements, tickets and answers). The call is on its way to the wall
   * display while the disk syncs — on a Pi's SD card an fsync takes milliseconds — but nothing
   * is acknowledged before it is stored. A crash in between leaves a call announced and not
   * stored; its press was never acknowledged, and the same number is called again after the
   * restart.
   */
  flush(): void {
    this.flushScheduled = false;
    // One group at a time: the previous one is stored before the next is decided, so look-ups
    // by key always see every input decided so far.
    this.commit();
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    if (this.closed || this.failure) {
      for (const p of group) p.reject(this.failure ?? new Error("the queue is closed"));
      return;
    }
    const done: Done[] = [];
    const entries: NewEntry[] = [];
    const inGroup = new Map<string, number>();
    const decidedInGroup = new Map<string, Handled>();
    const handled = (key: string): Handled | undefined => decidedInGroup.get(key) ?? this.storedEntry(key);
    try {
      for (const p of group) {
        const stored = p.key === undefined ? undefined : (inGroup.get(p.key) ?? this.seen.get(p.key));
        if (stored !== undefined) {
          // A resend: answered from the stored entry once the group is on disk.
          done.push({ p, outcome: { kind: "skipped" }, entry: stored });
          continue;
        }
        const input = p.make(this.stamp(), handled);
        if (!input) {
          done.push({ p, outcome: { kind: "skipped" } });
          continue;
        }
        const decision = this.core.decide(input);
        this.lastAt = Math.max(this.lastAt, Date.parse(input.at));
        entries.push({ input, events: decision.events, outgoing: this.outgoing?.(input, decision) });
        // The seq is known after the commit; a negative placeholder marks "in this group".
        if (p.key !== undefined) {
          inGroup.set(p.key, -entries.length);
          decidedInGroup.set(p.key, { input, events: decision.events });
        }
        done.push({ p, outcome: { kind: "decided", seq: -entries.length, input, decision } });
      }
    } catch (error) {
      const failure = this.fail(error as Error);
      for (const p of group) p.reject(failure);
      return;
    }
    const handoffs: Promise<void>[] = [];
    for (const d of done) {
      if (d.outcome.kind !== "decided") continue;
      for (const announce of this.announcers) {
        const handoff = announce(d.outcome.input, d.outcome.decision);
        if (handoff) handoffs.push(handoff);
      }
    }
    this.uncommitted = { done, entries };
    const commitSoon = () => setImmediate(() => this.commit());
    if (handoffs.length === 0) commitSoon();
    else {
      // A subscriber that stopped reading must not hold every acknowledgement back.
      let timer: NodeJS.Timeout | undefined;
      const guard = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, HANDOFF_WAIT_MS);
      });
      void Promise.race([Promise.all(handoffs), guard]).then(() => {
        clearTimeout(timer);
        commitSoon();
      });
    }
  }

  /** Stores the decided group, then tells the listeners and resolves each input, in order. */
  private commit(): void {
    const group = this.uncommitted;
    if (!group) return;
    this.uncommitted = undefined;
    const { done, entries } = group;
    try {
      const seqs = this.appendOrFail(entries);
      const seqOf = (placeholder: number) =>
        placeholder < 0 ? (seqs[-placeholder - 1] as number) : placeholder;
      for (const d of done) {
        if (d.outcome.kind === "decided") {
          d.outcome.seq = seqOf(d.outcome.seq);
          this.remember(d.outcome.input, d.outcome.seq);
        }
      }
      for (const d of done) {
        if (d.entry !== undefined) {
          const entry = this.store.entry(seqOf(d.entry));
          d.outcome = entry ? { kind: "duplicate", ...entry } : { kind: "skipped" };
        }
      }
    } catch (error) {
      // The core decided (and announced) what the store did not keep: it can no longer be trusted.
      const failure = this.fail(error as Error);
      for (const d of done) d.p.reject(failure);
      return;
    }
    for (const d of done) {
      if (d.outcome.kind === "decided")
        for (const listener of this.listeners) listener(d.outcome.input, d.outcome.decision, d.outcome.seq);
    }
    for (const d of done) d.p.resolve(d.outcome);
    this.arm();
  }

  /** Set when the store failed; the hub stops taking inputs (a restart replays the store). */
  onFailure: ((error: Error) => void) | undefined;

  private appendOrFail(entries: NewEntry[]): number[] {
    try {
      return this.store.appendMany(entries);
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  private fail(error: Error): Error {
    if (this.failure) return this.failure;
    const failure = new Error(`the store failed: ${error.message}`, { cause: error });
    this.failure = failure;
    this.log.error({ err: error.message }, "the store failed: no further input is taken");
    this.cancelTimer?.();
    this.onFailure?.(failure);
    return failure;
  }

  private ensureUsable(): void {
    if (this.closed) throw new Error("the queue is closed");
    if (this.failure) throw this.failure;
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

  private remember(input: SimInput, seq: number | undefined): void {
    const key = keyOf(input);
    if (key === undefined || seq === undefined) return;
    this.seen.set(key, seq);
    if (this.seen.size > MAX_REMEMBERED_IDS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  close(): void {
    this.flush();
    this.commit();
    this.closed = true;
    this.cancelTimer?.();
  }

  get officeId(): string {
    return this.core.config.office.id;
  }
}

/** The idempotency key of a device's input: its device and its press id. */
export function keyOf(input: SimInput): string | undefined {
  if (input.type === "press" && input.id) return `counter/${input.counter}/${input.id}`;
  if (input.type === "ticket" && input.id) return `kiosk/${input.kiosk ?? ""}/${input.id}`;
  if (input.type === "sms" && input.id) return `sms/${input.id}`;
  if (input.type === "rating" && input.id) return `rating/${input.counter}/${input.id}`;
  return undefined;
}
