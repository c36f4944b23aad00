import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LogOptions {
  /** `MOTCUA_LOG_LEVEL` or this; `debug` shows raw traffic such as AT commands. */
  level?: string;
  /** Where the JSON lines go: stdout for daemons (journald keeps it), stderr for tools whose stdout is data. */
  destination?: "stdout" | "stderr" | DestinationStream;
}

/**
 * The root logger of a program: one JSON line an event, with `ns` naming the module
 * (`motcua:core`, `motcua:modem`). Modules receive a child, never create their own.
 */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? process.env.MOTCUA_LOG_LEVEL ?? "info";
  const destination =
    options.destination === "stderr"
      ? pino.destination({ fd: 2, sync: true })
      : options.destination === "stdout" || options.destination === undefined
        ? pino.destination({ fd: 1, sync: true })
        : options.destination;
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** A module's logger: `logger.child({ ns: "motcua:simulate" })`. */
export function moduleLogger(root: Logger, ns: string): Logger {
  return root.child({ ns });
}
