const MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

/**
 * A sender as the core keys it: Vietnamese numbers in `+84` + 9 digits form, whatever way the
 * network wrote them (`0912…`, `84912…`, `+84 912…`), so limits and blocks follow the person.
 */
export function phoneKey(from: string): string {
  const digits = from.replace(/\D/g, "");
  if (/^84\d{9}$/.test(digits)) return `+${digits}`;
  if (/^0\d{9}$/.test(digits)) return `+84${digits.slice(1)}`;
  return from.trim();
}

/** Whether a number is a Vietnamese mobile number (FACTS.md prefixes). */
export function isVietnameseMobile(from: string): boolean {
  const key = phoneKey(from);
  return key.startsWith("+84") && MOBILE.test(`0${key.slice(3)}`);
}

/**
 * Alphanumeric senders (operator notices such as "Viettel") cannot be answered and must never
 * be: the core ignores them.
 */
export function isAlphanumericSender(from: string): boolean {
  return /[A-Za-z]/.test(from);
}
