// The user data header (3GPP TS 23.040 §9.2.3.24): concatenation with an 8-bit (IEI 0x00) or a
// 16-bit (IEI 0x08) reference; other information elements are skipped when reading.
import type { ConcatInfo } from "./api.js";

export const IEI_CONCAT_8 = 0x00;
export const IEI_CONCAT_16 = 0x08;

/** The whole header, UDHL included: 6 octets for an 8-bit reference, 7 for a 16-bit one. */
export function encodeConcatUdh(info: ConcatInfo): Uint8Array {
  const { reference, total, sequence, referenceBits } = info;
  if (!Number.isInteger(total) || total < 1 || total > 255) throw new RangeError(`parts: ${total} (1–255)`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > total) {
    throw new RangeError(`part number ${sequence} of ${total}`);
  }
  const max = referenceBits === 16 ? 0xffff : 0xff;
  if (!Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new RangeError(`concatenation reference ${reference} (0–${max} for ${referenceBits} bits)`);
  }
  if (referenceBits === 16) {
    return Uint8Array.of(6, IEI_CONCAT_16, 4, reference >> 8, reference & 0xff, total, sequence);
  }
  return Uint8Array.of(5, IEI_CONCAT_8, 3, reference, total, sequence);
}

/** Octets a concatenation header takes (UDHL included). */
export function concatUdhLength(referenceBits: 8 | 16): number {
  return referenceBits === 16 ? 7 : 6;
}

/** Fill bits after a header of `udhOctets` octets (UDHL included) so that septets start aligned. */
export function fillBits(udhOctets: number): number {
  return (7 - ((udhOctets * 8) % 7)) % 7;
}

export interface ParsedUdh {
  /** Octets of the header, UDHL included. */
  length: number;
  concat?: ConcatInfo;
}

/** Reads the header at the start of the user data. */
export function parseUdh(ud: Uint8Array): ParsedUdh {
  const udhl = ud[0];
  if (udhl === undefined || udhl + 1 > ud.length)
    throw new RangeError("user data header longer than the user data");
  const result: ParsedUdh = { length: udhl + 1 };
  let i = 1;
  while (i + 1 < udhl + 1) {
    const iei = ud[i] ?? 0;
    const len = ud[i + 1] ?? 0;
    const data = ud.subarray(i + 2, i + 2 + len);
    if (i + 2 + len > udhl + 1)
      throw new RangeError(`user data header: element 0x${iei.toString(16)} overruns`);
    // A part number of 0 or past the total makes the receiver ignore the element (§9.2.3.24.1).
    if (iei === IEI_CONCAT_8 && len === 3) {
      const [reference = 0, total = 0, sequence = 0] = data;
      if (total > 0 && sequence > 0 && sequence <= total) {
        result.concat = { reference, total, sequence, referenceBits: 8 };
      }
    } else if (iei === IEI_CONCAT_16 && len === 4) {
      const [hi = 0, lo = 0, total = 0, sequence = 0] = data;
      if (total > 0 && sequence > 0 && sequence <= total) {
        result.concat = { reference: (hi << 8) | lo, total, sequence, referenceBits: 16 };
      }
    }
    i += 2 + len;
  }
  return result;
}
