import { z } from "zod";
import { bcmLine, counterId, officeId } from "./ids.js";
import { loadYamlFile } from "./yaml-file.js";

/** The pad's keys. `pause` toggles pause/resume; a long press of `recall` is a skip. */
export const COUNTER_KEYS = ["next", "recall", "skip", "pause"] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

/** The status LED's name on the pad. */
export const STATUS_LED = "status";

/** Buttons and LEDs by name → BCM line (the shape @motcua/gpio takes). */
export interface PinLines {
  buttons: Record<string, number>;
  leds: Record<string, number>;
}

/** BCM lines of the documented wiring (devices/counter/README.md): buttons to ground, the LED through a resistor. */
export const DEFAULT_COUNTER_PINS = {
  buttons: { next: 17, recall: 27, skip: 22, pause: 23 },
  leds: { [STATUS_LED]: 24 },
} satisfies PinLines;

/**
 * The counter pad's own file (`motcua counter --config FILE`), YAML or JSON. Every field is
 * optional; flags win over the file. A key left out of `pins.buttons` is not wired (a
 * three-key pad skips with a long press of recall).
 */
export const counterFileSchema = z.strictObject({
  hub: z.string().min(1).optional(),
  office: officeId.optional(),
  counter: counterId.optional(),
  gpio: z.enum(["onoff", "sim"]).optional(),
  /** A file with `username:` and `password:` (mode 0600), as with `--credentials`. */
  credentials: z.string().min(1).optional(),
  pins: z
    .strictObject({
      buttons: z.partialRecord(z.enum(COUNTER_KEYS), bcmLine).optional(),
      led: bcmLine.optional(),
      /** Buttons to ground with a pull-up; false for buttons to 3.3 V with a pull-down. */
      activeLow: z.boolean().optional(),
      /** sysfs number of BCM line 0; detected by default (512 on a Pi 4 with kernel 6.6). */
      gpioBase: z.number().int().min(0).optional(),
    })
    .optional(),
  timing: z
    .strictObject({
      debounceMs: z.number().int().min(0).max(500).optional(),
      longPressMs: z.number().int().min(300).max(10_000).optional(),
    })
    .optional(),
  /** The small character display: `console` writes its lines to standard error. */
  display: z.enum(["none", "console"]).optional(),
});
export type CounterFile = z.infer<typeof counterFileSchema>;

/** Reads the pad's file; an empty file is a pad with every default. */
export function loadCounterFile(path: string): CounterFile {
  return loadYamlFile(path, counterFileSchema, { empty: {} });
}

/** The pins of a pad file's `pins` section, over the documented wiring. */
export function counterPinsOf(file: CounterFile): PinLines {
  const buttons: Record<string, number> = file.pins?.buttons
    ? { ...file.pins.buttons }
    : { ...DEFAULT_COUNTER_PINS.buttons };
  return { buttons, leds: { [STATUS_LED]: file.pins?.led ?? DEFAULT_COUNTER_PINS.leds[STATUS_LED] } };
}
