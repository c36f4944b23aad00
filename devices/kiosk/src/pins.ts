import { readFileSync } from "node:fs";
import { ConfigError, type ConfigProblem, type OfficeConfig } from "@motcua/config";
import type { PinConfig } from "@motcua/gpio";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** The kiosk's LEDs: green `ready`, red `fault`, and the light in the priority button. */
export const LEDS = { ready: "ready", fault: "fault", priority: "priority" } as const;
/** The priority button's name; every other button is named by its service code. */
export const PRIORITY_BUTTON = "priority";

/**
 * BCM lines of the documented wiring (README.md): service buttons in the order of the office's
 * `services`, the priority button and the three LEDs. Lines 2–3 (I²C) and 14–15 (UART) stay free.
 */
export const SERVICE_LINES = [5, 6, 13, 19, 26, 16, 20, 21] as const;
export const DEFAULT_OTHER_LINES = { priority: 12, ready: 17, fault: 27, priorityLed: 22 } as const;

const bcm = z.number().int().min(0).max(27);

/** `--pins FILE` (YAML or JSON): every field optional, over the documented wiring. */
export const pinsFileSchema = z.strictObject({
  /** Service code (or `priority`) → BCM line. A service left out has no button. */
  buttons: z.record(z.string(), bcm).optional(),
  leds: z.partialRecord(z.enum([LEDS.ready, LEDS.fault, LEDS.priority]), bcm).optional(),
  /** Buttons to ground with a pull-up (default); false for buttons to 3.3 V. */
  activeLow: z.boolean().optional(),
  /** sysfs number of BCM line 0; detected by default. */
  gpioBase: z.number().int().min(0).optional(),
});
export type PinsFile = z.infer<typeof pinsFileSchema>;

export function loadPinsFile(path: string): PinsFile {
  let value: unknown;
  try {
    value = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(path, [{ path: "", message: `cannot read the pins: ${(error as Error).message}` }]);
  }
  const result = pinsFileSchema.safeParse(value ?? {});
  if (!result.success)
    throw new ConfigError(
      path,
      result.error.issues.map(
        (i): ConfigProblem => ({ path: i.path.map(String).join("."), message: i.message }),
      ),
    );
  return result.data;
}

/** The buttons and LEDs: the file's, else one line per service in order, then priority. */
export function kioskPins(config: OfficeConfig, file: PinsFile = {}): PinConfig {
  let buttons: Record<string, number>;
  if (file.buttons) buttons = { ...file.buttons };
  else {
    if (config.services.length > SERVICE_LINES.length)
      throw new ConfigError("--pins", [
        {
          path: "buttons",
          message: `the office has ${config.services.length} services, the default wiring ${SERVICE_LINES.length} buttons: give a pins file`,
        },
      ]);
    buttons = Object.fromEntries(config.services.map((s, i) => [s.code, SERVICE_LINES[i] as number]));
    buttons[PRIORITY_BUTTON] = DEFAULT_OTHER_LINES.priority;
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
      [LEDS.ready]: file.leds?.ready ?? DEFAULT_OTHER_LINES.ready,
      [LEDS.fault]: file.leds?.fault ?? DEFAULT_OTHER_LINES.fault,
      [LEDS.priority]: file.leds?.priority ?? DEFAULT_OTHER_LINES.priorityLed,
    },
  };
}
