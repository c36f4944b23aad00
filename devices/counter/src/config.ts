import { ConfigError, type ConfigProblem, readYamlFile } from "@motcua/config";
import type { PinConfig } from "@motcua/gpio";
import { z } from "zod";

/** The pad's keys. `pause` toggles pause/resume; a long press of `recall` is a skip. */
export const COUNTER_KEYS = ["next", "recall", "skip", "pause"] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

/** The status LED's name on the pad. */
export const STATUS_LED = "status";

/** BCM lines of the documented wiring (README.md): buttons to ground, the LED through a resistor. */
export const DEFAULT_PINS = {
  buttons: { next: 17, recall: 27, skip: 22, pause: 23 },
  leds: { [STATUS_LED]: 24 },
} satisfies PinConfig;

const bcm = z.number().int().min(0).max(27);

/**
 * The pad's own file (`--config FILE`), YAML or JSON. Every field is optional; flags win over
 * the file. A key left out of `pins.buttons` is not wired (a three-key pad skips with a long
 * press of recall).
 */
export const counterFileSchema = z.strictObject({
  hub: z.string().min(1).optional(),
  office: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be the office id of the hub's configuration")
    .optional(),
  counter: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,16}$/, "must be 1–16 ASCII letters, digits or dashes")
    .optional(),
  gpio: z.enum(["onoff", "sim"]).optional(),
  /** A file with `username:` and `password:` (mode 0600), as with `--credentials`. */
  credentials: z.string().min(1).optional(),
  pins: z
    .strictObject({
      buttons: z.partialRecord(z.enum(COUNTER_KEYS), bcm).optional(),
      led: bcm.optional(),
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

function problems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export function loadCounterFile(path: string): CounterFile {
  const result = counterFileSchema.safeParse(readYamlFile(path) ?? {});
  if (!result.success) throw new ConfigError(path, problems(result.error));
  return result.data;
}

// The credentials file is the same for every device: its loader lives with the configuration.
export { type Credentials, loadCredentials } from "@motcua/config";

/** The pins of a file's `pins` section, over the documented wiring. */
export function pinsOf(file: CounterFile): PinConfig {
  const buttons: Record<string, number> = file.pins?.buttons
    ? { ...file.pins.buttons }
    : { ...DEFAULT_PINS.buttons };
  return { buttons, leds: { [STATUS_LED]: file.pins?.led ?? DEFAULT_PINS.leds[STATUS_LED] } };
}
