import type { Logger } from "@motcua/log";
import type { AtEngine } from "./at/engine.js";
import {
  chooseCnmi,
  isRegistered,
  parseCpin,
  parseCpms,
  parseCsq,
  parseRegistration,
  type Registration,
  type Signal,
  type StorageUse,
} from "./at/parse.js";
import { isModemError, ModemError } from "./errors.js";
import { type ModelProfile, profileFor } from "./models.js";

/** The configured PIN and what became of it, kept across sessions so it is never sent twice in vain. */
export interface PinGate {
  pin: string | undefined;
  /** The PIN was sent and refused: it is never sent again. */
  refused: boolean;
}

export interface StartupOptions {
  engine: AtEngine;
  log: Logger;
  pin: PinGate;
  /** Storages to try for AT+CPMS, in order. */
  storages: readonly string[];
  /** Tries of `AT` while waiting for the modem to boot, each `readyTimeoutMs`. */
  readyTries: number;
  readyTimeoutMs: number;
  /** How long to poll registration before going on unregistered (`no_network`). */
  registrationTimeoutMs: number;
  registrationPollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Progress for the status, as each step learns something. */
  learned: (facts: Partial<StartupResult>) => void;
}

export interface StartupResult {
  profile: ModelProfile;
  model: string;
  registration: Registration;
  signal: Signal;
  storage: StorageUse;
  /** The AT+CNMI line set, or undefined when the modem cannot notify (polling only). */
  cnmi: string | undefined;
}

/**
 * The start-up sequence, as gammu-smsd and smstools3 run it: wait for the modem, echo off,
 * verbose errors, identify and send the model's own lines, PIN status, registration, signal,
 * PDU mode, storage, store-and-notify indications, multipart link kept open.
 *
 * @throws ModemError `TIMEOUT` (never answered), `CLOSED`, `SIM_NOT_READY` (try later),
 *   `PIN_REQUIRED` or `PUK_REQUIRED` (a person must act).
 */
export async function startUp(o: StartupOptions): Promise<StartupResult> {
  const { engine, log } = o;
  await waitForModem(o);
  await engine.command("ATE0");
  await optional(o, "AT+CMEE=2");

  const { profile, model } = await identify(o);
  o.learned({ profile, model });
  for (const line of profile.setup) await optional(o, line);

  await unlockSim(o);

  const registration = await register(o);
  o.learned({ registration });
  const signal = parseCsq((await engine.command("AT+CSQ")).lines);
  o.learned({ signal });

  await engine.command("AT+CMGF=0");
  const storage = await chooseStorage(o);
  o.learned({ storage });

  let cnmi: string | undefined;
  try {
    cnmi = chooseCnmi((await engine.command("AT+CNMI=?")).lines);
  } catch (error) {
    rethrowLinkFault(error);
    cnmi = "AT+CNMI=2,1,0,0,0";
  }
  if (cnmi === undefined) log.warn({}, "the modem cannot notify stored messages (no mt=1): polling only");
  else if (!(await optional(o, cnmi))) {
    log.warn({ cnmi }, "indications refused: polling only");
    cnmi = undefined;
  }
  await optional(o, "AT+CMMS=2");
  return { profile, model, registration, signal, storage, cnmi };
}

/** `AT` until it is answered: the modem may still be booting (before its RDY banner). */
async function waitForModem(o: StartupOptions): Promise<void> {
  // ESC ends an AT+CMGS prompt a previous run may have left open, so "AT" is not taken as PDU.
  void o.engine.writeRaw("\x1b");
  for (let attempt = 1; ; attempt++) {
    try {
      await o.engine.command("AT", { timeoutMs: o.readyTimeoutMs });
      return;
    } catch (error) {
      if (isModemError(error, "TIMEOUT") && attempt < o.readyTries) continue;
      // ERROR to a plain AT: the modem answers, just not this (a half-typed line); go on.
      if (isModemError(error) && error.code !== "TIMEOUT" && error.code !== "CLOSED") return;
      throw error;
    }
  }
}

async function identify(o: StartupOptions): Promise<{ profile: ModelProfile; model: string }> {
  const text = async (command: string) => {
    try {
      return (await o.engine.command(command)).lines.map((l) => l.replace(/^\+CGM[IM]:\s*/, "")).join(" ");
    } catch (error) {
      rethrowLinkFault(error);
      return "";
    }
  };
  let model = `${await text("AT+CGMI")} ${await text("AT+CGMM")}`.trim();
  if (model === "") model = await text("ATI");
  const profile = profileFor(model);
  o.log.info({ model, family: profile.family }, "modem identified");
  return { profile, model };
}

/**
 * PIN status: READY goes on; SIM PIN sends the configured PIN unless it was refused before (a
 * PIN is never sent twice in vain: three refusals block the SIM); SIM PUK stops the link.
 */
async function unlockSim(o: StartupOptions): Promise<void> {
  for (let check = 0; ; check++) {
    let status: string;
    try {
      status = parseCpin((await o.engine.command("AT+CPIN?")).lines);
    } catch (error) {
      rethrowLinkFault(error);
      // +CME ERROR 10 (no SIM), 13 (failure), 14 (busy, still starting): try later.
      throw new ModemError("SIM_NOT_READY", `SIM not ready: ${(error as Error).message}`, { cause: error });
    }
    if (status === "READY" || status === "SIM PIN2" || status === "SIM PUK2") return;
    if (status === "SIM PUK" || status === "PH-SIM PUK")
      throw new ModemError("PUK_REQUIRED", "the SIM is blocked and asks for its PUK; the link stops");
    if (status !== "SIM PIN")
      throw new ModemError("PIN_REQUIRED", `the SIM asks for ${status}, which the link does not give`);
    const gate = o.pin;
    if (gate.pin === undefined)
      throw new ModemError("PIN_REQUIRED", "the SIM asks for a PIN and none is configured");
    if (gate.refused)
      throw new ModemError("PIN_REQUIRED", "the SIM asks for a PIN again after refusing it; not sent twice");
    if (check > 0)
      throw new ModemError("SIM_NOT_READY", "the SIM still asks for a PIN after taking it; trying later");
    try {
      await o.engine.command(`AT+CPIN="${gate.pin}"`, { timeoutMs: 20_000 });
    } catch (error) {
      rethrowLinkFault(error);
      gate.refused = true;
      throw new ModemError(
        "PIN_REQUIRED",
        `the SIM refused the configured PIN (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    o.log.info({}, "PIN accepted");
    // The SIM takes a moment after its PIN before it answers READY.
    await o.sleep(2000);
  }
}

/** CREG, CGREG and CEREG (any of them registered will do), polled until registered or timed out. */
async function register(o: StartupOptions): Promise<Registration> {
  const deadline = Date.now() + o.registrationTimeoutMs;
  for (;;) {
    const registration = await registration3(o.engine);
    if (isRegistered(registration) || Date.now() >= deadline) {
      if (!isRegistered(registration)) o.log.warn({ registration }, "not registered on a network");
      return registration;
    }
    await o.sleep(o.registrationPollMs);
  }
}

/** The best of CREG, CGREG and CEREG (LTE-only SIMs have SMS over SGs or IMS with CREG at 0). */
export async function registration3(engine: AtEngine): Promise<Registration> {
  const rank: Registration[] = ["home", "roaming", "searching", "denied", "not_registered", "unknown"];
  let best: Registration = "unknown";
  for (const prefix of ["+CREG:", "+CGREG:", "+CEREG:"]) {
    try {
      const r = parseRegistration((await engine.command(`AT${prefix.slice(0, -1)}?`)).lines, prefix);
      if (rank.indexOf(r) < rank.indexOf(best)) best = r;
      if (isRegistered(best)) return best;
    } catch (error) {
      rethrowLinkFault(error);
    }
  }
  return best;
}

/** Read, write and receive storage set to the first of `storages` the modem takes. */
async function chooseStorage(o: StartupOptions): Promise<StorageUse> {
  for (const memory of o.storages) {
    try {
      return parseCpms((await o.engine.command(`AT+CPMS="${memory}","${memory}","${memory}"`)).lines, memory);
    } catch (error) {
      rethrowLinkFault(error);
      o.log.warn({ memory, err: (error as Error).message }, "storage refused");
    }
  }
  // None taken: keep whatever the modem uses.
  return parseCpms((await o.engine.command("AT+CPMS?")).lines, "?");
}

/** A command whose ERROR only means this modem lacks it. */
async function optional(o: StartupOptions, command: string): Promise<boolean> {
  try {
    await o.engine.command(command);
    return true;
  } catch (error) {
    rethrowLinkFault(error);
    o.log.warn({ command, err: (error as Error).message }, "start-up line refused");
    return false;
  }
}

/** Timeouts and a closed port end the start-up; answers such as ERROR do not. */
export function rethrowLinkFault(error: unknown): void {
  if (!isModemError(error) || error.code === "TIMEOUT" || error.code === "CLOSED") throw error;
}
