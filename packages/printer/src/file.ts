import { mkdirSync, readFileSync } from "node:fs";
import { open, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { renderEscPosPng } from "./render.js";
import { decodeStatus, encodeStatus } from "./status.js";
import { PAPER_DOTS } from "./ticket.js";
import {
  errorFor,
  PRINTER_CONDITIONS,
  type Printer,
  type PrinterCondition,
  PrinterError,
  type PrinterStatus,
  type PrintResult,
} from "./types.js";

/** Faults the simulated printer can be put in; `paper_low` prints but warns. */
export type SimulatedFault = Exclude<PrinterCondition, "ok"> | "paper_low";

export interface FilePrinterOptions {
  /** 384 (58 mm, default) or 576 (80 mm). */
  paperDots?: number;
  /** Render each ticket to a PNG beside its bytes (default true). */
  png?: boolean;
}

/**
 * The simulated printer (`--printer file:DIR`): each ticket's exact ESC/POS bytes go to a new
 * file `DIR/ticket-<time>-<n>.escpos`, and a PNG of it to the same name `.png` a moment later.
 *
 * Faults for tests and demonstrations: `setFault()` from the same process, or a file
 * `DIR/FAULT` holding `paper_out`, `cover_open`, `offline`, `unplugged`, `error` or `paper_low`
 * (read at every status request, so `echo paper_out > DIR/FAULT` works on a running kiosk).
 * The status goes through the same `DLE EOT` decoding as a real printer's answer.
 */
export class FilePrinter implements Printer {
  readonly name: string;
  readonly paperDots: number;
  private fault: SimulatedFault | undefined;
  private seq = 0;
  private closed = false;
  private readonly renders = new Set<Promise<void>>();
  private readonly png: boolean;

  constructor(
    readonly dir: string,
    options: FilePrinterOptions = {},
  ) {
    this.dir = resolve(dir);
    this.name = `file:${this.dir}`;
    this.paperDots = options.paperDots ?? PAPER_DOTS["58"];
    this.png = options.png ?? true;
    mkdirSync(this.dir, { recursive: true });
  }

  /** Puts the simulated printer in a fault (or back to working with `undefined`). */
  setFault(fault: SimulatedFault | undefined): void {
    this.fault = fault;
  }

  private currentFault(): SimulatedFault | undefined {
    if (this.fault !== undefined) return this.fault;
    try {
      const word = readFileSync(join(this.dir, "FAULT"), "utf8").trim();
      if (word === "paper_low" || (PRINTER_CONDITIONS as readonly string[]).includes(word))
        return word === "ok" ? undefined : (word as SimulatedFault);
    } catch {
      // No FAULT file: the printer works.
    }
    return undefined;
  }

  async status(): Promise<PrinterStatus> {
    const fault = this.currentFault();
    if (fault === "unplugged")
      return { condition: "unplugged", paperLow: false, answered: false, detail: "simulated" };
    const condition = fault === undefined || fault === "paper_low" ? "ok" : fault;
    return decodeStatus(encodeStatus(condition, fault === "paper_low"));
  }

  async print(bytes: Uint8Array): Promise<PrintResult> {
    if (this.closed) throw new PrinterError("PRINTER_CLOSED", "the printer is closed");
    const fault = this.currentFault();
    if (fault !== undefined && fault !== "paper_low") throw errorFor(fault, "simulated");
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
    const n = ++this.seq;
    const base = join(this.dir, `ticket-${stamp}-${process.pid}-${String(n).padStart(4, "0")}`);
    const file = `${base}.escpos`;
    // Written under a temporary name and renamed, so a watcher never sees half a ticket; the
    // exclusive flag makes sure no earlier ticket is overwritten.
    const tmp = `${file}.part`;
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    const result: PrintResult = { bytes: bytes.length, file };
    if (this.png) {
      const png = `${base}.png`;
      result.png = png;
      // Rendering takes a few milliseconds more than a printer needs to take the bytes; the
      // ticket counts as handed over once its bytes are on disk.
      const copy = Uint8Array.from(bytes);
      const render = new Promise<void>((done) => setImmediate(done))
        .then(() => writeFile(png, renderEscPosPng(copy, this.paperDots)))
        .catch(() => undefined)
        .finally(() => this.renders.delete(render));
      this.renders.add(render);
    }
    return result;
  }

  /** Resolves once every PNG of the tickets printed so far is written. */
  async settled(): Promise<void> {
    await Promise.all([...this.renders]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }
}
