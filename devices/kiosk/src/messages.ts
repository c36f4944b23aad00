import type { PrinterCondition } from "@motcua/printer";

/** What the kiosk's screen line tells the citizen. */
export const MESSAGES = {
  ready: "Xin mời bấm nút dịch vụ để lấy số thứ tự",
  asking: "Đang lấy số, xin chờ…",
  busy: "Đang in phiếu, xin chờ trong giây lát",
  priorityArmed: "Ưu tiên: xin mời bấm nút dịch vụ",
  priorityCancelled: "Đã bỏ chọn ưu tiên",
  printed: (label: string) => `Xin mời nhận phiếu số ${label}`,
  hubUnreachable:
    "Mất kết nối với hệ thống. Chưa lấy được số: xin thử lại sau ít phút hoặc đến quầy hướng dẫn",
  hubTimeout: "Hệ thống không trả lời. Chưa lấy được số: xin bấm lại hoặc đến quầy hướng dẫn",
  printFailed: (label: string) =>
    `Máy in bị lỗi, số ${label} không in được và đã bị hủy. Xin mời đến quầy hướng dẫn`,
  unknownButton: "Nút này chưa được gán dịch vụ",
} as const;

export function printerMessage(condition: Exclude<PrinterCondition, "ok">): string {
  switch (condition) {
    case "paper_out":
      return "Máy in hết giấy. Xin mời đến quầy hướng dẫn";
    case "cover_open":
      return "Nắp máy in đang mở. Xin mời đến quầy hướng dẫn";
    default:
      return "Máy in không hoạt động. Xin mời đến quầy hướng dẫn";
  }
}
