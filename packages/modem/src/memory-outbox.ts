import type { NewSms, OutboxRecord, OutboxStore } from "./outbox-store.js";

/** An {@link OutboxStore} in memory, for tests and the simulator: the same rules, no durability. */
export class MemoryOutboxStore implements OutboxStore {
  readonly #rows: OutboxRecord[] = [];

  enqueueSms(sms: NewSms): OutboxRecord {
    const existing = sms.key === undefined ? undefined : this.#rows.find((r) => r.key === sms.key);
    if (existing) return { ...existing };
    const row: OutboxRecord = {
      id: this.#rows.length + 1,
      to: sms.to,
      text: sms.text,
      priority: sms.priority,
      key: sms.key ?? null,
      status: "pending",
      attempts: 0,
      partsSent: 0,
      notBefore: sms.notBefore ?? 0,
      createdAt: sms.at,
      sentAt: null,
      failedAt: null,
      lastError: null,
    };
    this.#rows.push(row);
    return { ...row };
  }

  nextSms(now: number, exclude: readonly number[] = []): OutboxRecord | undefined {
    const pending = this.#rows
      .filter((r) => r.status === "pending")
      .sort((a, b) => a.priority - b.priority || a.id - b.id);
    const row = pending.find(
      (r) =>
        r.notBefore <= now &&
        !exclude.includes(r.id) &&
        !pending.some(
          (p) => p.to === r.to && (p.priority < r.priority || (p.priority === r.priority && p.id < r.id)),
        ),
    );
    return row ? { ...row } : undefined;
  }

  markSmsPartSent(id: number, partsSent: number): void {
    this.#row(id).partsSent = partsSent;
  }

  markSmsSent(id: number, at: string): void {
    Object.assign(this.#row(id), { status: "sent", sentAt: at });
  }

  markSmsFailed(id: number, error: string, at: string): void {
    Object.assign(this.#row(id), { status: "failed", lastError: error, failedAt: at });
  }

  deferSms(id: number, notBefore: number, error: string): void {
    const row = this.#row(id);
    Object.assign(row, { notBefore, lastError: error, attempts: row.attempts + 1 });
  }

  outboxLength(): number {
    return this.#rows.filter((r) => r.status === "pending").length;
  }

  nextSmsDue(): number | undefined {
    const due = this.#rows.filter((r) => r.status === "pending").map((r) => r.notBefore);
    return due.length === 0 ? undefined : Math.min(...due);
  }

  smsById(id: number): OutboxRecord | undefined {
    const row = this.#rows.find((r) => r.id === id);
    return row ? { ...row } : undefined;
  }

  #row(id: number): OutboxRecord {
    const row = this.#rows.find((r) => r.id === id);
    if (!row) throw new Error(`no outbox message ${id}`);
    return row;
  }
}
