import type { Duplex } from "node:stream";
import type { Logger } from "@motcua/log";
import type { ReceivedPart } from "@motcua/sms";
import { MODEM_CMS } from "./at/codes.js";
import { AtEngine } from "./at/engine.js";
import { isRegistered, parseCmgs, parseCpms, parseCsq } from "./at/parse.js";
import type { ModemPort } from "./at/port.js";
import type { Urc } from "./at/urc.js";
import { defaultCodec, type SmsCodec } from "./codec.js";
import { isModemError, ModemError } from "./errors.js";
import { Inbox } from "./inbox.js";
import type { ModelProfile } from "./models.js";
import {
  type ModemOptions,
  type ModemTimings,
  type OutgoingSms,
  type PartSent,
  withDefaults,
} from "./options.js";
import { type PinGate, registration3, startUp } from "./startup.js";
import type { ModemState, ModemStatus } from "./status.js";

type SessionEnd = "closed" | "reset" | "fatal" | "stopped";
type Wake = SessionEnd | "reinit";

/**
 * A lone `+CMTI` is read once no other came for this long (several: one AT+CMGL), or after
 * {@link GATHER_MAX_MS} while they keep coming.
 */
const GATHER_QUIET_MS = 3;
const GATHER_MAX_MS = 30;

interface Timer {
  handle: NodeJS.Timeout;
  resolve: () => void;
}

/**
 * One modem: opens its port (again and again if it goes away), runs the start-up sequence,
 * reads every stored message on (re)connect, on each `+CMTI` and on a periodic poll, and sends
 * messages one part after another. Its loop never throws; faults show in {@link status}.
 */
export class Modem {
  readonly path: string;
  /** A second message may be given while one is sent: see {@link send}. */
  readonly pipelined = true;
  readonly #port: ModemPort;
  readonly #log: Logger;
  readonly #codec: SmsCodec;
  readonly #inbox: Inbox;
  readonly #pin: PinGate;
  readonly #o: ModemTimings;
  readonly #resetCommand: string | undefined;
  readonly #listeners = new Set<(status: ModemStatus) => void>();
  readonly #timers = new Set<Timer>();
  #status: ModemStatus;
  #lastEmitted = "";
  #profile: ModelProfile | undefined;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #engine: AtEngine | undefined;
  #generation = 0;
  #wake: ((reason: Wake) => void) | undefined;
  #initialising = false;
  #answered = false;
  #rebootedDuringInit = false;
  #lock: Promise<void> = Promise.resolve();
  #reading = false;
  #fullRead = false;
  readonly #indexes = new Set<number>();
  #memory: string | undefined;
  #intervals: NodeJS.Timeout[] = [];

  constructor(options: ModemOptions) {
    this.path = options.port.path;
    this.#port = options.port;
    this.#log = options.log.child({ ns: "motcua:modem", modem: options.port.path });
    this.#codec = options.codec ?? defaultCodec;
    this.#pin = { pin: options.pin, refused: false };
    this.#resetCommand = options.resetCommand;
    this.#o = withDefaults(options);
    this.#inbox = new Inbox({
      path: this.path,
      codec: this.#codec,
      keeper: options.keeper ?? this.#codec.createReassembler({ timeoutMs: this.#o.reassemblyTimeoutMs }),
      onMessage: options.onMessage,
      log: this.#log,
      now: () => Date.now(),
      listTimeoutMs: this.#o.listTimeoutMs,
    });
    this.#status = {
      path: this.path,
      state: "disconnected",
      since: new Date().toISOString(),
      outboxLength: 0,
    };
  }

  /** Starts the link's loop (returns at once; watch {@link onStatus}). */
  start(): void {
    if (this.#loop || this.#stopped) return;
    this.#loop = this.#run().catch((error: unknown) => {
      // The loop catches everything; reaching here is a bug, logged rather than crashing the hub.
      this.#log.fatal({ err: (error as Error).stack }, "modem loop ended unexpectedly");
    });
  }

  /** Stops the loop and closes the port; a send in progress is rejected with `CLOSED`. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.("stopped");
    for (const timer of this.#timers) {
      clearTimeout(timer.handle);
      timer.resolve();
    }
    this.#engine?.close(new ModemError("CLOSED", "the link was stopped"));
    await this.#loop;
    this.#setState("stopped");
  }

  status(): ModemStatus {
    return structuredClone(this.#status);
  }

  /** Calls `listener` with every changed status; returns the unsubscribe function. */
  onStatus(listener: (status: ModemStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once the link waits on the modem alone (sending, or nothing to do). */
  whenWaiting(): Promise<void> {
    return this.#engine?.whenWaiting() ?? Promise.resolve();
  }

  /** Whether the modem can take a message now: initialised and registered. */
  canSend(): boolean {
    return this.#status.state === "ready" && this.#engine !== undefined;
  }

  /** The outbox length shown in the status (the pool keeps it current). */
  setOutboxLength(length: number): void {
    if (this.#status.outboxLength === length) return;
    this.#status.outboxLength = length;
    this.#emit();
  }

  /** Parts persisted in an earlier run, so that parts read now complete them. */
  restoreParts(parts: readonly ReceivedPart[]): void {
    this.#inbox.restore(parts);
  }

  /** Asks for a full read of the storage now (it also happens on connect and every poll). */
  readAll(): void {
    this.#requestRead();
  }

  /**
   * Sends a message with AT+CMGS, part after part back to back (AT+CMMS=2 keeps the link to the
   * service centre open between them). `onPartSent` is called as each `+CMGS` answers; mark the
   * message sent there, in the same step, so that a restart never sends it again.
   *
   * The parts are queued at the link at once and the link is free again: a second message given
   * while this one is sent waits at the link and goes out the moment this one is answered.
   *
   * @throws ModemError `NOT_READY` when not ready to send; `CMS_ERROR` with its number; `TIMEOUT`
   *   (the modem is then reset); `CLOSED` when unplugged mid-send.
   */
  async send(message: OutgoingSms, onPartSent?: PartSent): Promise<void> {
    // Wrapped, so that the lock is let go once the parts are queued, not once they are sent.
    const { sending } = await this.#exclusive(async () => {
      const engine = this.#engine;
      if (!engine || this.#status.state !== "ready")
        throw new ModemError("NOT_READY", `${this.path} cannot send: ${this.#status.state}`);
      const parts = this.#codec.encodeSubmit({
        to: message.to,
        text: message.text,
        reference: message.reference & 0xff,
        referenceBits: 8,
      });
      const from = message.fromPart ?? 0;
      const sending = engine.sendPdus(parts.slice(from), {
        timeoutMs: this.#o.sendTimeoutMs,
        onAnswer: (i, answer) => onPartSent?.(from + i + 1, parts.length, parseCmgs(answer.lines)),
      });
      return { sending };
    });
    try {
      await sending;
    } catch (error) {
      this.#sendFailed(error);
      throw error;
    }
  }

  // ——— the loop ———

  async #run(): Promise<void> {
    let absent = 0;
    while (!this.#stopped) {
      let stream: Duplex;
      try {
        stream = await this.#port.open();
      } catch (error) {
        this.#setState("disconnected");
        if (absent === 0) this.#noteError("OPEN_FAILED", error);
        await this.#sleep(backoff(absent++, this.#o.reopenMinMs, this.#o.reopenMaxMs));
        continue;
      }
      absent = 0;
      this.#log.info({}, "port open");
      const end = await this.#session(stream);
      await this.#port.close(stream);
      if (end === "fatal" || end === "stopped" || this.#stopped) return;
      if (end === "reset") {
        this.#setState("resetting");
        await this.#sleep(this.#o.resetDelayMs);
      } else {
        this.#setState("disconnected");
        this.#log.warn({}, "port closed (unplugged?); reopening");
        await this.#sleep(this.#o.reopenMinMs);
      }
    }
  }

  async #session(stream: Duplex): Promise<SessionEnd> {
    const generation = ++this.#generation;
    let wake: (reason: Wake) => void = () => {};
    let woken = new Promise<Wake>((resolve) => {
      wake = resolve;
    });
    const newWake = () => {
      woken = new Promise<Wake>((resolve) => {
        wake = resolve;
      });
      this.#wake = (reason) => wake(reason);
    };
    newWake();
    const engine = new AtEngine(stream, {
      log: this.#log,
      timeoutMs: this.#o.commandTimeoutMs,
      onUrc: (urc, body) => this.#onUrc(urc, body),
    });
    // Only this session's stream may end it: a late close of an earlier one must not.
    stream.once("close", () => {
      if (generation === this.#generation) this.#wake?.("closed");
    });
    this.#engine = engine;
    try {
      let simTries = 0;
      let failures = 0;
      for (;;) {
        if (this.#stopped) return "stopped";
        this.#setState("initialising");
        const outcome = await this.#initialise(engine);
        if (outcome === "ok") {
          simTries = 0;
          failures = 0;
        } else if (outcome === "sim" || outcome === "retry") {
          if (outcome === "retry" && ++failures >= 3) return this.#reset(engine, stream);
          const delay = backoff(
            outcome === "sim" ? simTries++ : failures,
            this.#o.simRetryMinMs,
            this.#o.simRetryMaxMs,
          );
          const reason = await Promise.race([woken, this.#sleep(delay).then(() => undefined)]);
          if (reason === "closed" || reason === "stopped") return reason;
          newWake();
          continue;
        } else if (outcome === "reset") return this.#reset(engine, stream);
        else return outcome;

        this.#startTimers(generation);
        const reason = await woken;
        this.#stopTimers();
        newWake();
        if (reason === "reinit") continue;
        if (reason === "reset") return this.#reset(engine, stream);
        return reason;
      }
    } finally {
      this.#stopTimers();
      this.#wake = undefined;
      this.#engine = undefined;
      engine.close();
    }
  }

  /** Runs the start-up under the lock; the outcome says what the session does next. */
  async #initialise(engine: AtEngine): Promise<"ok" | "sim" | "retry" | "reset" | "closed" | "fatal"> {
    return this.#exclusive(async () => {
      this.#initialising = true;
      this.#answered = false;
      this.#rebootedDuringInit = false;
      try {
        const result = await startUp({
          engine,
          log: this.#log,
          pin: this.#pin,
          storages: this.#o.storages,
          readyTries: this.#o.readyTries,
          readyTimeoutMs: this.#o.readyTimeoutMs,
          registrationTimeoutMs: this.#o.registrationTimeoutMs,
          registrationPollMs: this.#o.registrationPollMs,
          sleep: (ms) => this.#sleep(ms),
          learned: (facts) => {
            this.#answered = true;
            if (facts.profile) {
              this.#profile = facts.profile;
              this.#status.family = facts.profile.family;
            }
            if (facts.model !== undefined) this.#status.model = facts.model;
            if (facts.registration) this.#status.registration = facts.registration;
            if (facts.signal) this.#status.signal = facts.signal;
            if (facts.storage) {
              this.#status.storage = facts.storage;
              this.#memory = facts.storage.memory;
            }
            this.#emit();
          },
        });
        if (this.#rebootedDuringInit) {
          this.#log.warn({}, "the modem restarted during start-up; starting again");
          return "retry";
        }
        // The full read is queued before the state says ready, so it runs before any send the
        // pool queues on hearing it: what arrived while the link was down is persisted first.
        this.#requestRead();
        this.#setState(isRegistered(result.registration) ? "ready" : "no_network");
        this.#log.info(
          {
            model: result.model,
            registration: result.registration,
            dbm: result.signal.dbm,
            cnmi: result.cnmi,
          },
          "modem initialised",
        );
        return "ok";
      } catch (error) {
        if (!isModemError(error)) {
          this.#noteError("INIT_FAILED", error);
          return "retry";
        }
        this.#noteError(error.code, error);
        switch (error.code) {
          case "CLOSED":
            return "closed";
          case "TIMEOUT":
            return "reset";
          case "PUK_REQUIRED":
            this.#setState("puk_required");
            this.#log.fatal(
              { err: error.message },
              "SIM blocked (PUK): the modem link stops until a person unblocks it",
            );
            return "fatal";
          case "PIN_REQUIRED":
            this.#setState("pin_required");
            this.#log.fatal({ err: error.message }, "SIM PIN: the modem link stops until a person acts");
            return "fatal";
          case "SIM_NOT_READY":
            this.#setState("sim_not_ready");
            return "sim";
          default:
            return "retry";
        }
      } finally {
        this.#initialising = false;
      }
    });
  }

  /** Sends the reset string (and pulses DTR where the port can), then lets the loop reopen. */
  async #reset(engine: AtEngine, stream: Duplex): Promise<SessionEnd> {
    const command = this.#resetCommand ?? this.#profile?.reset ?? "AT+CFUN=1,1";
    this.#log.warn({ command }, "the modem stopped answering: resetting it");
    this.#setState("resetting");
    await Promise.race([engine.writeRaw(`\x1b${command}\r`), this.#sleep(1_000)]);
    try {
      await this.#port.toggle?.(stream, 200);
    } catch (error) {
      this.#log.debug({ err: (error as Error).message }, "DTR toggle failed");
    }
    return "reset";
  }

  #startTimers(generation: number): void {
    this.#stopTimers();
    this.#intervals = [
      setInterval(() => {
        if (generation !== this.#generation) return;
        this.#requestRead();
        this.#task(generation, () => this.#inbox.expire());
      }, this.#o.pollIntervalMs),
      setInterval(() => {
        if (generation === this.#generation) this.#task(generation, (engine) => this.#refresh(engine));
      }, this.#o.statusIntervalMs),
    ];
  }

  #stopTimers(): void {
    for (const interval of this.#intervals) clearInterval(interval);
    this.#intervals = [];
  }

  /** Signal, registration and storage use; a full storage is read at once. */
  async #refresh(engine: AtEngine): Promise<void> {
    this.#status.signal = parseCsq((await engine.command("AT+CSQ")).lines);
    const registration = await registration3(engine);
    this.#status.registration = registration;
    try {
      const storage = parseCpms((await engine.command("AT+CPMS?")).lines, this.#memory ?? "?");
      this.#status.storage = storage;
      if (storage.total > 0 && storage.used >= storage.total) {
        this.#log.warn({ storage }, "storage full: reading it");
        this.#requestRead();
      }
    } catch (error) {
      if (isModemError(error, "TIMEOUT") || isModemError(error, "CLOSED")) throw error;
    }
    const state = this.#status.state;
    if (state === "ready" || state === "no_network")
      this.#setState(isRegistered(registration) ? "ready" : "no_network");
    else this.#emit();
  }

  // ——— reading ———

  #onUrc(urc: Urc, body: string | undefined): void {
    switch (urc.type) {
      case "message":
        this.#log.debug({ index: urc.index, storage: urc.storage }, "+CMTI");
        if (this.#memory === undefined || urc.storage === this.#memory) this.#requestRead(urc.index);
        else this.#requestRead();
        return;
      case "reboot":
        if (this.#initialising) {
          // +CPIN: READY and +CFUN: 1 follow our own PIN; only a banner after the modem answered is a reboot.
          if (this.#answered && /^(RDY|\^SYSSTART|START)$/.test(urc.line)) this.#rebootedDuringInit = true;
          return;
        }
        if (this.#status.state === "ready" || this.#status.state === "no_network") {
          this.#log.warn({ line: urc.line }, "the modem restarted: initialising it again");
          this.#wake?.("reinit");
        }
        return;
      case "sim":
        if (this.#initialising) return;
        this.#log.warn({ line: urc.line }, "the SIM went away or locked: initialising again");
        this.#wake?.("reinit");
        return;
      case "routed":
        this.#log.warn({ line: urc.line }, "routed message never asked for (+CMT): handing it over");
        if (body !== undefined && /^\+CMT:/.test(urc.line)) {
          const generation = this.#generation;
          this.#task(generation, () => this.#inbox.routed(body));
        }
        return;
      case "other":
        if (/MEMFULL|SMSFULL|MSGFULL/i.test(urc.line)) this.#requestRead();
        else this.#log.debug({ line: urc.line }, "URC");
    }
  }

  /**
   * A full read (no index) or a read of one index, coalesced: one reader drains every request,
   * one round after another. Two indexes or more are read with one AT+CMGL.
   */
  #requestRead(index?: number): void {
    if (index === undefined) this.#fullRead = true;
    else this.#indexes.add(index);
    if (this.#reading) return;
    this.#reading = true;
    void this.#readLoop();
  }

  async #readLoop(): Promise<void> {
    try {
      while (this.#fullRead || this.#indexes.size > 0) {
        try {
          await this.#readRound();
        } catch (error) {
          this.#taskFailed(error);
        }
      }
    } finally {
      this.#reading = false;
    }
  }

  /**
   * One round: the AT+CMGL or AT+CMGR under the lock; the persisting without it (sends go on
   * meanwhile); then AT+CMGD of what was persisted, under the lock again.
   */
  async #readRound(): Promise<void> {
    const generation = this.#generation;
    // A lone +CMTI may be the first of a burst: its fellows, a moment behind, are read with it.
    if (!this.#fullRead && this.#indexes.size === 1) {
      for (let waited = 0; waited < GATHER_MAX_MS; waited += GATHER_QUIET_MS) {
        const seen: number = this.#indexes.size;
        await this.#sleep(GATHER_QUIET_MS);
        if (this.#indexes.size === seen) break;
      }
    }
    const read = await this.#exclusive(async () => {
      const full = this.#fullRead || this.#indexes.size > 1;
      const indexes = [...this.#indexes];
      this.#fullRead = false;
      this.#indexes.clear();
      const engine = this.#engine;
      const state = this.#status.state;
      if (generation !== this.#generation || !engine || (state !== "ready" && state !== "no_network"))
        return undefined;
      const listing = full ? await this.#inbox.list(engine) : await this.#inbox.readIndexes(engine, indexes);
      return { engine, listing };
    });
    if (!read || read.listing.entries.length === 0) return;
    const persisted = await this.#inbox.persist(read.listing.entries, (next) =>
      read.engine.whenWaiting({ next }),
    );
    if (persisted.entries.length === 0) return;
    await this.#exclusive(async () => {
      // A new session reads everything again: what was persisted is deleted then.
      if (generation !== this.#generation || this.#engine !== read.engine) return;
      await this.#inbox.delete(read.engine, read.listing, persisted);
    });
  }

  /** Runs `work` under the lock if the session it was asked in is still the current one. */
  #task(generation: number, work: (engine: AtEngine) => Promise<unknown>): void {
    void this.#exclusive(async () => {
      const engine = this.#engine;
      const state = this.#status.state;
      if (generation !== this.#generation || !engine || (state !== "ready" && state !== "no_network")) return;
      await work(engine);
    }).catch((error: unknown) => this.#taskFailed(error));
  }

  #taskFailed(error: unknown): void {
    if (isModemError(error, "CLOSED")) return;
    this.#noteError(isModemError(error) ? error.code : "TASK_FAILED", error);
    if (isModemError(error, "TIMEOUT")) this.#wake?.("reset");
    else if (isModemError(error, "CMS_ERROR") && error.cms === 322) this.#requestRead();
  }

  #sendFailed(error: unknown): void {
    if (!isModemError(error) || error.code === "CLOSED") return;
    this.#noteError(error.code, error);
    if (error.code === "TIMEOUT") this.#wake?.("reset");
    else if (error.cms === 322) this.#requestRead();
    else if (error.code === "CME_ERROR" || (error.cms !== undefined && MODEM_CMS.has(error.cms)))
      this.#wake?.("reinit");
  }

  // ——— plumbing ———

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work, work);
    this.#lock = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** A timer that {@link stop} cuts short. */
  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer: Timer = {
        handle: setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, ms),
        resolve,
      };
      this.#timers.add(timer);
    });
  }

  #setState(state: ModemState): void {
    if (this.#status.state === state) return;
    if (this.#status.state === "stopped") return;
    this.#status.state = state;
    this.#status.since = new Date().toISOString();
    this.#log.info({ state }, "modem state");
    this.#emit();
  }

  #noteError(code: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#status.lastError = { code, message, at: new Date().toISOString() };
    this.#log.warn({ code, err: message }, "modem error");
    this.#emit();
  }

  #emit(): void {
    const { since: _since, lastError, ...rest } = this.#status;
    const key = JSON.stringify({ ...rest, lastError: lastError?.message });
    if (key === this.#lastEmitted) return;
    this.#lastEmitted = key;
    const snapshot = this.status();
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.#log.error({ err: (error as Error).message }, "status listener threw");
      }
    }
  }
}

function backoff(attempt: number, min: number, max: number): number {
  return Math.min(max, min * 2 ** Math.min(attempt, 16));
}
