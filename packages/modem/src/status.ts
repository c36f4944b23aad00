import type { Registration, Signal, StorageUse } from "./at/parse.js";
import type { ModemFamily } from "./models.js";

/**
 * Where a modem link is:
 * - `disconnected`: the device is absent or closed; the link retries opening it with backoff;
 * - `initialising`: the start-up sequence is running;
 * - `ready`: registered, reading and sending;
 * - `no_network`: initialised but not registered; messages are still read, none are sent;
 * - `sim_not_ready`: no SIM, or the SIM is busy or failing; the start-up is retried;
 * - `resetting`: the modem stopped answering and was sent its reset; it is reopened next;
 * - `pin_required`: the SIM wants a PIN and none is configured, or the configured one was refused
 *   (it is never sent twice): the link waits for a person;
 * - `puk_required`: the SIM is blocked: the link stops and waits for a person, never guessing;
 * - `stopped`: {@link Modem.stop} was called.
 */
export type ModemState =
  | "disconnected"
  | "initialising"
  | "ready"
  | "no_network"
  | "sim_not_ready"
  | "resetting"
  | "pin_required"
  | "puk_required"
  | "stopped";

/** States that need a person: the link does not leave them by itself. */
export const FATAL_STATES: ReadonlySet<ModemState> = new Set(["pin_required", "puk_required"]);

/** A snapshot of one modem, emitted on every change (the hub publishes it retained). */
export interface ModemStatus {
  /** The configured device path. */
  path: string;
  state: ModemState;
  /** When `state` was entered, ISO-8601. */
  since: string;
  family?: ModemFamily;
  /** Manufacturer and model as the modem names them (`Quectel EC25`). */
  model?: string;
  signal?: Signal;
  registration?: Registration;
  storage?: StorageUse;
  /** Messages waiting in the shared outbox (sent by whichever modem is free). */
  outboxLength: number;
  lastError?: { code: string; message: string; at: string };
}
