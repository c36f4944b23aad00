import { parseArgs } from "node:util";
import { EXAMPLE_OFFICE_PATH, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import type { RunningOffice } from "./office.js";

export const OFFICE_USAGE = `  office [--config FILE] [--data DIR] [--port N] [--display-port N] [--console-port N]
      [--mqtt-port N] [--ws-port N] [--now ISO] [--speed X] [--sms-delay MS]                   the whole office on this machine`;

const HELP = `Usage: pnpm motcua office [flags]

The whole office on this machine: the hub with a simulated modem, a button pad per counter,
the kiosk with a file printer, the wall display, and the office simulator page that drives
them. Everything listens on 127.0.0.1 only, without passwords: nothing outside this machine
can reach it. (\`pnpm motcua hub\` serves a real office's network.)

  --config FILE      the office configuration (default: the bundled example office)
  --data DIR         where the store and the printed tickets go (default: a new temporary folder)
  --port N           the office simulator page (default 8080)
  --display-port N   the wall display page (default 8081)
  --console-port N   the staff console (default 8082), with an account per role
  --mqtt-port N      the hub's MQTT port (default 1883)
  --ws-port N        the hub's MQTT-over-WebSocket port (default 9001)
  --now ISO          start the clock at this time, e.g. 2026-11-25T07:30:00+07:00
                     (default: now, or the office's next opening when it is closed now)
  --speed X          run the clock X times faster (default 1)
  --sms-delay MS     the simulated modem's time per SMS segment (default 1500)
  --help             this text
`;

export class OfficeUsageError extends Error {}

function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new OfficeUsageError(`${flag} must be a number`);
  return n;
}

/** Where the clock starts, and the sentence that says why when it is not the time asked for. */
export interface OfficeStart {
  now: number;
  /** Set when the office was closed at the real time and the clock moved to its next opening. */
  movedFrom?: number;
}

/**
 * `--now` wins; without it the clock starts now, unless the office is closed now (evening,
 * weekend, lunch, holiday): then at its next opening, or every SMS and ticket would be refused.
 * The hub (and its calendar) is loaded only here, so that `office --help` loads none of it.
 */
export async function officeStart(
  config: OfficeConfig,
  now: string | undefined,
  realNow = Date.now(),
): Promise<OfficeStart> {
  if (now !== undefined) {
    const at = Date.parse(now);
    if (Number.isNaN(at))
      throw new OfficeUsageError("--now must be an ISO time such as 2026-11-25T07:30:00+07:00");
    return { now: at };
  }
  const { OfficeCalendar } = await import("@motcua/core");
  const opening = new OfficeCalendar(config).nextOpening(realNow);
  return opening === undefined ? { now: realNow } : { now: opening, movedFrom: realNow };
}

/** "Thứ Sáu 04/12/2026 07:30", in the office's time zone. */
export function officeTime(config: OfficeConfig, instant: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("vi-VN", {
      timeZone: config.office.timeZone,
      weekday: "long",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = String(parts.weekday).replace(/^./, (c) => c.toUpperCase());
  return `${weekday} ${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** What the banner (English, like the rest of it) and the page (Vietnamese) say about the clock. */
export function clockNote(
  config: OfficeConfig,
  start: OfficeStart,
): { banner: string; page: string } | undefined {
  if (start.movedFrom === undefined) return undefined;
  const closed = officeTime(config, start.movedFrom);
  const opening = officeTime(config, start.now);
  return {
    banner: `The office is closed now (${closed}): the clock starts at its next opening, ${opening}. --now ISO chooses another time.`,
    page: `Lúc khởi động (${closed}) bộ phận đang nghỉ: đồng hồ mô phỏng bắt đầu từ giờ mở cửa tiếp theo, ${opening}. Chọn giờ khác bằng --now.`,
  };
}

/** Each port of the office and the flag that moves it. */
const PORT_FLAGS = {
  port: "--port",
  displayPort: "--display-port",
  consolePort: "--console-port",
  mqttPort: "--mqtt-port",
  wsPort: "--ws-port",
} as const;

/** The one line for a port another program holds, naming the flag to change; undefined otherwise. */
export function portClash(
  error: unknown,
  ports: Record<keyof typeof PORT_FLAGS, number>,
): string | undefined {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== "EADDRINUSE" || port === undefined) return undefined;
  const name = (Object.keys(PORT_FLAGS) as (keyof typeof PORT_FLAGS)[]).find((k) => ports[k] === port);
  const flag = name ? PORT_FLAGS[name] : "its flag";
  return `motcua office: port ${port} is already in use by another program (another motcua?): stop it, or choose another port with ${flag} N`;
}

/**
 * `motcua office` (what `pnpm start` runs): the hub with the simulated modem, a pad per counter,
 * the kiosk with its file printer and the display, all on this machine, with the office
 * simulator page; prints the addresses and runs until SIGINT/SIGTERM.
 */
export async function runOffice(
  args: string[],
  log: Logger,
  out: NodeJS.WritableStream = process.stderr,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  try {
    return await office(args, log, out, stdout);
  } catch (error) {
    if (!(error instanceof OfficeUsageError)) throw error;
    out.write(`motcua office: ${error.message}\n\npnpm motcua office --help shows its flags.\n`);
    return 2;
  }
}

async function office(
  args: string[],
  log: Logger,
  out: NodeJS.WritableStream,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      port: { type: "string" },
      "display-port": { type: "string" },
      "console-port": { type: "string" },
      "mqtt-port": { type: "string" },
      "ws-port": { type: "string" },
      now: { type: "string" },
      speed: { type: "string" },
      "sms-delay": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    stdout.write(HELP);
    return 0;
  }
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  const start = await officeStart(config, values.now);
  const speed = number(values.speed, "--speed", 1);
  if (speed <= 0) throw new OfficeUsageError("--speed must be a positive number");
  const ports = {
    port: number(values.port, "--port", 8080),
    displayPort: number(values["display-port"], "--display-port", 8081),
    consolePort: number(values["console-port"], "--console-port", 8082),
    mqttPort: number(values["mqtt-port"], "--mqtt-port", 1883),
    wsPort: number(values["ws-port"], "--ws-port", 9001),
  };
  const note = clockNote(config, start);
  const { startOffice } = await import("./office.js");
  const { DEMO_PASSWORD, demoAccounts } = await import("./demo-accounts.js");
  let running: RunningOffice;
  try {
    running = await startOffice({
      config,
      ...(values.data !== undefined ? { dataDir: values.data } : {}),
      ...ports,
      now: start.now,
      speed,
      smsDelayMs: number(values["sms-delay"], "--sms-delay", 1500),
      ...(note !== undefined ? { clockNote: note.page } : {}),
      log,
    });
  } catch (error) {
    const clash = portClash(error, ports);
    if (clash === undefined) throw error;
    out.write(`${clash}\n`);
    return 1;
  }
  out.write(
    [
      "",
      `  motcua — ${config.office.name}, the whole office on this machine${speed !== 1 ? ` (${speed}× faster)` : ""}`,
      ...(note !== undefined ? ["", `  ${note.banner}`] : []),
      "",
      `  Office simulator (phone, counters and their rating pads, kiosk): ${running.urls.office}`,
      `  Wall display:                              ${running.urls.display}`,
      `  Staff console:                             ${running.urls.console}`,
      `      accounts ${demoAccounts(config)
        .map((a) => `${a.login} (${a.role})`)
        .join(", ")}, password ${DEMO_PASSWORD}`,
      ...(config.officers.length > 0
        ? [
            `      and each dossier officer by id (${config.officers.map((o) => o.id).join(", ")}), same password`,
          ]
        : []),
      `  MQTT broker:                               ${running.urls.mqtt}  (WebSocket ${running.urls.ws})`,
      "",
      "  All of it listens on 127.0.0.1 only and takes anyone on this machine without a password.",
      "  Open the first address in a browser. Ctrl+C stops everything.",
      "",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await running.stop();
  return 0;
}
