import {
  ConfigError,
  type DisplaySettings,
  displaySettingsSchema,
  type OfficeConfig,
  underPath,
  validate,
} from "@motcua/config";

// The `display:` section is part of the office configuration's one schema (@motcua/config):
// the display reads it from the loaded configuration.
export {
  DEFAULT_TEMPLATE,
  type DisplaySettings,
  type DisplaySettingsInput,
  displaySettingsSchema,
  type VoiceSettings,
} from "@motcua/config";

/** Settings given in code (tests, the office simulator), checked as the file's section is. */
export function parseDisplaySettings(value: unknown, source = "display settings"): DisplaySettings {
  try {
    return validate(displaySettingsSchema, value ?? {}, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.source, underPath("display", error.problems));
  }
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
