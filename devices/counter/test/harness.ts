import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LogLines, O, Signal, type TestClient, WEDNESDAY_MORNING } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";

/*
 * The counter's own test helpers, on the shared test hub (@motcua/hub/testing): a ticket as a
 * kiosk asks for it, and the counter's real program as a child process.
 */

export const NOW = WEDNESDAY_MORNING;

export const testLog = () => createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" });

let tickets = 0;
/** Issues a walk-in ticket at kiosk 1, as a kiosk would; `client` must hear `kiosk/1/ticket`. */
export async function ticket(client: TestClient, service = "TP"): Promise<void> {
  const id = `k-${++tickets}`;
  const from = client.mark();
  await client.publish(`${O}/kiosk/1/press`, { id, service });
  await client.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === id, { from });
}

const repoRoot = new URL("../../../", import.meta.url);
const bin = fileURLToPath(new URL("devices/counter/src/bin.ts", repoRoot));

/** The counter's real program (`runCounter`) in a child process; its JSON log lines are kept. */
export class CounterProcess {
  readonly log = new LogLines();
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly stderrChanged = new Signal();

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [...SOURCE_EXEC_ARGV, bin, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, MOTCUA_LOG_LEVEL: "debug" },
    });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.log.feed(chunk));
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
      this.stderrChanged.notify();
    });
  }

  get lines() {
    return this.log.lines;
  }

  /** Types a line on the pad's standard input. */
  type(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Waits for the first log line with this `msg`. */
  logged(msg: string, timeoutMs = 10_000) {
    return this.log.next(msg, { timeoutMs });
  }

  /** Waits for `text` on standard error (the simulated display's lines). */
  async printed(text: string, timeoutMs = 5000): Promise<void> {
    await this.stderrChanged.until(
      () => this.stderr.includes(text),
      () => `"${text}" on standard error\n${this.output()}`,
      timeoutMs,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  output(): string {
    return `${this.log.text()}\n${this.stderr}`;
  }
}
