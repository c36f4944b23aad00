import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createGpio, type LedPattern, type SimGpio } from "@motcua/gpio";
import { LogLines, O, Signal, type TestClient, WEDNESDAY_MORNING } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";
import {
  DEFAULT_PINS,
  type RatingOptions,
  type RatingOutcome,
  type RunningRating,
  startRating,
} from "../src/index.js";

/*
 * The rating pad's test helpers, on the shared test hub (@motcua/hub/testing): a citizen served
 * at a counter (a kiosk ticket, then the counter's own `next`), a pad on simulated GPIO whose
 * light a test waits on, and the pad's real program as a child process.
 */

export const NOW = WEDNESDAY_MORNING;

export const testLog = () => createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" });

let requests = 0;
/**
 * A walk-in takes a ticket and counter `counter` calls them with its `next` key, as the
 * officer's pad would; resolves with the label called. `client` must hear the office's topics.
 */
export async function serveCitizen(client: TestClient, counter = "1", service = "TP"): Promise<string> {
  const ticketId = `k-${++requests}`;
  let from = client.mark();
  await client.publish(`${O}/kiosk/1/press`, { id: ticketId, service });
  await client.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === ticketId, { from });
  const pressId = `p-${++requests}`;
  from = client.mark();
  await client.publish(`${O}/counter/${counter}/press`, { id: pressId, button: "next" });
  const ack = await client.next(`${O}/counter/${counter}/ack`, (a) => a.id === pressId, { from });
  const called = (ack as { called?: { label?: string } | null }).called;
  if (!called?.label) throw new Error(`counter ${counter} called nobody`);
  return called.label;
}

export interface Pad {
  gpio: SimGpio;
  rating: RunningRating;
  outcomes: RatingOutcome[];
  led(): LedPattern;
  /** The LED patterns shown so far, in order. */
  patterns(): LedPattern[];
  /** Waits until `check` holds, checked again whenever the pad's LED or outcomes change. */
  until<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
}

/** A rating pad on simulated GPIO for counter 1 (unless `extra` says otherwise). */
export async function startPad(url: string, extra: Partial<RatingOptions> = {}): Promise<Pad> {
  const gpio = await createGpio({ backend: "sim", pins: DEFAULT_PINS });
  // What the citizen sees is what a test waits on: every LED change is a signal.
  const changed = new Signal();
  const setLed = gpio.leds.set.bind(gpio.leds);
  gpio.leds.set = (name, pattern) => {
    setLed(name, pattern);
    changed.notify();
  };
  const rating = startRating({
    hubUrl: url,
    office: "son-tay",
    counter: "1",
    gpio,
    log: testLog(),
    reconnectMs: 100,
    ...extra,
  });
  const outcomes: RatingOutcome[] = [];
  rating.onOutcome((o) => {
    outcomes.push(o);
    changed.notify();
  });
  return {
    gpio,
    rating,
    outcomes,
    led: () => gpio.leds.get("thanks"),
    patterns: () => gpio.ledHistory.map((c) => c.pattern),
    until: (check, what, timeoutMs) => changed.until(check, what, timeoutMs),
  };
}

const repoRoot = new URL("../../../", import.meta.url);
const bin = fileURLToPath(new URL("devices/rating/src/bin.ts", repoRoot));

/** The rating pad's real program (`runRating`) in a child process; its JSON log lines are kept. */
export class RatingProcess {
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

  /** Types a line on the pad's standard input. */
  type(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Waits for the first log line with this `msg`. */
  logged(msg: string, timeoutMs = 10_000) {
    return this.log.next(msg, { timeoutMs });
  }

  /** Waits for `text` on standard error (the simulated light's lines). */
  async printed(text: string, timeoutMs = 5000): Promise<void> {
    await this.stderrChanged.until(
      () => this.stderr.includes(text),
      () => `"${text}" on standard error\n${this.log.text()}\n${this.stderr}`,
      timeoutMs,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}
