import { createHash, randomBytes } from "node:crypto";
import type { Account, Store } from "@motcua/store";

/** Signed out after this long without a request: a PC left on at lunch is not left open. */
export const IDLE_MS = 60 * 60 * 1000;
/** Signed out this long after the login, whatever the activity: one working day. */
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** `last_seen` is written at most this often, so reading pages costs no disk write each time. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface OpenSession {
  /** The secret the browser holds in its cookie; the store has only its hash. */
  id: string;
  account: Account;
  expiresAt: number;
}

export type Resolved = { ok: true; session: OpenSession } | { ok: false; expired: boolean };

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

/** The console's sessions, kept in the store so that `motcua user disable` ends them at once. */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** A new session of `account`: a 256-bit random id. */
  open(account: Account): OpenSession {
    const now = this.now();
    this.store.sessions.prune(now, now - IDLE_MS);
    const id = randomBytes(32).toString("base64url");
    const expiresAt = now + ABSOLUTE_MS;
    this.store.sessions.create({
      idHash: hashOf(id),
      login: account.login,
      createdAt: now,
      lastSeen: now,
      expiresAt,
    });
    return { id, account, expiresAt };
  }

  /**
   * The live session of this id, its use noted; `expired` when it was one that has ended.
   * `touch: false` checks it without counting as a use: a live view's pushes keep no session
   * open that its person has left.
   */
  resolve(id: string, touch = true): Resolved {
    const idHash = hashOf(id);
    const found = this.store.sessions.get(idHash);
    if (!found) return { ok: false, expired: false };
    const now = this.now();
    const { session, account } = found;
    if (now >= session.expiresAt || now - session.lastSeen >= IDLE_MS || account.disabledAt !== null) {
      this.store.sessions.delete(idHash);
      return { ok: false, expired: true };
    }
    if (touch && now - session.lastSeen >= TOUCH_EVERY_MS) this.store.sessions.touch(idHash, now);
    return { ok: true, session: { id, account, expiresAt: session.expiresAt } };
  }

  close(id: string): void {
    this.store.sessions.delete(hashOf(id));
  }
}
