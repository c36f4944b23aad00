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
  canSend(): boolean;
  send(message: OutgoingSms, onPartSent: PartSent): Promise<void>;
  onStatus(listener: (status: ModemStatus) => void): () => void;
  status(): ModemStatus;
  setOutboxLength?(length: number): void;
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
      this.#outbox.onChange(() => {
        this.#notify();
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
    while (this.#running) {
      if (!modem.canSend()) {
        await this.#changed();
        continue;
      }
      const record = this.#outbox.claim();
      if (!record) {
        await this.#changed(this.#outbox.nextDueAt());
        continue;
      }
      const disposition = await this.#sendOne(modem, record);
      // A modem that gave a message back is not fit to send: the others take it meanwhile.
      if (disposition === "give_back") await this.#cooldown(GIVE_BACK_PAUSE_MS);
    }
  }

  async #sendOne(modem: PoolMember, record: OutboxRecord): Promise<SendDisposition | "sent"> {
    let answered = false;
    try {
      await modem.send(
        { to: record.to, text: record.text, reference: record.id & 0xff, fromPart: record.partsSent },
        (sent, total) => {
          answered = true;
          this.#outbox.partSent(record, sent, total);
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
    for (const modem of this.#modems) modem.setOutboxLength?.(length);
    this.#emit();
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch (error) {
        this.#log.error({ err: (error as Error).message }, "status listener threw");
      }
    }
  }
}
