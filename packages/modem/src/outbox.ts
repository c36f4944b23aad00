import type { Logger } from "@motcua/log";
import { replyAddress } from "@motcua/sms";
import { MODEM_CMS, RETRYABLE_CMS } from "./at/codes.js";
import { isModemError, ModemError } from "./errors.js";
import type { OutboxRecord, OutboxStore } from "./outbox-store.js";

/** Priorities of the outbox: lower goes first. */
export const SMS_PRIORITY = {
  /** Answers to a citizen's SMS (booking confirmations, errors): someone is waiting for it. */
  reply: 0,
  /** Cancellations and other notices decided by the queue. */
  notice: 5,
  /** Reminders before an appointment. */
  reminder: 10,
} as const;

export interface RetryPolicy {
  /** First backoff (30 s), doubling per attempt… */
  baseMs: number;
  /** …up to this (30 min). */
  maxMs: number;
  /** Attempts (errors that count) before a message fails for good (8: tries over about an hour). */
  maxAttempts: number;
}

/**
 * What a failed send means for the message:
 * - `retry`: a retryable `+CMS ERROR` (38, 41, 42, 47, 314, 331, 332, 500), a plain ERROR or a
 *   timeout: tried again after a backoff, counting an attempt;
 * - `fail`: a permanent `+CMS ERROR` (unassigned number, barred, invalid PDU…): failed for good;
 * - `give_back`: the modem, not the message, is at fault (unplugged, not ready, SIM or memory
 *   trouble, `+CME ERROR`): back to the outbox at once, no attempt counted, for any modem.
 */
export type SendDisposition = "retry" | "fail" | "give_back";

export function classifySendError(error: unknown): SendDisposition {
  if (!isModemError(error)) return "fail"; // the codec refused the text: trying again changes nothing
  switch (error.code) {
    case "CMS_ERROR":
      if (error.cms === undefined || RETRYABLE_CMS.has(error.cms)) return "retry";
      return MODEM_CMS.has(error.cms) ? "give_back" : "fail";
    case "AT_ERROR":
    case "TIMEOUT":
    case "FAILED":
    case "BAD_RESPONSE":
      return "retry";
    case "INVALID_NUMBER":
      return "fail";
    default:
      return "give_back";
  }
}

/** What happened to a message, for the pool to wake up and the hub to log. */
export interface OutboxEvent {
  type: "enqueued" | "part_sent" | "sent" | "deferred" | "failed" | "released";
  /** The message after the change (`released`: as it was taken). */
  record: OutboxRecord;
  error?: string;
}

export interface OutboxOptions {
  log: Logger;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
}

export interface EnqueueSms {
  /** Any form of the number (`0912…`, `+84 912…`): normalised here. */
  to: string;
  text: string;
  /** Default {@link SMS_PRIORITY.reply}. */
  priority?: number;
  /** Idempotency key: the same key is stored once. */
  key?: string;
  /** Epoch ms before which it is not sent. */
  notBefore?: number;
}

/**
 * The outbox: every reply stored before it is sent, handed out by priority then FIFO to
 * whichever modem is free, retried with backoff, failed for good on permanent errors, and
 * marked sent in the very step `+CMGS` answers so that a restart never sends it again.
 */
export class Outbox {
  readonly #store: OutboxStore;
  readonly #log: Logger;
  readonly #retry: RetryPolicy;
  readonly #now: () => number;
  readonly #inFlight = new Set<number>();
  readonly #listeners = new Set<(event: OutboxEvent) => void>();

  constructor(store: OutboxStore, options: OutboxOptions) {
    this.#store = store;
    this.#log = options.log.child({ ns: "motcua:outbox" });
    this.#retry = { baseMs: 30_000, maxMs: 30 * 60_000, maxAttempts: 8, ...options.retry };
    this.#now = options.now ?? (() => Date.now());
  }

  /**
   * Stores a message to send; durable when it returns.
   *
   * @throws ModemError `INVALID_NUMBER` for a recipient that must not be texted (alphanumeric,
   *   short code, not a mobile number).
   */
  enqueue(sms: EnqueueSms): OutboxRecord {
    const to = replyAddress(sms.to);
    if (to === undefined)
      throw new ModemError(
        "INVALID_NUMBER",
        `${JSON.stringify(sms.to)} is not a number a reply may be sent to`,
      );
    const record = this.#store.enqueueSms({
      to,
      text: sms.text,
      priority: sms.priority ?? SMS_PRIORITY.reply,
      at: new Date(this.#now()).toISOString(),
      ...(sms.key === undefined ? {} : { key: sms.key }),
      ...(sms.notBefore === undefined ? {} : { notBefore: sms.notBefore }),
    });
    this.#emit({ type: "enqueued", record });
    return record;
  }

  /** The next message due, taken out of the hands of other modems until {@link release}. */
  claim(): OutboxRecord | undefined {
    const record = this.#store.nextSms(this.#now(), [...this.#inFlight]);
    if (record) this.#inFlight.add(record.id);
    return record;
  }

  /** A part got its `+CMGS`: recorded at once; the last part marks the message sent. */
  partSent(record: OutboxRecord, sent: number, total: number): void {
    // The event's record is what was written, not read back: this runs between the modem's
    // answer and its next prompt.
    if (sent >= total) {
      const at = new Date(this.#now()).toISOString();
      this.#store.markSmsSent(record.id, at);
      this.#log.info({ id: record.id, parts: total }, "sms sent");
      this.#emit({ type: "sent", record: { ...record, status: "sent", sentAt: at, partsSent: total } });
    } else {
      this.#store.markSmsPartSent(record.id, sent);
      this.#emit({ type: "part_sent", record: { ...record, partsSent: sent } });
    }
  }

  /** Marks a message sent whose parts were all sent before (nothing was left to send). */
  sentAlready(record: OutboxRecord): void {
    this.#store.markSmsSent(record.id, new Date(this.#now()).toISOString());
    this.#emit({ type: "sent", record: this.#current(record) });
  }

  /** Applies a failed send to the message; returns what was decided. */
  failed(record: OutboxRecord, error: unknown, modem?: string): SendDisposition {
    const disposition = classifySendError(error);
    const message = error instanceof Error ? error.message : String(error);
    const current = this.#current(record);
    if (disposition === "give_back") {
      this.#log.info({ id: record.id, modem, err: message }, "sms given back");
      return disposition;
    }
    if (disposition === "retry" && current.attempts + 1 < this.#retry.maxAttempts) {
      const delay = Math.min(this.#retry.maxMs, this.#retry.baseMs * 2 ** current.attempts);
      this.#store.deferSms(record.id, this.#now() + delay, message);
      this.#log.warn({ id: record.id, modem, err: message, retryInMs: delay }, "sms deferred");
      this.#emit({ type: "deferred", record: this.#current(record), error: message });
      return disposition;
    }
    this.#store.markSmsFailed(record.id, message, new Date(this.#now()).toISOString());
    this.#log.error({ id: record.id, modem, err: message, attempts: current.attempts + 1 }, "sms failed");
    this.#emit({ type: "failed", record: this.#current(record), error: message });
    return "fail";
  }

  /** The message is no longer being sent by a modem (whatever came of it). */
  release(record: OutboxRecord): void {
    this.#inFlight.delete(record.id);
    this.#emit({ type: "released", record });
  }

  /** Pending messages, due or not. */
  length(): number {
    return this.#store.outboxLength();
  }

  /** Pending messages no modem has taken (due or not). */
  unclaimed(): number {
    return this.length() - this.#inFlight.size;
  }

  /** When the next pending message falls due (epoch ms), or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.#store.nextSmsDue();
  }

  now(): number {
    return this.#now();
  }

  onChange(listener: (event: OutboxEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #current(record: OutboxRecord): OutboxRecord {
    return this.#store.smsById(record.id) ?? record;
  }

  #emit(event: OutboxEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error({ err: (error as Error).message }, "outbox listener threw");
      }
    }
  }
}
