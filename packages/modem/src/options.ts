import type { Logger } from "@motcua/log";
import type { ModemPort } from "./at/port.js";
import type { PartKeeper, SmsCodec } from "./codec.js";
import type { MessageHandler } from "./incoming.js";

export interface ModemOptions {
  port: ModemPort;
  /** The program's logger; the link logs under `motcua:modem` (raw AT traffic at debug). */
  log: Logger;
  /** Persists a message; see {@link MessageHandler}. */
  onMessage: MessageHandler;
  /** The SIM's PIN, sent at most once in vain. */
  pin?: string;
  /** Full read of the storage, status refresh and reassembly expiry (default 60 s). */
  pollIntervalMs?: number;
  /** Signal and registration refresh (default 30 s). */
  statusIntervalMs?: number;
  /** Default command timeout (10 s). */
  commandTimeoutMs?: number;
  /** How long a part waits for `+CMGS` (60 s). */
  sendTimeoutMs?: number;
  /** How long AT+CMGL may take (30 s). */
  listTimeoutMs?: number;
  /** `AT` tries while the modem boots (10), each waiting `readyTimeoutMs` (2 s). */
  readyTries?: number;
  readyTimeoutMs?: number;
  /** Registration is polled every `registrationPollMs` (2 s) up to this (30 s) at start-up. */
  registrationTimeoutMs?: number;
  registrationPollMs?: number;
  /** Backoff between tries to open an absent device (1 s doubling to 30 s). */
  reopenMinMs?: number;
  reopenMaxMs?: number;
  /** Wait after a reset before reopening: the modem reboots (default 10 s). */
  resetDelayMs?: number;
  /** Backoff while the SIM is not ready (5 s doubling to 60 s). */
  simRetryMinMs?: number;
  simRetryMaxMs?: number;
  /** Storages for AT+CPMS, first taken wins (default SM, then ME). */
  storages?: readonly string[];
  /** Reset string instead of the model's (`AT+CFUN=1,1`, Huawei `AT^RESET`). */
  resetCommand?: string;
  /** How long parts of a concatenated message are kept (10 min). */
  reassemblyTimeoutMs?: number;
  codec?: SmsCodec;
  /** A part keeper shared between modems or restored by the caller; default a new one. */
  keeper?: PartKeeper;
}

/** A message to send; `fromPart` skips the parts already answered by `+CMGS`. */
export interface OutgoingSms {
  to: string;
  text: string;
  /** Concatenation reference (8-bit) of a multipart message; the same on every try. */
  reference: number;
  fromPart?: number;
}

/** Called as each part gets its `+CMGS` answer, before the next is sent. Must be synchronous. */
export type PartSent = (sent: number, total: number, messageReference: number) => void;

/** The tunable options with their defaults filled in. */
export type ModemTimings = Required<
  Omit<ModemOptions, "port" | "log" | "onMessage" | "pin" | "resetCommand" | "codec" | "keeper">
>;

export function withDefaults(options: ModemOptions): ModemTimings {
  return {
    pollIntervalMs: options.pollIntervalMs ?? 60_000,
    statusIntervalMs: options.statusIntervalMs ?? 30_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
    sendTimeoutMs: options.sendTimeoutMs ?? 60_000,
    listTimeoutMs: options.listTimeoutMs ?? 30_000,
    readyTries: options.readyTries ?? 10,
    readyTimeoutMs: options.readyTimeoutMs ?? 2_000,
    registrationTimeoutMs: options.registrationTimeoutMs ?? 30_000,
    registrationPollMs: options.registrationPollMs ?? 2_000,
    reopenMinMs: options.reopenMinMs ?? 1_000,
    reopenMaxMs: options.reopenMaxMs ?? 30_000,
    resetDelayMs: options.resetDelayMs ?? 10_000,
    simRetryMinMs: options.simRetryMinMs ?? 5_000,
    simRetryMaxMs: options.simRetryMaxMs ?? 60_000,
    storages: options.storages ?? ["SM", "ME"],
    reassemblyTimeoutMs: options.reassemblyTimeoutMs ?? 600_000,
  };
}
