// What SMS-SUBMIT and SMS-DELIVER share: cutting a text into parts with their headers.
import type { ConcatInfo, SmsEncoding } from "./api.js";
import { chooseEncoding, MAX_PARTS, splitText } from "./segment.js";

export interface PlannedPart {
  text: string;
  concat?: ConcatInfo;
}

export interface Plan {
  encoding: SmsEncoding;
  parts: PlannedPart[];
}

// References of multipart messages without one given: consecutive from a random start, so that
// two messages sent one after the other never share one.
let nextReference = Math.floor(Math.random() * 0x10000);

function allocateReference(bits: 8 | 16): number {
  const ref = nextReference;
  nextReference = (nextReference + 1) & 0xffff;
  return bits === 16 ? ref : ref & 0xff;
}

export function plan(
  text: string,
  forced: SmsEncoding | undefined,
  reference: number | undefined,
  referenceBits: 8 | 16 | undefined,
): Plan {
  const bits = referenceBits ?? 8;
  if (bits !== 8 && bits !== 16) throw new RangeError(`referenceBits must be 8 or 16, not ${String(bits)}`);
  const nfc = text.normalize("NFC");
  const encoding = chooseEncoding(nfc, forced);
  const { parts } = splitText(nfc, encoding, bits);
  if (parts.length > MAX_PARTS)
    throw new RangeError(`text needs ${parts.length} parts (${MAX_PARTS} at most)`);
  if (parts.length === 1) return { encoding, parts: [{ text: parts[0] ?? "" }] };
  const ref = reference ?? allocateReference(bits);
  const total = parts.length;
  return {
    encoding,
    parts: parts.map((p, i) => ({
      text: p,
      concat: { reference: ref, total, sequence: i + 1, referenceBits: bits },
    })),
  };
}
