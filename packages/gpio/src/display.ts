import type { Writable } from "node:stream";

/**
 * A small character display (a 16×2 LCD, or the terminal): one short text at a time. Text is
 * Vietnamese with diacritics; a real LCD backend transliterates what its ROM lacks.
 */
export interface Display {
  show(text: string): void;
  /** What it shows now ("" before the first text). */
  readonly text: string;
}

/** A display that records what it showed, for tests and the office simulator page. */
export interface SimDisplay extends Display {
  readonly history: readonly { at: number; text: string }[];
}

export function createSimDisplay(): SimDisplay {
  const history: { at: number; text: string }[] = [];
  let text = "";
  return {
    show(next) {
      if (next === text) return;
      text = next;
      history.push({ at: Date.now(), text });
    },
    get text() {
      return text;
    },
    history,
  };
}

/** Writes each new text as a line (`[màn hình] Quầy 1: TP-012`), e.g. to standard error. */
export function createConsoleDisplay(output: Writable, prefix = "[màn hình] "): Display {
  let text = "";
  return {
    show(next) {
      if (next === text) return;
      text = next;
      output.write(`${prefix}${text}\n`);
    },
    get text() {
      return text;
    },
  };
}
