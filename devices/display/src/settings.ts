import { readFileSync } from "node:fs";
import { ConfigError, type OfficeConfig } from "@motcua/config";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** The default sentence: `{number}` is the spoken label, `{counter}` the counter's id. */
export const DEFAULT_TEMPLATE = "Mời công dân số {number} đến quầy số {counter}";

export const voiceSettingsSchema = z.strictObject({
  /** false: no voice at all, only the chime. */
  enabled: z.boolean().default(true),
  /** The espeak-ng program (a path, or a name looked up on PATH). */
  program: z.string().min(1).default("espeak-ng"),
  /** `espeak-ng -v`: `vi` (northern), `vi-vn-x-central`, `vi-vn-x-south` (`espeak-ng --voices=vi`). */
  name: z
    .string()
    .regex(/^[A-Za-z0-9+_-]{1,40}$/, "must be an espeak-ng voice name such as vi or vi-vn-x-south")
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

/** The optional `display:` section of the office configuration file. */
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

export function parseDisplaySettings(value: unknown, source = "display settings"): DisplaySettings {
  const result = displaySettingsSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((i) => ({ path: ["display", ...i.path].join("."), message: i.message })),
  );
}

/**
 * The `display:` section of an office configuration file. The office schema does not know
 * it (and drops it), so it is read from the file's own text here.
 */
export function loadDisplaySettings(path: string): DisplaySettings {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(path, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  const section = (document as { display?: unknown } | null)?.display;
  return parseDisplaySettings(section, path);
}

/** The notice when none is configured: the sessions' hours, and how to book by SMS. */
export function defaultNotice(config: OfficeConfig): string {
  const hours = config.sessions.map((s) => `${s.name} ${s.start}–${s.end}`).join(", ");
  const parts = [`Giờ làm việc: ${hours}, các ngày làm việc trong tuần.`];
  const procedure = config.procedures[0];
  const how = `Đặt lịch hẹn qua SMS: DK <họ tên> <thủ tục> <ngày>${procedure ? ` (ví dụ: DK Nguyen Van A ${procedure.code} 25/11)` : ""}`;
  parts.push(config.office.smsNumber ? `${how}, gửi ${config.office.smsNumber}.` : `${how}.`);
  parts.push("Hủy lịch: HUY <mã giao dịch>. Xin cảm ơn!");
  return parts.join("   •   ");
}
