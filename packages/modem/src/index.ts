/**
 * The modem link of motcua (issue 4): AT commands over serialport in PDU mode, store-and-notify
 * reading with persistence before deletion, a persistent outbox and a pool of modems.
 */
export { cmeNumber, cmsNumber, MODEM_CMS, RETRYABLE_CMS } from "./at/codes.js";
export { AtEngine, type AtEngineOptions, type AtResponse, type CommandOptions } from "./at/engine.js";
export type { Registration, Signal, StorageUse } from "./at/parse.js";
export { duplexModemPort, type ModemPort, type SerialModemPortOptions, serialModemPort } from "./at/port.js";
export type { Urc } from "./at/urc.js";
export { defaultCodec, type PartKeeper, type SmsCodec } from "./codec.js";
export { isModemError, ModemError, type ModemErrorCode } from "./errors.js";
export { pduId } from "./inbox.js";
export type {
  Incoming,
  IncomingMessage,
  IncomingPart,
  MessageHandler,
  UndecodablePdu,
} from "./incoming.js";
export { MemoryOutboxStore } from "./memory-outbox.js";
export { type ModelProfile, type ModemFamily, profileFor } from "./models.js";
export { Modem } from "./modem.js";
export type { ModemOptions, OutgoingSms, PartSent } from "./options.js";
export {
  classifySendError,
  type EnqueueSms,
  Outbox,
  type OutboxEvent,
  type OutboxOptions,
  type RetryPolicy,
  type SendDisposition,
  SMS_PRIORITY,
} from "./outbox.js";
export type { NewSms, OutboxRecord, OutboxStatus, OutboxStore } from "./outbox-store.js";
export { ModemPool, type ModemPoolOptions, type PoolMember, type PoolStatus } from "./pool.js";
export { FATAL_STATES, type ModemState, type ModemStatus } from "./status.js";
