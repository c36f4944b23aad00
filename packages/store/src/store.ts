import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SimEvent, SimInput } from "@motcua/protocol";
import Database from "better-sqlite3";
import { AccountsTable } from "./accounts.js";
import { StoreError } from "./errors.js";
import { OutboxTable } from "./outbox.js";
import { Projector } from "./projections.js";
import { checkIdentity, migrate, SCHEMA_VERSION } from "./schema.js";
import { SessionsTable } from "./sessions.js";
import type {
  BlockedRow,
  BookingFilter,
  BookingRow,
  LogEntry,
  LogSearch,
  NewEntry,
  NewSms,
  NumberRow,
  OutboxRecord,
  OutboxStatus,
  StoredEntry,
  StoreOptions,
} from "./types.js";

/** Entries are read this many at a time, so a long log is never all in memory at once. */
const PAGE_SIZE = 256;

/**
 * Opens (creating if needed) the store at `options.path`, creating its parent directories and
 * bringing its schema up to date.
 *
 * @throws StoreError `STORE_NOT_MOTCUA` if the file is some other file or database,
 *   `STORE_TOO_NEW` if a newer motcua wrote it.
 */
export function openStore(options: StoreOptions): Store {
  const { path } = options;
  if (options.readonly) return openReadonly(path);
  const inMemory = path === ":memory:" || path === "";
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    checkIdentity(db, path);
    // WAL + FULL: every commit is fsynced to the WAL before it returns, so an append that
    // returned survives kill -9 and power loss, while readers (tools, dashboards) never block it.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    // better-sqlite3 builds SQLite with a 16 MB page cache; the hub reads its log once, in
    // order, at start, and then touches a few small tables: that cache, filled by the replay,
    // stayed as 15 MiB of a Pi's memory for nothing (bench/README.md, dossiers). SQLite's own
    // default, 2 MB, is plenty.
    db.pragma("cache_size = -2000");
    migrate(db, path);
    return new Store(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A store for reading only (`motcua whatif` beside a running hub): SQLite's read-only mode, so
 * nothing of the file is written — no migration, no WAL switch, no checkpoint on close. A store
 * an older motcua wrote must be opened once by the hub first, which migrates it.
 */
function openReadonly(path: string): Store {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    checkIdentity(db, path);
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version !== SCHEMA_VERSION)
      throw new StoreError(
        "STORE_NOT_MIGRATED",
        `${path} has store schema version ${version}, not ${SCHEMA_VERSION}: start the hub on it once`,
      );
    db.pragma("cache_size = -2000");
    return new Store(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

interface LogRow {
  seq: number;
  input: string;
  events: string;
}

/**
 * The hub's durable memory: an append-only log of every input the core handled with the events
 * it decided, plus projections (bookings, numbers, blocked phones) for people and tools. The log
 * is what a restart replays; the projections are conveniences derived from it.
 *
 * Not safe to share between threads; one process should own the writing side.
 */
export class Store {
  readonly #db: Database.Database;
  readonly #projector: Projector;
  readonly #append: (
    input: SimInput,
    events: readonly SimEvent[],
    outgoing?: (seq: number) => NewSms[],
  ) => number;
  readonly #appendMany: (entries: readonly NewEntry[]) => number[];
  readonly #one: Database.Statement<[number], LogRow>;
  readonly #page: Database.Statement<[number, number], LogRow>;
  readonly #count: Database.Statement<[], number>;
  readonly #getMeta: Database.Statement<[string], string>;
  readonly #setMeta: Database.Statement<[string, string]>;
  readonly #deleteMeta: Database.Statement<[string]>;
  readonly #bookings: Database.Statement<[{ date: string | null; phone: string | null }], BookingRow>;
  readonly #numbers: Database.Statement<[{ date: string; service: string | null }], NumberRow>;
  readonly #blocked: Database.Statement<[], BlockedRow>;
  readonly #search: Database.Statement<[Record<string, unknown>], LogRow>;
  readonly #outbox: OutboxTable;
  readonly #accounts: AccountsTable;
  readonly #sessions: SessionsTable;

  /** Use {@link openStore}; this expects a connection that is already configured and migrated. */
  constructor(db: Database.Database) {
    this.#db = db;
    this.#projector = new Projector(db);
    const insertLog = db.prepare<[{ at: string; type: string; input: string; events: string }]>(
      "INSERT INTO log (at, type, input, events) VALUES (@at, @type, @input, @events)",
    );
    // IMMEDIATE takes the write lock up front, so a reader in another process can never make
    // the commit fail half-way with SQLITE_BUSY on lock upgrade.
    const append = db.transaction(
      (input: SimInput, events: readonly SimEvent[], outgoing?: (seq: number) => NewSms[]): number => {
        const info = insertLog.run({
          at: input.at,
          type: input.type,
          input: JSON.stringify(input),
          events: JSON.stringify(events),
        });
        const seq = Number(info.lastInsertRowid);
        for (const event of events) this.#projector.apply(event);
        // The replies the decision sends are queued in the same transaction: a crash can never
        // keep the decision and lose its SMS, or the reverse.
        for (const sms of outgoing?.(seq) ?? []) this.#outbox.enqueue(sms);
        return seq;
      },
    );
    this.#append = (input, events, outgoing) => append.immediate(input, events, outgoing);
    // Group commit: several entries, one transaction and so one fsync (better-sqlite3 nests
    // the single-entry transaction as a savepoint).
    const appendMany = db.transaction((entries: readonly NewEntry[]): number[] =>
      entries.map((e) => append(e.input, e.events, e.outgoing)),
    );
    this.#appendMany = (entries) => appendMany.immediate(entries);
    this.#one = db.prepare("SELECT seq, input, events FROM log WHERE seq = ?");
    this.#page = db.prepare("SELECT seq, input, events FROM log WHERE seq >= ? ORDER BY seq LIMIT ?");
    // seq has no gaps (deletes are forbidden by trigger), so the largest is the count, and
    // finding it is a B-tree seek rather than count(*)'s full scan.
    this.#count = db.prepare<[], number>("SELECT coalesce(max(seq), 0) FROM log").pluck();
    this.#getMeta = db.prepare<[string], string>("SELECT value FROM meta WHERE key = ?").pluck();
    this.#setMeta = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.#deleteMeta = db.prepare("DELETE FROM meta WHERE key = ?");
    this.#bookings = db.prepare(`
      SELECT code, phone, name, procedure, service, number, label, counter, time, date, status,
             booked_at AS bookedAt
      FROM bookings
      WHERE (@date IS NULL OR date = @date) AND (@phone IS NULL OR phone = @phone)
      ORDER BY date, time, service, number, code`);
    this.#numbers = db.prepare(`
      SELECT date, service, number, label, kind, status, issued_at AS issuedAt, counter
      FROM numbers
      WHERE date = @date AND (@service IS NULL OR service = @service)
      ORDER BY service, number`);
    this.#blocked = db.prepare(
      "SELECT phone, blocked_at AS blockedAt FROM blocked ORDER BY blocked_at, phone",
    );
    // A scan of the log (no index on at or type: it is read this way by people, rarely); the
    // filters run in SQLite, so only the matching entries are parsed.
    this.#search = db.prepare(`
      SELECT seq, input, events FROM log
      WHERE (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
        AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
        AND (@contains IS NULL OR instr(input, @contains) > 0 OR instr(events, @contains) > 0)
      ORDER BY seq DESC LIMIT @limit`);
    this.#outbox = new OutboxTable(db);
    this.#accounts = new AccountsTable(db);
    this.#sessions = new SessionsTable(db);
  }

  /** The staff console's accounts and their audit (`motcua user`, the console's login). */
  get accounts(): AccountsTable {
    this.#ensureOpen();
    return this.#accounts;
  }

  /** The staff console's sessions. */
  get sessions(): SessionsTable {
    this.#ensureOpen();
    return this.#sessions;
  }

  /**
   * Appends one handled input and the events the core decided for it, and updates the
   * projections, all in one transaction (WAL, synchronous=FULL). When it returns the entry is on
   * disk: acknowledge the input only after this. If it throws, nothing of the entry was kept.
   *
   * @returns the entry's seq: 1 for the first entry of the store, then 2, 3…
   */
  append(input: SimInput, events: readonly SimEvent[], outgoing?: (seq: number) => NewSms[]): number {
    this.#ensureOpen();
    return this.#append(input, events, outgoing);
  }

  /**
   * Appends several entries in one transaction, in order: all of them are on disk when it
   * returns, or none of them if it throws. One fsync for the lot is what lets presses that
   * arrive together be stored without queueing behind each other's disk writes.
   *
   * @returns each entry's seq, in the order given.
   */
  appendMany(entries: readonly NewEntry[]): number[] {
    this.#ensureOpen();
    if (entries.length === 0) return [];
    return this.#appendMany(entries);
  }

  /** The entry with this seq, or undefined. */
  entry(seq: number): LogEntry | undefined {
    this.#ensureOpen();
    const row = this.#one.get(seq);
    return row ? decode(row) : undefined;
  }

  /**
   * Every entry from `fromSeq` (default 1) in seq order. Lazy and paged: rows are fetched a page
   * at a time, so a long log is not held in memory, and the connection is free between pages
   * (appending while iterating is allowed; such entries are seen if the iteration reaches them).
   *
   * @throws StoreError `STORE_CORRUPT` if a stored row is not valid JSON.
   */
  *entries(fromSeq = 1): IterableIterator<LogEntry> {
    for (const row of this.#rows(fromSeq)) yield decode(row);
  }

  /**
   * Like `entries`, but each entry's events as the JSON text stored: what a replay compares the
   * JSON of its own decisions with, without decoding a million events it will not keep.
   *
   * @throws StoreError `STORE_CORRUPT` if a stored input is not valid JSON.
   */
  *storedEntries(fromSeq = 1): IterableIterator<StoredEntry> {
    for (const row of this.#rows(fromSeq))
      yield { seq: row.seq, input: parseJson<SimInput>(row.input, row.seq), eventsJson: row.events };
  }

  *#rows(fromSeq: number): IterableIterator<LogRow> {
    let next = Math.max(1, Math.floor(fromSeq));
    for (;;) {
      this.#ensureOpen();
      const rows = this.#page.all(next, PAGE_SIZE);
      yield* rows;
      if (rows.length < PAGE_SIZE) return;
      next = (rows.at(-1)?.seq ?? next) + 1;
    }
  }

  /**
   * Entries of the log, newest first, that match every filter given: the input's `type` one of
   * `types`, its `at` from `from` (inclusive) to `to` (exclusive) compared as text (the hub writes
   * every `at` with the office's offset, so `2026-11-25` starts that day), `contains` found in the
   * input's or the events' JSON text. At most `limit` (default 1000).
   */
  searchLog(filter: LogSearch = {}): LogEntry[] {
    this.#ensureOpen();
    return this.#search
      .all({
        types: filter.types === undefined ? null : JSON.stringify(filter.types),
        from: filter.from ?? null,
        to: filter.to ?? null,
        contains: filter.contains ?? null,
        limit: filter.limit ?? 1000,
      })
      .map(decode);
  }

  /** Number of entries in the log (also the seq of the last one). */
  count(): number {
    this.#ensureOpen();
    return this.#count.get() ?? 0;
  }

  /**
   * Reads a metadata value (e.g. "seed", "officeConfig", "createdAt"). The type parameter is
   * trusted, not checked: validate values that came from outside.
   */
  getMeta<T>(key: string): T | undefined {
    this.#ensureOpen();
    const text = this.#getMeta.get(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StoreError("STORE_CORRUPT", `meta value "${key}" is not valid JSON`, { cause: error });
    }
  }

  /**
   * Writes a metadata value as JSON (durably, in its own transaction). `undefined` removes the key.
   *
   * @throws TypeError if the value has no JSON form (a function, a symbol).
   */
  setMeta(key: string, value: unknown): void {
    this.#ensureOpen();
    if (value === undefined) {
      this.#deleteMeta.run(key);
      return;
    }
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError(`meta value "${key}" cannot be stored as JSON`);
    this.#setMeta.run(key, text);
  }

  /** Appointments, ordered by date and time; optionally only those of one day and/or one phone. */
  bookings(filter: BookingFilter = {}): BookingRow[] {
    this.#ensureOpen();
    return this.#bookings.all({ date: filter.date ?? null, phone: filter.phone ?? null });
  }

  /** Every number issued for `date` (walk-in tickets and appointments), by service then number. */
  numbers(date: string, service?: string): NumberRow[] {
    this.#ensureOpen();
    return this.#numbers.all({ date, service: service ?? null });
  }

  /** Phones blocked now, oldest block first. */
  blockedPhones(): BlockedRow[] {
    this.#ensureOpen();
    return this.#blocked.all();
  }

  // ——— the SMS outbox (the modem link's OutboxStore) ———

  /**
   * Stores a message to send, durably, before anything is sent; a message with the `key` of a
   * stored one is not stored again (the stored one is returned).
   */
  enqueueSms(sms: NewSms): OutboxRecord {
    this.#ensureOpen();
    return this.#outbox.enqueue(sms);
  }

  /**
   * The next message to send at `now` (epoch ms): pending, due, not in `exclude`, by priority
   * then id, and never one with a pending message to the same recipient ahead of it.
   */
  nextSms(now: number, exclude: readonly number[] = []): OutboxRecord | undefined {
    this.#ensureOpen();
    return this.#outbox.next(now, exclude);
  }

  /** Records that the first `partsSent` parts of a multipart message were answered by `+CMGS`. */
  markSmsPartSent(id: number, partsSent: number): void {
    this.#ensureOpen();
    this.#outbox.partSent(id, partsSent);
  }

  /** Sent for good (durable when it returns: a restart never sends it again). */
  markSmsSent(id: number, at: string): void {
    this.#ensureOpen();
    this.#outbox.sent(id, at);
  }

  /** Failed for good. */
  markSmsFailed(id: number, error: string, at: string): void {
    this.#ensureOpen();
    this.#outbox.failed(id, error, at);
  }

  /** One more failed attempt: not tried again before `notBefore` (epoch ms). */
  deferSms(id: number, notBefore: number, error: string): void {
    this.#ensureOpen();
    this.#outbox.defer(id, notBefore, error);
  }

  /** Pending messages, due or not. */
  outboxLength(): number {
    this.#ensureOpen();
    return this.#outbox.length();
  }

  /** The earliest `notBefore` of the pending messages, or undefined when none is pending. */
  nextSmsDue(): number | undefined {
    this.#ensureOpen();
    return this.#outbox.nextDue();
  }

  smsById(id: number): OutboxRecord | undefined {
    this.#ensureOpen();
    return this.#outbox.byId(id);
  }

  /** The latest messages, newest first, optionally of one status (for people and tools). */
  outbox(filter: { status?: OutboxStatus; limit?: number } = {}): OutboxRecord[] {
    this.#ensureOpen();
    return this.#outbox.list(filter.status, filter.limit ?? 100);
  }

  /** The messages enqueued from `from` (inclusive) to `to` (exclusive), ISO instants, oldest first. */
  outboxBetween(from: string, to: string): OutboxRecord[] {
    this.#ensureOpen();
    return this.#outbox.between(from, to);
  }

  /** Closes the file (checkpointing the WAL). Safe to call twice; other calls afterwards throw. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #ensureOpen(): void {
    if (!this.#db.open) throw new StoreError("STORE_CLOSED", "the store is closed");
  }
}

function decode(row: LogRow): LogEntry {
  return {
    seq: row.seq,
    input: parseJson<SimInput>(row.input, row.seq),
    events: parseJson<SimEvent[]>(row.events, row.seq),
  };
}

function parseJson<T>(text: string, seq: number): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError("STORE_CORRUPT", `log entry ${seq} is not valid JSON`, { cause: error });
  }
}
