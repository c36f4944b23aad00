import type Database from "better-sqlite3";
import { StoreError } from "./errors.js";

/**
 * Written to the SQLite header (`PRAGMA application_id`, "MCUA") so that a motcua store can be told
 * from any other SQLite file without guessing from its tables.
 */
export const APPLICATION_ID = 0x4d435541;

/**
 * Schema steps, in order: step i takes the file from version i to version i + 1. A step is
 * never edited once released (files in the field were made by it); later versions append
 * steps. A step that adds a projection must also fill it from the log, since old entries
 * were logged before it existed.
 */
const MIGRATIONS: ReadonlyArray<(db: Database.Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL               -- JSON
      ) STRICT;

      -- The log is the truth: every handled input with the events decided for it.
      -- seq is the rowid; with deletes forbidden it runs 1, 2, 3… with no gaps.
      CREATE TABLE log (
        seq    INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,             -- the input's at, for people querying by hand
        type   TEXT NOT NULL,             -- the input's type, likewise
        input  TEXT NOT NULL,             -- JSON SimInput
        events TEXT NOT NULL              -- JSON SimEvent[]
      ) STRICT;
      CREATE TRIGGER log_no_update BEFORE UPDATE ON log
        BEGIN SELECT RAISE(ABORT, 'the motcua log is append-only'); END;
      CREATE TRIGGER log_no_delete BEFORE DELETE ON log
        BEGIN SELECT RAISE(ABORT, 'the motcua log is append-only'); END;

      -- Projections: derived from the log inside the same transaction, never written otherwise.
      CREATE TABLE bookings (
        code      TEXT PRIMARY KEY,
        phone     TEXT NOT NULL,
        name      TEXT NOT NULL,
        procedure TEXT NOT NULL,
        service   TEXT NOT NULL,
        number    INTEGER NOT NULL,
        label     TEXT NOT NULL,
        counter   TEXT NOT NULL,
        time      TEXT NOT NULL,
        date      TEXT NOT NULL,
        status    TEXT NOT NULL
          CHECK (status IN ('booked', 'called', 'grace', 'served', 'cancelled', 'no_show')),
        booked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bookings_by_date ON bookings (date, time);
      CREATE INDEX bookings_by_phone ON bookings (phone);
      CREATE INDEX bookings_by_number ON bookings (date, service, number);

      CREATE TABLE numbers (
        date      TEXT NOT NULL,
        service   TEXT NOT NULL,
        number    INTEGER NOT NULL,
        label     TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('walkin', 'appointment')),
        status    TEXT NOT NULL
          CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'cancelled', 'no_show')),
        issued_at TEXT NOT NULL,
        counter   TEXT,
        PRIMARY KEY (date, service, number)
      ) STRICT;

      CREATE TABLE blocked (
        phone      TEXT PRIMARY KEY,
        blocked_at TEXT NOT NULL
      ) STRICT;
    `);
  },
  (db) => {
    // The SMS outbox (issue 4): every reply stored before it is sent. Not a projection of the
    // log but the modem link's own work list, so nothing is filled from old entries.
    // AUTOINCREMENT: ids never come back, since they order the FIFO and give the
    // concatenation reference of a multipart message.
    db.exec(`
      CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        recipient  TEXT NOT NULL,             -- +84…
        text       TEXT NOT NULL,
        priority   INTEGER NOT NULL,          -- lower first: replies 0, notices 5, reminders 10
        key        TEXT UNIQUE,               -- idempotency key of the enqueuer
        status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        parts_sent INTEGER NOT NULL DEFAULT 0, -- parts answered by +CMGS
        not_before INTEGER NOT NULL DEFAULT 0, -- epoch ms
        created_at TEXT NOT NULL,
        sent_at    TEXT,
        failed_at  TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (priority, id) WHERE status = 'pending';
      CREATE INDEX outbox_pending_by_recipient ON outbox (recipient, priority, id) WHERE status = 'pending';
    `);
  },
  (db) => {
    // Officer actions and ratings. A number can now be voided or transferred, and SQLite can
    // change a CHECK only by rebuilding the table. Old logs hold none of the new events, so
    // copying the rows is all the filling there is.
    db.exec(`
      CREATE TABLE numbers_v3 (
        date             TEXT NOT NULL,
        service          TEXT NOT NULL,
        number           INTEGER NOT NULL,
        label            TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('walkin', 'appointment')),
        status           TEXT NOT NULL
          CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'cancelled', 'no_show',
                            'voided', 'transferred')),
        issued_at        TEXT NOT NULL,
        counter          TEXT,
        transferred_from TEXT,               -- the label a transfer gave this number in place of
        PRIMARY KEY (date, service, number)
      ) STRICT;
      INSERT INTO numbers_v3 (date, service, number, label, kind, status, issued_at, counter)
        SELECT date, service, number, label, kind, status, issued_at, counter FROM numbers;
      DROP TABLE numbers;
      ALTER TABLE numbers_v3 RENAME TO numbers;

      ALTER TABLE bookings ADD COLUMN checked_in_at TEXT;  -- when an officer checked the citizen in

      CREATE TABLE ratings (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        date    TEXT NOT NULL,
        counter TEXT NOT NULL,
        service TEXT NOT NULL,
        label   TEXT NOT NULL,
        value   TEXT NOT NULL CHECK (value IN ('very_satisfied', 'satisfied', 'unsatisfied'))
      ) STRICT;
      CREATE INDEX ratings_by_date ON ratings (date, counter);
    `);
  },
  (db) => {
    // The staff console (issue 12): accounts, their sessions, and who changed which account.
    // Not projections of the log, so nothing is filled from old entries. Times in sessions are
    // epoch ms, compared on every request; the others are ISO text for people reading them.
    db.exec(`
      CREATE TABLE accounts (
        login         TEXT PRIMARY KEY,
        name          TEXT NOT NULL,            -- the display name, Vietnamese
        role          TEXT NOT NULL CHECK (role IN ('officer', 'leader', 'admin')),
        counters      TEXT NOT NULL DEFAULT '[]', -- JSON array of the counters an officer serves
        password_hash TEXT NOT NULL,            -- scrypt$N$r$p$salt$hash
        created_at    TEXT NOT NULL,
        disabled_at   TEXT
      ) STRICT;

      -- A session's id is a 256-bit secret held only by the browser; the store keeps its hash,
      -- so a copy of the file gives nobody a way in.
      CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,
        login      TEXT NOT NULL REFERENCES accounts (login),
        created_at INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL            -- the absolute end, whatever the activity
      ) STRICT;
      CREATE INDEX sessions_by_login ON sessions (login);

      CREATE TABLE account_audit (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,                   -- an account's login, or cli:<system user>
        action TEXT NOT NULL CHECK (action IN ('add', 'passwd', 'disable')),
        login  TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'       -- JSON: what changed, never a password or hash
      ) STRICT;
      CREATE INDEX account_audit_by_at ON account_audit (at);
    `);
  },
  (db) => {
    // The console's admin changes an account's name, role or counters (issue 12): an audited
    // action of its own. SQLite changes a CHECK only by rebuilding the table.
    db.exec(`
      CREATE TABLE account_audit_v5 (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,                   -- an account's login, or cli:<system user>
        action TEXT NOT NULL CHECK (action IN ('add', 'passwd', 'disable', 'update')),
        login  TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'       -- JSON: what changed, never a password or hash
      ) STRICT;
      INSERT INTO account_audit_v5 (id, at, actor, action, login, detail)
        SELECT id, at, actor, action, login, detail FROM account_audit;
      DROP TABLE account_audit;
      ALTER TABLE account_audit_v5 RENAME TO account_audit;
      CREATE INDEX account_audit_by_at ON account_audit (at);
    `);
  },
];

/** The schema version this code writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Refuses a file that is not a motcua store before anything is written to it (not even the
 * WAL switch, which would change a stranger's file header).
 */
export function checkIdentity(db: Database.Database, path: string): void {
  let appId: number;
  let version: number;
  let objects: number;
  try {
    appId = db.pragma("application_id", { simple: true }) as number;
    version = db.pragma("user_version", { simple: true }) as number;
    objects = db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
  } catch (error) {
    if (isSqliteCode(error, "SQLITE_NOTADB"))
      throw new StoreError("STORE_NOT_MOTCUA", `${path} is not a SQLite database, so not a motcua store`, {
        cause: error,
      });
    throw error;
  }
  const fresh = appId === 0 && version === 0 && objects === 0;
  if (!fresh && appId !== APPLICATION_ID)
    throw new StoreError(
      "STORE_NOT_MOTCUA",
      `${path} is a SQLite database but not a motcua store (application_id ${appId}); refusing to touch it`,
    );
  if (version > SCHEMA_VERSION) throw tooNew(path, version);
}

/**
 * Brings the file up to {@link SCHEMA_VERSION}. Runs in one IMMEDIATE transaction and re-reads
 * the version inside it, so two processes opening a new file at once cannot both migrate it, and
 * a crash mid-migration leaves the old version intact.
 */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const from = db.pragma("user_version", { simple: true }) as number;
    if (from > SCHEMA_VERSION) throw tooNew(path, from);
    if (from === SCHEMA_VERSION) return;
    for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]?.(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function tooNew(path: string, version: number): StoreError {
  return new StoreError(
    "STORE_TOO_NEW",
    `${path} has store schema version ${version}, newer than this motcua understands (${SCHEMA_VERSION}); ` +
      "upgrade motcua instead of opening it with an older one",
  );
}

function isSqliteCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
