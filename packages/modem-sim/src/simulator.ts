import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { Modem, type ModemOptions } from "./modem.js";
import { type SocatPty, startSocat } from "./socat.js";
import type {
  FailSpec,
  InjectResult,
  InjectSms,
  NetworkState,
  SentMessage,
  SentPart,
  SimLogger,
  StoredSms,
} from "./types.js";

export interface ModemSimulatorOptions extends ModemOptions {
  /** Where the `modem` and `sim` links are made; default a new temporary directory (removed by `close()`). */
  dir?: string;
}

/**
 * A modem on a pseudo-terminal: socat joins `<dir>/modem` (for the link under test, {@link path})
 * and `<dir>/sim`, which the simulator opens with serialport and answers on like a Quectel EC25
 * (or a SIM7600 / E3372) in PDU mode.
 */
export class ModemSimulator {
  /** The device path the link under test opens (`<dir>/modem`). */
  readonly path: string;
  readonly dir: string;
  /** The modem itself (state, command log, events `sent`, `part`, `command`). */
  readonly modem: Modem;
  private socat: SocatPty | undefined;
  private port: SerialPort | undefined;
  private readonly ownsDir: boolean;
  private readonly log: SimLogger | undefined;
  private closed = false;

  private constructor(dir: string, ownsDir: boolean, options: ModemOptions) {
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.path = join(dir, "modem");
    this.modem = new Modem(options);
    this.log = options.log;
  }

  /** See {@link startModemSimulator}. */
  static async start(options: ModemSimulatorOptions = {}): Promise<ModemSimulator> {
    const { dir, ...modemOptions } = options;
    const directory = dir ?? (await mkdtemp(join(tmpdir(), "motcua-modem-sim-")));
    const simulator = new ModemSimulator(directory, dir === undefined, modemOptions);
    try {
      await simulator.plug({ banner: false });
    } catch (error) {
      await simulator.close();
      throw error;
    }
    return simulator;
  }

  /** Messages accepted by `AT+CMGS`, decoded: one entry per message, multipart reassembled. */
  get sent(): SentMessage[] {
    return this.modem.sent;
  }

  /** Every SMS-SUBMIT PDU accepted, in order (the raw parts of {@link sent}). */
  get sentParts(): SentPart[] {
    return this.modem.sentParts;
  }

  /** Every AT command line received, in order. */
  get commands(): string[] {
    return this.modem.commands;
  }

  /** The socat child's pid while plugged in (for tests that check every child is gone). */
  get socatPid(): number | undefined {
    return this.socat?.process.pid;
  }

  /** {@inheritDoc Modem.inject} */
  inject(sms: InjectSms): InjectResult {
    return this.modem.inject(sms);
  }

  /** What the SIM storage (and ME storage) holds. */
  storage(): StoredSms[] {
    return this.modem.storage();
  }

  /** {@inheritDoc Modem.fail} */
  fail(next: FailSpec): void {
    this.modem.fail(next);
  }

  /** {@inheritDoc Modem.reboot} */
  reboot(): void {
    this.modem.reboot();
  }

  /** {@inheritDoc Modem.storageFull} */
  storageFull(on: boolean): void {
    this.modem.storageFull(on);
  }

  /** {@inheritDoc Modem.network} */
  network(state: NetworkState): void {
    this.modem.network(state);
  }

  /** {@inheritDoc Modem.signal} */
  signal(rssi: number): void {
    this.modem.signal(rssi);
  }

  /** {@inheritDoc Modem.simReady} */
  simReady(on: boolean): void {
    this.modem.simReady(on);
  }

  /** {@inheritDoc Modem.cmtiDuringNextSend} */
  cmtiDuringNextSend(sms?: InjectSms, at?: "prompt" | "sending"): void {
    this.modem.cmtiDuringNextSend(sms, at);
  }

  /** {@inheritDoc Modem.hang} */
  hang(on: boolean): void {
    this.modem.hang(on);
  }

  /** Resolves with the first sent message matching `predicate` (already sent or to come). */
  waitForSent(
    predicate: (message: SentMessage) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<SentMessage> {
    const found = this.sent.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.modem.off("sent", listener);
        reject(new Error(`no matching SMS sent within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message: SentMessage) => {
        if (!predicate(message)) return;
        clearTimeout(timer);
        this.modem.off("sent", listener);
        resolve(message);
      };
      this.modem.on("sent", listener);
    });
  }

  /**
   * The modem is unplugged: socat is killed, so the link's port closes (`close` with
   * `disconnected: true`) and {@link path} disappears. SMS injected meanwhile wait at the network.
   */
  async unplug(): Promise<void> {
    this.modem.powerOff();
    const socat = this.socat;
    this.socat = undefined;
    await socat?.stop();
    await this.closePort();
  }

  /**
   * Plugged back: socat again on the same paths; the modem boots (settings reset, a PIN asked
   * again). It answers nothing for `bannerAfterMs` (default 300 ms), then writes `RDY` and the rest.
   * A banner written before the link opened the path is lost, as with a real USB modem: a link must
   * not wait for it.
   */
  async replug(options: { bannerAfterMs?: number } = {}): Promise<void> {
    if (this.closed) throw new Error("the simulator is closed");
    if (this.socat !== undefined) await this.unplug();
    await this.plug({ banner: true, bannerAfterMs: options.bannerAfterMs ?? 300 });
  }

  /** Stops everything: socat is killed, the port closed, a temporary directory removed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.unplug();
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  private async plug(boot: { banner: boolean; bannerAfterMs?: number }): Promise<void> {
    const socat = await startSocat(this.dir, this.log);
    this.socat = socat;
    socat.exited.then(() => {
      // socat died on its own (or was killed): the modem is gone until replug().
      if (this.socat === socat) {
        this.log?.warn({ dir: this.dir }, "modem-sim: socat exited");
        this.socat = undefined;
        this.modem.powerOff();
        void this.closePort();
      }
    });
    const port = new SerialPort({ path: socat.simPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on("error", (error) => this.log?.warn({ err: String(error) }, "modem-sim: serial port error"));
    this.port = port;
    this.modem.powerOn(port, boot);
  }

  private async closePort(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port === undefined || !port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/**
 * Starts a modem simulator on a socat pseudo-terminal. The link under test opens `simulator.path`
 * (115200 baud, any setting works on a PTY).
 *
 * @example
 * const sim = await startModemSimulator({ sendDelayMs: 20 });
 * sim.inject({ from: "+84912345678", text: "DK 1 15/12 9h" });
 * // … the link reads it with AT+CMGL=4, answers with AT+CMGS …
 * await sim.waitForSent((m) => m.to === "+84912345678");
 * await sim.close();
 */
export function startModemSimulator(options: ModemSimulatorOptions = {}): Promise<ModemSimulator> {
  return ModemSimulator.start(options);
}
