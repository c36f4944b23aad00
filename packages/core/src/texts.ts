// Vietnamese texts of the queue's decisions shown on a screen (the kiosk's): written with
// diacritics, since a screen shows them, unlike the SMS replies (sms/replies.ts), which share
// these pieces and lose their diacritics by default.
import type { OfficeConfig } from "@motcua/config";
import type { TicketRefusal } from "@motcua/protocol";

/** The sessions' hours as a citizen reads them: `7:30-11:00, 13:30-17:00`. */
export function workingHours(config: OfficeConfig): string {
  return config.sessions.map((s) => `${s.start.replace(/^0/, "")}-${s.end}`).join(", ");
}

/** Why the kiosk gives no ticket, for its screen (PROTOCOL.md `kiosk/{k}/ticket` `error.message`). */
export function ticketRefusalText(config: OfficeConfig, reason: TicketRefusal): string {
  switch (reason) {
    case "closed":
      return `Ngoài giờ tiếp nhận. Giờ làm việc: ${workingHours(config)} các ngày làm việc. Vui lòng quay lại trong giờ.`;
    case "full":
      return "Đã hết số của lĩnh vực này trong buổi. Vui lòng quay lại buổi sau hoặc đặt lịch qua SMS.";
    case "unknown_service":
      return "Lĩnh vực này không có ở đây. Vui lòng hỏi cán bộ tiếp dân.";
  }
}
