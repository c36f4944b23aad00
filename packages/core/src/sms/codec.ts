// What the core needs of the SMS codec's rules: the GSM-7 alphabet (to keep a reply in one
// segment) and who may be answered. The rules themselves are @motcua/sms's (gsm7.ts, sender.ts),
// the ones the modem sends with. @motcua/core does not list @motcua/sms among its dependencies
// yet, and a relative import out of this package breaks the per-package build (dist/), so until
// it does this file restates them, and devices/hub/test/sms-rules.test.ts fails the moment the
// two disagree. With the dependency, this file becomes re-exports of "@motcua/sms".

// GSM 03.38: the default alphabet, then the extension table (two septets each).
const BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const EXTENSION = new Set("^{}\\[~]|€\f");

/** Septets a text takes in GSM-7, or undefined when a character needs UCS-2. */
function septetsOf(text: string): number | undefined {
  let n = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) n += 1;
    else if (EXTENSION.has(ch)) n += 2;
    else return undefined;
  }
  return n;
}

/** Whether every character of a text is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  return septetsOf(text) !== undefined;
}

/** Segments an SMS takes (NFC): GSM-7 160 septets, or 153 a part; else UCS-2 70 units, or 67. */
export function smsSegments(text: string): number {
  const nfc = text.normalize("NFC");
  const septets = septetsOf(nfc);
  if (septets !== undefined) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return nfc.length <= 70 ? 1 : Math.ceil(nfc.length / 67);
}

/** Vietnamese mobile numbers in national form (FACTS.md "Phone numbers"). */
const VN_MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

function vietnameseMobile(number: string): string | undefined {
  const digits = number.replace(/\D/g, "");
  const national = /^84\d{9}$/.test(digits)
    ? `0${digits.slice(2)}`
    : /^\d{9}$/.test(digits) && !number.trim().startsWith("+")
      ? `0${digits}`
      : digits;
  return VN_MOBILE.test(national) ? `+84${national.slice(1)}` : undefined;
}

/**
 * Where a reply to this sender goes: `+84…` for a Vietnamese mobile, `+<digits>` for a foreign
 * number in international form; undefined for an operator's name, a short code (8188: a reply
 * could subscribe the office to a paid service), a landline or anything malformed.
 */
export function replyAddress(from: string): string | undefined {
  if (/[^\d\s+\-().]/.test(from)) return undefined;
  const mobile = vietnameseMobile(from);
  if (mobile !== undefined) return mobile;
  const digits = from.replace(/\D/g, "");
  const foreign = from.trim().startsWith("+") && /^\d{8,15}$/.test(digits) && !digits.startsWith("84");
  return foreign ? `+${digits}` : undefined;
}

/** The one key of a sender (limits, no-shows, blocks): its reply address, else as written. */
export function senderKey(from: string): string {
  return replyAddress(from) ?? from.trim();
}
