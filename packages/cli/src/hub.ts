import { parseArgs } from "node:util";
import { EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { ScaledClock, startHub } from "@motcua/hub";
import type { Logger } from "@motcua/log";
import { notifyReady, notifyStopping, startWatchdog } from "@motcua/sdnotify";

export const HUB_USAGE = `  hub [--config FILE] [--data DIR] [--mqtt-port N] [--ws-port N] [--broker URL]
      [--modem PATH|sim] [--now ISO] [--speed X]                 run the hub`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag} must be a port number (0–65535)`);
  return n;
}

export class UsageError extends Error {}

/** `motcua hub`: runs until SIGINT/SIGTERM, then stops cleanly (the store is always consistent). */
export async function runHub(args: string[], log: Logger): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      "mqtt-port": { type: "string" },
      "ws-port": { type: "string" },
      broker: { type: "string" },
      modem: { type: "string" },
      now: { type: "string" },
      speed: { type: "string" },
    },
  });
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  const start = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(start))
    throw new UsageError("--now must be an ISO time such as 2026-11-23T07:30:00+07:00");
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0)) throw new UsageError("--speed must be a positive number");
  const mqttPort = port(values["mqtt-port"], "--mqtt-port");
  const wsPort = port(values["ws-port"], "--ws-port");
  const hub = await startHub({
    config,
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    ...(mqttPort !== undefined ? { mqttPort } : {}),
    ...(wsPort !== undefined ? { wsPort } : {}),
    ...(values.broker !== undefined ? { brokerUrl: values.broker } : {}),
    ...(values.modem !== undefined ? { modem: values.modem } : {}),
    clock: new ScaledClock(start, speed),
    // The store failed: the queue decided what the disk did not keep. Exit at once, so that
    // systemd restarts the hub and the store is replayed into a queue that matches it.
    onFatal: (error) => {
      log.fatal({ err: error.message }, "the store failed: exiting so that the hub restarts from it");
      process.exit(70);
    },
    log,
  });
  // systemd (Type=notify): started, and alive while the watchdog pings; nothing without systemd.
  void notifyReady(`hub ${config.office.id}`);
  const stopWatchdog = startWatchdog();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "stopping");
      void notifyStopping(signal);
      stopWatchdog();
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await hub.stop();
  return 0;
}
