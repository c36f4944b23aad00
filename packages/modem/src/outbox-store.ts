/** Where a message of the outbox is. */
export type OutboxStatus = "pending" | "sent" | "failed";

/** A message to send, as given to {@link OutboxStore.enqueueSms}. */
export interface NewSms {
  /** The recipient, already normalised (`+84…`). */
  to: string;
  text: string;
  /** Lower goes first: booking replies (0) before notices (5) before reminders (10). */
  priority: number;
  /**
   * Idempotency key (e.g. the log seq and event index that decided the reply): enqueueing the
   * same key again returns the stored message instead of a second one.
   */
  key?: string;
  /** ISO-8601, when it was enqueued. */
  at: string;
  /** Not sent before this epoch ms (a reminder's time); default at once. */
  notBefore?: number;
}

/** A message of the outbox as stored. */
export interface OutboxRecord {
  /** 1, 2, 3…: the FIFO order among messages of equal priority. */
  id: number;
  to: string;
  text: string;
  priority: number;
  key: string | null;
  status: OutboxStatus;
  /** Tries that ended in an error that counts (retryable CMS errors, timeouts). */
  attempts: number;
  /** Parts already answered by `+CMGS` (a multipart message resumes after them). */
  partsSent: number;
  /** Epoch ms before which it is not tried (backoff, or a reminder's time). */
  notBefore: number;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  lastError: string | null;
}

/**
 * The durable side of the outbox (implemented by @motcua/store's `Store`, and by
 * {@link MemoryOutboxStore} for tests). Every method is synchronous and durable when it returns:
 * a message marked sent stays sent across a crash.
 */
export interface OutboxStore {
  /** Stores a new pending message, or returns the stored one with the same `key`. */
  enqueueSms(sms: NewSms): OutboxRecord;
  /**
   * The next message to send at `now`: pending, due, not in `exclude` (messages being sent),
   * by priority then id — and never one with a pending message to the same recipient ahead
   * of it, so that one person's messages keep their order.
   */
  nextSms(now: number, exclude?: readonly number[]): OutboxRecord | undefined;
  /** Records that the first `partsSent` parts were answered by `+CMGS`. */
  markSmsPartSent(id: number, partsSent: number): void;
  /** Sent for good: never tried again. */
  markSmsSent(id: number, at: string): void;
  /** Failed for good (a permanent error, or out of attempts). */
  markSmsFailed(id: number, error: string, at: string): void;
  /** One more attempt failed: not tried again before `notBefore`. */
  deferSms(id: number, notBefore: number, error: string): void;
  /** Pending messages (due or not). */
  outboxLength(): number;
  /** The earliest `notBefore` among pending messages, to wake up for it. */
  nextSmsDue(): number | undefined;
  smsById(id: number): OutboxRecord | undefined;
}
