import type { OfficeConfig } from "@motcua/config";
import { parseLabel } from "@motcua/core";
import type { ConsoleInput } from "@motcua/protocol";
import type { Account } from "@motcua/store";
import { ApiError } from "./http.js";

const refused = (message: string) => new ApiError(403, "forbidden", message);

/**
 * Throws unless `account` may perform `input` (docs/console.md, "Officer actions"). Leaders and
 * admins may do every action; an officer only what concerns the counters their account lists.
 * Checked before the core sees the input, so a refused action leaves no trace in the event log.
 */
export function checkMayAct(account: Account, input: ConsoleInput, config: OfficeConfig): void {
  if (account.role !== "officer") return;
  if (input.type === "notice")
    // What the whole hall reads is the office's word: the leader's (issue 12, "notice").
    throw refused("Chỉ lãnh đạo hoặc quản trị viên được đặt thông báo trên màn hình.");
  const own = new Set(account.counters);
  if (own.size === 0) throw refused("Tài khoản của bạn chưa được giao quầy nào.");
  switch (input.type) {
    case "call":
      if (!own.has(input.counter))
        throw refused(`Bạn chỉ được gọi số tại quầy của mình, không phải quầy ${input.counter}.`);
      return;
    case "press":
      if (!own.has(input.counter))
        throw refused(`Bạn chỉ được thao tác tại quầy của mình, không phải quầy ${input.counter}.`);
      return;
    case "void":
    case "transfer":
      checkOwnService(input.label, own, config);
      return;
    case "checkin":
    case "officer_cancel":
      // By transaction code: the citizen stands at the officer's counter whatever the service.
      return;
    case "unblock":
      // Phones are the leader's work (issue 12, "Phones").
      throw refused("Chỉ lãnh đạo hoặc quản trị viên được bỏ chặn số điện thoại.");
  }
}

/**
 * An officer voids or transfers only numbers of a service one of their counters serves. A label
 * that names no service is left to the core, which refuses it as `invalid` in the log.
 */
function checkOwnService(label: string, own: ReadonlySet<string>, config: OfficeConfig): void {
  const ref = parseLabel(label.trim());
  if (!ref) return;
  const service = config.services.find((s) => s.code === ref.service);
  if (service && !service.counters.some((c) => own.has(c)))
    throw refused(`Số ${label.trim()} thuộc dịch vụ không do quầy của bạn phụ trách.`);
}
