import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError, counterId, deviceLogin, EXAMPLE_OFFICE_ID, officeId } from "@motcua/config";
import { createGpio, type Gpio, GpioError, readCommandLines, type SimGpio } from "@motcua/gpio";
import { type Logger, moduleLogger } from "@motcua/log";
import { notifyReady, notifyStopping, startWatchdog } from "@motcua/sdnotify";
import { loadRatingFile, pinsOf, RATING_KEYS, type RatingFile } from "./config.js";
import { startRating } from "./rating.js";

export const RATING_USAGE = `  rating --counter ID [--hub URL] [--gpio onoff|sim] [--office ID] [--config FILE]
      [--credentials FILE | --username NAME --password SECRET]
                                                                 run one counter's rating pad`;

const HELP = `motcua rating — a counter's rating pad for the citizen (devices/rating/README.md)

${RATING_USAGE}

  --hub URL           the hub's MQTT address (default mqtt://127.0.0.1:1883)
  --counter ID        the counter whose citizens this pad rates (required)
  --gpio onoff|sim    onoff: the Pi's GPIO lines (default); sim: keys typed on standard input
  --office ID         the office id of the hub's configuration (default: the example office)
  --config FILE       the pad's file: hub, office, counter, pins, timing (YAML or JSON)
  --credentials FILE  username: and password: of this pad (a secured hub); keep it mode 0600

With --gpio sim each line of standard input presses a key: very_satisfied (rất hài lòng),
satisfied (hài lòng) or unsatisfied (không hài lòng); the light's changes are written on
standard error ("[đèn] …").`;

/** A wrong flag or missing value: exits 2 with the usage. */
export class RatingUsageError extends Error {}

export interface RatingIo {
  stdin: Readable;
  /** The simulated light's lines and usage messages. */
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
  file: RatingFile;
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
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new RatingUsageError(`unexpected argument "${positionals[0]}"`);
  const file = values.config !== undefined ? loadRatingFile(values.config) : {};
  const counter = values.counter ?? file.counter;
  if (counter === undefined)
    throw new RatingUsageError("--counter ID is required (the counter whose citizens this pad rates)");
  const counterProblem = counterId.safeParse(counter).error?.issues[0]?.message;
  if (counterProblem !== undefined) throw new RatingUsageError(`--counter ${counterProblem}`);
  const gpio = values.gpio ?? file.gpio ?? "onoff";
  if (gpio !== "onoff" && gpio !== "sim") throw new RatingUsageError("--gpio must be onoff or sim");
  const login = deviceLogin({
    credentials: values.credentials ?? file.credentials,
    username: values.username,
    password: values.password,
    name: `rating-${counter}`,
  });
  if (typeof login === "string") throw new RatingUsageError(login);
  const office = values.office ?? file.office ?? EXAMPLE_OFFICE_ID;
  const officeProblem = officeId.safeParse(office).error?.issues[0]?.message;
  if (officeProblem !== undefined) throw new RatingUsageError(`--office ${officeProblem}`);
  return {
    hubUrl: values.hub ?? file.hub ?? "mqtt://127.0.0.1:1883",
    office,
    counter,
    gpio,
    ...login,
    file,
  };
}

/**
 * `motcua rating`: runs the pad until SIGINT/SIGTERM, then announces `offline` and releases the
 * GPIO lines. Returns the exit code: 0 after a signal, 2 for a wrong flag, file or GPIO.
 */
export async function runRating(
  args: string[],
  log: Logger,
  io: RatingIo = { stdin: process.stdin, stderr: process.stderr, signals: process },
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
      timing: file.timing?.debounceMs !== undefined ? { debounceMs: file.timing.debounceMs } : {},
      log,
      ...(file.pins?.activeLow !== undefined ? { activeLow: file.pins.activeLow } : {}),
      ...(file.pins?.gpioBase !== undefined ? { gpioBase: file.pins.gpioBase } : {}),
    });
  } catch (error) {
    return refuseStart(error, log, io);
  }
  const simulated = gpio.backend === "sim";
  const pad = startRating({
    hubUrl: settings.hubUrl,
    office: settings.office,
    counter: settings.counter,
    gpio,
    ...(settings.username !== undefined ? { username: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(file.timing?.thanksMs !== undefined ? { thanksMs: file.timing.thanksMs } : {}),
    ...(file.timing?.refusalMs !== undefined ? { refusalMs: file.timing.refusalMs } : {}),
    ...(simulated
      ? { onLight: (pattern: string, meaning: string) => io.stderr.write(`[đèn] ${pattern}: ${meaning}\n`) }
      : {}),
    log,
  });
  const cliLog = moduleLogger(log, "motcua:rating-cli");
  // systemd (Type=notify): started, and alive while the watchdog pings; nothing without systemd.
  void notifyReady(`rating pad of counter ${settings.counter}`);
  const stopWatchdog = startWatchdog();
  const lines = simulated ? readKeys(io.stdin, gpio as SimGpio, cliLog) : undefined;

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      cliLog.info({ signal }, "stopping");
      void notifyStopping(signal);
      stopWatchdog();
      io.signals.off("SIGINT", stop);
      io.signals.off("SIGTERM", stop);
      resolve();
    };
    // `on`, not `once`: the onoff backend releases its lines on these signals too.
    io.signals.on("SIGINT", stop);
    io.signals.on("SIGTERM", stop);
  });
  lines?.close();
  await pad.stop();
  return 0;
}

/** Standard input as the pad's keys: `very_satisfied`, `satisfied`, `unsatisfied`. */
function readKeys(stdin: Readable, sim: SimGpio, log: Logger) {
  const keys: readonly string[] = sim.buttons.names;
  return readCommandLines(stdin, (command) => {
    const key = command.words.length === 1 ? command.words[0]?.toLowerCase() : undefined;
    if (key === undefined || !keys.includes(key)) {
      log.warn(
        { line: command.line, keys: RATING_KEYS },
        `unknown key: type one of ${RATING_KEYS.join(", ")}`,
      );
      return;
    }
    sim.press(key);
  });
}

function refuseStart(error: unknown, log: Logger, io: RatingIo): number {
  if (error instanceof ConfigError || error instanceof GpioError || error instanceof RatingUsageError) {
    log.fatal({ err: error.message, code: (error as { code?: string }).code }, "the rating pad cannot start");
    io.stderr.write(
      `motcua rating: ${error.message}\n${error instanceof RatingUsageError ? `\n${HELP}\n` : ""}`,
    );
    return 2;
  }
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    io.stderr.write(`motcua rating: ${error.message}\n\n${HELP}\n`);
    return 2;
  }
  throw error;
}
