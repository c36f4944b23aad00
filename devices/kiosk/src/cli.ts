import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError, EXAMPLE_OFFICE_PATH, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { openPrinter, PRINTER_SPECS, PrinterError } from "@motcua/printer";
import { parse as parseYaml } from "yaml";
import { LEDS, PRIORITY_BUTTON, type RunningKiosk, startKiosk } from "./kiosk.js";
import { createSimPanel, createTextDisplay, type KioskPanel } from "./panel.js";

export const KIOSK_USAGE = `  kiosk --kiosk ID [--hub URL] [--gpio onoff|sim] [--printer ${PRINTER_SPECS}]
      [--paper 58|80] [--config FILE] [--credentials FILE | --username NAME --password SECRET]
      [--timeout SECONDS]                                         run the ticket kiosk`;

const HELP = `motcua kiosk — the ticket kiosk (devices/kiosk/README.md)

${KIOSK_USAGE}

  --hub URL           the hub's MQTT address (default mqtt://127.0.0.1:1883)
  --kiosk ID          this kiosk's id (default 1)
  --gpio onoff|sim    onoff: buttons on the Pi's GPIO (default); sim: lines on standard input
  --printer SPEC      usb (the first USB printer), usb:VID:PID, usb:/dev/usb/lp0, or file:DIR
                      (the simulated printer: each ticket's bytes and a PNG in DIR); default usb
  --paper 58|80       paper width in mm (default 58)
  --config FILE       the office configuration (names, services, SMS number); default the example
  --credentials FILE  username: and password: of this kiosk (a secured hub); keep it mode 0600
  --timeout SECONDS   how long to wait for the hub's answer (default 5)

With --gpio sim each line of standard input presses buttons: a service code (TP) or
"priority TP". The kiosk's screen line goes to standard error; the end of the input stops it.`;

export class KioskUsageError extends Error {}

export interface KioskIo {
  stdin: Readable;
  /** The screen line and usage messages. */
  stderr: Writable;
  signals: Pick<NodeJS.Process, "once" | "off">;
}

interface Settings {
  hubUrl: string;
  kiosk: string;
  gpio: "onoff" | "sim";
  printer: string;
  paper: "58" | "80";
  config: OfficeConfig;
  username?: string;
  password?: string;
  timeoutMs: number;
}

function credentialsOf(path: string): { username: string; password: string } {
  let value: unknown;
  try {
    value = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(path, [
      { path: "", message: `cannot read the credentials: ${(error as Error).message}` },
    ]);
  }
  const v = value as { username?: unknown; password?: unknown } | null;
  if (typeof v?.username !== "string" || typeof v.password !== "string" || v.password === "")
    throw new ConfigError(path, [{ path: "", message: "must hold username: and password:" }]);
  return { username: v.username, password: v.password };
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
  if (!/^[A-Za-z0-9-]{1,16}$/.test(kiosk))
    throw new KioskUsageError("--kiosk must be 1–16 letters, digits or dashes");
  const gpio = values.gpio ?? "onoff";
  if (gpio !== "onoff" && gpio !== "sim") throw new KioskUsageError("--gpio must be onoff or sim");
  const paper = values.paper ?? "58";
  if (paper !== "58" && paper !== "80") throw new KioskUsageError("--paper must be 58 or 80");
  const seconds = values.timeout === undefined ? 5 : Number(values.timeout);
  if (!(seconds > 0 && seconds <= 60)) throw new KioskUsageError("--timeout must be 0–60 seconds");
  const credentials = values.credentials !== undefined ? credentialsOf(values.credentials) : undefined;
  const username =
    values.username ??
    credentials?.username ??
    (values.password !== undefined ? `kiosk-${kiosk}` : undefined);
  const password = values.password ?? credentials?.password;
  if (username !== undefined && password === undefined)
    throw new KioskUsageError("--username needs --password (or use --credentials FILE)");
  return {
    hubUrl: values.hub ?? "mqtt://127.0.0.1:1883",
    kiosk,
    gpio,
    printer: values.printer ?? "usb",
    paper,
    config: loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    timeoutMs: Math.round(seconds * 1000),
  };
}

/** The buttons: one per service (named by its code) and the priority button. */
export function buttonNames(config: OfficeConfig): string[] {
  return [...config.services.map((s) => s.code), PRIORITY_BUTTON];
}

async function panelFor(settings: Settings): Promise<KioskPanel & { press?: (button: string) => void }> {
  const buttons = buttonNames(settings.config);
  const leds = Object.values(LEDS);
  if (settings.gpio === "sim") return createSimPanel(buttons, leds);
  throw new KioskUsageError(
    "--gpio onoff needs the GPIO package (@motcua/gpio), which this version does not have yet: use --gpio sim",
  );
}

/**
 * `motcua kiosk`: runs until SIGINT/SIGTERM (or, with `--gpio sim`, the end of standard input),
 * then announces `offline` and releases the printer. Exit code 0, or 2 for a wrong flag or file.
 */
export async function runKiosk(
  args: string[],
  log: Logger,
  io: KioskIo = { stdin: process.stdin, stderr: process.stderr, signals: process },
): Promise<number> {
  let settings: Settings | "help";
  try {
    settings = settingsOf(args);
  } catch (error) {
    if (
      error instanceof KioskUsageError ||
      (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      io.stderr.write(`motcua kiosk: ${(error as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (settings === "help") {
    io.stderr.write(`${HELP}\n`);
    return 0;
  }
  let kiosk: RunningKiosk;
  let panel: Awaited<ReturnType<typeof panelFor>>;
  try {
    panel = await panelFor(settings);
    const printer = openPrinter(settings.printer, { paper: settings.paper });
    kiosk = await startKiosk({
      hubUrl: settings.hubUrl,
      kiosk: settings.kiosk,
      config: settings.config,
      printer,
      panel,
      display: createTextDisplay(io.stderr),
      ...(settings.username !== undefined ? { username: settings.username } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      answerTimeoutMs: settings.timeoutMs,
      log,
    });
  } catch (error) {
    if (error instanceof KioskUsageError || error instanceof PrinterError) {
      io.stderr.write(`motcua kiosk: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  log.info(
    {
      kiosk: settings.kiosk,
      hub: settings.hubUrl.replace(/\/\/[^@/]*@/, "//***@"),
      printer: settings.printer,
      gpio: settings.gpio,
    },
    "kiosk started",
  );

  // Presses from standard input run one after the other, as a citizen's would.
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "stopping");
      resolve();
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    io.signals.once("SIGINT", onInt);
    io.signals.once("SIGTERM", onTerm);
    if (settings.gpio === "sim" && panel.press) {
      const press = panel.press.bind(panel);
      const lines = createInterface({
        input: io.stdin,
        crlfDelay: Number.POSITIVE_INFINITY,
        terminal: false,
      });
      lines.on("line", (raw) => {
        const words = raw
          .trim()
          .split(/\s+/)
          .filter((w) => w !== "");
        if (words.length === 0 || words[0]?.startsWith("#")) return;
        queue = queue.then(() => simulateLine(words, press, kiosk, io.stderr));
      });
      lines.once("close", () => {
        queue.then(() => stop("end of input"));
      });
    }
  });
  await kiosk.stop();
  return 0;
}

/** `TP` or `priority TP`: presses the buttons, then waits until that press is settled. */
async function simulateLine(
  words: string[],
  press: (button: string) => void,
  kiosk: RunningKiosk,
  stderr: Writable,
): Promise<void> {
  const settled = new Promise<void>((resolve) => {
    const off = kiosk.onEvent((e) => {
      if (e.type === "press") {
        off();
        resolve();
      }
    });
    setTimeout(() => {
      off();
      resolve();
    }, 30_000).unref();
  });
  try {
    for (const word of words)
      press(word.toLowerCase() === PRIORITY_BUTTON ? PRIORITY_BUTTON : word.toUpperCase());
  } catch (error) {
    stderr.write(`motcua kiosk: ${(error as Error).message}\n`);
    return;
  }
  // A line of only `priority` arms it for the next line; nothing to wait for.
  if (words.at(-1)?.toLowerCase() === PRIORITY_BUTTON) return;
  await settled;
}
