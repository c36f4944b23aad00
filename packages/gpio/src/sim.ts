import { GpioError } from "./errors.js";
import { PressDetector, PressListeners } from "./press.js";
import type { LedChange, LedPattern, PressTiming, SimGpio } from "./types.js";

export interface SimOptions {
  buttons: readonly string[];
  leds: readonly string[];
  timing: PressTiming;
  onListenerError?: (error: unknown) => void;
}

/**
 * Buttons pressed from code (a test, the terminal's lines, the office simulator page) and LEDs
 * that record every pattern they show. Held buttons go through the same {@link PressDetector}
 * as real ones.
 */
export function createSimGpio(options: SimOptions): SimGpio {
  const listeners = new PressListeners(options.onListenerError);
  const detectors = new Map(
    options.buttons.map((b) => [b, new PressDetector(b, options.timing, listeners.emit)]),
  );
  const leds = new Map<string, LedPattern>(options.leds.map((l) => [l, "off"]));
  const history: LedChange[] = [];
  let closed = false;

  const button = (name: string) => {
    const found = detectors.get(name);
    if (!found)
      throw new GpioError(
        "GPIO_UNKNOWN_LINE",
        `no button "${name}" (buttons: ${options.buttons.join(", ")})`,
      );
    return found;
  };
  const led = (name: string) => {
    const found = leds.get(name);
    if (found === undefined) throw new GpioError("GPIO_UNKNOWN_LINE", `no LED "${name}"`);
    return found;
  };

  return {
    backend: "sim",
    buttons: { names: [...options.buttons], onPress: (listener) => listeners.add(listener) },
    leds: {
      names: [...options.leds],
      set(name, pattern) {
        if (closed || led(name) === pattern) return;
        leds.set(name, pattern);
        history.push({ at: Date.now(), led: name, pattern });
      },
      get: (name) => led(name),
    },
    press(name, pressOptions = {}) {
      button(name);
      if (closed) return;
      const long = pressOptions.long === true;
      listeners.emit({
        button: name,
        kind: long ? "long" : "short",
        heldMs: long ? options.timing.longPressMs : 100,
      });
    },
    down(name) {
      if (!closed) button(name).level(true);
    },
    up(name) {
      if (!closed) button(name).level(false);
    },
    ledHistory: history,
    async close() {
      if (closed) return;
      for (const d of detectors.values()) d.reset();
      for (const name of leds.keys()) this.leds.set(name, "off");
      closed = true;
    },
  };
}
