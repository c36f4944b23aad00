import type Database from "better-sqlite3";
import type { NewSms, OutboxRecord, OutboxStatus } from "./types.js";

interface Row {
  id: number;
  to: string;
  text: string;
  priority: number;
  key: string | null;
  status: OutboxStatus;
  attempts: number;
  partsSent: number;
  notBefore: number;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  lastError: string | null;
}

const COLUMNS = `id, recipient AS "to", text, priority, key, status, attempts, parts_sent AS partsSent,
  not_before AS notBefore, created_at AS createdAt, sent_at AS sentAt, failed_at AS failedAt,
  last_error AS lastError`;

/**
 * The outbox table's statements. Each write is one autocommitted statement, so it is durable
 * (WAL, synchronous=FULL) when it returns: a message marked sent stays sent across a crash.
 */
export class OutboxTable {
  readonly #insert: Database.Statement<[Record<string, unknown>], Row>;
  readonly #byKey: Database.Statement<[string], Row>;
  readonly #byId: Database.Statement<[number], Row>;
  readonly #next: Database.Statement<[{ now: number; exclude: string }], Row>;
  readonly #partSent: Database.Statement<[number, number]>;
  readonly #sent: Database.Statement<[string, number]>;
  readonly #failed: Database.Statement<[string, string, number]>;
  readonly #defer: Database.Statement<[number, string, number]>;
  readonly #length: Database.Statement<[], number>;
  readonly #due: Database.Statement<[], number | null>;
  readonly #list: Database.Statement<[{ status: string | null; limit: number }], Row>;
  readonly #enqueue: (sms: NewSms) => Row;
  readonly #between: Database.Statement<[{ from: string; to: string }], Row>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(`
      INSERT INTO outbox (recipient, text, priority, key, not_before, created_at)
      VALUES (@to, @text, @priority, @key, @notBefore, @at)
      RETURNING ${COLUMNS}`);
    this.#byKey = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE key = ?`);
    this.#byId = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
    // A message waits while another pending message to the same person is ahead of it (by
    // priority, then id), even one not due yet or being sent: one person's messages keep order.
    this.#next = db.prepare(`
      SELECT ${COLUMNS} FROM outbox AS o
      WHERE o.status = 'pending' AND o.not_before <= @now
        AND o.id NOT IN (SELECT value FROM json_each(@exclude))
        AND NOT EXISTS (
          SELECT 1 FROM outbox AS p
          WHERE p.status = 'pending' AND p.recipient = o.recipient
            AND (p.priority < o.priority OR (p.priority = o.priority AND p.id < o.id)))
      ORDER BY o.priority, o.id
      LIMIT 1`);
    this.#partSent = db.prepare("UPDATE outbox SET parts_sent = ? WHERE id = ? AND status = 'pending'");
    this.#sent = db.prepare(
      "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ? AND status = 'pending'",
    );
    this.#failed = db.prepare(
      "UPDATE outbox SET status = 'failed', last_error = ?, failed_at = ? WHERE id = ? AND status = 'pending'",
    );
    this.#defer = db.prepare(
      "UPDATE outbox SET not_before = ?, last_error = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
    );
    this.#length = db.prepare<[], number>("SELECT count(*) FROM outbox WHERE status = 'pending'").pluck();
    this.#due = db
      .prepare<[], number | null>("SELECT min(not_before) FROM outbox WHERE status = 'pending'")
      .pluck();
    this.#list = db.prepare(`
      SELECT ${COLUMNS} FROM outbox WHERE (@status IS NULL OR status = @status)
      ORDER BY id DESC LIMIT @limit`);
    // created_at is ISO with an offset (a decision's `at`) or UTC (a reminder): compared as instants.
    this.#between = db.prepare(`
      SELECT ${COLUMNS} FROM outbox
      WHERE julianday(created_at) >= julianday(@from) AND julianday(created_at) < julianday(@to)
      ORDER BY id`);
    this.#enqueue = db.transaction((sms: NewSms): Row => {
      if (sms.key !== undefined) {
        const existing = this.#byKey.get(sms.key);
        if (existing) return existing;
      }
      return this.#insert.get({
        to: sms.to,
        text: sms.text,
        priority: sms.priority,
        key: sms.key ?? null,
        notBefore: sms.notBefore ?? 0,
        at: sms.at,
      }) as Row;
    });
  }

  enqueue(sms: NewSms): OutboxRecord {
    return this.#enqueue(sms);
  }

  next(now: number, exclude: readonly number[]): OutboxRecord | undefined {
    return this.#next.get({ now, exclude: JSON.stringify(exclude) });
  }

  partSent(id: number, partsSent: number): void {
    this.#partSent.run(partsSent, id);
  }

  sent(id: number, at: string): void {
    this.#sent.run(at, id);
  }

  failed(id: number, error: string, at: string): void {
    this.#failed.run(error, at, id);
  }

  defer(id: number, notBefore: number, error: string): void {
    this.#defer.run(notBefore, error, id);
  }

  length(): number {
    return this.#length.get() ?? 0;
  }

  nextDue(): number | undefined {
    return this.#due.get() ?? undefined;
  }

  byId(id: number): OutboxRecord | undefined {
    return this.#byId.get(id);
  }

  list(status: OutboxStatus | undefined, limit: number): OutboxRecord[] {
    return this.#list.all({ status: status ?? null, limit });
  }

  between(from: string, to: string): OutboxRecord[] {
    return this.#between.all({ from, to });
  }
}
