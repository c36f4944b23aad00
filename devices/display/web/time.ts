/** Dates and times as the hall reads them, in the office's time zone. Pure: tested in Node. */

const WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

/** `2026-11-25` → "Thứ Tư, 25/11/2026". */
export function vietnameseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as string;
  return `${weekday}, ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The office's calendar date (`YYYY-MM-DD`) and wall-clock time (`HH:MM:SS`) at an instant. */
export function officeDateTime(epochMs: number, timeZone: string): { date: string; time: string } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

/** `2026-11-25T08:40:00+07:00` → "08:40": the hub writes times in the office's own offset. */
export function hhmm(iso: string): string {
  return iso.slice(11, 16);
}
