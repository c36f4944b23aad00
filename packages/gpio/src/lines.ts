import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** One command line of a simulated device: `next`, `long recall`, `priority TP`. */
export interface CommandLine {
  /** The line as typed, trimmed. */
  line: string;
  /** Its words. */
  words: string[];
}

/**
 * Reads commands from a terminal or a pipe (`--gpio sim`): one a line; blank lines and lines
 * starting with `#` are skipped. `done` resolves at the end of the input.
 */
export function readCommandLines(
  input: Readable,
  onLine: (command: CommandLine) => void,
): { done: Promise<void>; close(): void } {
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  reader.on("line", (raw) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    onLine({ line, words: line.split(/\s+/) });
  });
  const done = new Promise<void>((resolve) => reader.once("close", () => resolve()));
  return { done, close: () => reader.close() };
}

/** `next` → a short press of next; `long recall` or `recall long` → a long press of recall. */
export function parsePressLine(command: CommandLine): { button: string; long: boolean } | undefined {
  const words = command.words.map((w) => w.toLowerCase());
  if (words.length === 1 && words[0] !== "long") return { button: words[0] as string, long: false };
  if (words.length === 2 && words[0] === "long") return { button: words[1] as string, long: true };
  if (words.length === 2 && words[1] === "long") return { button: words[0] as string, long: true };
  return undefined;
}
