import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError, deviceLogin, displayId, EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { type Logger, moduleLogger } from "@motcua/log";
import { notifyReady, notifyStopping, startWatchdog } from "@motcua/sdnotify";
import { type DisplayOptions, type RunningDisplay, startDisplay } from "./server.js";

export const DISPLAY_USAGE = `  display [--hub URL] [--port N] [--host ADDR] [--config FILE] [--id ID] [--notice TEXT]
      [--credentials FILE | --username NAME --password SECRET]   serve the wall display page`;

const HELP = `motcua display — the wall display (devices/display/README.md)

${DISPLAY_USAGE}

  --hub URL           the hub's MQTT over WebSocket (default ws://127.0.0.1:9001)
  --port N            the page's HTTP port (default 8080): open http://127.0.0.1:N/ in the kiosk browser
  --host ADDR         listen address (default 127.0.0.1; 0.0.0.0 to open the page from another machine)
  --config FILE       the office configuration, with its display: section (notice, voice)
  --id ID             this display's id: presence on device/display-ID/status (default 1)
  --notice TEXT       the scrolling line (instead of display.notice)
  --credentials FILE  username: and password: of this display on a secured hub; keep it mode 0600

The page is built with Vite on the first start when devices/display/web-dist is missing or stale.`;

export class DisplayUsageError extends Error {}

export interface DisplayIo {
  stderr: Writable;
  signals: Pick<NodeJS.Process, "on" | "off">;
}

/** The options of `startDisplay` from the command line, or "help". */
export function displayOptionsOf(args: string[], log: Logger): DisplayOptions | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      hub: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      id: { type: "string" },
      notice: { type: "string" },
      credentials: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new DisplayUsageError(`unexpected argument "${positionals[0]}"`);
  const hub = values.hub ?? "ws://127.0.0.1:9001";
  if (!/^wss?:\/\/[^/\s]+/.test(hub))
    throw new DisplayUsageError("--hub must be the hub's WebSocket address, ws://host:port");
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new DisplayUsageError("--port must be a port number (0–65535)");
  const id = values.id ?? "1";
  const idProblem = displayId.safeParse(id).error?.issues[0]?.message;
  if (idProblem !== undefined) throw new DisplayUsageError(`--id ${idProblem}`);
  const configPath = values.config ?? EXAMPLE_OFFICE_PATH;
  const config = loadOfficeConfig(configPath, process.env);
  const settings = config.display;
  const login = deviceLogin({
    credentials: values.credentials,
    username: values.username,
    password: values.password,
  });
  if (typeof login === "string") throw new DisplayUsageError(login);
  return {
    hubWsUrl: hub,
    port,
    host: values.host ?? "127.0.0.1",
    config,
    settings: values.notice !== undefined ? { ...settings, notice: values.notice } : settings,
    id,
    ...login,
    log,
  };
}

/**
 * `motcua display`: serves the page until SIGINT/SIGTERM, then says "offline". Returns the
 * exit code: 0, or 2 for a wrong flag or file (or a port already taken).
 */
export async function runDisplay(
  args: string[],
  log: Logger,
  io: DisplayIo = { stderr: process.stderr, signals: process },
): Promise<number> {
  let display: RunningDisplay;
  try {
    const options = displayOptionsOf(args, log);
    if (options === "help") {
      io.stderr.write(`${HELP}\n`);
      return 0;
    }
    display = await startDisplay(options);
  } catch (error) {
    const usage =
      error instanceof DisplayUsageError ||
      (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS"));
    const taken = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    if (usage || taken || error instanceof ConfigError) {
      log.fatal({ err: (error as Error).message }, "the display cannot start");
      io.stderr.write(`motcua display: ${(error as Error).message}\n${usage ? `\n${HELP}\n` : ""}`);
      return 2;
    }
    throw error;
  }
  const cliLog = moduleLogger(log, "motcua:display-cli");
  // systemd (Type=notify): started, and alive while the watchdog pings; nothing without systemd.
  void notifyReady("display");
  const stopWatchdog = startWatchdog();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      cliLog.info({ signal }, "stopping");
      void notifyStopping(signal);
      stopWatchdog();
      io.signals.off("SIGINT", stop);
      io.signals.off("SIGTERM", stop);
      resolve();
    };
    io.signals.on("SIGINT", stop);
    io.signals.on("SIGTERM", stop);
  });
  await display.stop();
  return 0;
}
