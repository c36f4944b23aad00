import type { TicketContent } from "../src/index.js";

/** The example office's first walk-in of 25/11/2026. */
export const sample: TicketContent = {
  officeName: "UBND xã Sơn Tây",
  serviceName: "Tư pháp – Hộ tịch",
  label: "TP-001",
  counters: ["Quầy 1"],
  waiting: 3,
  estimatedAt: "2026-11-25T08:10:00+07:00",
  issuedAt: "2026-11-25T07:31:00+07:00",
  smsNumber: "0912345678",
};
