import type { Duplex } from "node:stream";
import type { Logger } from "@motcua/log";
import { ModemError } from "../errors.js";
import { cmeNumber, cmsNumber } from "./codes.js";
import { classifyUrc, hasBody, isUnsolicited, type Urc } from "./urc.js";

/** A command's answer: its information lines (echo and URCs removed) and the final result. */
export interface AtResponse {
  lines: string[];
  final: string;
}

export interface CommandOptions {
  /** Default: the engine's `timeoutMs` (10 s). */
  timeoutMs?: number;
  /**
   * Lines starting with this belong to the answer even if they look unsolicited. Default: the
   * command's name and a colon (`AT+CPIN?` → `+CPIN:`).
   */
  prefix?: string;
}

export interface AtEngineOptions {
  log: Logger;
  /** Unsolicited result codes; `body` is the line after a `+CMT:`/`+CDS:`. Must not throw. */
  onUrc?: (urc: Urc, body?: string) => void;
  timeoutMs?: number;
}

/** One PDU of {@link AtEngine.sendPdus}: its `AT+CMGS` length and hex. */
export interface PduToSend {
  tpduLength: number;
  hex: string;
}

export interface SendPdusOptions {
  /** Per part (default 60 s). */
  timeoutMs?: number;
  /** Per part (default 10 s); on expiry ESC cancels the send. */
  promptTimeoutMs?: number;
  /**
   * Called synchronously as each part's `+CMGS` answer is read — after the command queued next
   * was written, and before that command's own answer can be read. Record the part as sent
   * here. If it throws, the parts still to come are cancelled (ESC at their prompt) and the
   * send rejects with what it threw.
   */
  onAnswer?: (index: number, response: AtResponse) => void;
}

/** The parts of one message: each waits for the one before it, and none goes after a failure. */
interface Chain {
  failed: Error | undefined;
}

interface Job {
  command: string;
  prefix: string | undefined;
  timeoutMs: number;
  /** AT+CMGS: the PDU to write after the `> ` prompt. */
  pdu?: string;
  promptTimeoutMs?: number;
  /** AT+CMGS of a multipart message: skipped when an earlier part failed. */
  chain?: Chain;
  onAnswer?: (response: AtResponse) => void;
  /** Cancelled once written: ESC instead of the PDU, then this error once the modem answers. */
  cancelled?: ModemError | Error;
  phase: "queued" | "sent" | "prompted";
  lines: string[];
  resolve: (response: AtResponse) => void;
  reject: (error: ModemError | Error) => void;
  timer?: NodeJS.Timeout;
  promptTimer?: NodeJS.Timeout;
}

const FAILURES = /^(NO CARRIER|BUSY|NO ANSWER|NO DIALTONE|COMMAND NOT SUPPORT|TOO MANY PARAMETERS|ABORTED)$/;
const CTRL_Z = "\x1a";
const ESC = "\x1b";
/** Bytes kept while waiting for a line end; more is noise (a baud-rate mismatch) and is dropped. */
const MAX_BUFFER = 64 * 1024;

/** Whether a line is a final result code, which ends a command. */
export function isFinal(line: string): boolean {
  return (
    line === "OK" ||
    line === "ERROR" ||
    line.startsWith("+CME ERROR:") ||
    line.startsWith("+CMS ERROR:") ||
    FAILURES.test(line)
  );
}

/** The error a final result other than OK stands for. */
export function finalError(final: string, command: string): ModemError {
  const cms = /^\+CMS ERROR:\s*(.*)$/.exec(final);
  if (cms) {
    const n = cmsNumber(cms[1] ?? "");
    return new ModemError("CMS_ERROR", `${command}: ${final}`, {
      command,
      ...(n === undefined ? {} : { cms: n }),
    });
  }
  const cme = /^\+CME ERROR:\s*(.*)$/.exec(final);
  if (cme) {
    const n = cmeNumber(cme[1] ?? "");
    return new ModemError("CME_ERROR", `${command}: ${final}`, {
      command,
      ...(n === undefined ? {} : { cme: n }),
    });
  }
  if (final === "ERROR") return new ModemError("AT_ERROR", `${command}: ERROR`, { command });
  return new ModemError("FAILED", `${command}: ${final}`, { command });
}

/** `AT+CPIN?` → `+CPIN:`; `ATI` → undefined. */
export function responsePrefix(command: string): string | undefined {
  const name = /^AT([+^$*#%][A-Za-z0-9]+)/i.exec(command)?.[1];
  return name === undefined ? undefined : `${name.toUpperCase()}:`;
}

/**
 * The command/response engine over one open port: one command at a time from a queue, each
 * ended by its final result code or its timeout; URCs taken out of the stream wherever they
 * fall; the `> ` prompt of AT+CMGS (which has no line end) answered with the PDU. Raw traffic
 * is logged at debug level. Never throws from its stream handlers: failures reject the command.
 */
export class AtEngine {
  readonly #stream: Duplex;
  readonly #log: Logger;
  readonly #onUrc: (urc: Urc, body?: string) => void;
  readonly #timeoutMs: number;
  readonly #queue: Job[] = [];
  #current: Job | undefined;
  #buffer = "";
  #bodyOf: string | undefined;
  #closed: ModemError | undefined;
  #waiters: Array<() => void> = [];
  #nextWaiters: Array<() => void> = [];
  readonly #onData = (chunk: Buffer | string) => this.#receive(chunk);
  readonly #onClose = () => this.close(new ModemError("CLOSED", "the port closed"));
  readonly #onError = (error: Error) => this.#log.warn({ err: error.message }, "port error");

  constructor(stream: Duplex, options: AtEngineOptions) {
    this.#stream = stream;
    this.#log = options.log;
    this.#onUrc = options.onUrc ?? (() => {});
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    stream.on("data", this.#onData);
    stream.on("close", this.#onClose);
    stream.on("error", this.#onError);
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Queues a command (without its `\r`) and resolves with its answer when the modem says OK.
   *
   * @throws ModemError `AT_ERROR`, `CME_ERROR`, `CMS_ERROR`, `FAILED` for a final result other
   *   than OK; `TIMEOUT` when none came in time; `CLOSED` when the port went away first.
   */
  command(command: string, options: CommandOptions = {}): Promise<AtResponse> {
    return this.#enqueue({
      command,
      prefix: options.prefix ?? responsePrefix(command),
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
    });
  }

  /**
   * `AT+CMGS=<length>`, then the PDU and Ctrl-Z once the `> ` prompt came; resolves with the
   * `+CMGS: <mr>` answer. The prompt is awaited `promptTimeoutMs` (default 10 s; on expiry ESC
   * cancels the send), the whole send `timeoutMs` (default 60 s).
   */
  sendPdu(
    tpduLength: number,
    hex: string,
    options: { timeoutMs?: number; promptTimeoutMs?: number } = {},
  ): Promise<AtResponse> {
    return this.sendPdus([{ tpduLength, hex }], options).then((answers) => answers[0] as AtResponse);
  }

  /**
   * The parts of one message, queued at once and sent back to back: each `AT+CMGS` is written
   * the moment the one before it is answered (no other command comes between), and none is
   * written after a part failed. Resolves with every part's answer; rejects with the first
   * failure (the parts after it are never written).
   *
   * Queuing the next message while one is being sent keeps the modem busy: its `AT+CMGS` goes
   * out as soon as the modem answers the one before, before `onAnswer` records that answer.
   */
  sendPdus(parts: readonly PduToSend[], options: SendPdusOptions = {}): Promise<AtResponse[]> {
    if (this.#closed) return Promise.reject(this.#closed);
    const chain: Chain = { failed: undefined };
    const answers = parts.map(
      (part, index) =>
        new Promise<AtResponse>((resolve, reject) => {
          const onAnswer = options.onAnswer;
          this.#queue.push({
            command: `AT+CMGS=${part.tpduLength}`,
            prefix: "+CMGS:",
            timeoutMs: options.timeoutMs ?? 60_000,
            pdu: part.hex,
            promptTimeoutMs: options.promptTimeoutMs ?? 10_000,
            chain,
            ...(onAnswer === undefined
              ? {}
              : { onAnswer: (response: AtResponse) => onAnswer(index, response) }),
            phase: "queued",
            lines: [],
            resolve,
            reject,
          });
        }),
    );
    this.#next();
    // The first failure is the send's (the parts after it are rejected with the same error).
    return Promise.all(answers);
  }

  /**
   * Resolves once the link waits on the modem alone: nothing to do, or an AT+CMGS whose PDU is
   * written (the modem is sending, for seconds on a real network). Work that needs no command
   * (writing to a disk) done then keeps no command waiting. With `next`, not the send under way
   * but the next one: once a PDU is written from now on (or nothing is left to do) — the start
   * of the modem's next send, far from its answer. Resolves at once when closed.
   */
  whenWaiting(options: { next?: boolean } = {}): Promise<void> {
    if (options.next ? this.#idle() : this.#waiting()) return Promise.resolve();
    return new Promise((resolve) => (options.next ? this.#nextWaiters : this.#waiters).push(resolve));
  }

  #idle(): boolean {
    return this.#closed !== undefined || this.#current === undefined;
  }

  #waiting(): boolean {
    const job = this.#current;
    return (
      this.#idle() || (job?.pdu !== undefined && job.phase === "prompted" && job.cancelled === undefined)
    );
  }

  /** After every change of the current job: `pdu` when a PDU was just written. */
  #wakeWaiters(pdu = false): void {
    if (this.#waiters.length > 0 && this.#waiting()) for (const resolve of this.#waiters.splice(0)) resolve();
    if (this.#nextWaiters.length > 0 && (this.#idle() || (pdu && this.#waiting())))
      for (const resolve of this.#nextWaiters.splice(0)) resolve();
  }

  /**
   * Writes bytes as they are, outside the command queue (ESC, a reset string). Resolves once
   * written (or failed: a write to a vanished port is nothing to wait for); never rejects.
   */
  writeRaw(data: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => this.#write(data, () => resolve()));
  }

  /** Rejects every queued command with `reason` and lets go of the stream (which stays open). */
  close(reason = new ModemError("CLOSED", "the link was closed")): void {
    if (this.#closed) return;
    this.#closed = reason;
    this.#stream.off("data", this.#onData);
    this.#stream.off("close", this.#onClose);
    // An error after close (a write racing the unplug) must not crash the process.
    this.#stream.off("error", this.#onError);
    this.#stream.on("error", () => {});
    const jobs = [...(this.#current ? [this.#current] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    for (const job of jobs) {
      if (job.chain && !job.chain.failed) job.chain.failed = reason;
      this.#settle(job, reason);
    }
    this.#wakeWaiters();
  }

  #enqueue(
    spec: Pick<Job, "command" | "prefix" | "timeoutMs" | "pdu" | "promptTimeoutMs">,
  ): Promise<AtResponse> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise<AtResponse>((resolve, reject) => {
      this.#queue.push({ ...spec, phase: "queued", lines: [], resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#current || this.#closed) return;
    let job = this.#queue.shift();
    // A part after a failed one is never written.
    while (job?.chain?.failed) {
      job.reject(job.chain.failed);
      job = this.#queue.shift();
    }
    if (!job) return;
    this.#current = job;
    job.phase = "sent";
    job.timer = setTimeout(() => this.#timeout(job, "final result"), job.timeoutMs);
    if (job.pdu !== undefined)
      job.promptTimer = setTimeout(() => this.#timeout(job, "> prompt"), job.promptTimeoutMs);
    this.#write(`${job.command}\r`);
  }

  #timeout(job: Job, what: string): void {
    if (this.#current !== job) return;
    // A send stuck at the prompt would take the next command as PDU text: ESC cancels it.
    if (job.pdu !== undefined) this.#write(ESC);
    this.#finish(
      job,
      new ModemError("TIMEOUT", `${job.command}: no ${what} within ${job.timeoutMs} ms`, {
        command: job.command,
      }),
    );
  }

  #finish(job: Job, outcome: AtResponse | ModemError): void {
    this.#current = undefined;
    let result: AtResponse | ModemError | Error = job.cancelled ?? outcome;
    if (result instanceof Error && job.chain && !job.chain.failed) job.chain.failed = result;
    // The next command first: the modem works on it while the answer is recorded.
    this.#next();
    if (!(result instanceof Error) && job.onAnswer) {
      try {
        job.onAnswer(result);
      } catch (error) {
        result = error instanceof Error ? error : new Error(String(error));
        if (job.chain) {
          job.chain.failed = result;
          // The next part may already be written: ESC at its prompt instead of its PDU.
          const current = this.#current as Job | undefined;
          if (current?.chain === job.chain) current.cancelled = result;
        }
      }
    }
    this.#settle(job, result);
    this.#wakeWaiters();
  }

  #settle(job: Job, outcome: AtResponse | ModemError | Error): void {
    clearTimeout(job.timer);
    clearTimeout(job.promptTimer);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  #write(data: string, done?: () => void): void {
    if (this.#log.isLevelEnabled("debug")) this.#log.debug({ tx: data }, "at tx");
    this.#stream.write(data, "latin1", (error) => {
      if (error) this.#log.warn({ err: error.message }, "write failed");
      done?.();
    });
  }

  #receive(chunk: Buffer | string): void {
    this.#buffer += typeof chunk === "string" ? chunk : chunk.toString("latin1");
    for (;;) {
      const end = /\r\n|\r|\n/.exec(this.#buffer);
      if (!end) break;
      const line = this.#buffer.slice(0, end.index).trim();
      this.#buffer = this.#buffer.slice(end.index + end[0].length);
      if (line !== "") this.#line(line);
    }
    // The prompt of AT+CMGS is "> " with no line end after it.
    const job = this.#current;
    if (job?.pdu !== undefined && job.phase === "sent" && /^\s*>\s?$/.test(this.#buffer)) {
      if (this.#log.isLevelEnabled("debug")) this.#log.debug({ rx: this.#buffer }, "at rx");
      this.#buffer = "";
      this.#prompt(job);
    }
    if (this.#buffer.length > MAX_BUFFER) {
      this.#log.warn({ bytes: this.#buffer.length }, "no line end in the modem's output; dropped");
      this.#buffer = "";
    }
  }

  #prompt(job: Job): void {
    job.phase = "prompted";
    clearTimeout(job.promptTimer);
    // A cancelled send: ESC ends the prompt and the modem answers it; the job ends then.
    this.#write(job.cancelled ? ESC : `${job.pdu}${CTRL_Z}`);
    this.#wakeWaiters(true);
  }

  #line(line: string): void {
    if (this.#log.isLevelEnabled("debug")) this.#log.debug({ rx: line }, "at rx");
    if (this.#bodyOf !== undefined) {
      const head = this.#bodyOf;
      this.#bodyOf = undefined;
      this.#urc(head, line);
      return;
    }
    const job = this.#current;
    if (!job) {
      if (isFinal(line)) this.#log.debug({ line }, "final result with no command waiting (a late answer)");
      else if (/^>\s?$/.test(line)) this.#log.debug({ line }, "stray prompt");
      else this.#unsolicited(line);
      return;
    }
    if (job.pdu !== undefined && job.phase === "sent" && /^>\s?$/.test(line)) {
      this.#prompt(job);
      return;
    }
    if (line === job.command) return; // echo, before ATE0
    if (job.prefix !== undefined && line.startsWith(job.prefix)) {
      job.lines.push(line);
      return;
    }
    if (isFinal(line)) {
      this.#finish(job, line === "OK" ? { lines: job.lines, final: line } : finalError(line, job.command));
      return;
    }
    if (isUnsolicited(line)) {
      this.#unsolicited(line);
      return;
    }
    job.lines.push(line);
  }

  #unsolicited(line: string): void {
    if (hasBody(line)) {
      this.#bodyOf = line;
      return;
    }
    this.#urc(line);
  }

  #urc(line: string, body?: string): void {
    try {
      this.#onUrc(classifyUrc(line), body);
    } catch (error) {
      this.#log.error({ err: (error as Error).message, line }, "URC handler threw");
    }
  }
}
