import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type LogLine, LogLines } from "@motcua/hub/testing";
import { SOURCE_EXEC_ARGV } from "./source-node.js";

const repoRoot = new URL("../../", import.meta.url);
const main = fileURLToPath(new URL("packages/cli/src/main.ts", repoRoot));

export type { LogLine };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real hub (`motcua hub …`) in a child process that is the hub itself, so that a SIGKILL
 * kills it mid-flight: the in-process hub of `@motcua/hub/testing` cannot be killed that way.
 * Its JSON log lines are kept (the same {@link LogLines} as the in-process hub's); `ready`
 * resolves at its "hub ready" line.
 */
export class HubProcess {
  readonly log = new LogLines();
  readonly ready: Promise<LogLine>;
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private stderr = "";

  constructor(args: string[], env: NodeJS.ProcessEnv, readyTimeoutMs = 15_000) {
    this.child = spawn(process.execPath, [...SOURCE_EXEC_ARGV, main, "hub", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    const child = this.child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", (error) => {
        this.stderr += `spawn error: ${error.message}\n`;
        resolve({ code: null, signal: null });
      });
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.log.feed(chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.ready = Promise.race([
      this.log.next("hub ready", { timeoutMs: readyTimeoutMs }),
      this.exited.then((exit) => {
        throw new Error(`the hub exited before it was ready (${JSON.stringify(exit)})\n${this.output()}`);
      }),
    ]);
    this.ready.catch(() => {});
  }

  get lines(): readonly LogLine[] {
    return this.log.lines;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` (if it still runs) and waits for the exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** The first log line with this `msg`. */
  line(msg: string): LogLine | undefined {
    return this.log.find(msg);
  }

  /** The log and stderr so far, for failure messages. */
  output(): string {
    return `${this.log.text()}\n${this.stderr}`;
  }
}

/** A small seeded generator (mulberry32): the same script and kill points for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
