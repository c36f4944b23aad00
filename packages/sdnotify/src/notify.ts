import { execFile } from "node:child_process";

/**
 * The sender. Node has no unix datagram sockets, so the datagram is sent by systemd's own
 * `systemd-notify` (package `systemd`, on every Raspberry Pi OS and Debian image) rather than
 * by a native addon (`unix-dgram`, `sd-notify`) that would have to be compiled for the Pi.
 * The datagram then comes from a child process: units need `NotifyAccess=all`. Since
 * systemd 246 `systemd-notify` waits until the manager has read the message (BARRIER=1),
 * so a child that exits at once is still attributed to the unit.
 */
export const SYSTEMD_NOTIFY = "/usr/bin/systemd-notify";

/** `KEY: value` lines of the sd_notify protocol, e.g. `{ READY: 1, STATUS: "serving" }`. */
export type NotifyFields = Record<string, string | number>;

export interface NotifyOptions {
  /** Where NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID are read; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** The sender program; `/usr/bin/systemd-notify` by default. */
  program?: string;
  /** A failed send is logged here once, until a send succeeds again (pino's signature). */
  log?: { warn(details: object, message: string): void };
  /** How long one send may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

const KEY = /^[A-Z][A-Z0-9_]*$/;
let failing = false;

/**
 * Sends one message to the service manager. Resolves `true` when it was delivered, `false`
 * when there is no service manager to tell (NOTIFY_SOCKET unset: nothing is run) or the send
 * failed. Never rejects: telling systemd is never worth stopping the program for.
 */
export function notify(fields: NotifyFields, options: NotifyOptions = {}): Promise<boolean> {
  const env = options.env ?? process.env;
  if (!env.NOTIFY_SOCKET) return Promise.resolve(false);
  const args: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!KEY.test(key)) throw new TypeError(`sd_notify: "${key}" is not a variable name`);
    // One line a variable: a newline inside a value would start a variable of its own.
    args.push(`${key}=${String(value).replace(/\s*[\r\n]+\s*/g, " ")}`);
  }
  const program = options.program ?? SYSTEMD_NOTIFY;
  return new Promise((resolve) => {
    execFile(program, args, { env, timeout: options.timeoutMs ?? 10_000 }, (error) => {
      if (!error) {
        failing = false;
        resolve(true);
        return;
      }
      if (!failing) {
        failing = true;
        options.log?.warn(
          { program, fields: Object.keys(fields), err: error.message },
          "could not tell systemd (sd_notify); the program goes on",
        );
      }
      resolve(false);
    });
  });
}

/** READY=1, with a STATUS line if given: call it once the program does its job. */
export function notifyReady(status?: string, options: NotifyOptions = {}): Promise<boolean> {
  return notify(status === undefined ? { READY: 1 } : { READY: 1, STATUS: status }, options);
}

/** STATUS=…: the line `systemctl status` shows. */
export function notifyStatus(status: string, options: NotifyOptions = {}): Promise<boolean> {
  return notify({ STATUS: status }, options);
}

/** STOPPING=1: the program has begun to stop (on SIGTERM), so systemd does not take it for a hang. */
export function notifyStopping(status?: string, options: NotifyOptions = {}): Promise<boolean> {
  return notify(status === undefined ? { STOPPING: 1 } : { STOPPING: 1, STATUS: status }, options);
}

/**
 * The watchdog's ping interval in milliseconds: half of WATCHDOG_USEC, as sd_watchdog_enabled(3)
 * advises. Undefined when there is no watchdog for this process: NOTIFY_SOCKET or WATCHDOG_USEC
 * unset or malformed, or WATCHDOG_PID naming another process.
 */
export function watchdogIntervalMs(
  env: NodeJS.ProcessEnv = process.env,
  pid: number = process.pid,
): number | undefined {
  if (!env.NOTIFY_SOCKET) return undefined;
  const usec = env.WATCHDOG_USEC;
  if (usec === undefined || !/^\d+$/.test(usec) || Number(usec) === 0) return undefined;
  if (env.WATCHDOG_PID !== undefined && env.WATCHDOG_PID !== String(pid)) return undefined;
  return Math.max(1, Math.floor(Number(usec) / 2000));
}

export interface WatchdogOptions extends NotifyOptions {
  /** This process's id, compared with WATCHDOG_PID (default `process.pid`). */
  pid?: number;
}

/**
 * Pings the watchdog (WATCHDOG=1) at once and then every half of WATCHDOG_USEC, from a timer on
 * the event loop: a loop stuck in a busy wait stops the pings and systemd restarts the program.
 * A ping still on its way when the next is due is not doubled. The timer does not keep the
 * process alive. Returns the function that stops the pings; a no-op when there is no watchdog.
 */
export function startWatchdog(options: WatchdogOptions = {}): () => void {
  const interval = watchdogIntervalMs(options.env ?? process.env, options.pid ?? process.pid);
  if (interval === undefined) return () => {};
  let inFlight = false;
  let stopped = false;
  const ping = () => {
    if (inFlight || stopped) return;
    inFlight = true;
    void notify({ WATCHDOG: 1 }, options).finally(() => {
      inFlight = false;
    });
  };
  ping();
  const timer = setInterval(ping, interval);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
