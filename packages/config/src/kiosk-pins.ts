import { z } from "zod";
import { ConfigError } from "./errors.js";
import { bcmLine } from "./ids.js";
import type { PinLines } from "./pad-file.js";
import type { OfficeConfig } from "./schema.js";
import { placed, readYamlFile, validate } from "./yaml-file.js";

/** The kiosk's LEDs: green `ready`, red `fault`, and the light in the priority button. */
export const KIOSK_LEDS = { ready: "ready", fault: "fault", priority: "priority" } as const;
/** The priority button's name; every other button is named by its service code. */
export const PRIORITY_BUTTON = "priority";

/**
 * BCM lines of the documented wiring (devices/kiosk/README.md): service buttons in the order
 * of the office's `services`, the priority button and the three LEDs. Lines 2–3 (I²C) and
 * 14–15 (UART) stay free.
 */
export const KIOSK_SERVICE_LINES = [5, 6, 13, 19, 26, 16, 20, 21] as const;
export const KIOSK_OTHER_LINES = { priority: 12, ready: 17, fault: 27, priorityLed: 22 } as const;

/** The kiosk's pins file (`motcua kiosk --pins FILE`, YAML or JSON): every field optional. */
export const kioskPinsFileSchema = z.strictObject({
  /** Service code (or `priority`) → BCM line. A service left out has no button. */
  buttons: z.record(z.string(), bcmLine).optional(),
  leds: z
    .partialRecord(z.enum([KIOSK_LEDS.ready, KIOSK_LEDS.fault, KIOSK_LEDS.priority]), bcmLine)
    .optional(),
  /** Buttons to ground with a pull-up (default); false for buttons to 3.3 V. */
  activeLow: z.boolean().optional(),
  /** sysfs number of BCM line 0; detected by default. */
  gpioBase: z.number().int().min(0).optional(),
});
export type KioskPinsFile = z.infer<typeof kioskPinsFileSchema>;

/**
 * Reads the kiosk's pins file; an empty file keeps the documented wiring. Given the office,
 * its buttons are checked against the office's services too, so that a button for a service
 * the office does not have is told at its line of the file.
 */
export function loadKioskPinsFile(path: string, office?: OfficeConfig): KioskPinsFile {
  const { value, locate } = readYamlFile(path);
  const file = validate(kioskPinsFileSchema, value ?? {}, path, locate);
  if (office === undefined) return file;
  try {
    kioskPins(office, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(path, placed(error.problems, locate));
  }
  return file;
}

/** The buttons and LEDs: the file's, else one line per service in order, then priority. */
export function kioskPins(config: OfficeConfig, file: KioskPinsFile = {}): PinLines {
  let buttons: Record<string, number>;
  if (file.buttons) buttons = { ...file.buttons };
  else {
    if (config.services.length > KIOSK_SERVICE_LINES.length)
      throw new ConfigError("--pins", [
        {
          path: "buttons",
          message: `the office has ${config.services.length} services, the default wiring ${KIOSK_SERVICE_LINES.length} buttons: give a pins file`,
        },
      ]);
    buttons = Object.fromEntries(config.services.map((s, i) => [s.code, KIOSK_SERVICE_LINES[i] as number]));
    buttons[PRIORITY_BUTTON] = KIOSK_OTHER_LINES.priority;
  }
  const services = new Set(config.services.map((s) => s.code));
  const unknown = Object.keys(buttons).filter((b) => b !== PRIORITY_BUTTON && !services.has(b));
  if (unknown.length > 0)
    throw new ConfigError("--pins", [
      {
        path: "buttons",
        message: `no service ${unknown.join(", ")} in the office (services: ${[...services].join(", ")})`,
      },
    ]);
  return {
    buttons,
    leds: {
      [KIOSK_LEDS.ready]: file.leds?.ready ?? KIOSK_OTHER_LINES.ready,
      [KIOSK_LEDS.fault]: file.leds?.fault ?? KIOSK_OTHER_LINES.fault,
      [KIOSK_LEDS.priority]: file.leds?.priority ?? KIOSK_OTHER_LINES.priorityLed,
    },
  };
}
