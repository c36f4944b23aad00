/** A press is short when released before the long-press threshold, long once held that long. */
export type PressKind = "short" | "long";

export interface ButtonPress {
  /** The button's name in the pin configuration (`next`, `recall`, …). */
  button: string;
  kind: PressKind;
  /** How long the button was held, in milliseconds (the threshold itself for a long press). */
  heldMs: number;
}

export type PressListener = (press: ButtonPress) => void;

/** The buttons of one device, each known by its name. */
export interface Buttons {
  readonly names: readonly string[];
  /**
   * Calls `listener` for every press of any button, after debouncing: once per short press (at
   * release), once per long press (as soon as the threshold is reached, while still held).
   * Returns a function that removes the listener.
   */
  onPress(listener: PressListener): () => void;
}

/**
 * What an LED shows. The timings are in {@link LED_PATTERNS}; a pattern, not a level, is the
 * unit, so a simulated LED records what a person would see.
 */
export type LedPattern = "off" | "on" | "slow-blink" | "fast-blink" | "double-blink";

/** The LEDs of one device, each known by its name. */
export interface Leds {
  readonly names: readonly string[];
  /** Shows `pattern` on the LED from now on, until the next call; setting the same pattern is a no-op. */
  set(name: string, pattern: LedPattern): void;
  /** The pattern the LED shows now. */
  get(name: string): LedPattern;
}

export type GpioBackendName = "onoff" | "sim";

/** Buttons and LEDs of one device, from one backend. */
export interface Gpio {
  readonly backend: GpioBackendName;
  readonly buttons: Buttons;
  readonly leds: Leds;
  /**
   * Turns every LED off and releases every line (onoff: unwatch and unexport), so the next
   * program can take them. Idempotent. The onoff backend also does it on SIGINT, SIGTERM and exit.
   */
  close(): Promise<void>;
}

export interface LedChange {
  /** Epoch milliseconds. */
  at: number;
  led: string;
  pattern: LedPattern;
}

/** The simulated backend: buttons pressed from code, LEDs that remember what they showed. */
export interface SimGpio extends Gpio {
  readonly backend: "sim";
  /** A whole press at once: short, or long with `{ long: true }`. Throws on an unknown button. */
  press(button: string, options?: { long?: boolean }): void;
  /** Holds a button down (through the same timing as a real one: a long press fires while held). */
  down(button: string): void;
  /** Releases a held button. */
  up(button: string): void;
  /** Every pattern change of every LED, oldest first. */
  readonly ledHistory: readonly LedChange[];
}

/** Which BCM line each button and LED is on. */
export interface PinConfig {
  buttons: Record<string, number>;
  leds: Record<string, number>;
}

export interface PressTiming {
  /** onoff's `debounceTimeout`: an edge counts once the line has been stable this long. */
  debounceMs: number;
  /** Held this long, a press is long. */
  longPressMs: number;
  /** Shorter presses are noise (a glitch that outlived the debounce) and are dropped. */
  minPressMs: number;
}

/** The documented defaults: a long press is 1.5 s. */
export const DEFAULT_TIMING: PressTiming = { debounceMs: 20, longPressMs: 1500, minPressMs: 30 };
