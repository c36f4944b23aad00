import { createInterface } from "node:readline/promises";
import { parseFlags, UsageError } from "./flags.js";

export const PASSWD_USAGE = `motcua passwd — a device password's hash for the office configuration

Usage: pnpm motcua passwd [DEVICE-ID]

Reads the password from standard input (twice on a terminal, once from a pipe; at least
8 characters) and prints the line to put in security.devices[].passwordHash.`;

/**
 * `motcua passwd [DEVICE]`: reads a password (twice on a terminal, once from a pipe) and prints
 * the hash to put in the configuration's `security.devices[].passwordHash`.
 */
export async function runPasswd(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    { args, allowPositionals: true, options: { help: { type: "boolean", default: false } } },
    PASSWD_USAGE,
  );
  if (values.help) {
    process.stdout.write(`${PASSWD_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("expected at most one DEVICE-ID", PASSWD_USAGE);
  const device = positionals[0];
  const lines = createInterface({ input: process.stdin, terminal: false });
  const iterator = lines[Symbol.asyncIterator]();
  const ask = async (prompt: string) => {
    if (process.stdin.isTTY) process.stderr.write(prompt);
    const next = await iterator.next();
    return next.done ? undefined : String(next.value);
  };
  const password = await ask(`Password${device ? ` for ${device}` : ""}: `);
  if (!password || password.length < 8) {
    process.stderr.write("motcua passwd: a device password needs at least 8 characters\n");
    lines.close();
    return 2;
  }
  if (process.stdin.isTTY && (await ask("Again: ")) !== password) {
    process.stderr.write("motcua passwd: the two passwords differ\n");
    lines.close();
    return 2;
  }
  lines.close();
  // Only the hashing: importing the hub's package would load its broker and store.
  const { hashPassword } = await import("@motcua/config/password");
  process.stdout.write(`${hashPassword(password)}\n`);
  return 0;
}
