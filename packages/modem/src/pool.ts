import type { Logger } from "@motcua/log";
import type { OutgoingSms, PartSent } from "./options.js";
import type { Outbox, SendDisposition } from "./outbox.js";
import type { OutboxRecord } from "./outbox-store.js";
import type { ModemStatus } from "./status.js";

/** How long a modem that gave a message back waits before taking another. */
const GIVE_BACK_PAUSE_MS = 2_000;

/** What the pool needs of a modem ({@link Modem} is one; tests use stand-ins). */
export interface PoolMember {
  readonly path: string;
  /**
   * Takes a second message while one is being sent: the second waits at the modem's link and
   * goes out the moment the first is answered, so the modem never waits for the pool. Without
   * it, one message at a time.
   */
  readonly pipelined?: boolean;
  canSend(): boolean;
  send(message: OutgoingSms, onPartSent: PartSent): Promise<void>;
  onStatus(listener: (status: ModemStatus) => void): () => void;
  status(): ModemStatus;
  setOutboxLength?(length: number): void;
  /**
   * Resolves once the modem works on its own — sending (its PDU written) or idle — the moment
   * for the pool's own work (taking the next message), which then never holds up the modem.
   */
  whenWaiting?(): Promise<void>;
}

/** The modems and the outbox they share, as the hub publishes it. */
export interface PoolStatus {
  outboxLength: number;
  modems: ModemStatus[];
}

export interface ModemPoolOptions {
  outbox: Outbox;
  modems: readonly PoolMember[];
  log: Logger;
}

/**
 * Several modems sharing one outbox: each modem that can send takes the next message due (one
 * modem sends some 6–10 SMS a minute), so a centre adds modems for throughput. A modem that
 * fails a send because it is down gives the message back for the others.
 */
export class ModemPool {
  readonly #outbox: Outbox;
  readonly #modems: readonly PoolMember[];
  readonly #log: Logger;
  readonly #unsubscribe: Array<() => void> = [];
  readonly #listeners = new Set<(status: PoolStatus) => void>();
  #workers: Promise<void>[] = [];
  #running = false;
  #lastLength: number | undefined;
  /** Set while a modem of the pool records a part it sent (its end is published by #sentBy). */
  #sending = false;
  #lastEmitted = "";
  #pulse!: Promise<void>;
  #stopping: Promise<void>;
  #stopped!: () => void;
  #wake!: () => void;

  constructor(options: ModemPoolOptions) {
    this.#outbox = options.outbox;
    this.#modems = options.modems;
    this.#log = options.log.child({ ns: "motcua:modem-pool" });
    this.#newPulse();
    this.#stopping = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
  }

  /** Starts one sender per modem. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe.push(
      this.#outbox.onChange((event) => {
        this.#notify();
        // Only these change how many are pending (a release or a part changes nothing); a
        // message sent by a modem of the pool is published by #sendOne.
        if (event.type === "enqueued" || event.type === "failed" || (event.type === "sent" && !this.#sending))
          this.#publishLength();
      }),
    );
    for (const modem of this.#modems)
      this.#unsubscribe.push(
        modem.onStatus(() => {
          this.#notify();
          this.#emit();
        }),
      );
    this.#publishLength();
    this.#workers = this.#modems.map((modem) => this.#worker(modem));
  }

  /** Stops taking messages and waits for the sends in progress to end. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopped();
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#notify();
    await Promise.all(this.#workers);
  }

  status(): PoolStatus {
    return { outboxLength: this.#outbox.length(), modems: this.#modems.map((m) => m.status()) };
  }

  onStatus(listener: (status: PoolStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #worker(modem: PoolMember): Promise<void> {
    const depth = modem.pipelined ? 2 : 1;
    const sending = new Set<Promise<void>>();
    let gaveBack = false;
    while (this.#running) {
      if (gaveBack) {
        // A modem that gave a message back is not fit to send: the others take it meanwhile.
        await Promise.all(sending);
        await this.#cooldown(GIVE_BACK_PAUSE_MS);
        gaveBack = false;
        continue;
      }
      if (sending.size >= depth) {
        await Promise.race(sending);
        // The next message is taken while the modem sends the one queued, not in its way.
        if (sending.size > 0) await modem.whenWaiting?.();
        continue;
      }
      if (!modem.canSend()) {
        await this.#changed();
        continue;
      }
      // A second message waits at this modem only while there is work for every modem: at the
      // end of a burst, a modem that is free takes it instead.
      const record = sending.size === 0 || this.#plenty() ? this.#outbox.claim() : undefined;
      if (!record) {
        // Also woken when a send in progress ends (its release is a change).
        await this.#changed(this.#outbox.nextDueAt());
        continue;
      }
      const send: Promise<void> = this.#sendOne(modem, record).then((disposition) => {
        sending.delete(send);
        if (disposition === "give_back") gaveBack = true;
      });
      sending.add(send);
    }
    await Promise.all(sending);
  }

  /** At least as many messages wait, not yet taken, as there are modems able to send. */
  #plenty(): boolean {
    return this.#outbox.unclaimed() >= this.#modems.filter((m) => m.canSend()).length;
  }

  async #sendOne(modem: PoolMember, record: OutboxRecord): Promise<SendDisposition | "sent"> {
    let answered = false;
    try {
      await modem.send(
        { to: record.to, text: record.text, reference: record.id & 0xff, fromPart: record.partsSent },
        (sent, total) => {
          answered = true;
          this.#sending = true;
          try {
            this.#outbox.partSent(record, sent, total);
          } finally {
            this.#sending = false;
          }
          if (sent >= total) this.#sentBy(modem);
        },
      );
      if (!answered) this.#outbox.sentAlready(record);
      return "sent";
    } catch (error) {
      return this.#outbox.failed(record, error, modem.path);
    } finally {
      this.#outbox.release(record);
    }
  }

  /**
   * The outbox is shorter by one: published once the modem that sent works on its own again —
   * the answer was read a moment ago, and the modem's next prompt comes first.
   */
  #sentBy(modem: PoolMember): void {
    if (!modem.whenWaiting) this.#publishLength();
    else
      void modem.whenWaiting().then(() => {
        if (this.#running) this.#publishLength();
      });
  }

  /** A pause that {@link stop} cuts short. */
  #cooldown(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.#stopping.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Resolves on the next change (an enqueue, a release, a modem status), or at `until`. */
  #changed(until?: number): Promise<void> {
    if (!this.#running) return Promise.resolve();
    const pulse = this.#pulse;
    if (until === undefined) return pulse;
    const delay = Math.max(0, until - this.#outbox.now());
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      void pulse.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #newPulse(): void {
    this.#pulse = new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#newPulse();
    wake();
  }

  #publishLength(): void {
    const length = this.#outbox.length();
    if (length === this.#lastLength) return;
    this.#lastLength = length;
    for (const modem of this.#modems) modem.setOutboxLength?.(length);
    this.#emit();
  }

  /** The status to the listeners when it changed (a modem's own emission often repeats ours). */
  #emit(): void {
    if (this.#listeners.size === 0) return;
    const status = this.status();
    const key = JSON.stringify(status, (k, v) => (k === "since" ? undefined : v));
    if (key === this.#lastEmitted) return;
    this.#lastEmitted = key;
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch (error) {
        this.#log.error({ err: (error as Error).message }, "status listener threw");
      }
    }
  }
}
