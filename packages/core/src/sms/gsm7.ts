// GSM 03.38 default alphabet and its extension table, to keep default replies in one segment.
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENDED = "^{}\\[~]|€\f";
const basic = new Set(BASIC);
const extended = new Set(EXTENDED);

/** Septets a text takes in GSM-7, or undefined when it needs UCS-2. */
export function gsm7Septets(text: string): number | undefined {
  let n = 0;
  for (const ch of text) {
    if (basic.has(ch)) n += 1;
    else if (extended.has(ch)) n += 2;
    else return undefined;
  }
  return n;
}

/** Segments an SMS takes: GSM-7 160/153 septets, otherwise UCS-2 70/67 UTF-16 units. */
export function smsSegments(text: string): number {
  const septets = gsm7Septets(text);
  if (septets !== undefined) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}
