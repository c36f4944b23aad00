import type { Logger } from "@motcua/log";
import { moduleLogger } from "@motcua/log";
import { createOnoffGpio, type OnoffModule } from "./onoff.js";
import { createSimGpio } from "./sim.js";
import { DEFAULT_TIMING, type Gpio, type PinConfig, type PressTiming, type SimGpio } from "./types.js";

export { createConsoleDisplay, createSimDisplay, type Display, type SimDisplay } from "./display.js";
export { GpioError, type GpioErrorCode } from "./errors.js";
export { type CommandLine, parsePressLine, readCommandLines } from "./lines.js";
export { detectGpioBase, NOT_ACCESSIBLE, type OnoffLine, type OnoffModule } from "./onoff.js";
export { isLedPattern, LED_PATTERNS, PatternPlayer } from "./patterns.js";
export { PressDetector } from "./press.js";
export * from "./types.js";

interface CommonOptions {
  /** Names of the buttons and LEDs, with their BCM lines (the numbers matter to onoff only). */
  pins: PinConfig;
  /** Defaults: {@link DEFAULT_TIMING} (long press 1.5 s). */
  timing?: Partial<PressTiming>;
  log?: Logger;
}

export interface OnoffGpioOptions extends CommonOptions {
  backend: "onoff";
  /** Buttons to ground with a pull-up (default true). */
  activeLow?: boolean;
  /** sysfs number of BCM line 0; detected by default. */
  gpioBase?: number;
  /** A stand-in for the onoff module (tests). */
  onoff?: OnoffModule;
  releaseOnExit?: boolean;
}

export interface SimGpioOptions extends CommonOptions {
  backend: "sim";
}

export type GpioOptions = OnoffGpioOptions | SimGpioOptions;

/**
 * Buttons and LEDs from the backend the configuration names: `onoff` on a Pi (refused with a
 * {@link GpioError} `GPIO_UNAVAILABLE` elsewhere), `sim` anywhere.
 */
export async function createGpio(options: SimGpioOptions): Promise<SimGpio>;
export async function createGpio(options: GpioOptions): Promise<Gpio>;
export async function createGpio(options: GpioOptions): Promise<Gpio> {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const log = options.log ? moduleLogger(options.log, "motcua:gpio") : undefined;
  if (options.backend === "sim") {
    return createSimGpio({
      buttons: Object.keys(options.pins.buttons),
      leds: Object.keys(options.pins.leds),
      timing,
      onListenerError: (error) => log?.error({ err: (error as Error).message }, "a press listener failed"),
    });
  }
  return createOnoffGpio({
    pins: options.pins,
    timing,
    ...(options.activeLow !== undefined ? { activeLow: options.activeLow } : {}),
    ...(options.gpioBase !== undefined ? { gpioBase: options.gpioBase } : {}),
    ...(log ? { log } : {}),
    ...(options.onoff ? { onoff: options.onoff } : {}),
    ...(options.releaseOnExit !== undefined ? { releaseOnExit: options.releaseOnExit } : {}),
  });
}
