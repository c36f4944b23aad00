import { statusRequest } from "./escpos.js";
import { decodeStatus, isStatusByte, type StatusBytes } from "./status.js";
import { PAPER_DOTS } from "./ticket.js";
import { type Printer, PrinterError, type PrinterStatus, type PrintResult } from "./types.js";

/** The part of an escpos-usb adapter used here (also what the tests fake). */
export interface UsbAdapter {
  device: { interfaces?: Array<{ endpoints: UsbEndpoint[] }> } | null;
  open(callback: (error: Error | null) => void): unknown;
  write(data: Buffer, callback: (error?: Error) => void): unknown;
  close(callback?: (error: Error | null) => void): unknown;
  on(event: "detach", listener: () => void): unknown;
}

export interface UsbEndpoint {
  direction: "in" | "out";
  timeout: number;
  transfer(data: Buffer | number, callback: (error: Error | undefined, data?: Buffer) => void): unknown;
}

export interface UsbPrinterOptions {
  /** The printer's USB ids (`usb:0416:5011`); without them the first USB printer-class device. */
  vid?: number;
  pid?: number;
  paperDots?: number;
  statusTimeoutMs?: number;
  /** Makes the adapter; by default escpos-usb's. Throws when no printer is there. */
  adapter?: (vid?: number, pid?: number) => UsbAdapter | Promise<UsbAdapter>;
}

async function escposUsbAdapter(vid?: number, pid?: number): Promise<UsbAdapter> {
  // Loaded on demand, when a USB printer is first looked for: escpos-usb loads the native
  // `usb` addon (libusb), which no other backend needs.
  const { default: USB } = await import("escpos-usb");
  return vid !== undefined && pid !== undefined ? new USB(vid, pid) : new USB();
}

const hex = (n: number) => n.toString(16).padStart(4, "0");

/**
 * A USB printer through libusb: escpos-usb finds it (by ids, or the first device of the USB
 * printer class), detaches the kernel's usblp driver, claims it and writes the bytes to its
 * bulk OUT endpoint. The status answers are read from the bulk IN endpoint, which escpos-usb
 * leaves unused. Unplugging is seen as libusb's `detach`; the next status or print looks for
 * the printer again.
 *
 * The ticket goes to escpos-usb's `write` directly. escpos's `Printer` would only copy the
 * bytes into its buffer and call that same `write` from `flush()`, and loading it costs
 * about 24 MiB resident (its module requires get-pixels and `request`; see escpos.ts).
 */
export class UsbPrinter implements Printer {
  readonly name: string;
  readonly paperDots: number;
  private adapter: UsbAdapter | undefined;
  private closed = false;
  private readonly statusTimeoutMs: number;

  constructor(private readonly options: UsbPrinterOptions = {}) {
    this.name =
      options.vid !== undefined && options.pid !== undefined
        ? `usb:${hex(options.vid)}:${hex(options.pid)}`
        : "usb";
    this.paperDots = options.paperDots ?? PAPER_DOTS["58"];
    this.statusTimeoutMs = options.statusTimeoutMs ?? 300;
  }

  private async connect(): Promise<UsbAdapter> {
    if (this.closed) throw new PrinterError("PRINTER_CLOSED", "the printer is closed");
    if (this.adapter) return this.adapter;
    let adapter: UsbAdapter;
    try {
      adapter = await (this.options.adapter ?? escposUsbAdapter)(this.options.vid, this.options.pid);
      await new Promise<void>((resolve, reject) => adapter.open((e) => (e ? reject(e) : resolve())));
    } catch (error) {
      throw new PrinterError("PRINTER_UNPLUGGED", `no USB printer: ${(error as Error).message}`, {
        cause: error,
      });
    }
    adapter.on("detach", () => {
      if (this.adapter === adapter) this.adapter = undefined;
    });
    this.adapter = adapter;
    return adapter;
  }

  private forget(): void {
    const adapter = this.adapter;
    this.adapter = undefined;
    try {
      adapter?.close();
    } catch {
      // The device is already gone.
    }
  }

  private ask(adapter: UsbAdapter, input: UsbEndpoint, n: 1 | 2 | 4): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      adapter.write(Buffer.from(statusRequest(n)), (error) => {
        if (error) return reject(error);
        input.timeout = this.statusTimeoutMs;
        input.transfer(64, (e, data) => {
          // A timeout is "no answer", not a failure.
          if (e || !data) return resolve(undefined);
          resolve([...data].reverse().find(isStatusByte));
        });
      });
    });
  }

  async status(): Promise<PrinterStatus> {
    let adapter: UsbAdapter;
    try {
      adapter = await this.connect();
    } catch (error) {
      return { condition: "unplugged", paperLow: false, answered: false, detail: (error as Error).message };
    }
    const input = adapter.device?.interfaces?.flatMap((i) => i.endpoints).find((e) => e.direction === "in");
    if (!input) return decodeStatus({});
    try {
      const bytes: StatusBytes = {};
      const printer = await this.ask(adapter, input, 1);
      if (printer === undefined) return decodeStatus(bytes);
      bytes.printer = printer;
      const offline = await this.ask(adapter, input, 2);
      if (offline !== undefined) bytes.offline = offline;
      const paper = await this.ask(adapter, input, 4);
      if (paper !== undefined) bytes.paper = paper;
      return decodeStatus(bytes);
    } catch (error) {
      this.forget();
      return { condition: "unplugged", paperLow: false, answered: false, detail: (error as Error).message };
    }
  }

  async print(bytes: Uint8Array): Promise<PrintResult> {
    const adapter = await this.connect();
    try {
      await new Promise<void>((resolve, reject) =>
        adapter.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())),
      );
      return { bytes: bytes.length };
    } catch (error) {
      this.forget();
      throw new PrinterError("PRINTER_WRITE_FAILED", `USB write failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forget();
  }
}
