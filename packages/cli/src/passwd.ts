import { createInterface } from "node:readline/promises";
import { hashPassword } from "@motcua/hub";

/**
 * `motcua passwd [DEVICE]`: reads a password (twice on a terminal, once from a pipe) and prints
 * the hash to put in the configuration's `security.devices[].passwordHash`.
 */
export async function runPasswd(args: string[]): Promise<number> {
  const device = args[0];
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
  process.stdout.write(`${hashPassword(password)}\n`);
  return 0;
}
