import type { Duplex } from "node:stream";
import { decodeSubmit, encodeDeliver, type SubmitPdu } from "@motcua/sms";
import { SerialPortMock } from "serialport";
import type { ModemPort } from "../../src/index.js";
import { serialModemPort } from "../../src/index.js";

type MockPortBinding = NonNullable<SerialPortMock["port"]>;

type Reply = string | ((command: string, match: RegExpExecArray) => string | undefined);

export interface FakeModemOptions {
  path?: string;
  family?: "quectel" | "simcom" | "huawei";
  /** Answer to AT+CPIN? until a PIN is given. */
  cpin?: string;
  /** The PIN the SIM takes. */
  pin?: string;
  /** SIM storage size. */
  total?: number;
  /** Echo on, as a modem starts. */
  echo?: boolean;
  /** Answer to AT+CNMI=?. */
  cnmiSupport?: string;
}

export interface StoredSms {
  stat: number;
  pdu: string;
  tpduLength: number;
}

const OK = "\r\nOK\r\n";
const info = (...lines: string[]) => `${lines.map((l) => `\r\n${l}\r\n`).join("")}${OK}`;

/**
 * A scripted modem on serialport's MockBinding: it answers the AT subset the link uses the way
 * an EC25 / SIM7600 / E3372 does, records every command (across reconnections), keeps a SIM
 * storage, and can be unplugged, muted or made to fail sends.
 */
export class FakeModem {
  readonly path: string;
  readonly family: "quectel" | "simcom" | "huawei";
  /** Every command received, without its `\r`, across every connection. */
  readonly commands: string[] = [];
  /** Every PDU sent with AT+CMGS, decoded. */
  readonly sent: Array<SubmitPdu & { hex: string; length: number }> = [];
  readonly storage = new Map<number, StoredSms>();
  cpin: string;
  pin: string | undefined;
  total: number;
  echo: boolean;
  cnmiSupport: string;
  registration = { creg: 1, cgreg: 1, cereg: 1 };
  csq = "20,99";
  /** When true, nothing is answered (a hung modem). */
  mute = false;
  /** Final results for the next AT+CMGS, one per send (instead of +CMGS: n). */
  readonly sendErrors: string[] = [];
  /** A message arrives (+CMTI) between the PDU of the next send and its +CMGS answer. */
  cmtiDuringNextSend: { from: string; text: string } | undefined;
  /** Called as each PDU is accepted (before its +CMGS answer goes out). */
  onSent: ((pdu: SubmitPdu) => void) | undefined;
  /** Answer AT+CMGS with the prompt but never +CMGS (a stuck send). */
  holdSends = false;
  present = true;
  stream: SerialPortMock | undefined;
  opens = 0;
  readonly #overrides: Array<{ match: RegExp; reply: Reply }> = [];
  #input = "";
  #pdu: { length: number } | undefined;
  #mr = 0;

  constructor(options: FakeModemOptions = {}) {
    this.path = options.path ?? `/dev/serial/by-id/usb-fake-${Math.random().toString(36).slice(2)}-if02`;
    this.family = options.family ?? "quectel";
    this.cpin = options.cpin ?? "READY";
    this.pin = options.pin;
    this.total = options.total ?? 30;
    this.echo = options.echo ?? true;
    this.cnmiSupport = options.cnmiSupport ?? "(0-3),(0-3),(0,2),(0-2),(0,1)";
    SerialPortMock.binding.createPort(this.path, { record: true, echo: false });
  }

  /** The port the link opens: serialport's MockBinding, refusing to open while unplugged. */
  port(): ModemPort {
    const inner = serialModemPort({ path: this.path, mock: true });
    return {
      path: this.path,
      open: async () => {
        if (!this.present) throw new Error(`Error: No such file or directory, cannot open ${this.path}`);
        const stream = (await inner.open()) as SerialPortMock;
        this.#attach(stream);
        return stream as Duplex;
      },
      close: (stream) => inner.close(stream),
    };
  }

  /** Answers a command matching `match` with `reply` (before the built-in answers). */
  on(match: RegExp, reply: Reply): void {
    this.#overrides.unshift({ match, reply });
  }

  get binding(): MockPortBinding {
    const binding = this.stream?.port;
    if (!binding) throw new Error("the fake modem is not open");
    return binding;
  }

  /** What the link wrote on the current connection, as text. */
  get recording(): string {
    return this.binding.recording.toString("latin1");
  }

  /** Bytes from the modem, as they are (no line end added). */
  emit(data: string): void {
    if (this.stream?.isOpen) this.binding.emitData(Buffer.from(data, "latin1"));
  }

  /** A message arrives: its PDUs are stored and each announced with +CMTI (unless `notify` is false). */
  deliver(
    from: string,
    text: string,
    options: { notify?: boolean; timestamp?: string; reference?: number; order?: number[] } = {},
  ): number[] {
    const pdus = encodeDeliver({
      from,
      text,
      timestamp: options.timestamp ?? "2026-11-24T08:00:00+07:00",
      ...(options.reference === undefined ? {} : { reference: options.reference }),
    });
    const order = options.order ?? pdus.map((_, i) => i);
    const indexes: number[] = [];
    for (const i of order) {
      const pdu = pdus[i];
      if (!pdu) continue;
      indexes.push(this.store(pdu.hex, pdu.tpduLength, options.notify ?? true));
    }
    return indexes;
  }

  /** Stores one PDU (hex with its SMSC part) at the lowest free index. */
  store(hex: string, tpduLength: number, notify = true): number {
    let index = 0;
    while (this.storage.has(index)) index++;
    this.storage.set(index, { stat: 0, pdu: hex, tpduLength });
    if (notify) this.emit(`\r\n+CMTI: "SM",${index}\r\n`);
    return index;
  }

  /** The device goes away: the stream closes and opening fails until {@link plug}. */
  unplug(): void {
    this.present = false;
    const stream = this.stream;
    this.stream = undefined;
    if (stream?.isOpen)
      stream.close(undefined, Object.assign(new Error("disconnected"), { disconnected: true }));
  }

  plug(): void {
    this.present = true;
  }

  #attach(stream: SerialPortMock): void {
    this.stream = stream;
    this.opens++;
    this.#input = "";
    this.#pdu = undefined;
    const binding = stream.port as MockPortBinding;
    const write = binding.write.bind(binding);
    binding.write = async (buffer: Buffer) => {
      await write(buffer);
      if (this.stream === stream) this.#receive(buffer.toString("latin1"));
    };
  }

  #receive(data: string): void {
    this.#input += data;
    for (;;) {
      if (this.#pdu) {
        const esc = this.#input.indexOf("\x1b");
        const end = this.#input.indexOf("\x1a");
        if (esc >= 0 && (end < 0 || esc < end)) {
          this.#input = this.#input.slice(esc + 1);
          this.#pdu = undefined;
          continue;
        }
        if (end < 0) return;
        const hex = this.#input.slice(0, end);
        this.#input = this.#input.slice(end + 1);
        const { length } = this.#pdu;
        this.#pdu = undefined;
        this.#answerPdu(hex, length);
        continue;
      }
      while (this.#input.startsWith("\x1b")) this.#input = this.#input.slice(1);
      const end = this.#input.indexOf("\r");
      if (end < 0) return;
      const command = this.#input.slice(0, end).trim();
      this.#input = this.#input.slice(end + 1).replace(/^\n/, "");
      if (command === "") continue;
      this.commands.push(command);
      if (this.mute) continue;
      if (this.echo) this.emit(`${command}\r`);
      const answer = this.#answer(command);
      if (answer !== undefined) this.emit(answer);
    }
  }

  #answerPdu(hex: string, length: number): void {
    if (this.mute) return;
    const error = this.sendErrors.shift();
    if (error !== undefined) {
      this.emit(`\r\n${error}\r\n`);
      return;
    }
    if (this.holdSends) return;
    const arriving = this.cmtiDuringNextSend;
    this.cmtiDuringNextSend = undefined;
    if (arriving) this.deliver(arriving.from, arriving.text);
    const pdu = { ...decodeSubmit(hex), hex, length };
    this.sent.push(pdu);
    this.onSent?.(pdu);
    this.emit(`\r\n+CMGS: ${++this.#mr}\r\n${OK}`);
  }

  #answer(command: string): string | undefined {
    for (const { match, reply } of this.#overrides) {
      const m = match.exec(command);
      if (m) return typeof reply === "string" ? reply : reply(command, m);
    }
    return this.#builtIn(command);
  }

  readonly #patterns: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [
      /^AT\+CPIN="(\d+)"$/,
      (m) => {
        if (m[1] !== this.pin) return "\r\n+CME ERROR: incorrect password\r\n";
        this.cpin = "READY";
        return `${OK}\r\n+CPIN: READY\r\n`;
      },
    ],
    [/^AT\+CNMI=[\d,]+$/, () => OK],
    [
      /^AT\+CMGR=(\d+)$/,
      (m) => {
        const s = this.storage.get(Number(m[1]));
        if (!s) return OK;
        s.stat = 1;
        return `\r\n+CMGR: ${s.stat},,${s.tpduLength}\r\n${s.pdu}\r\n${OK}`;
      },
    ],
    [
      /^AT\+CMGD=(\d+)$/,
      (m) => {
        this.storage.delete(Number(m[1]));
        return OK;
      },
    ],
    [
      // <delflag> 1: every read message; 4: everything (27.005 §3.5.4).
      /^AT\+CMGD=(\d+),([14])$/,
      (m) => {
        for (const [index, s] of this.storage) if (m[2] === "4" || s.stat === 1) this.storage.delete(index);
        return OK;
      },
    ],
    [
      /^AT\+CMGS=(\d+)$/,
      (m) => {
        this.#pdu = { length: Number(m[1]) };
        return "\r\n> ";
      },
    ],
  ];

  #builtIn(command: string): string | undefined {
    const used = this.storage.size;
    switch (command) {
      case "AT":
      case "AT+CMEE=2":
      case "AT+CMGF=0":
      case "AT+CMMS=2":
        return OK;
      case "ATE0":
        this.echo = false;
        return OK;
      case "AT+CGMI":
        return info({ quectel: "Quectel", simcom: "SIMCOM INCORPORATED", huawei: "huawei" }[this.family]);
      case "AT+CGMM":
        return info({ quectel: "EC25", simcom: "SIMCOM_SIM7600E-H", huawei: "E3372" }[this.family]);
      case 'AT+QURCCFG="urcport","usbat"':
        return this.family === "quectel" ? OK : "\r\nERROR\r\n";
      case "AT^CURC=0":
        return this.family === "huawei" ? OK : "\r\nERROR\r\n";
      case "AT+CPIN?":
        return info(`+CPIN: ${this.cpin}`);
      case "AT+CREG?":
        return info(`+CREG: 0,${this.registration.creg}`);
      case "AT+CGREG?":
        return info(`+CGREG: 0,${this.registration.cgreg}`);
      case "AT+CEREG?":
        return info(`+CEREG: 0,${this.registration.cereg}`);
      case "AT+CSQ":
        return info(`+CSQ: ${this.csq}`);
      case "AT+CNMI=?":
        return info(`+CNMI: ${this.cnmiSupport}`);
      case 'AT+CPMS="SM","SM","SM"':
        return info(`+CPMS: ${used},${this.total},${used},${this.total},${used},${this.total}`);
      case "AT+CPMS?":
        return info(
          `+CPMS: "SM",${used},${this.total},"SM",${used},${this.total},"SM",${used},${this.total}`,
        );
      case "AT+CMGL=4": {
        const entries = [...this.storage.entries()].sort(([a], [b]) => a - b);
        const body = entries
          .map(([i, s]) => `\r\n+CMGL: ${i},${s.stat},,${s.tpduLength}\r\n${s.pdu}`)
          .join("");
        for (const [, s] of entries) if (s.stat === 0) s.stat = 1;
        return `${body}\r\n${OK}`;
      }
      case "AT+CFUN=1,1":
        return OK;
    }
    for (const [pattern, answer] of this.#patterns) {
      const m = pattern.exec(command);
      if (m) return answer(m);
    }
    return "\r\nERROR\r\n";
  }
}
