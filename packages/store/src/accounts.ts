import type Database from "better-sqlite3";
import { StoreError } from "./errors.js";

export const ACCOUNT_ROLES = ["officer", "leader", "admin"] as const;
/** officer: their counters; leader: the office's day; admin: configuration and accounts. */
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** A console account as people see it: never its password hash. */
export interface Account {
  login: string;
  name: string;
  role: AccountRole;
  /** The counters an officer serves (empty for the other roles). */
  counters: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface NewAccount {
  login: string;
  name: string;
  role: AccountRole;
  counters: readonly string[];
  passwordHash: string;
}

/** Who changed an account and when: the console's login, or `cli:<system user>`. */
export interface Change {
  actor: string;
  at: string;
}

export type AuditAction = "add" | "passwd" | "disable" | "update";

/** What {@link AccountsTable.update} may change; the fields left out stay as they are. */
export interface AccountChanges {
  name?: string;
  role?: AccountRole;
  counters?: readonly string[];
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  login: string;
  detail: Record<string, unknown>;
}

interface AccountRow extends Omit<Account, "counters"> {
  counters: string;
  passwordHash: string;
}

const COLUMNS = `login, name, role, counters, password_hash AS passwordHash, created_at AS createdAt,
  disabled_at AS disabledAt`;

/**
 * The accounts and their audit. Every change is one transaction with its audit row, so the
 * audit never misses a change nor records one that did not happen.
 */
export class AccountsTable {
  readonly #byLogin: Database.Statement<[string], AccountRow>;
  readonly #all: Database.Statement<[], AccountRow>;
  readonly #audit: Database.Statement<[{ limit: number }], Omit<AuditRow, "detail"> & { detail: string }>;
  readonly #add: Database.Transaction<(account: NewAccount, change: Change) => void>;
  readonly #setPassword: Database.Transaction<(login: string, passwordHash: string, change: Change) => void>;
  readonly #disable: Database.Transaction<(login: string, change: Change) => void>;
  readonly #update: Database.Transaction<(login: string, changes: AccountChanges, change: Change) => void>;

  constructor(db: Database.Database) {
    this.#byLogin = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE login = ?`);
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY login`);
    this.#audit = db.prepare(
      "SELECT id, at, actor, action, login, detail FROM account_audit ORDER BY id DESC LIMIT @limit",
    );
    const insert = db.prepare(`
      INSERT INTO accounts (login, name, role, counters, password_hash, created_at)
      VALUES (@login, @name, @role, @counters, @passwordHash, @at)`);
    const updatePassword = db.prepare("UPDATE accounts SET password_hash = ? WHERE login = ?");
    const markDisabled = db.prepare(
      "UPDATE accounts SET disabled_at = coalesce(disabled_at, ?) WHERE login = ?",
    );
    const endSessions = db.prepare("DELETE FROM sessions WHERE login = ?");
    const audit = db.prepare(`
      INSERT INTO account_audit (at, actor, action, login, detail)
      VALUES (@at, @actor, @action, @login, @detail)`);
    const record = (action: AuditAction, login: string, change: Change, detail: object = {}) =>
      audit.run({ ...change, action, login, detail: JSON.stringify(detail) });
    const mustExist = (login: string) => {
      if (!this.#byLogin.get(login))
        throw new StoreError("ACCOUNT_UNKNOWN", `no console account has the login "${login}"`);
    };

    this.#add = db.transaction((account: NewAccount, change: Change) => {
      if (this.#byLogin.get(account.login))
        throw new StoreError("ACCOUNT_EXISTS", `the console account "${account.login}" already exists`);
      insert.run({ ...account, counters: JSON.stringify(account.counters), at: change.at });
      record("add", account.login, change, {
        name: account.name,
        role: account.role,
        counters: account.counters,
      });
    });
    // A new password or a disabled account ends every session of it: whoever held one (the
    // reason for the change, often) is out at their next request.
    this.#setPassword = db.transaction((login: string, passwordHash: string, change: Change) => {
      mustExist(login);
      updatePassword.run(passwordHash, login);
      endSessions.run(login);
      record("passwd", login, change);
    });
    this.#disable = db.transaction((login: string, change: Change) => {
      mustExist(login);
      markDisabled.run(change.at, login);
      endSessions.run(login);
      record("disable", login, change);
    });
    const updateFields = db.prepare(`
      UPDATE accounts SET name = coalesce(@name, name), role = coalesce(@role, role),
        counters = coalesce(@counters, counters)
      WHERE login = @login`);
    // The sessions stay open: each request reads the account again, so a new role or new
    // counters apply from the next one.
    this.#update = db.transaction((login: string, changes: AccountChanges, change: Change) => {
      mustExist(login);
      updateFields.run({
        login,
        name: changes.name ?? null,
        role: changes.role ?? null,
        counters: changes.counters === undefined ? null : JSON.stringify(changes.counters),
      });
      record("update", login, change, changes);
    });
  }

  add(account: NewAccount, change: Change): void {
    this.#add.immediate(account, change);
  }

  setPassword(login: string, passwordHash: string, change: Change): void {
    this.#setPassword.immediate(login, passwordHash, change);
  }

  disable(login: string, change: Change): void {
    this.#disable.immediate(login, change);
  }

  /** Changes an account's name, role or counters, with its audit row. */
  update(login: string, changes: AccountChanges, change: Change): void {
    this.#update.immediate(login, changes, change);
  }

  /** The account and its password hash, for checking a login; disabled accounts included. */
  withHash(login: string): { account: Account; passwordHash: string } | undefined {
    const row = this.#byLogin.get(login);
    return row ? { account: decode(row), passwordHash: row.passwordHash } : undefined;
  }

  get(login: string): Account | undefined {
    const row = this.#byLogin.get(login);
    return row ? decode(row) : undefined;
  }

  list(): Account[] {
    return this.#all.all().map(decode);
  }

  /** The latest account changes, newest first. */
  audit(limit = 100): AuditRow[] {
    return this.#audit.all({ limit }).map((row) => ({ ...row, detail: JSON.parse(row.detail) }));
  }
}

function decode(row: AccountRow): Account {
  const { passwordHash: _hidden, counters, ...rest } = row;
  return { ...rest, counters: JSON.parse(counters) as string[] };
}
