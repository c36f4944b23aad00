/**
 * The kiosk's buttons, LEDs and screen line. Until @motcua/gpio lands this is a local seam
 * with the same shape as its `Gpio`/`SimGpio` and `Display` (a subset of them), so that the
 * real package replaces it without touching the kiosk.
 */
export type LedPattern = "off" | "on" | "slow-blink" | "fast-blink" | "double-blink";

export interface ButtonPress {
  button: string;
}

export interface KioskPanel {
  readonly buttons: {
    readonly names: readonly string[];
    onPress(listener: (press: ButtonPress) => void): () => void;
  };
  readonly leds: {
    set(name: string, pattern: LedPattern): void;
    get(name: string): LedPattern;
  };
  close(): Promise<void>;
}

/** A panel whose buttons are pressed from code and whose LEDs remember what they showed. */
export interface SimPanel extends KioskPanel {
  press(button: string): void;
  readonly ledHistory: readonly { at: number; led: string; pattern: LedPattern }[];
}

/** The kiosk's one line of text for the citizen (an LCD, or the terminal). */
export interface Display {
  show(text: string): void;
  readonly text: string;
}

export function createSimPanel(buttons: readonly string[], leds: readonly string[]): SimPanel {
  const listeners = new Set<(press: ButtonPress) => void>();
  const state = new Map<string, LedPattern>(leds.map((l) => [l, "off"]));
  const history: { at: number; led: string; pattern: LedPattern }[] = [];
  let closed = false;
  return {
    buttons: {
      names: [...buttons],
      onPress(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    leds: {
      set(name, pattern) {
        if (closed || !state.has(name) || state.get(name) === pattern) return;
        state.set(name, pattern);
        history.push({ at: Date.now(), led: name, pattern });
      },
      get: (name) => state.get(name) ?? "off",
    },
    press(button) {
      if (!buttons.includes(button))
        throw new Error(`no button "${button}" (buttons: ${buttons.join(", ")})`);
      if (closed) return;
      for (const l of listeners) l({ button });
    },
    ledHistory: history,
    async close() {
      for (const name of state.keys()) this.leds.set(name, "off");
      closed = true;
    },
  };
}

/** A display that keeps what it showed (tests) and optionally writes each new text as a line. */
export function createTextDisplay(output?: { write(text: string): unknown }, prefix = "[màn hình] ") {
  const history: { at: number; text: string }[] = [];
  let text = "";
  return {
    show(next: string) {
      if (next === text) return;
      text = next;
      history.push({ at: Date.now(), text });
      output?.write(`${prefix}${text}\n`);
    },
    get text() {
      return text;
    },
    history,
  };
}
