import { z } from "zod";

/** The default sentence: `{number}` is the spoken label, `{counter}` the counter's id. */
export const DEFAULT_TEMPLATE = "Mời công dân số {number} đến quầy số {counter}";

/** How a wall display announces a call: espeak-ng's voice, after the chime. */
export const voiceSettingsSchema = z.strictObject({
  /** false: no voice at all, only the chime. */
  enabled: z.boolean().default(true),
  /** The espeak-ng program (a path, or a name looked up on PATH). */
  program: z.string().min(1).default("espeak-ng"),
  /**
   * `espeak-ng -v`: `vi` (northern), `vi-vn-x-central`, `vi-vn-x-south` (`espeak-ng --voices=vi`).
   * Version 1 of the file called it `name`.
   */
  espeakVoice: z
    .string()
    .regex(/^[A-Za-z0-9+_-]{1,40}$/, "must be an espeak-ng voice such as vi or vi-vn-x-south")
    .default("vi"),
  /** `espeak-ng -s`: words per minute. */
  speed: z.number().int().min(80).max(450).default(135),
  /** `espeak-ng -p`: pitch, 0–99. */
  pitch: z.number().int().min(0).max(99).default(45),
  /** `espeak-ng -a`: amplitude, 0–200. */
  amplitude: z.number().int().min(0).max(200).default(120),
  /** `espeak-ng -g`: extra pause between words, in units of 10 ms. */
  wordGap: z.number().int().min(0).max(50).default(1),
  template: z
    .string()
    .min(1)
    .max(300)
    .refine((t) => t.includes("{number}"), { message: "must contain {number}" })
    .default(DEFAULT_TEMPLATE),
  /** `label`: "tê pê, 12" (the service's letters, then the number); `number`: "12" alone. */
  say: z.enum(["label", "number"]).default("label"),
});

/** The `display:` section: what every wall display of the office shows and says. */
export const displaySettingsSchema = z.strictObject({
  /** The scrolling line; empty: the office's hours and how to book by SMS. */
  notice: z.string().max(2000).default(""),
  recentCalls: z.number().int().min(1).max(20).default(6),
  appointmentsPerPage: z.number().int().min(3).max(40).default(10),
  pageSeconds: z.number().min(3).max(120).default(10),
  chime: z.boolean().default(true),
  voice: voiceSettingsSchema.prefault({}),
});

export type DisplaySettings = z.output<typeof displaySettingsSchema>;
export type DisplaySettingsInput = z.input<typeof displaySettingsSchema>;
export type VoiceSettings = z.output<typeof voiceSettingsSchema>;
