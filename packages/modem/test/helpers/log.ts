import { createLogger, type Logger } from "@motcua/log";

/** A logger whose JSON lines are kept for assertions (and printed with MOTCUA_TEST_LOG=1). */
export function testLogger(level = "debug"): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({
    level,
    destination: {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
        if (process.env.MOTCUA_TEST_LOG) process.stderr.write(line);
      },
    },
  });
  return { log, lines };
}
