/** Why a store could not be opened or read. */
export type StoreErrorCode =
  /** The file exists but is not a motcua store (another SQLite database, or not SQLite at all). */
  | "STORE_NOT_MOTCUA"
  /** The store was written by a newer motcua; opening it with this one could corrupt it. */
  | "STORE_TOO_NEW"
  /** Opened read-only, the store's schema is older than this motcua's (the hub migrates it). */
  | "STORE_NOT_MIGRATED"
  /** A stored row could not be decoded (the file was edited or damaged by hand). */
  | "STORE_CORRUPT"
  /** The store was used after close(). */
  | "STORE_CLOSED"
  /** An account with this login already exists. */
  | "ACCOUNT_EXISTS"
  /** No account has this login. */
  | "ACCOUNT_UNKNOWN";

/** The one error type the store throws for conditions a caller may want to tell apart. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreError";
  }
}
