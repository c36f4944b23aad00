import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import type { PduCodec } from "./codec.js";
import { COMMANDS } from "./commands/index.js";
import { CME_TEXT } from "./models.js";
import type { ModemState } from "./state.js";
import type { AtError, FailSpec, InjectSms, SentMessage, SentPart, SimLogger } from "./types.js";

const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;
const CTRL_Z = 0x1a;
const ESC = 0x1b;

/** One command of a command line (`AT+CMGF=0;+CNMI=2,1` holds two). */
export interface ParsedCommand {
  /** Upper case: `+CMGS`, `^CURC`, `E`, `I`, `&F`, `S0`; the empty string for a bare `AT`. */
  name: string;
  /** `AT+CSQ` exec, `AT+CPMS?` read, `AT+CNMI=?` test, `AT+CMGF=0` set. */
  kind: "exec" | "read" | "test" | "set";
  /** Parameters as written after `=` (or the digits after a basic command). */
  params: string;
  /** Parameters split at commas outside quotes, quotes removed. */
  args: string[];
  /** The command as written, without the `AT` prefix. */
  text: string;
}

/** What a command handler answers: information lines then `OK`, an error, or a prompt for data. */
export type Answer =
  | { lines?: string[]; error?: undefined; prompt?: undefined }
  | { error: AtError; lines?: string[]; prompt?: undefined }
  | {
      /** Write `> ` (no line end) and collect data up to Ctrl-Z; Esc cancels (the answer is `OK`). */
      prompt: (data: string) => Promise<Answer> | Answer;
      /** Information text of earlier commands on the same line. */
      lines?: string[];
      error?: undefined;
    };

export type Handler = (command: ParsedCommand, server: AtServer) => Answer | Promise<Answer>;

export interface AtServerOptions {
  state: ModemState;
  codec: PduCodec;
  /** Delay between the Ctrl-Z of an `AT+CMGS` and its `+CMGS` answer, per segment. */
  sendDelayMs: number;
  log?: SimLogger;
}

export interface AtServerEvents {
  /** Every command line received (without the line end). */
  line: [text: string];
  /** A part accepted by `AT+CMGS`. */
  part: [part: SentPart];
  /** A whole message sent (multipart: when its last part is). */
  sent: [message: SentMessage];
  /** `AT+CFUN=1,1` or `AT+CFUN=1,1`-like reset asked by the client. */
  reset: [];
  /** State that can release SMS held by the network changed (storage freed, PIN entered, radio on). */
  changed: [];
  /** `cmtiDuringNextSend()`: deliver this SMS now, whatever the send is doing. */
  midsend: [sms: InjectSms];
}

/**
 * The AT command interpreter on any Duplex: a PTY opened with serialport, or one end of a stream
 * pair in unit tests. Echo, the V.250 line syntax, result codes, the `> ` data prompt, URC
 * buffering while a command runs, and the fault hooks kept in the state (fail, hang).
 */
export class AtServer extends EventEmitter<AtServerEvents> {
  readonly state: ModemState;
  readonly codec: PduCodec;
  readonly sendDelayMs: number;
  readonly log: SimLogger | undefined;
  private readonly stream: Duplex;
  private readonly input: number[] = [];
  private line = "";
  private lastLine = "";
  private busy = false;
  private data: { text: string; resume: (data: string) => Promise<Answer> | Answer } | undefined;
  /** URCs held while a command runs (written after its result code). */
  private held: string[] = [];
  /** `+CMTI`/`+CMT` held in the TA while `AT+CNMI` mode is 0. */
  private cnmiBuffer: string[] = [];
  /** Increases at each reset: work started before it is dropped. */
  private generation = 0;
  private closed = false;
  private pumping = false;
  private readonly onData = (chunk: Buffer | string) => this.receive(chunk);

  constructor(stream: Duplex, options: AtServerOptions) {
    super();
    this.stream = stream;
    this.state = options.state;
    this.codec = options.codec;
    this.sendDelayMs = options.sendDelayMs;
    this.log = options.log;
    stream.on("data", this.onData);
  }

  /** Stops reading the stream (the stream itself is the caller's). */
  detach(): void {
    this.closed = true;
    this.generation++;
    this.stream.off("data", this.onData);
  }

  /** A command is running, or the `> ` prompt is collecting data. */
  get reserved(): boolean {
    return this.busy || this.data !== undefined;
  }

  /** The reboot: input, a pending prompt and running commands are dropped; held URCs too. */
  reset(): void {
    this.generation++;
    this.input.length = 0;
    this.line = "";
    this.data = undefined;
    this.busy = false;
    this.held = [];
    this.cnmiBuffer = [];
  }

  /**
   * Writes unsolicited result codes (one string each; `+CMT` holds its PDU after a CR LF): now when
   * idle, after the running command otherwise.
   */
  urc(urcs: string[], options: { now?: boolean } = {}): void {
    if (this.closed || this.state.hung || this.state.booting || urcs.length === 0) return;
    if (this.state.model.quectel && this.state.settings.urcport !== "usbat") return;
    const text = urcs.map((l) => `\r\n${l}\r\n`).join("");
    if (this.reserved && options.now !== true) this.held.push(text);
    else this.write(text);
  }

  /**
   * An SMS indication (`+CMTI`, `+CMT`) under the `AT+CNMI` mode: 0 kept in the TA, 1 dropped while
   * a command runs, 2 held until it ends. Returns false when dropped or kept.
   */
  indicateSms(urc: string, options: { now?: boolean } = {}): boolean {
    const mode = this.state.settings.cnmi[0];
    if (mode === 0) {
      this.cnmiBuffer.push(urc);
      return false;
    }
    if (mode === 1 && this.reserved && options.now !== true) return false;
    this.urc([urc], options);
    return true;
  }

  /** `AT+CNMI` changed: mode 1/2 with bfr 0 flushes the TA buffer, bfr 1 clears it. */
  cnmiChanged(): void {
    const [mode, , , , bfr] = this.state.settings.cnmi;
    if (mode === 0) return;
    const buffered = this.cnmiBuffer;
    this.cnmiBuffer = [];
    if (bfr === 0 && buffered.length > 0) this.urc(buffered);
  }

  /** Formats an error the way the settings (`AT+CMEE`, `ATV`) want it. */
  formatError(error: AtError): string {
    const verbose = this.state.settings.verbose;
    const plain = verbose ? "\r\nERROR\r\n" : "4\r";
    if (error === "ERROR") return plain;
    if ("cme" in error) {
      const cmee = this.state.settings.cmee;
      if (cmee === 0) return plain;
      const text = cmee === 2 ? (CME_TEXT[error.cme] ?? String(error.cme)) : String(error.cme);
      return verbose ? `\r\n+CME ERROR: ${text}\r\n` : `+CME ERROR: ${text}\r\n`;
    }
    return verbose ? `\r\n+CMS ERROR: ${error.cms}\r\n` : `+CMS ERROR: ${error.cms}\r\n`;
  }

  /** A fault the state holds for this command, consumed. */
  takeFailure(text: string): AtError | undefined {
    const failures = this.state.failures;
    const i = failures.findIndex((f) => f.command === undefined || f.command.test(text));
    if (i < 0) return undefined;
    const failure = failures[i] as FailSpec & { times: number };
    failure.times--;
    if (failure.times <= 0) failures.splice(i, 1);
    return failure.error;
  }

  /** Sleeps; resolves false when a reset happened meanwhile (the caller must then stay silent). */
  async delay(ms: number): Promise<boolean> {
    const generation = this.generation;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return generation === this.generation && !this.closed;
  }

  private write(text: string): void {
    if (this.closed || text.length === 0) return;
    this.log?.debug({ at: "tx", data: text }, "AT <-");
    this.stream.write(Buffer.from(text, "latin1"));
  }

  private receive(chunk: Buffer | string): void {
    if (this.closed) return;
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    if (this.state.hung || this.state.booting) {
      this.log?.debug({ at: "rx-dropped", data: bytes.toString("latin1") }, "AT -> (not answering)");
      return;
    }
    this.log?.debug({ at: "rx", data: bytes.toString("latin1") }, "AT ->");
    for (const byte of bytes) this.input.push(byte);
    this.pump();
  }

  /** Consumes input while no command runs. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.busy && this.input.length > 0 && !this.closed) {
        const byte = this.input.shift() as number;
        if (this.data !== undefined) this.dataByte(byte);
        else this.commandByte(byte);
      }
    } finally {
      this.pumping = false;
    }
  }

  private commandByte(byte: number): void {
    if (this.state.settings.echo) this.write(String.fromCharCode(byte));
    if (byte === CR) {
      const line = this.line;
      this.line = "";
      this.execute(line);
    } else if (byte === LF) {
      // Ignored: S4, sent by some clients after the CR.
    } else if (byte === BS) {
      this.line = this.line.slice(0, -1);
    } else {
      this.line += String.fromCharCode(byte);
      // A/ repeats the last command line without waiting for a CR.
      if (/^a\/$/i.test(this.line)) {
        this.line = "";
        this.execute(this.lastLine);
      }
    }
  }

  private dataByte(byte: number): void {
    const data = this.data;
    if (data === undefined) return;
    if (byte === CTRL_Z) {
      this.data = undefined;
      this.run(async () => data.resume(data.text));
    } else if (byte === ESC) {
      this.data = undefined;
      this.log?.debug({ at: "cancel" }, "AT data cancelled with Esc");
      this.finish({});
    } else {
      if (this.state.settings.echo) this.write(String.fromCharCode(byte));
      if (byte !== CR && byte !== LF) data.text += String.fromCharCode(byte);
    }
  }

  private execute(raw: string): void {
    const at = raw.search(/at/i);
    if (at < 0) return;
    const body = raw.slice(at + 2);
    this.lastLine = raw.slice(at);
    this.emit("line", raw.slice(at));
    let commands: ParsedCommand[];
    try {
      commands = parseCommandLine(body);
    } catch {
      this.finish({ error: "ERROR" });
      return;
    }
    this.run(async () => {
      const lines: string[] = [];
      for (const command of commands) {
        const failure = command.name === "+CMGS" ? undefined : this.takeFailure(command.text);
        if (failure !== undefined) return { lines, error: failure };
        const handler = COMMANDS.get(command.name);
        const answer: Answer = handler === undefined ? { error: "ERROR" } : await handler(command, this);
        if (answer.prompt !== undefined) return { lines, prompt: answer.prompt };
        lines.push(...(answer.lines ?? []));
        if (answer.error !== undefined) return { lines, error: answer.error };
      }
      return { lines };
    });
  }

  /** Runs a command (input waits meanwhile) and writes its answer. */
  private run(work: () => Promise<Answer>): void {
    this.busy = true;
    const generation = this.generation;
    work()
      .catch((error: unknown) => {
        this.log?.warn({ err: String(error) }, "modem-sim: command failed");
        return { error: "ERROR" } as Answer;
      })
      .then((answer) => {
        if (generation !== this.generation || this.closed) return;
        this.busy = false;
        this.finish(answer);
      });
  }

  private finish(answer: Answer): void {
    const verbose = this.state.settings.verbose;
    const lines = answer.lines ?? [];
    if (lines.length > 0) this.write(verbose ? `\r\n${lines.join("\r\n")}\r\n` : `${lines.join("\r\n")}\r\n`);
    if (answer.prompt !== undefined) {
      this.data = { text: "", resume: answer.prompt };
      this.write("\r\n> ");
      this.flushHeld();
      this.pump();
      return;
    }
    if (answer.error !== undefined) this.write(this.formatError(answer.error));
    else this.write(verbose ? "\r\nOK\r\n" : "0\r");
    this.flushHeld();
    this.pump();
  }

  /** Held URCs go out once the result code is written (or the prompt: they come before data). */
  private flushHeld(): void {
    if (this.data !== undefined) return;
    const held = this.held;
    this.held = [];
    for (const text of held) this.write(text);
  }
}

/** Splits a V.250 command line (without `AT`) into commands. Throws on a syntax error. */
export function parseCommandLine(body: string): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  let rest = stripSpaces(body);
  while (rest.length > 0) {
    const first = rest[0] as string;
    if ("+^$%*#".includes(first)) {
      let end = 1;
      let quoted = false;
      while (end < rest.length && (quoted || rest[end] !== ";")) {
        if (rest[end] === '"') quoted = !quoted;
        end++;
      }
      const text = rest.slice(0, end);
      rest = rest.slice(end + 1);
      commands.push(extended(text));
    } else if (first === ";") {
      rest = rest.slice(1);
    } else {
      const match = /^(&[A-Z]|S\d+|[A-Z])(\?|=\?|=[0-9]*|[0-9]*)/i.exec(rest);
      if (match === null) throw new Error(`bad command at ${rest}`);
      const name = (match[1] as string).toUpperCase();
      const suffix = match[2] as string;
      const kind =
        suffix === "?" ? "read" : suffix === "=?" ? "test" : suffix.startsWith("=") ? "set" : "exec";
      const params = suffix.replace(/^=/, "").replace(/\?$/, "");
      commands.push({
        name,
        kind: kind === "exec" && params.length > 0 ? "set" : kind,
        params,
        args: params.length > 0 ? [params] : [],
        text: match[0],
      });
      rest = rest.slice(match[0].length);
    }
  }
  if (commands.length === 0) commands.push({ name: "", kind: "exec", params: "", args: [], text: "" });
  return commands;
}

function extended(text: string): ParsedCommand {
  const match = /^([+^$%*#][A-Z0-9_&]*)(=\?|\?|=)?(.*)$/is.exec(text);
  if (match === null) throw new Error(`bad command ${text}`);
  const name = (match[1] as string).toUpperCase();
  const operator = match[2];
  const params = match[3] ?? "";
  if (operator === undefined && params.length > 0) throw new Error(`bad command ${text}`);
  const kind = operator === "=?" ? "test" : operator === "?" ? "read" : operator === "=" ? "set" : "exec";
  if ((kind === "test" || kind === "read") && params.length > 0) throw new Error(`bad command ${text}`);
  return { name, kind, params, args: splitArgs(params), text };
}

/** Comma-separated parameters, quotes removed (commas inside quotes kept). */
export function splitArgs(params: string): string[] {
  if (params.length === 0) return [];
  const args: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of params) {
    if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      args.push(current);
      current = "";
    } else current += char;
  }
  args.push(current);
  return args;
}

/** Spaces outside quotes mean nothing to V.250. */
function stripSpaces(body: string): string {
  let out = "";
  let quoted = false;
  for (const char of body) {
    if (char === '"') quoted = !quoted;
    if (quoted || char !== " ") out += char;
  }
  return out;
}
