import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "@motcua/log";
import { GpioError } from "./errors.js";
import { PatternPlayer } from "./patterns.js";
import { PressDetector, PressListeners } from "./press.js";
import type { Gpio, LedPattern, PinConfig, PressTiming } from "./types.js";

/** The part of onoff's `Gpio` line this backend uses (a fake one in tests). */
export interface OnoffLine {
  watch(callback: (error: Error | null | undefined, value: 0 | 1) => void): void;
  unwatchAll(): void;
  readSync(): 0 | 1;
  writeSync(value: 0 | 1): void;
  unexport(): void;
}

/** The shape of the `onoff` module: its `Gpio` class and `Gpio.accessible`. */
export interface OnoffModule {
  Gpio: {
    new (
      gpio: number,
      direction: "in" | "out" | "high" | "low",
      edge?: "none" | "rising" | "falling" | "both",
      options?: { debounceTimeout?: number; activeLow?: boolean },
    ): OnoffLine;
    readonly accessible: boolean;
  };
}

export interface OnoffOptions {
  pins: PinConfig;
  timing: PressTiming;
  /**
   * Buttons wired between the line and ground with a pull-up (the usual way): pressed reads 0
   * on the wire. onoff's `activeLow` turns that into 1 = pressed. Default true.
   */
  activeLow?: boolean;
  /**
   * The sysfs number of BCM line 0. Kernels from 6.6 number the Pi's lines from 512 (Pi 4) or
   * more (Pi 5); by default it is read from /sys/class/gpio.
   */
  gpioBase?: number;
  log?: Logger;
  /** onoff itself, or a stand-in for tests; by default `import("onoff")`. */
  onoff?: OnoffModule;
  /** Release every line on SIGINT, SIGTERM and process exit (default true). */
  releaseOnExit?: boolean;
}

const PI_HEADER_CHIP = /^pinctrl-(bcm2835|bcm2711|bcm2712|rp1)$/;

/**
 * The sysfs number of the Pi's BCM line 0: the `base` of the gpiochip whose label is the Pi's
 * pin controller, 0 on older kernels or when none is found.
 */
export function detectGpioBase(root = "/sys/class/gpio"): number {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((e) => e.startsWith("gpiochip"));
  } catch {
    return 0;
  }
  for (const chip of entries) {
    try {
      const label = readFileSync(join(root, chip, "label"), "utf8").trim();
      if (PI_HEADER_CHIP.test(label)) return Number(readFileSync(join(root, chip, "base"), "utf8").trim());
    } catch {
      // A chip we cannot read is not ours.
    }
  }
  return 0;
}

export const NOT_ACCESSIBLE =
  "GPIO is not accessible here (no writable /sys/class/gpio/export): not a Raspberry Pi, " +
  "or this user is not in the gpio group. Use --gpio sim to run without hardware.";

function checkPins(pins: PinConfig): void {
  const seen = new Map<number, string>();
  for (const [kind, lines] of [
    ["button", pins.buttons],
    ["LED", pins.leds],
  ] as const) {
    for (const [name, pin] of Object.entries(lines)) {
      if (!Number.isInteger(pin) || pin < 0 || pin > 27)
        throw new GpioError(
          "GPIO_BAD_PINS",
          `${kind} "${name}": GPIO${pin} is not a BCM line of the header (0–27)`,
        );
      const other = seen.get(pin);
      if (other !== undefined)
        throw new GpioError("GPIO_BAD_PINS", `${kind} "${name}": GPIO${pin} is already used by ${other}`);
      seen.set(pin, `${kind} "${name}"`);
    }
  }
}

/** Buttons (edge interrupts, debounced) and LEDs on the Pi's header through onoff's sysfs lines. */
export async function createOnoffGpio(options: OnoffOptions): Promise<Gpio> {
  const log = options.log;
  let onoff = options.onoff;
  if (!onoff) {
    try {
      onoff = (await import("onoff")) as unknown as OnoffModule;
    } catch (error) {
      throw new GpioError(
        "GPIO_UNAVAILABLE",
        `onoff cannot load (${(error as Error).message}). ${NOT_ACCESSIBLE}`,
      );
    }
  }
  if (!onoff.Gpio.accessible) throw new GpioError("GPIO_UNAVAILABLE", NOT_ACCESSIBLE);
  checkPins(options.pins);
  const base = options.gpioBase ?? detectGpioBase();
  const { timing } = options;
  const listeners = new PressListeners((error) =>
    log?.error({ err: (error as Error).message }, "a press listener failed"),
  );

  const lines: OnoffLine[] = [];
  const detectors: PressDetector[] = [];
  const players = new Map<string, { player: PatternPlayer; line: OnoffLine }>();
  const open = (name: string, pin: number, make: () => OnoffLine): OnoffLine => {
    try {
      const line = make();
      lines.push(line);
      return line;
    } catch (error) {
      release();
      throw new GpioError(
        "GPIO_UNAVAILABLE",
        `cannot open GPIO${pin} (${name}, sysfs ${base + pin}): ${(error as Error).message}`,
      );
    }
  };

  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    for (const d of detectors) d.reset();
    for (const { player, line } of players.values()) {
      player.stop();
      try {
        line.writeSync(0);
      } catch {
        // Releasing goes on for the other lines.
      }
    }
    for (const line of lines) {
      try {
        line.unwatchAll();
        line.unexport();
      } catch (error) {
        log?.warn({ err: (error as Error).message }, "a GPIO line could not be released");
      }
    }
    removeHooks();
  }

  let removeHooks = () => {};

  for (const [name, pin] of Object.entries(options.pins.buttons)) {
    const line = open(
      name,
      pin,
      () =>
        new onoff.Gpio(base + pin, "in", "both", {
          debounceTimeout: timing.debounceMs,
          activeLow: options.activeLow ?? true,
        }),
    );
    const detector = new PressDetector(name, timing, listeners.emit);
    detectors.push(detector);
    line.watch((error, value) => {
      if (error) {
        log?.warn({ button: name, err: error.message }, "button read failed");
        return;
      }
      detector.level(value === 1);
    });
  }
  for (const [name, pin] of Object.entries(options.pins.leds)) {
    const line = open(name, pin, () => new onoff.Gpio(base + pin, "low"));
    players.set(name, { player: new PatternPlayer((level) => line.writeSync(level)), line });
  }

  if (options.releaseOnExit !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      release();
      // Alone on this signal, we must not swallow it: the default action (exit) follows.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    const onExit = () => release();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    process.once("exit", onExit);
    removeHooks = () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("exit", onExit);
    };
  }
  log?.info({ pins: options.pins, base, timing }, "GPIO lines open");

  const led = (name: string) => {
    const found = players.get(name);
    if (!found) throw new GpioError("GPIO_UNKNOWN_LINE", `no LED "${name}"`);
    return found.player;
  };
  return {
    backend: "onoff",
    buttons: {
      names: Object.keys(options.pins.buttons),
      onPress: (listener) => listeners.add(listener),
    },
    leds: {
      names: Object.keys(options.pins.leds),
      set(name: string, pattern: LedPattern) {
        if (!released) led(name).play(pattern);
      },
      get: (name: string) => led(name).pattern,
    },
    async close() {
      release();
    },
  };
}
