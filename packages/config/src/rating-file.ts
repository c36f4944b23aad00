import { z } from "zod";
import { bcmLine, counterId, officeId } from "./ids.js";
import type { PinLines } from "./pad-file.js";
import { loadYamlFile } from "./yaml-file.js";

/**
 * The rating pad's keys, one per value of PROTOCOL's `counter/{c}/rating`: rất hài lòng,
 * hài lòng, không hài lòng. A key is named by the value it sends.
 */
export const RATING_KEYS = ["very_satisfied", "satisfied", "unsatisfied"] as const;
export type RatingKey = (typeof RATING_KEYS)[number];

/** The rating pad's one LED: lit to thank the citizen, blinking when a rating is refused. */
export const THANKS_LED = "thanks";

/**
 * BCM lines of the documented wiring (devices/rating/README.md). None of them is a counter
 * pad's (17, 22, 23, 24, 27), so both pads may share one Pi at the counter.
 */
export const DEFAULT_RATING_PINS = {
  buttons: { very_satisfied: 5, satisfied: 6, unsatisfied: 13 },
  leds: { [THANKS_LED]: 19 },
} satisfies PinLines;

/**
 * The rating pad's own file (`motcua rating --config FILE`), YAML or JSON. Every field is
 * optional; flags win over the file.
 */
export const ratingFileSchema = z.strictObject({
  hub: z.string().min(1).optional(),
  office: officeId.optional(),
  /** The counter whose citizens this pad rates (it stands on that counter's desk). */
  counter: counterId.optional(),
  gpio: z.enum(["onoff", "sim"]).optional(),
  /** A file with `username:` and `password:` (mode 0600), as with `--credentials`. */
  credentials: z.string().min(1).optional(),
  pins: z
    .strictObject({
      /** All three keys, or leave `buttons` out for the documented wiring. */
      buttons: z
        .strictObject({ very_satisfied: bcmLine, satisfied: bcmLine, unsatisfied: bcmLine })
        .optional(),
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
      /** How long the thank-you light stays lit after an accepted rating. */
      thanksMs: z.number().int().min(500).max(60_000).optional(),
      /** How long the LED blinks after a refused rating. */
      refusalMs: z.number().int().min(500).max(60_000).optional(),
    })
    .optional(),
});
export type RatingFile = z.infer<typeof ratingFileSchema>;

/** Reads the rating pad's file; an empty file is a pad with every default. */
export function loadRatingFile(path: string): RatingFile {
  return loadYamlFile(path, ratingFileSchema, { empty: {} });
}

/** The pins of a rating pad file's `pins` section, over the documented wiring. */
export function ratingPinsOf(file: RatingFile): PinLines {
  return {
    buttons: { ...(file.pins?.buttons ?? DEFAULT_RATING_PINS.buttons) },
    leds: { [THANKS_LED]: file.pins?.led ?? DEFAULT_RATING_PINS.leds[THANKS_LED] },
  };
}
