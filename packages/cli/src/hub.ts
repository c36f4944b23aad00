import { parseFlags, UsageError } from "./flags.js";

export const HUB_USAGE = `motcua hub — the office's hub: broker, live queue, store and SMS (docs/hub.md)

Usage: pnpm motcua hub [--config FILE] [--data DIR] [--mqtt-port N] [--ws-port N] [--http-port N]
                       [--bind WHERE] [--broker URL] [--modem PATH|sim] [--now ISO] [--speed X]

  --config FILE     the office configuration (default: the bundled example office)
  --data DIR        where the store lives (default $MOTCUA_DATA, else ~/.local/share/motcua)
  --mqtt-port N     MQTT over TCP (default hub.mqttPort, 1883)
  --ws-port N       MQTT over WebSocket, for the display's browser (default hub.wsPort, 9001)
  --http-port N     the staff console, docs/console.md (default hub.httpPort, 8088)
  --bind WHERE      where every listener binds: a LAN interface (eth0, wlan0), an address, or
                    0.0.0.0 for every interface (default hub.host; a secured office must say)
  --broker URL      use an external broker; the embedded one does not start
  --modem PATH|sim  the modem's serial device (default modem.paths), or sim: the built-in simulator
  --now ISO         start the clock at this time (default: now)
  --speed X         run the clock X times faster (default 1)

Logs are JSON lines on standard output; SIGINT or SIGTERM stops the hub cleanly.`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag} must be a port number (0–65535)`, HUB_USAGE);
  return n;
}

/** `motcua hub`: runs until SIGINT/SIGTERM, then stops cleanly (the store is always consistent). */
export async function runHub(args: string[]): Promise<number> {
  const { values } = parseFlags(
    {
      args,
      options: {
        config: { type: "string" },
        data: { type: "string" },
        "mqtt-port": { type: "string" },
        "ws-port": { type: "string" },
        "http-port": { type: "string" },
        bind: { type: "string" },
        broker: { type: "string" },
        modem: { type: "string" },
        now: { type: "string" },
        speed: { type: "string" },
        help: { type: "boolean", default: false },
      },
    },
    HUB_USAGE,
  );
  if (values.help) {
    process.stdout.write(`${HUB_USAGE}\n`);
    return 0;
  }
  const start = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(start))
    throw new UsageError("--now must be an ISO time such as 2026-11-23T07:30:00+07:00", HUB_USAGE);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0)) throw new UsageError("--speed must be a positive number", HUB_USAGE);
  const mqttPort = port(values["mqtt-port"], "--mqtt-port");
  const wsPort = port(values["ws-port"], "--ws-port");
  const httpPort = port(values["http-port"], "--http-port");
  if (values.bind !== undefined && values.bind.trim() === "")
    throw new UsageError("--bind must name an interface (eth0) or an address (192.168.1.10)", HUB_USAGE);
  // The hub itself (aedes, SQLite, the modem link) loads only once the flags are known good.
  const [{ EXAMPLE_OFFICE_PATH, loadOfficeConfig }, { ScaledClock, startHub }, sdnotify, { createLogger }] =
    await Promise.all([
      import("@motcua/config"),
      import("@motcua/hub"),
      import("@motcua/sdnotify"),
      import("@motcua/log"),
    ]);
  // A daemon: its log is its output, one JSON line an event, on stdout for journald.
  const log = createLogger({ destination: "stdout" });
  const loaded = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  const config =
    values.bind === undefined ? loaded : { ...loaded, hub: { ...loaded.hub, host: values.bind } };
  const hub = await startHub({
    config,
    console: { port: httpPort ?? config.hub.httpPort },
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
  void sdnotify.notifyReady(`hub ${config.office.id}`);
  const stopWatchdog = sdnotify.startWatchdog();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "stopping");
      void sdnotify.notifyStopping(signal);
      stopWatchdog();
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await hub.stop();
  return 0;
}
