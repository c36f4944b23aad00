import { parseFlags, UsageError } from "./flags.js";

export const SIMULATE_USAGE = `motcua simulate — replay a scenario through the queue core

Usage: pnpm motcua simulate [--config FILE] [--seed N] [--summary] SCENARIO

  SCENARIO        a file of JSON lines, or - for standard input
  --config FILE   the office configuration (default: the bundled example office)
  --seed N        the seed of the booking codes (default 0)
  --summary       a table for people instead of the events as JSON lines

Logs are JSON lines on standard error; a bad line is reported and skipped, and the run exits 1.`;

/** `motcua simulate`: flags, then the replay (see simulate.ts). */
export async function runSimulate(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    {
      args,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        seed: { type: "string", default: "0" },
        summary: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    },
    SIMULATE_USAGE,
  );
  if (values.help) {
    process.stdout.write(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  const scenario = positionals[0];
  const seed = Number(values.seed);
  if (scenario === undefined || positionals.length > 1 || !Number.isInteger(seed))
    throw new UsageError("expected one SCENARIO file (or -) and an integer --seed", SIMULATE_USAGE);
  // The core, the contract's schemas and the configuration load once the flags are known good.
  const [{ EXAMPLE_OFFICE_PATH, loadOfficeConfig }, { createLogger, moduleLogger }, { simulate }] =
    await Promise.all([import("@motcua/config"), import("@motcua/log"), import("./simulate.js")]);
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
  // Its stdout is data: the log goes to stderr.
  const root = createLogger({ destination: "stderr" });
  return simulate({
    config,
    seed,
    scenario,
    summary: values.summary,
    stdin: process.stdin,
    stdout: process.stdout,
    log: moduleLogger(root, "motcua:simulate"),
  });
}
