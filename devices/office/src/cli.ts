import { parseArgs } from "node:util";
import { EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { startOffice } from "./office.js";

export const OFFICE_USAGE = `  office [--config FILE] [--data DIR] [--port N] [--display-port N] [--mqtt-port N] [--ws-port N]
      [--now ISO] [--speed X] [--sms-delay MS]                   the whole office on this machine`;

export class OfficeUsageError extends Error {}

function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new OfficeUsageError(`${flag} must be a number`);
  return n;
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
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      port: { type: "string" },
      "display-port": { type: "string" },
      "mqtt-port": { type: "string" },
      "ws-port": { type: "string" },
      now: { type: "string" },
      speed: { type: "string" },
      "sms-delay": { type: "string" },
    },
  });
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now))
    throw new OfficeUsageError("--now must be an ISO time such as 2026-11-25T07:30:00+07:00");
  const speed = number(values.speed, "--speed", 1);
  if (speed <= 0) throw new OfficeUsageError("--speed must be a positive number");
  const office = await startOffice({
    config: loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env),
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    port: number(values.port, "--port", 8080),
    displayPort: number(values["display-port"], "--display-port", 8081),
    mqttPort: number(values["mqtt-port"], "--mqtt-port", 1883),
    wsPort: number(values["ws-port"], "--ws-port", 9001),
    now,
    speed,
    smsDelayMs: number(values["sms-delay"], "--sms-delay", 1500),
    log,
  });
  out.write(
    [
      "",
      `  motcua — ${office.hub.queue.core.config.office.name}, the whole office on this machine${speed !== 1 ? ` (${speed}× faster)` : ""}`,
      "",
      `  Office simulator (phone, counters, kiosk): ${office.urls.office}`,
      `  Wall display:                              ${office.urls.display}`,
      `  MQTT broker:                               ${office.urls.mqtt}  (WebSocket ${office.urls.ws})`,
      "",
      "  Open the first address in a browser. Ctrl+C stops everything.",
      "",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await office.stop();
  return 0;
}
