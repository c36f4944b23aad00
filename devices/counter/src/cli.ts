import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError, counterId, deviceLogin, EXAMPLE_OFFICE_ID, officeId } from "@motcua/config";
import {
  createConsoleDisplay,
  createGpio,
  type Display,
  type Gpio,
  GpioError,
  parsePressLine,
  readCommandLines,
  type SimGpio,
} from "@motcua/gpio";
import { type Logger, moduleLogger } from "@motcua/log";
import { notifyReady, notifyStopping, startWatchdog } from "@motcua/sdnotify";
import { COUNTER_KEYS, type CounterFile, loadCounterFile, pinsOf } from "./config.js";
import { type RunningCounter, startCounter } from "./counter.js";

export const COUNTER_USAGE = `  counter --counter ID [--hub URL] [--gpio onoff|sim] [--office ID] [--config FILE]
      [--credentials FILE | --username NAME --password SECRET] [--display none|console]
                                                                 run one counter's button pad`;

const HELP = `motcua counter — one counter's button pad (devices/counter/README.md)

${COUNTER_USAGE}

  --hub URL           the hub's MQTT address (default mqtt://127.0.0.1:1883)
  --counter ID        the counter this pad presses for (required)
  --gpio onoff|sim    onoff: the Pi's GPIO lines (default); sim: keys typed on standard input
  --office ID         the office id of the hub's configuration (default: the example office)
  --config FILE       the pad's file: hub, office, counter, pins, timing (YAML or JSON)
  --credentials FILE  username: and password: of this pad (a secured hub); keep it mode 0600
  --display MODE      console: the small display's text on standard error (default with sim)

With --gpio sim each line of standard input presses a key: next, recall, skip, pause,
resume, or "long recall" (held 1.5 s: skip).`;

/** A wrong flag or missing value: exits 2 with the usage. */
export class CounterUsageError extends Error {}

export interface CounterIo {
  stdin: Readable;
  /** The console display and usage messages. */
  stderr: Writable;
  /** Where SIGINT/SIGTERM come from (the process). */
  signals: Pick<NodeJS.Process, "on" | "off">;
}

interface Settings {
  hubUrl: string;
  office: string;
  counter: string;
  gpio: "onoff" | "sim";
  username?: string;
  password?: string;
  display: "none" | "console";
  file: CounterFile;
}

function settingsOf(args: string[]): Settings | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      hub: { type: "string" },
      counter: { type: "string" },
      gpio: { type: "string" },
      office: { type: "string" },
      config: { type: "string" },
      credentials: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      display: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new CounterUsageError(`unexpected argument "${positionals[0]}"`);
  const file = values.config !== undefined ? loadCounterFile(values.config) : {};
  const counter = values.counter ?? file.counter;
  if (counter === undefined)
    throw new CounterUsageError("--counter ID is required (the counter this pad presses for)");
  const counterProblem = counterId.safeParse(counter).error?.issues[0]?.message;
  if (counterProblem !== undefined) throw new CounterUsageError(`--counter ${counterProblem}`);
  const gpio = values.gpio ?? file.gpio ?? "onoff";
  if (gpio !== "onoff" && gpio !== "sim") throw new CounterUsageError("--gpio must be onoff or sim");
  const display = values.display ?? file.display ?? (gpio === "sim" ? "console" : "none");
  if (display !== "none" && display !== "console")
    throw new CounterUsageError("--display must be none or console");
  const login = deviceLogin({
    credentials: values.credentials ?? file.credentials,
    username: values.username,
    password: values.password,
    name: `counter-${counter}`,
  });
  if (typeof login === "string") throw new CounterUsageError(login);
  const office = values.office ?? file.office ?? EXAMPLE_OFFICE_ID;
  const officeProblem = officeId.safeParse(office).error?.issues[0]?.message;
  if (officeProblem !== undefined) throw new CounterUsageError(`--office ${officeProblem}`);
  return {
    hubUrl: values.hub ?? file.hub ?? "mqtt://127.0.0.1:1883",
    office,
    counter,
    gpio,
    ...login,
    display,
    file,
  };
}

/**
 * `motcua counter`: runs the pad until SIGINT/SIGTERM, then announces `offline` and releases
 * the GPIO lines. Returns the exit code: 0 after a signal, 2 for a wrong flag, file or GPIO.
 */
export async function runCounter(
  args: string[],
  log: Logger,
  io: CounterIo = { stdin: process.stdin, stderr: process.stderr, signals: process },
): Promise<number> {
  let settings: Settings | "help";
  try {
    settings = settingsOf(args);
  } catch (error) {
    return refuseStart(error, log, io);
  }
  if (settings === "help") {
    io.stderr.write(`${HELP}\n`);
    return 0;
  }
  const { file } = settings;
  let gpio: Gpio;
  try {
    gpio = await createGpio({
      backend: settings.gpio,
      pins: pinsOf(file),
      timing: { ...file.timing },
      log,
      ...(file.pins?.activeLow !== undefined ? { activeLow: file.pins.activeLow } : {}),
      ...(file.pins?.gpioBase !== undefined ? { gpioBase: file.pins.gpioBase } : {}),
    });
  } catch (error) {
    return refuseStart(error, log, io);
  }
  const display: Display | undefined =
    settings.display === "console" ? createConsoleDisplay(io.stderr) : undefined;
  const pad = startCounter({
    hubUrl: settings.hubUrl,
    office: settings.office,
    counter: settings.counter,
    gpio,
    ...(display ? { display } : {}),
    ...(settings.username !== undefined ? { username: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    log,
  });
  const cliLog = moduleLogger(log, "motcua:counter-cli");
  // systemd (Type=notify): started, and alive while the watchdog pings; nothing without systemd.
  void notifyReady(`counter ${settings.counter}`);
  const stopWatchdog = startWatchdog();
  const lines = gpio.backend === "sim" ? readKeys(io.stdin, gpio as SimGpio, pad, cliLog) : undefined;

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      cliLog.info({ signal }, "stopping");
      void notifyStopping(signal);
      stopWatchdog();
      io.signals.off("SIGINT", stop);
      io.signals.off("SIGTERM", stop);
      resolve();
    };
    // `on`, not `once`: the onoff backend releases its lines on these signals too, and re-raises
    // one only when nobody else listens.
    io.signals.on("SIGINT", stop);
    io.signals.on("SIGTERM", stop);
  });
  lines?.close();
  await pad.stop();
  return 0;
}

/** Standard input as the pad's keys: `next`, `recall`, `skip`, `pause`, `resume`, `long recall`. */
function readKeys(stdin: Readable, sim: SimGpio, pad: RunningCounter, log: Logger) {
  const keys: readonly string[] = sim.buttons.names;
  return readCommandLines(stdin, (command) => {
    const press = parsePressLine(command);
    let key = press?.button;
    if (key === "resume" || key === "pause") {
      // One pause key toggles; a typed word says which way, so it is never taken the wrong way.
      const paused = pad.state?.status === "paused";
      if ((key === "resume") !== paused) {
        log.warn(
          { line: command.line, status: pad.state?.status },
          `nothing to ${key}: the counter is ${paused ? "paused" : "open"}`,
        );
        return;
      }
      key = "pause";
    }
    if (press === undefined || key === undefined || !keys.includes(key)) {
      log.warn(
        { line: command.line, keys: [...keys, "resume"] },
        `unknown key: type one of ${[...COUNTER_KEYS.filter((k) => keys.includes(k)), "resume"].join(", ")}, or "long recall"`,
      );
      return;
    }
    sim.press(key, { long: press.long });
  });
}

function refuseStart(error: unknown, log: Logger, io: CounterIo): number {
  if (error instanceof ConfigError || error instanceof GpioError || error instanceof CounterUsageError) {
    log.fatal(
      { err: error.message, code: (error as { code?: string }).code },
      "the counter pad cannot start",
    );
    io.stderr.write(
      `motcua counter: ${error.message}\n${error instanceof CounterUsageError ? `\n${HELP}\n` : ""}`,
    );
    return 2;
  }
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    io.stderr.write(`motcua counter: ${error.message}\n\n${HELP}\n`);
    return 2;
  }
  throw error;
}
