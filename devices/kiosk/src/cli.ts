import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import {
  ConfigError,
  deviceLogin,
  EXAMPLE_OFFICE_PATH,
  kioskId,
  loadOfficeConfig,
  type OfficeConfig,
} from "@motcua/config";
import {
  createConsoleDisplay,
  createGpio,
  type Gpio,
  GpioError,
  readCommandLines,
  type SimGpio,
} from "@motcua/gpio";
import type { Logger } from "@motcua/log";
import { moduleLogger } from "@motcua/log";
import { openPrinter, PRINTER_SPECS, PrinterError } from "@motcua/printer";
import { notifyReady, notifyStopping, startWatchdog } from "@motcua/sdnotify";
import { type RunningKiosk, startKiosk } from "./kiosk.js";
import { kioskPins, loadPinsFile, type PinsFile, PRIORITY_BUTTON } from "./pins.js";

export const KIOSK_USAGE = `  kiosk [--kiosk ID] [--hub URL] [--gpio onoff|sim] [--printer ${PRINTER_SPECS}]
      [--paper 58|80] [--config FILE] [--pins FILE] [--timeout SECONDS]
      [--credentials FILE | --username NAME --password SECRET]   run the ticket kiosk`;

const HELP = `motcua kiosk — the ticket kiosk (devices/kiosk/README.md)

${KIOSK_USAGE}

  --hub URL           the hub's MQTT address (default mqtt://127.0.0.1:1883)
  --kiosk ID          this kiosk's id (default 1)
  --gpio onoff|sim    onoff: buttons and LEDs on the Pi's GPIO (default); sim: lines on standard input
  --printer SPEC      usb (the first USB printer), usb:VID:PID, usb:/dev/usb/lp0, or file:DIR
                      (the simulated printer: each ticket's bytes and a PNG in DIR); default usb
  --paper 58|80       paper width in mm (default 58)
  --config FILE       the office configuration: names, services, SMS number (default: the example)
  --pins FILE         BCM lines of the buttons and LEDs (default: the wiring in the README)
  --credentials FILE  username: and password: of this kiosk (a secured hub); keep it mode 0600
  --timeout SECONDS   how long to wait for the hub's answer (default 5)

With --gpio sim each line of standard input presses buttons: a service code (TP), or
"priority TP" for a priority ticket. The screen line goes to standard error, the log to
standard output; the end of the input stops the kiosk.`;

export class KioskUsageError extends Error {}

export interface KioskIo {
  stdin: Readable;
  /** The screen line and usage messages. */
  stderr: Writable;
  /** Where SIGINT/SIGTERM come from (the process). */
  signals: Pick<NodeJS.Process, "on" | "off">;
}

interface Settings {
  hubUrl: string;
  kiosk: string;
  gpio: "onoff" | "sim";
  printer: string;
  paper: "58" | "80";
  config: OfficeConfig;
  pins: PinsFile;
  username?: string;
  password?: string;
  timeoutMs: number;
}

function settingsOf(args: string[]): Settings | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      hub: { type: "string" },
      kiosk: { type: "string" },
      gpio: { type: "string" },
      printer: { type: "string" },
      paper: { type: "string" },
      config: { type: "string" },
      pins: { type: "string" },
      credentials: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new KioskUsageError(`unexpected argument "${positionals[0]}"`);
  const kiosk = values.kiosk ?? "1";
  const kioskIdProblem = kioskId.safeParse(kiosk).error?.issues[0]?.message;
  if (kioskIdProblem !== undefined) throw new KioskUsageError(`--kiosk ${kioskIdProblem}`);
  const gpio = values.gpio ?? "onoff";
  if (gpio !== "onoff" && gpio !== "sim") throw new KioskUsageError("--gpio must be onoff or sim");
  const paper = values.paper ?? "58";
  if (paper !== "58" && paper !== "80") throw new KioskUsageError("--paper must be 58 or 80");
  const seconds = values.timeout === undefined ? 5 : Number(values.timeout);
  if (!(seconds > 0 && seconds <= 60))
    throw new KioskUsageError("--timeout must be more than 0 and at most 60 seconds");
  const login = deviceLogin({
    credentials: values.credentials,
    username: values.username,
    password: values.password,
    name: `kiosk-${kiosk}`,
  });
  if (typeof login === "string") throw new KioskUsageError(login);
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  return {
    hubUrl: values.hub ?? "mqtt://127.0.0.1:1883",
    kiosk,
    gpio,
    printer: values.printer ?? "usb",
    paper,
    config,
    // Checked against the office's services here, so a wrong button names its line of the file.
    pins: values.pins !== undefined ? loadPinsFile(values.pins, config) : {},
    ...login,
    timeoutMs: Math.round(seconds * 1000),
  };
}

function refuseStart(error: unknown, log: Logger, io: KioskIo): number {
  const usage =
    error instanceof KioskUsageError ||
    (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS"));
  if (usage || error instanceof ConfigError || error instanceof GpioError || error instanceof PrinterError) {
    log.fatal(
      { err: (error as Error).message, code: (error as { code?: string }).code },
      "the kiosk cannot start",
    );
    io.stderr.write(`motcua kiosk: ${(error as Error).message}\n${usage ? `\n${HELP}\n` : ""}`);
    return 2;
  }
  throw error;
}

/**
 * `motcua kiosk`: runs until SIGINT/SIGTERM (or, with `--gpio sim`, the end of standard input),
 * then announces `offline`, releases the GPIO lines and the printer. Returns the exit code: 0,
 * or 2 for a wrong flag, file, GPIO or printer name.
 */
export async function runKiosk(
  args: string[],
  log: Logger,
  io: KioskIo = { stdin: process.stdin, stderr: process.stderr, signals: process },
): Promise<number> {
  let settings: Settings | "help";
  let gpio: Gpio;
  let kiosk: RunningKiosk;
  try {
    settings = settingsOf(args);
    if (settings === "help") {
      io.stderr.write(`${HELP}\n`);
      return 0;
    }
    const printer = openPrinter(settings.printer, { paper: settings.paper });
    gpio = await createGpio({
      backend: settings.gpio,
      pins: kioskPins(settings.config, settings.pins),
      log,
      ...(settings.pins.activeLow !== undefined ? { activeLow: settings.pins.activeLow } : {}),
      ...(settings.pins.gpioBase !== undefined ? { gpioBase: settings.pins.gpioBase } : {}),
    });
    kiosk = await startKiosk({
      hubUrl: settings.hubUrl,
      kiosk: settings.kiosk,
      config: settings.config,
      printer,
      gpio,
      display: createConsoleDisplay(io.stderr),
      ...(settings.username !== undefined ? { username: settings.username } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      answerTimeoutMs: settings.timeoutMs,
      log,
    });
  } catch (error) {
    return refuseStart(error, log, io);
  }
  const cliLog = moduleLogger(log, "motcua:kiosk-cli");
  cliLog.info(
    {
      kiosk: settings.kiosk,
      hub: settings.hubUrl.replace(/\/\/[^@/]*@/, "//***@"),
      printer: settings.printer,
      gpio: settings.gpio,
    },
    "kiosk started",
  );

  // systemd (Type=notify): started, and alive while the watchdog pings; nothing without systemd.
  void notifyReady(`kiosk ${settings.kiosk}`);
  const stopWatchdog = startWatchdog();
  await new Promise<void>((resolve) => {
    const stop = (why: string) => {
      cliLog.info({ signal: why }, "stopping");
      void notifyStopping(why);
      stopWatchdog();
      io.signals.off("SIGINT", stop);
      io.signals.off("SIGTERM", stop);
      resolve();
    };
    // `on`, not `once`: the onoff backend releases its lines on these signals too.
    io.signals.on("SIGINT", stop);
    io.signals.on("SIGTERM", stop);
    if (gpio.backend === "sim") {
      // Lines run one after the other, as presses of one citizen after another would.
      let queue = Promise.resolve();
      const lines = readCommandLines(io.stdin, ({ words }) => {
        queue = queue.then(() => simulateLine(words, gpio as SimGpio, kiosk, cliLog));
      });
      lines.done.then(() => queue).then(() => stop("end of input"));
    }
  });
  await kiosk.stop();
  return 0;
}

/** `TP` or `priority TP`: presses the buttons, then waits until that press is settled. */
async function simulateLine(words: string[], sim: SimGpio, kiosk: RunningKiosk, log: Logger): Promise<void> {
  const buttons = words.map((w) => (w.toLowerCase() === PRIORITY_BUTTON ? PRIORITY_BUTTON : w.toUpperCase()));
  const unknown = buttons.filter((b) => !sim.buttons.names.includes(b));
  if (unknown.length > 0) {
    log.warn({ line: words.join(" "), buttons: sim.buttons.names }, `no button ${unknown.join(", ")}`);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  let off = () => {};
  const settled = new Promise<void>((resolve) => {
    off = kiosk.onEvent((e) => {
      if (e.type === "press") resolve();
    });
    timer = setTimeout(resolve, 30_000);
  });
  for (const button of buttons) sim.press(button);
  // A line of only `priority` arms it for the next line: no press to wait for.
  if (buttons.at(-1) !== PRIORITY_BUTTON) await settled;
  off();
  clearTimeout(timer);
}
