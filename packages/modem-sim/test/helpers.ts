import { execFileSync } from "node:child_process";
import type { Duplex } from "node:stream";
import { duplexPair, Modem, type ModemOptions } from "../src/index.js";

/** A final result code, an error, or the `> ` prompt (which has no line end). */
const FINAL = /\r\nOK\r\n|\r\nERROR\r\n|\r\n\+CM[ES] ERROR: [^\r]*\r\n|\r\n> /;

/** A raw AT client over a Duplex: what the modem wrote, byte for byte. */
export class RawClient {
  /** Received and not yet consumed. */
  buffer = "";
  private waiters: (() => void)[] = [];

  constructor(readonly stream: Duplex) {
    stream.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("latin1");
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  write(text: string): void {
    this.stream.write(Buffer.from(text, "latin1"));
  }

  /** Waits until the buffer matches `re`; consumes and returns everything up to the end of the match. */
  async waitFor(re: RegExp, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = re.exec(this.buffer);
      if (match !== null) {
        const end = match.index + match[0].length;
        const out = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return out;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `line` + CR; returns the raw answer through the final result code (or the prompt). */
  async command(line: string, timeoutMs = 3000): Promise<string> {
    this.write(`${line}\r`);
    return this.waitFor(FINAL, timeoutMs);
  }

  /** The information lines of an answer (echo, empty lines and the result code removed). */
  async info(line: string): Promise<string[]> {
    const raw = await this.command(line);
    return raw.split("\r\n").filter((l) => l.length > 0 && !l.startsWith(line) && l !== "OK");
  }

  /** Whatever arrives within `ms`. */
  async idle(ms: number): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const out = this.buffer;
    this.buffer = "";
    return out;
  }
}

/** A modem powered on over a stream pair, with a raw client on the other end (echo off unless asked). */
export async function connect(
  options: ModemOptions = {},
  setup: { echo?: boolean; banner?: boolean } = {},
): Promise<{ modem: Modem; client: RawClient }> {
  const [modemEnd, clientEnd] = duplexPair();
  const modem = new Modem({ sendDelayMs: 5, bootDelayMs: 5, ...options });
  const client = new RawClient(clientEnd);
  modem.powerOn(modemEnd, { banner: setup.banner ?? false });
  if (setup.echo !== true) await client.command("ATE0");
  client.buffer = "";
  return { modem, client };
}

/** Whether a Debian tool is on PATH. */
export function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Tests that need a Debian tool run when it is there; without it they are skipped with a message,
 * except under CI (`CI` set), where a missing tool is a failure.
 */
export function toolGate(names: string[]): { run: boolean; missing: string[] } {
  const missing = names.filter((name) => !hasTool(name));
  if (missing.length > 0 && process.env.CI === undefined) {
    console.warn(
      `modem-sim: skipping tests that need ${missing.join(", ")} (apt-get install ${missing.join(" ")})`,
    );
    return { run: false, missing };
  }
  return { run: true, missing };
}
