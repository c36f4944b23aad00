// Choosing the encoding and cutting a text into parts (3GPP TS 23.040 §9.2.3.24.1): 160 septets
// or 70 UCS-2 units in one SMS; with a concatenation header 153/67 (8-bit reference) or 152/66
// (16-bit reference) per part. An escape pair and a surrogate pair are never cut.
import type { Segmentation, SmsEncoding } from "./api.js";
import { gsm7Septets, isGsm7 } from "./gsm7.js";
import { concatUdhLength, fillBits } from "./udh.js";

/** At most 255 parts (the part counter is one octet). */
export const MAX_PARTS = 255;

/** Units (septets or UTF-16 code units) one part can hold. */
export function capacity(encoding: SmsEncoding, referenceBits?: 8 | 16): number {
  if (referenceBits === undefined) return encoding === "gsm7" ? 160 : 70;
  const udh = concatUdhLength(referenceBits);
  if (encoding === "gsm7") return 160 - (udh * 8 + fillBits(udh)) / 7;
  return (140 - udh) / 2;
}

/** The encoding of a text already NFC: GSM-7 when every character fits, else UCS-2. */
export function chooseEncoding(text: string, forced?: SmsEncoding): SmsEncoding {
  if (forced === "gsm7") {
    if (!isGsm7(text)) throw new RangeError("the text has characters outside GSM-7: cannot force gsm7");
    return "gsm7";
  }
  if (forced === "ucs2") return "ucs2";
  return isGsm7(text) ? "gsm7" : "ucs2";
}

function unitsOf(ch: string, encoding: SmsEncoding): number {
  return encoding === "gsm7" ? (gsm7Septets(ch) ?? 1) : ch.length;
}

export function countUnits(text: string, encoding: SmsEncoding): number {
  let n = 0;
  for (const ch of text) n += unitsOf(ch, encoding);
  return n;
}

/** Cuts an NFC text in `encoding`; one part when it fits a single SMS. */
export function splitText(text: string, encoding: SmsEncoding, referenceBits: 8 | 16 = 8): Segmentation {
  const units = countUnits(text, encoding);
  if (units <= capacity(encoding)) return { encoding, parts: [text], units };
  const max = capacity(encoding, referenceBits);
  const parts: string[] = [];
  let current = "";
  let used = 0;
  // Code points: an escape pair is one character of two septets, a surrogate pair one of two units.
  for (const ch of text) {
    const u = unitsOf(ch, encoding);
    if (used + u > max) {
      parts.push(current);
      current = "";
      used = 0;
    }
    current += ch;
    used += u;
  }
  parts.push(current);
  return { encoding, parts, units };
}

/** How `text` (NFC-normalised first) is sent: its encoding, its parts with 8-bit references. */
export function segment(text: string): Segmentation {
  const nfc = text.normalize("NFC");
  return splitText(nfc, chooseEncoding(nfc));
}
