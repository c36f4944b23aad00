import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadStream } from "node:tty";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DevicePrinter, encodeStatus, type PrinterCondition, ticketBytes } from "../src/index.js";
import { parseEscPos } from "./escpos-parser.js";
import { sample } from "./sample.js";

const hasSocat = (() => {
  try {
    execFileSync("socat", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// In CI socat must be there (scripts/setup.sh installs it); elsewhere the skip is said.
if (!hasSocat && !process.env.CI)
  console.warn("device.test.ts: socat not found, the usb:/dev/usb/lp0 backend tests are skipped");

/** Resolves at the next `event` of `emitter`; fails after `ms`, naming `what` it waited for. */
async function next(emitter: EventEmitter, event: string, what: string, ms = 3000): Promise<void> {
  try {
    await once(emitter, event, { signal: AbortSignal.timeout(ms) });
  } catch (error) {
    throw new Error(`waited ${ms} ms for ${what}`, { cause: error });
  }
}

/**
 * A printer at the far end of a pseudo-terminal pair (socat): it answers `DLE EOT n` like an
 * ESC/POS printer in `condition`, and keeps every other byte it receives.
 */
class FakeLinePrinter extends EventEmitter {
  received: Buffer[] = [];
  condition: PrinterCondition = "ok";
  paperLow = false;
  silent = false;
  private constructor(
    private readonly fd: number,
    private readonly stream: ReadStream,
  ) {
    super();
    stream.setRawMode(true);
    stream.on("data", (chunk: Buffer) => {
      if (chunk.length === 3 && chunk[0] === 0x10 && chunk[1] === 0x04) {
        if (this.silent) return;
        const s = encodeStatus(this.condition, this.paperLow);
        const n = chunk[2];
        const answer = n === 1 ? s.printer : n === 2 ? s.offline : n === 3 ? s.error : s.paper;
        writeSync(this.fd, Uint8Array.of(answer as number));
      } else {
        this.received.push(chunk);
        this.emit("received");
      }
    });
  }
  static open(path: string): FakeLinePrinter {
    const fd = openSync(path, "r+");
    return new FakeLinePrinter(fd, new ReadStream(fd));
  }
  bytes(): Buffer {
    return Buffer.concat(this.received);
  }
  /** Resolves once at least `count` bytes have come. */
  async receivedBytes(count: number): Promise<void> {
    while (this.bytes().length < count) await next(this, "received", `${count} bytes at the printer`);
  }
  close(): void {
    this.stream.destroy();
  }
}

let dir: string;
let socat: ChildProcess | undefined;
let fake: FakeLinePrinter | undefined;

async function startLink(): Promise<string> {
  // -d -d: socat says when both ends (and their links) are there and it starts relaying.
  const child = spawn("socat", [
    "-d",
    "-d",
    `pty,raw,echo=0,link=${join(dir, "lp0")}`,
    `pty,raw,echo=0,link=${join(dir, "peer")}`,
  ]);
  socat = child;
  let said = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    said += chunk;
  });
  while (!said.includes("starting data transfer loop")) {
    if (child.exitCode !== null) throw new Error(`socat exited: ${said}`);
    await next(child.stderr, "data", `socat's link\n${said}`);
  }
  fake = FakeLinePrinter.open(join(dir, "peer"));
  return join(dir, "lp0");
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-lp-"));
});
afterEach(async () => {
  fake?.close();
  fake = undefined;
  if (socat && socat.exitCode === null) {
    socat.kill();
    await new Promise((r) => socat?.once("exit", r));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasSocat && !process.env.CI)(
  "a printer behind a character device (usb:/dev/usb/lp0)",
  () => {
    it("reads the status the printer answers and hands over the exact ticket bytes", async () => {
      const path = await startLink();
      const printer = new DevicePrinter(path);
      expect(await printer.status()).toEqual({ condition: "ok", paperLow: false, answered: true });
      const printerSide = fake as FakeLinePrinter;
      printerSide.condition = "paper_out";
      expect((await printer.status()).condition).toBe("paper_out");
      printerSide.condition = "cover_open";
      expect((await printer.status()).condition).toBe("cover_open");
      printerSide.condition = "ok";
      printerSide.paperLow = true;
      expect(await printer.status()).toMatchObject({ condition: "ok", paperLow: true });

      const bytes = ticketBytes(sample);
      await printer.print(bytes);
      await printerSide.receivedBytes(bytes.length);
      expect(printerSide.bytes().equals(Buffer.from(bytes))).toBe(true);
      expect(parseEscPos(printerSide.bytes()).at(-1)?.op).toBe("cut");
      await printer.close();
    });

    it("a printer that never answers is assumed ok, after one short wait", async () => {
      const path = await startLink();
      (fake as FakeLinePrinter).silent = true;
      const printer = new DevicePrinter(path, { statusTimeoutMs: 100 });
      const t0 = Date.now();
      expect(await printer.status()).toMatchObject({ condition: "ok", answered: false });
      expect(Date.now() - t0).toBeLessThan(1000);
      await printer.close();
    });

    it("unplugged: the device disappears, or was never there", async () => {
      const path = await startLink();
      const printer = new DevicePrinter(path);
      expect((await printer.status()).condition).toBe("ok");
      fake?.close();
      fake = undefined;
      socat?.kill();
      await new Promise((r) => socat?.once("exit", r));
      // The link is gone with socat: the open descriptor fails, then the path is missing.
      const after = await printer.status();
      expect(after.condition).toBe("unplugged");
      await expect(printer.print(ticketBytes(sample))).rejects.toMatchObject({ code: "PRINTER_UNPLUGGED" });
      const never = new DevicePrinter(join(dir, "no-such-lp"));
      expect(await never.status()).toMatchObject({ condition: "unplugged", detail: "ENOENT" });
      await printer.close();
    });
  },
);
