import type Database from "better-sqlite3";
import type { Account } from "./accounts.js";

/** A console session as stored: times in epoch ms. */
export interface SessionRow {
  idHash: string;
  login: string;
  createdAt: number;
  lastSeen: number;
  expiresAt: number;
}

/**
 * The console's sessions. The store only keeps them; the rules (how long, how idle) are the
 * console's, which passes the times in.
 */
export class SessionsTable {
  readonly #insert: Database.Statement<[SessionRow]>;
  readonly #get: Database.Statement<[string], SessionRow & { account: string }>;
  readonly #touch: Database.Statement<[number, string]>;
  readonly #delete: Database.Statement<[string]>;
  readonly #prune: Database.Statement<[{ now: number; idleBefore: number }]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(`
      INSERT INTO sessions (id_hash, login, created_at, last_seen, expires_at)
      VALUES (@idHash, @login, @createdAt, @lastSeen, @expiresAt)`);
    this.#get = db.prepare(`
      SELECT s.id_hash AS idHash, s.login, s.created_at AS createdAt, s.last_seen AS lastSeen,
             s.expires_at AS expiresAt,
             json_object('login', a.login, 'name', a.name, 'role', a.role, 'counters', json(a.counters),
                         'createdAt', a.created_at, 'disabledAt', a.disabled_at) AS account
      FROM sessions AS s JOIN accounts AS a ON a.login = s.login
      WHERE s.id_hash = ?`);
    this.#touch = db.prepare("UPDATE sessions SET last_seen = ? WHERE id_hash = ?");
    this.#delete = db.prepare("DELETE FROM sessions WHERE id_hash = ?");
    this.#prune = db.prepare("DELETE FROM sessions WHERE expires_at <= @now OR last_seen <= @idleBefore");
  }

  create(session: SessionRow): void {
    this.#insert.run(session);
  }

  /** The session with its account (as it is now: a disabled one shows `disabledAt`). */
  get(idHash: string): { session: SessionRow; account: Account } | undefined {
    const row = this.#get.get(idHash);
    if (!row) return undefined;
    const { account, ...session } = row;
    return { session, account: JSON.parse(account) as Account };
  }

  touch(idHash: string, at: number): void {
    this.#touch.run(at, idHash);
  }

  delete(idHash: string): void {
    this.#delete.run(idHash);
  }

  /** Forgets sessions past their absolute end or idle since `idleBefore`; returns how many. */
  prune(now: number, idleBefore: number): number {
    return this.#prune.run({ now, idleBefore }).changes;
  }
}
