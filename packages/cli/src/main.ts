#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ConfigError, EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { COUNTER_USAGE, runCounter } from "@motcua/counter";
import { DISPLAY_USAGE, runDisplay } from "@motcua/display";
import { KIOSK_USAGE, runKiosk } from "@motcua/kiosk";
import { createLogger, moduleLogger } from "@motcua/log";
import { OFFICE_USAGE, runOffice } from "@motcua/office";
import { HUB_USAGE, runHub, UsageError } from "./hub.js";
import { runPasswd } from "./passwd.js";
import { simulate } from "./simulate.js";

const USAGE = `motcua — queue, appointments and SMS for one-stop offices

Usage: pnpm motcua <verb> [flags]

Verbs:
  simulate [--config FILE] [--seed N] [--summary] SCENARIO   replay a scenario (JSON lines; - for stdin)
${HUB_USAGE}
${COUNTER_USAGE}
${KIOSK_USAGE}
${DISPLAY_USAGE}
${OFFICE_USAGE}
  passwd [DEVICE-ID]                                         hash a device password for the config

Common flags:
  --config FILE   the office configuration (default: the bundled example office)
  --help          this text
`;

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    process.stdout.write(`${USAGE}\n`);
    return verb === undefined ? 2 : 0;
  }
  // Tools whose stdout is data (simulate) log to stderr.
  const root = createLogger({ destination: "stderr" });
  switch (verb) {
    case "simulate": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          config: { type: "string" },
          seed: { type: "string", default: "0" },
          summary: { type: "boolean", default: false },
          help: { type: "boolean", default: false },
        },
      });
      if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      const scenario = positionals[0];
      const seed = Number(values.seed);
      if (scenario === undefined || positionals.length > 1 || !Number.isInteger(seed)) {
        process.stderr.write(
          `motcua simulate: expected one SCENARIO file (or -) and an integer --seed\n\n${USAGE}\n`,
        );
        return 2;
      }
      const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);
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
    case "hub":
      // A daemon: its log is its output, one JSON line an event, on stdout for journald.
      return runHub(rest, createLogger({ destination: "stdout" }));
    case "counter":
      return runCounter(rest, createLogger({ destination: "stdout" }));
    case "kiosk":
      return runKiosk(rest, createLogger({ destination: "stdout" }));
    case "display":
      return runDisplay(rest, createLogger({ destination: "stdout" }));
    case "office":
      return runOffice(
        rest,
        createLogger({ destination: "stdout", level: process.env.MOTCUA_LOG_LEVEL ?? "warn" }),
      );
    case "passwd":
      return runPasswd(rest);
    default:
      process.stderr.write(`motcua: unknown verb "${verb}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`motcua: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`motcua: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
