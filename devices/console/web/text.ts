import type { Role } from "./api";

export const ROLE_NAMES: Record<Role, string> = {
  officer: "Cán bộ",
  leader: "Lãnh đạo",
  admin: "Quản trị",
};

/** The appointment's status as the people of the office say it (the wall display's words). */
export const APPOINTMENT_STATUS: Record<string, string> = {
  booked: "Đã đặt",
  arrived: "Đã đến",
  called: "Đang gọi",
  grace: "Chờ",
  served: "Đã phục vụ",
  cancelled: "Đã hủy",
  no_show: "Vắng mặt",
};

export const WALKIN_STATUS: Record<string, string> = {
  waiting: "Đang chờ",
  called: "Đang gọi",
  serving: "Đang phục vụ",
  served: "Đã phục vụ",
  skipped: "Bỏ qua",
  voided: "Đã hủy số",
  transferred: "Đã chuyển",
};

export const SMS_STATUS: Record<string, string> = {
  queued: "Chờ gửi",
  sending: "Đang gửi",
  sent: "Đã gửi",
  failed: "Gửi lỗi",
  retry: "Gửi lại",
};

/** An appointment is shown arrived once checked in, while it still waits for its call. */
export function shownStatus(a: { status: string; arrived?: boolean }): string {
  return a.arrived === true && (a.status === "booked" || a.status === "grace") ? "arrived" : a.status;
}

export const SESSION_NAMES: Record<string, string> = {
  morning: "Buổi sáng",
  afternoon: "Buổi chiều",
  closed: "Ngoài giờ làm việc",
};

/** "Thứ Tư, 25/11/2026" from "2026-11-25". */
export function dayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const name = weekday === 0 ? "Chủ nhật" : `Thứ ${["", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy"][weekday]}`;
  return `${name}, ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

const TIME_ZONE = "Asia/Ho_Chi_Minh";

/** "08:15" from an ISO instant, in the office's time. */
export function clockOf(iso: string | undefined | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString("vi-VN", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
}

/** "25/11/2026 08:15" from an ISO instant, in the office's time. */
export function dateTimeOf(iso: string | undefined | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleDateString("vi-VN", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  });
  return `${day} ${clockOf(iso)}`;
}

/** Today's date in the office (YYYY-MM-DD) by the browser's clock. */
export function officeToday(): string {
  return new Date().toLocaleDateString("en-CA", { timeZone: TIME_ZONE });
}
