/**
 * The simulated modems of the SMS bench, in a process of their own. A real modem is another
 * device: its send delay runs while the host works. With the simulators inside the process
 * under test, every millisecond that process spends on its disk would also stop the modems'
 * clocks and answers, a handicap no real deployment has; in their own process they cost the
 * system under test nothing but the PTYs, and gammu-smsd (a process of its own anyway) and
 * motcua's hub meet the very same modems.
 *
 * `startSmsModems()` forks this file (the child half below) and talks to it over IPC.
 * `BENCH_SMS_TRACE=1` prints every command the modems get, with its time, on stderr.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type ModemSimulator, type SentMessage, startModemSimulator } from "@motcua/modem-sim";
import { SOURCE_EXEC_ARGV } from "../test/helpers/source-node.js";

/** What the modems saw of a burst, timed on the modems' own clock. */
export interface BurstReport {
  /** From the injection of the burst to the `+CMGS` answer that completed the last missing reply. */
  lastReplyMs: number;
  /** Every message the modems sent (all of them, not only the first to each sender). */
  sent: Array<{ to: string; segments: number; text: string; encoding: string; modem: number }>;
  /** Commands each modem received during the burst, by name (`AT+CMGS`, `AT+CMGL`…). */
  commands: Array<Record<string, number>>;
  /** Senders with no reply when the burst gave up. */
  missing: string[];
}

export interface BurstOptions {
  messages: Array<{ from: string; text: string }>;
  /** Whose replies are waited for; default the senders of `messages`. */
  expect?: string[];
  /** Give up after this long without every sender answered. */
  timeoutMs: number;
  /** After the last missing reply, watch this long for doubles. */
  graceMs: number;
}

type ToChild = ({ type: "inject" } & BurstOptions) | { type: "commands" } | { type: "close" };
type FromChild =
  | { type: "ready"; paths: string[] }
  | { type: "progress"; answered: number }
  | { type: "armed" }
  | { type: "commands"; commands: Array<Record<string, number>> }
  | { type: "done"; report: BurstReport };

export interface SmsModems {
  /** The device paths, one per modem, for the system under test. */
  paths: string[];
  /**
   * Injects the messages round-robin into the modems at once, and waits for every reply;
   * `onArmed` is called once the clock runs (the messages are at the modems).
   */
  burst(
    options: BurstOptions,
    onProgress?: (answered: number) => void,
    onArmed?: () => void,
  ): Promise<BurstReport>;
  /** Commands each modem has received since it started, by name. */
  commands(): Promise<Array<Record<string, number>>>;
  close(): Promise<void>;
}

/** Starts `count` simulated modems (each `sendDelayMs` per segment) in a child process. */
export async function startSmsModems(count: number, sendDelayMs: number): Promise<SmsModems> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_SMS_MODEMS: String(count), BENCH_SMS_SEND_DELAY_MS: String(sendDelayMs) },
    execArgv: [...SOURCE_EXEC_ARGV],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiters = new Map<
    FromChild["type"],
    { resolve: (m: FromChild) => void; reject: (e: Error) => void }
  >();
  let onProgress: ((answered: number) => void) | undefined;
  child.once("exit", (code) => {
    for (const waiter of waiters.values()) waiter.reject(new Error(`the modems' process exited (${code})`));
    waiters.clear();
  });
  const next = <T extends FromChild["type"]>(type: T) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      waiters.set(type, { resolve: resolve as (m: FromChild) => void, reject });
    });
  let onArmed: (() => void) | undefined;
  child.on("message", (message: FromChild) => {
    if (message.type === "progress") onProgress?.(message.answered);
    if (message.type === "armed") onArmed?.();
    const waiter = waiters.get(message.type);
    waiters.delete(message.type);
    waiter?.resolve(message);
  });
  const tell = (message: ToChild) => child.send(message);
  const { paths } = await next("ready");
  return {
    paths,
    async burst(options, progress, armed) {
      onProgress = progress;
      onArmed = armed;
      const done = next("done");
      tell({ type: "inject", ...options });
      return (await done).report;
    },
    async commands() {
      const answer = next("commands");
      tell({ type: "commands" });
      return (await answer).commands;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      tell({ type: "close" });
      await exited;
    },
  };
}

// ——— the child ———

const send = (message: FromChild) => process.send?.(message);

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_SMS_MODEMS ?? 1);
  const sendDelayMs = Number(process.env.BENCH_SMS_SEND_DELAY_MS ?? 40);
  const trace = process.env.BENCH_SMS_TRACE === "1";
  const started = performance.now();
  // The simulator's defaults: an EC25 with 25 SIM slots; the rest of a burst waits at the network.
  const sims: ModemSimulator[] = [];
  for (let i = 0; i < count; i++) sims.push(await startModemSimulator({ sendDelayMs }));
  const counts = sims.map(() => ({}) as Record<string, number>);
  sims.forEach((sim, modem) => {
    sim.modem.on("command", (line) => {
      if (trace) process.stderr.write(`${(performance.now() - started).toFixed(1)} ${modem} ${line}\n`);
      const name = /^AT[+^$&]?[A-Z]*/i.exec(line)?.[0].toUpperCase() ?? line;
      const c = counts[modem] as Record<string, number>;
      c[name] = (c[name] ?? 0) + 1;
    });
    if (trace)
      sim.modem.on("part", (part) =>
        process.stderr.write(
          `${(performance.now() - started).toFixed(1)} ${modem} +CMGS: ${part.messageReference}\n`,
        ),
      );
  });
  const close = async () => {
    await Promise.all(sims.map((s) => s.close()));
    process.exit(0);
  };
  process.on("disconnect", () => void close());
  process.on("SIGTERM", () => void close());
  process.on("message", (command: ToChild) => {
    if (command.type === "close") void close();
    else if (command.type === "commands") send({ type: "commands", commands: counts });
    else void burst(started, sims, counts, command).then((report) => send({ type: "done", report }));
  });
  send({ type: "ready", paths: sims.map((s) => s.path) });
}

async function burst(
  started: number,
  sims: ModemSimulator[],
  counts: Array<Record<string, number>>,
  options: BurstOptions,
): Promise<BurstReport> {
  const before = counts.map((c) => ({ ...c }));
  const expected = new Set(options.expect ?? options.messages.map((m) => m.from));
  const answered = new Set<string>();
  const sent: BurstReport["sent"] = [];
  let lastReplyAt = Number.NaN;
  let allAnswered: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const listeners = sims.map((sim, modem) => {
    const onSent = (message: SentMessage) => {
      sent.push({
        to: message.to,
        segments: message.parts.length,
        text: message.text,
        encoding: message.parts[0]?.pdu.encoding ?? "?",
        modem,
      });
      const to = international(message.to);
      if (!expected.has(to) || answered.has(to)) return;
      answered.add(to);
      if (answered.size === expected.size) {
        lastReplyAt = performance.now();
        allAnswered();
      }
    };
    sim.modem.on("sent", onSent);
    return () => sim.modem.off("sent", onSent);
  });
  const progress = setInterval(() => send({ type: "progress", answered: answered.size }), 1000);
  options.messages.forEach((m, i) => {
    (sims[i % sims.length] as ModemSimulator).inject(m);
  });
  // Timed from here: the whole burst is at the modems (or waiting at the network for room).
  // Encoding 300 PDUs takes the simulator some milliseconds in which nobody could answer.
  const t0 = performance.now();
  if (process.env.BENCH_SMS_TRACE === "1") process.stderr.write(`${(t0 - started).toFixed(1)} - burst\n`);
  send({ type: "armed" });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    done.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), options.timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!timedOut) await new Promise((resolve) => setTimeout(resolve, options.graceMs));
  clearInterval(progress);
  for (const off of listeners) off();
  return {
    lastReplyMs: lastReplyAt - t0,
    sent,
    commands: counts.map((c, i) => difference(c, before[i] ?? {})),
    missing: [...expected].filter((from) => !answered.has(from)),
  };
}

/** gammu may write the number as the sender gave it, motcua as `+84…`: compared in one form. */
export function international(number: string): string {
  return number.startsWith("0") ? `+84${number.slice(1)}` : number;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(after))
    if (n - (before[name] ?? 0) > 0) out[name] = n - (before[name] ?? 0);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
