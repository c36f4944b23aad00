export {
  ACCOUNT_ROLES,
  type Account,
  type AccountChanges,
  type AccountRole,
  AccountsTable,
  type AuditAction,
  type AuditRow,
  type Change,
  type NewAccount,
} from "./accounts.js";
export { StoreError, type StoreErrorCode } from "./errors.js";
export { defaultDataDir, storePath } from "./location.js";
export { localDate } from "./projections.js";
export { SCHEMA_VERSION } from "./schema.js";
export { type SessionRow, SessionsTable } from "./sessions.js";
export { openStore, Store } from "./store.js";
export type {
  BlockedRow,
  BookingFilter,
  BookingRow,
  BookingStatus,
  LogEntry,
  LogSearch,
  NewEntry,
  NewSms,
  NumberKind,
  NumberRow,
  NumberStatus,
  OutboxRecord,
  OutboxStatus,
  StoredEntry,
  StoreOptions,
} from "./types.js";
