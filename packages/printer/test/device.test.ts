import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
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

/**
 * A printer at the far end of a pseudo-terminal pair (socat): it answers `DLE EOT n` like an
 * ESC/POS printer in `condition`, and keeps every other byte it receives.
 */
class FakeLinePrinter {
  received: Buffer[] = [];
  condition: PrinterCondition = "ok";
  paperLow = false;
  silent = false;
  private constructor(
    private readonly fd: number,
    private readonly stream: ReadStream,
  ) {
    stream.setRawMode(true);
    stream.on("data", (chunk: Buffer) => {
      if (chunk.length === 3 && chunk[0] === 0x10 && chunk[1] === 0x04) {
        if (this.silent) return;
        const s = encodeStatus(this.condition, this.paperLow);
        const n = chunk[2];
        const answer = n === 1 ? s.printer : n === 2 ? s.offline : n === 3 ? s.error : s.paper;
        writeSync(this.fd, Uint8Array.of(answer as number));
      } else this.received.push(chunk);
    });
  }
  static open(path: string): FakeLinePrinter {
    const fd = openSync(path, "r+");
    return new FakeLinePrinter(fd, new ReadStream(fd));
  }
  bytes(): Buffer {
    return Buffer.concat(this.received);
  }
  close(): void {
    this.stream.destroy();
  }
}

let dir: string;
let socat: ChildProcess | undefined;
let fake: FakeLinePrinter | undefined;

async function startLink(): Promise<string> {
  socat = spawn("socat", [
    `pty,raw,echo=0,link=${join(dir, "lp0")}`,
    `pty,raw,echo=0,link=${join(dir, "peer")}`,
  ]);
  for (let i = 0; i < 100 && !(existsSync(join(dir, "lp0")) && existsSync(join(dir, "peer"))); i++)
    await new Promise((r) => setTimeout(r, 20));
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

describe.skipIf(!hasSocat)("a printer behind a character device (usb:/dev/usb/lp0)", () => {
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
    for (let i = 0; i < 100 && printerSide.bytes().length < bytes.length; i++)
      await new Promise((r) => setTimeout(r, 20));
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
});

it("without socat the character-device tests are skipped (install Debian's socat)", () => {
  if (!hasSocat) console.warn("socat not found: the usb:/dev/usb/lp0 backend tests were skipped");
  expect(true).toBe(true);
});
