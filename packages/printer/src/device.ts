import { closeSync, constants, openSync, readSync, writeSync } from "node:fs";
import { statusRequest } from "./escpos.js";
import { decodeStatus, isStatusByte, type StatusBytes } from "./status.js";
import { PAPER_DOTS } from "./ticket.js";
import { type Printer, PrinterError, type PrinterStatus, type PrintResult } from "./types.js";

export interface DevicePrinterOptions {
  paperDots?: number;
  /** How long to wait for each `DLE EOT` answer (default 200 ms). */
  statusTimeoutMs?: number;
}

const GONE = new Set(["ENOENT", "ENODEV", "ENXIO", "EIO", "EBADF"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A printer behind a character device: the kernel's usblp driver (`/dev/usb/lp0`), a serial
 * printer (`/dev/ttyUSB0`, set up with stty first), or a pseudo-terminal in the tests. No
 * libusb, no detaching of kernel drivers. usblp opens once at a time, so one descriptor,
 * non-blocking, is used both to write tickets and to read the status answers.
 */
export class DevicePrinter implements Printer {
  readonly name: string;
  readonly paperDots: number;
  private fd: number | undefined;
  private closed = false;
  private readonly statusTimeoutMs: number;

  constructor(
    readonly path: string,
    options: DevicePrinterOptions = {},
  ) {
    this.name = `usb:${path}`;
    this.paperDots = options.paperDots ?? PAPER_DOTS["58"];
    this.statusTimeoutMs = options.statusTimeoutMs ?? 200;
  }

  private descriptor(): number {
    if (this.closed) throw new PrinterError("PRINTER_CLOSED", "the printer is closed");
    this.fd ??= openSync(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    return this.fd;
  }

  private drop(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already gone with the device.
    }
    this.fd = undefined;
  }

  private readByte(fd: number): number | undefined {
    const one = Buffer.alloc(1);
    try {
      return readSync(fd, one, 0, 1, null) === 1 ? one[0] : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") return undefined;
      throw error;
    }
  }

  private async ask(fd: number, n: 1 | 2 | 3 | 4): Promise<number | undefined> {
    await this.writeAll(fd, statusRequest(n));
    const deadline = Date.now() + this.statusTimeoutMs;
    for (;;) {
      const b = this.readByte(fd);
      if (b !== undefined && isStatusByte(b)) return b;
      if (b === undefined) {
        if (Date.now() > deadline) return undefined;
        await sleep(5);
      }
    }
  }

  async status(): Promise<PrinterStatus> {
    if (this.closed) return { condition: "unplugged", paperLow: false, answered: false, detail: "closed" };
    try {
      const fd = this.descriptor();
      while (this.readByte(fd) !== undefined) {
        // Drop whatever the printer said before we asked.
      }
      const bytes: StatusBytes = {};
      const printer = await this.ask(fd, 1);
      // A printer that does not answer the first request answers none: do not wait three times.
      if (printer === undefined) return decodeStatus(bytes);
      bytes.printer = printer;
      const offline = await this.ask(fd, 2);
      if (offline !== undefined) bytes.offline = offline;
      const paper = await this.ask(fd, 4);
      if (paper !== undefined) bytes.paper = paper;
      return decodeStatus(bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      this.drop();
      return {
        condition: GONE.has(code) ? "unplugged" : "error",
        paperLow: false,
        answered: false,
        detail: code || (error as Error).message,
      };
    }
  }

  private async writeAll(fd: number, bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        await sleep(2);
      }
    }
  }

  async print(bytes: Uint8Array): Promise<PrintResult> {
    try {
      await this.writeAll(this.descriptor(), bytes);
      return { bytes: bytes.length };
    } catch (error) {
      if (error instanceof PrinterError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "";
      this.drop();
      throw new PrinterError(
        GONE.has(code) ? "PRINTER_UNPLUGGED" : "PRINTER_WRITE_FAILED",
        `cannot write to ${this.path}: ${code || (error as Error).message}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drop();
  }
}
