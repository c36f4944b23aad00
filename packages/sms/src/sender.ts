// Who sent a message and whether a reply may go back: decided here once, for the modem that
// reads and sends, the hub that addresses replies and reminders, and the queue core that decides
// what to answer (FACTS.md "Phone numbers").
import type { AddressType } from "./api.js";

/** Vietnamese mobile numbers in national form (FACTS.md "Phone numbers"); portable, so no carrier. */
const VN_MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

/**
 * Who sent a message, as far as answering goes:
 * - `mobile`: a Vietnamese mobile number — answered;
 * - `international`: a foreign number in international form — answered;
 * - `alphanumeric`: an operator or brand name ("Viettel") — never answered, nobody reads replies;
 * - `short_code`: a service number (191, 8188, 9029…) — never answered, a reply could subscribe
 *   the office to a paid service;
 * - `other`: anything else (a landline, a malformed address) — not answered.
 */
export type SenderKind = "mobile" | "international" | "alphanumeric" | "short_code" | "other";

/**
 * A Vietnamese mobile number in the form it is stored and sent: `+84` and its 9 digits, from
 * `0912 345 678`, `84912345678`, `+84 912-345-678` or the 9 digits a network gives with a
 * national type of number. Undefined when it is not a Vietnamese mobile number.
 */
export function normalizeVietnameseMobile(number: string): string | undefined {
  const digits = number.replace(/\D/g, "");
  const national = /^84\d{9}$/.test(digits)
    ? `0${digits.slice(2)}`
    : /^\d{9}$/.test(digits) && !number.trim().startsWith("+")
      ? `0${digits}`
      : digits;
  return VN_MOBILE.test(national) ? `+84${national.slice(1)}` : undefined;
}

/** Whether a sender is written with letters (an operator notice): such senders are never answered. */
export function isAlphanumericSender(from: string, type?: AddressType): boolean {
  return type === "alphanumeric" || /[^\d\s+\-().]/.test(from);
}

export function classifySender(from: string, type?: AddressType): SenderKind {
  if (isAlphanumericSender(from, type)) return "alphanumeric";
  if (normalizeVietnameseMobile(from) !== undefined) return "mobile";
  const digits = from.replace(/\D/g, "");
  if (digits.length > 0 && digits.length <= 6) return "short_code";
  const international = from.trim().startsWith("+") || type === "international";
  // A foreign number: 8–15 digits (E.164) with a country code other than Vietnam's.
  if (international && /^\d{8,15}$/.test(digits) && !digits.startsWith("84")) return "international";
  return "other";
}

/**
 * The number to send a reply to, `+84…` for Vietnam and `+<digits>` for a foreign mobile;
 * undefined when the recipient must not be texted (see {@link SenderKind}).
 */
export function replyAddress(to: string, type?: AddressType): string | undefined {
  switch (classifySender(to, type)) {
    case "mobile":
      return normalizeVietnameseMobile(to);
    case "international":
      return `+${to.replace(/\D/g, "")}`;
    default:
      return undefined;
  }
}

/**
 * The one key of a sender, so that limits, no-shows and blocks follow the person whichever way
 * the network wrote the number: its reply address, or the text as written (trimmed) for a
 * sender that cannot be answered.
 */
export function senderKey(from: string, type?: AddressType): string {
  return replyAddress(from, type) ?? from.trim();
}
