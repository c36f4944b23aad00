#!/usr/bin/env node
// Every verb's module is imported when that verb runs, never up front: a counter pad must not
// load the hub's broker, SQLite or the printer's Skia, and `motcua --help` loads nothing at all.
import { VERBS, type Verb } from "./verbs.js";

const USAGE = `motcua — queue, appointments and SMS for one-stop offices

Usage: pnpm motcua <verb> [flags]

Verbs:
${Object.entries(VERBS)
  .map(([name, verb]) => `  ${name.padEnd(10)}${verb.summary}`)
  .join("\n")}

pnpm motcua <verb> --help shows a verb's flags.`;

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const verb: Verb | undefined = Object.hasOwn(VERBS, name) ? VERBS[name] : undefined;
  if (verb === undefined) {
    process.stderr.write(`motcua: unknown verb "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await verb.run(rest);
  } catch (error) {
    return report(name, error);
  }
}

/** The exit code for what a verb threw, after saying what went wrong. */
function report(name: string, error: unknown): number {
  if (!(error instanceof Error)) {
    process.stderr.write(`motcua ${name}: ${String(error)}\n`);
    return 1;
  }
  // By name, not instanceof: importing the configuration's package here would load zod for all.
  if (error.name === "ConfigError") {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error.name === "UsageError" && "usage" in error) {
    process.stderr.write(`motcua ${name}: ${error.message}\n\n${String(error.usage)}\n`);
    return 2;
  }
  // A port another program holds: its message names the port and the flag that moves it.
  if (error.name === "PortInUseError") {
    process.stderr.write(`motcua ${name}: ${error.message}\n`);
    return 1;
  }
  // Where to listen is missing or not there yet (an interface without its address): one line,
  // exit 1 so that systemd tries again once the network is up.
  if (error.name === "ListenAddressError") {
    process.stderr.write(`motcua ${name}: ${error.message}\n`);
    return 1;
  }
  if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`motcua ${name}: ${error.message}\n\npnpm motcua ${name} --help shows its flags.\n`);
    return 2;
  }
  process.stderr.write(`motcua ${name}: ${error.stack ?? error.message}\n`);
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
