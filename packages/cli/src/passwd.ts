import { parseFlags, UsageError } from "./flags.js";
import { readNewPassword } from "./password-prompt.js";

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
  const read = await readNewPassword(`Password${device ? ` for ${device}` : ""}: `, 8);
  if (!read.ok) {
    process.stderr.write(`motcua passwd: ${read.problem}\n`);
    return 2;
  }
  // Only the hashing: importing the hub's package would load its broker and store.
  const { hashPassword } = await import("@motcua/config/password");
  process.stdout.write(`${hashPassword(read.password)}\n`);
  return 0;
}
