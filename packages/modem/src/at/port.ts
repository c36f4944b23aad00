import type { Duplex } from "node:stream";
import { SerialPort, SerialPortMock } from "serialport";

/**
 * The seam between the link and a modem's serial device (STYLE.md point 1): the real
 * serialport backend ({@link serialModemPort}), serialport's MockBinding for unit tests, or any
 * Duplex ({@link duplexModemPort}).
 */
export interface ModemPort {
  /** The device path (or a name), for logs and the status. */
  readonly path: string;
  /**
   * Opens the device and resolves with its byte stream once it can be written. Rejects when the
   * device is absent (unplugged, or not yet re-enumerated after a reset); the caller retries.
   * The stream emits `close` when the device goes away.
   */
  open(): Promise<Duplex>;
  /** Closes a stream this port opened. Resolves once closed; never rejects. */
  close(stream: Duplex): Promise<void>;
  /**
   * Drops DTR for `ms` and raises it again, which resets modems wired for it (optional: USB
   * modems mostly ignore it, which is why the link also sends a reset command).
   */
  toggle?(stream: Duplex, ms: number): Promise<void>;
}

export interface SerialModemPortOptions {
  /** Prefer a stable `/dev/serial/by-id/…` link: it survives re-enumeration as another ttyUSB. */
  path: string;
  /** Ignored by USB modems; 115200 suits the UART of a module. */
  baudRate?: number;
  /** Use serialport's MockBinding (`SerialPortMock.binding.createPort(path)` first): for tests. */
  mock?: boolean;
}

type Stream = SerialPort | SerialPortMock;

/** A modem on a serial device through serialport. */
export function serialModemPort(options: SerialModemPortOptions): ModemPort {
  const { path, baudRate = 115_200 } = options;
  return {
    path,
    open() {
      const stream: Stream = options.mock
        ? new SerialPortMock({ path, baudRate, autoOpen: false })
        : new SerialPort({ path, baudRate, autoOpen: false, lock: true });
      return new Promise<Duplex>((resolve, reject) => {
        stream.open((error) => (error ? reject(error) : resolve(stream)));
      });
    },
    close(stream) {
      const port = stream as Stream;
      return new Promise<void>((resolve) => {
        if (!port.isOpen) {
          port.destroy();
          resolve();
          return;
        }
        port.close(() => resolve());
      });
    },
    async toggle(stream, ms) {
      const port = stream as Stream;
      const set = (dtr: boolean) => new Promise<void>((resolve) => port.set({ dtr }, () => resolve()));
      await set(false);
      await new Promise((resolve) => setTimeout(resolve, ms));
      await set(true);
    },
  };
}

/** Any Duplex as a modem (a socket, a PassThrough pair in a test): `open` calls the factory. */
export function duplexModemPort(path: string, open: () => Duplex | Promise<Duplex>): ModemPort {
  return {
    path,
    async open() {
      return open();
    },
    close(stream) {
      if (stream.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stream.once("close", () => resolve());
        stream.destroy();
      });
    },
  };
}
