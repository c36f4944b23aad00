import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

export type NewPassword = { ok: true; password: string } | { ok: false; problem: string };

/**
 * Reads a new password from standard input, never from a flag (a flag stays in the shell's
 * history and in `ps`): on a terminal it is asked twice without echo, from a pipe one line is
 * read (scripts and tests).
 */
export async function readNewPassword(prompt: string, minLength: number): Promise<NewPassword> {
  const tty = process.stdin.isTTY === true;
  // On a terminal readline echoes what is typed; the prompt is written here, the echo dropped.
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const lines = createInterface({ input: process.stdin, output, terminal: tty });
  // In raw mode Ctrl-C reaches readline, not the process: without this it would only pause.
  lines.on("SIGINT", () => {
    process.stderr.write("\n");
    process.exit(130);
  });
  const iterator = lines[Symbol.asyncIterator]();
  const ask = async (text: string) => {
    if (tty) process.stderr.write(text);
    muted = true;
    const next = await iterator.next();
    muted = false;
    if (tty) process.stderr.write("\n");
    return next.done ? undefined : String(next.value);
  };
  try {
    const password = await ask(prompt);
    if (!password || password.length < minLength)
      return { ok: false, problem: `a password needs at least ${minLength} characters` };
    if (tty && (await ask("Again: ")) !== password) return { ok: false, problem: "the two passwords differ" };
    return { ok: true, password };
  } finally {
    lines.close();
  }
}
