import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { AtServer } from "./at-server.js";
import { type PduCodec, smsCodec, tpduLength, withSmsc } from "./codec.js";
import { registrationUrcs } from "./commands/network.js";
import { MODELS } from "./models.js";
import { ModemState } from "./state.js";
import type {
  FailSpec,
  InjectResult,
  InjectSms,
  ModelName,
  NetworkState,
  SentMessage,
  SentPart,
  SimLogger,
  StoredSms,
} from "./types.js";

/** A real modem needs seconds per SMS segment; this is what the simulator waits by default. */
export const DEFAULT_SEND_DELAY_MS = 4000;

export interface ModemOptions {
  /**
   * Time between the Ctrl-Z of an `AT+CMGS` and its `+CMGS` answer, per segment. A real EC25 takes
   * about 3–6 s; the default is {@link DEFAULT_SEND_DELAY_MS}. Tests pass a few milliseconds.
   */
  sendDelayMs?: number;
  /** The modem imitated (identity, banner, vendor commands); default `EC25`. */
  model?: ModelName;
  /** The SIM's PIN: the SIM starts locked (`+CPIN: SIM PIN`) and locks again at each power-up. */
  pin?: string;
  /** Slots of the SIM storage (`"SM"`), default 25. */
  storageSize?: number;
  /** Raw AT traffic at `debug`. */
  log?: SimLogger;
  /** The PDU codec; default `@motcua/sms`. */
  codec?: PduCodec;
  /** Delay between the first boot line (`RDY`) and the rest (`+CPIN: READY`, `SMS DONE`…), default 50 ms. */
  bootDelayMs?: number;
  /** Huawei models repeat `^RSSI` this often until `AT^CURC=0`; default 5000 ms (0: never). */
  huaweiUrcIntervalMs?: number;
}

export interface ModemEvents {
  /** A whole message accepted by `AT+CMGS` (multipart: when complete). */
  sent: [message: SentMessage];
  /** One accepted SMS-SUBMIT PDU. */
  part: [part: SentPart];
  /** A command line the client sent (`AT+CMGL=4`). */
  command: [line: string];
}

/**
 * The modem without its wire: state, the AT interpreter on whatever Duplex it is powered on with,
 * the network side (injected SMS, delivered when the modem can take them) and the faults. The PTY
 * simulator ({@link ModemSimulator}) powers it on with a serial port; unit tests with a stream pair.
 */
export class Modem extends EventEmitter<ModemEvents> {
  readonly state: ModemState;
  /** Every command line received since creation, in order (what a client really sends). */
  readonly commands: string[] = [];
  private readonly codec: PduCodec;
  private readonly sendDelayMs: number;
  private readonly bootDelayMs: number;
  private readonly huaweiUrcIntervalMs: number;
  private readonly log: SimLogger | undefined;
  private server: AtServer | undefined;
  private reference = Math.floor(Math.random() * 256);
  private timers = new Set<NodeJS.Timeout>();
  private deliveryScheduled = false;

  constructor(options: ModemOptions = {}) {
    super();
    const model = MODELS[options.model ?? "EC25"];
    this.state = new ModemState(model, {
      ...(options.pin !== undefined ? { pin: options.pin } : {}),
      ...(options.storageSize !== undefined ? { storageSize: options.storageSize } : {}),
    });
    this.codec = options.codec ?? smsCodec;
    this.sendDelayMs = options.sendDelayMs ?? DEFAULT_SEND_DELAY_MS;
    this.bootDelayMs = options.bootDelayMs ?? 50;
    this.huaweiUrcIntervalMs = options.huaweiUrcIntervalMs ?? 5000;
    this.log = options.log;
  }

  /** Messages accepted by `AT+CMGS`, one entry per message (multipart reassembled). */
  get sent(): SentMessage[] {
    return this.state.sent;
  }

  /** Every accepted SMS-SUBMIT PDU, in order. */
  get sentParts(): SentPart[] {
    return this.state.sentParts;
  }

  /**
   * The modem answers on this stream. With `banner`, it boots: settings reset, then — after
   * `bannerAfterMs`, during which input is dropped — `RDY` and the rest.
   */
  powerOn(stream: Duplex, options: { banner?: boolean; bannerAfterMs?: number } = {}): void {
    this.powerOff();
    const server = new AtServer(stream, {
      state: this.state,
      codec: this.codec,
      sendDelayMs: this.sendDelayMs,
      ...(this.log !== undefined ? { log: this.log } : {}),
    });
    server.on("line", (line) => {
      this.commands.push(line);
      this.emit("command", line);
    });
    server.on("part", (part) => this.emit("part", part));
    server.on("sent", (message) => this.emit("sent", message));
    server.on("changed", () => this.scheduleDelivery());
    server.on("reset", () => this.reboot());
    server.on("midsend", (sms) => this.deliverNow(sms));
    this.server = server;
    if (options.banner === true) {
      this.state.powerCycle();
      const after = options.bannerAfterMs ?? 0;
      if (after <= 0) this.boot();
      else {
        this.state.booting = true;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.state.booting = false;
          this.boot();
        }, after);
        this.timers.add(timer);
      }
    } else this.scheduleDelivery();
    if (this.state.model.huawei && this.huaweiUrcIntervalMs > 0) {
      const timer = setInterval(() => {
        if (this.state.settings.curc === 1) this.server?.urc([`^RSSI:${this.state.rssi}`]);
      }, this.huaweiUrcIntervalMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** The modem loses power (unplugged): it stops answering; SMS from the network wait. */
  powerOff(): void {
    this.state.booting = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server?.detach();
    this.server = undefined;
  }

  get powered(): boolean {
    return this.server !== undefined;
  }

  /**
   * An SMS from the network. Each PDU is stored in the receive storage (`AT+CPMS` mem3) with a
   * `+CMTI` when `AT+CNMI` asks for it (or routed as `+CMT` with `mt` 2). Parts the modem cannot take
   * now (storage full, SIM locked, no network, unplugged) wait at the network, in order, and come
   * when it can — like an SMSC retrying.
   */
  inject(sms: InjectSms): InjectResult {
    return this.deliver(this.encode(sms));
  }

  /** Storage as the modem holds it. */
  storage(): StoredSms[] {
    return this.state.storage();
  }

  /** Parts waiting at the network for this modem. */
  pendingAtNetwork(): number {
    return this.state.pending.length;
  }

  /** The next command matching `next.command` (any when absent) answers `next.error`. */
  fail(next: FailSpec): void {
    this.state.failures.push({ ...next, times: next.times ?? 1 });
  }

  /**
   * Reboot mid-session: the banner (`RDY`…), echo on, `AT+CNMI` off, errors back to the default,
   * a PIN asked again; a running command or prompt is dropped. Storage survives.
   */
  reboot(): void {
    this.server?.reset();
    this.boot();
  }

  /** The storage reports full (`+CMS ERROR: 322` on `AT+CMGW`, no `+CMTI`, SMS held at the network). */
  storageFull(on: boolean): void {
    this.state.forcedFull = on;
    if (!on) this.scheduleDelivery();
  }

  /** Registration changes, with `+CREG`/`+CGREG`/`+CEREG` URCs for the `<n>` the client set. */
  network(state: NetworkState): void {
    this.state.network = state;
    this.server?.urc(registrationUrcs(this.state));
    this.scheduleDelivery();
  }

  /** `AT+CSQ` `<rssi>` (0–31, 99 unknown). */
  signal(rssi: number): void {
    this.state.rssi = rssi;
    if (this.state.model.huawei && this.state.settings.curc === 1) this.server?.urc([`^RSSI:${rssi}`]);
  }

  /** SIM present (`on`) or gone: `AT+CPIN?` answers `+CME ERROR: 10`, SMS commands `+CMS ERROR: 310`. */
  simReady(on: boolean): void {
    if (this.state.simPresent === on) return;
    this.state.simPresent = on;
    this.state.smsReady = false;
    if (!on) {
      this.server?.urc(["+CPIN: NOT READY", ...registrationUrcs(this.state)]);
      return;
    }
    if (this.state.pinState !== "READY") {
      this.server?.urc([`+CPIN: ${this.state.pinState}`]);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.state.smsReady = true;
      this.server?.urc([...this.state.model.simReadyUrcs, ...registrationUrcs(this.state)]);
      this.scheduleDelivery();
    }, this.bootDelayMs);
    this.timers.add(timer);
  }

  /**
   * During the next `AT+CMGS`, an SMS arrives and its `+CMTI` is written between the `> ` prompt and
   * the `+CMGS` answer (`at: "sending"`, after the Ctrl-Z, the default) or right after the prompt.
   */
  cmtiDuringNextSend(
    sms: InjectSms = { from: "+84987654321", text: "DK 1" },
    at: "prompt" | "sending" = "sending",
  ): void {
    this.state.midSend = { sms, at };
  }

  /** The modem stops answering (reads and drops everything) until `hang(false)`. */
  hang(on: boolean): void {
    this.state.hung = on;
  }

  private boot(): void {
    this.state.powerCycle();
    const lines = this.bootLines();
    const [first, ...rest] = lines;
    if (first !== undefined) this.server?.urc([first]);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.state.smsReady = this.state.simUsable;
      this.server?.urc(rest);
      this.scheduleDelivery();
    }, this.bootDelayMs);
    this.timers.add(timer);
  }

  /** The model's boot URCs, as the SIM's state makes them. */
  private bootLines(): string[] {
    const state = this.state;
    return state.model.bootUrcs.flatMap((line) => {
      if (/^\+CPIN: /.test(line)) return [state.simPresent ? `+CPIN: ${state.pinState}` : "+CPIN: NOT READY"];
      if (/SMS DONE|PB DONE|^\+QUSIM|^\^SIMST/.test(line) && !state.simUsable) return [];
      return [line];
    });
  }

  private encode(sms: InjectSms): { hex: string; from: string; text: string }[] {
    const timestamp = sms.timestamp ?? vietnamNow();
    this.reference = (this.reference + 1) % 256;
    const encoded = this.codec.encodeDeliver({
      from: sms.from,
      text: sms.text,
      timestamp,
      reference: this.reference,
    });
    return encoded.map((pdu) => ({
      hex: withSmsc(pdu.hex, this.state.smsc),
      from: sms.from,
      text: sms.text,
    }));
  }

  private deliverNow(sms: InjectSms): void {
    this.deliver(this.encode(sms), { now: true });
  }

  private scheduleDelivery(): void {
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setImmediate(() => {
      this.deliveryScheduled = false;
      this.deliver([]);
    });
  }

  /** Queues `parts` behind what the network already holds, then hands over what the modem can take. */
  private deliver(
    parts: { hex: string; from: string; text: string }[],
    options: { now?: boolean } = {},
  ): InjectResult {
    const state = this.state;
    state.pending.push(...parts);
    const mine = new Set(parts);
    const result: InjectResult = { stored: [], queued: 0, routed: 0 };
    const server = this.server;
    while (server !== undefined && state.canReceive && state.pending.length > 0) {
      const part = state.pending[0] as (typeof state.pending)[number];
      const [, mt] = state.settings.cnmi;
      if (mt === 2) {
        server.indicateSms(`+CMT: ,${tpduLength(part.hex)}\r\n${part.hex}`, options);
        if (mine.has(part)) result.routed++;
      } else {
        const memory = state.settings.cpms[2];
        const index = state.store(memory, { stat: 0, hex: part.hex, from: part.from, text: part.text });
        if (index === undefined) {
          this.log?.info({ memory }, "modem-sim: storage full, SMS held at the network");
          break;
        }
        if (mine.has(part)) result.stored.push(index);
        if (mt === 1 || mt === 3) server.indicateSms(`+CMTI: "${memory}",${index}`, options);
      }
      state.pending.shift();
    }
    result.queued = state.pending.filter((p) => mine.has(p)).length;
    return result;
  }
}

/** Now as ISO-8601 in Vietnam's zone (`+07:00`), to the second. */
export function vietnamNow(now = Date.now()): string {
  return `${new Date(now + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}
