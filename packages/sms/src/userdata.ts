// TP-DCS (3GPP TS 23.038 §4) and TP-UDL/TP-UD (TS 23.040 §9.2.3.16, §9.2.3.24): the text of
// one part with its concatenation header.
import type { ConcatInfo, SmsEncoding } from "./api.js";
import { decodeGsm7, encodeGsm7, packSeptets, unpackSeptets } from "./gsm7.js";
import { toHex } from "./hex.js";
import { decodeUcs2, encodeUcs2 } from "./ucs2.js";
import { encodeConcatUdh, fillBits, parseUdh } from "./udh.js";

export type Alphabet = SmsEncoding | "binary";

export interface DataCoding {
  alphabet: Alphabet;
  /** Message class 0–3 when the scheme gives one (0 = flash). */
  messageClass?: 0 | 1 | 2 | 3;
}

/** TP-DCS for our own PDUs: no class, uncompressed. */
export function dcsOf(encoding: SmsEncoding): number {
  return encoding === "ucs2" ? 0x08 : 0x00;
}

/** Reads TP-DCS: the alphabet and class of every coding group; compressed text counts as binary. */
export function parseDcs(dcs: number): DataCoding {
  const group = dcs >> 4;
  const cls = (dcs & 0x03) as 0 | 1 | 2 | 3;
  if (group <= 0x7) {
    // 00xx general data coding, 01xx the same with automatic deletion.
    const compressed = (dcs & 0x20) !== 0;
    const alphabetBits = (dcs >> 2) & 0x03;
    const alphabet: Alphabet = compressed
      ? "binary"
      : alphabetBits === 0
        ? "gsm7"
        : alphabetBits === 2
          ? "ucs2"
          : alphabetBits === 1
            ? "binary"
            : "gsm7"; // 11 is reserved: treat as the default alphabet
    return dcs & 0x10 ? { alphabet, messageClass: cls } : { alphabet };
  }
  if (group === 0xc || group === 0xd) return { alphabet: "gsm7" }; // message waiting, discard / store
  if (group === 0xe) return { alphabet: "ucs2" }; // message waiting, store, UCS-2
  if (group === 0xf) return { alphabet: dcs & 0x04 ? "binary" : "gsm7", messageClass: cls };
  return { alphabet: "gsm7" }; // reserved groups 1000–1011: the default alphabet
}

export interface EncodedUserData {
  udhi: boolean;
  /** TP-UDL: septets for GSM-7, octets otherwise. */
  udl: number;
  ud: Uint8Array;
}

export function encodeUserData(text: string, encoding: SmsEncoding, concat?: ConcatInfo): EncodedUserData {
  const udh = concat ? encodeConcatUdh(concat) : new Uint8Array(0);
  if (encoding === "gsm7") {
    const septets = encodeGsm7(text);
    const fill = udh.length ? fillBits(udh.length) : 0;
    const headerSeptets = (udh.length * 8 + fill) / 7;
    const udl = headerSeptets + septets.length;
    if (udl > 160) throw new RangeError(`GSM-7 part of ${udl} septets (160 at most)`);
    const body = packSeptets(septets, fill);
    const ud = new Uint8Array(Math.ceil((udl * 7) / 8));
    ud.set(udh, 0);
    // The first body octet holds the fill bits, which fall in the header's last septet.
    for (let i = 0; i < body.length; i++) ud[udh.length + i] = body[i] ?? 0;
    return { udhi: udh.length > 0, udl, ud };
  }
  const body = encodeUcs2(text);
  const udl = udh.length + body.length;
  if (udl > 140) throw new RangeError(`UCS-2 part of ${udl} octets (140 at most)`);
  const ud = new Uint8Array(udl);
  ud.set(udh, 0);
  ud.set(body, udh.length);
  return { udhi: udh.length > 0, udl, ud };
}

export interface DecodedUserData {
  text: string;
  concat?: ConcatInfo;
}

/** Reads TP-UD (everything after TP-UDL). Text comes back NFC; binary as upper-case hex. */
export function decodeUserData(
  alphabet: Alphabet,
  udhi: boolean,
  udl: number,
  rest: Uint8Array,
): DecodedUserData {
  if (alphabet === "gsm7") {
    if (udl > 160) throw new RangeError(`TP-UDL ${udl} septets (160 at most)`);
    const octets = Math.ceil((udl * 7) / 8);
    if (rest.length < octets) throw new RangeError(`user data: ${rest.length} octets for ${udl} septets`);
    const ud = rest.subarray(0, octets);
    let startBit = 0;
    let concat: ConcatInfo | undefined;
    if (udhi) {
      const udh = parseUdh(ud);
      concat = udh.concat;
      startBit = udh.length * 8 + fillBits(udh.length);
    }
    const count = Math.max(0, udl - startBit / 7);
    const text = decodeGsm7(unpackSeptets(ud, count, startBit)).normalize("NFC");
    return concat ? { text, concat } : { text };
  }
  if (udl > 140) throw new RangeError(`TP-UDL ${udl} octets (140 at most)`);
  if (rest.length < udl) throw new RangeError(`user data: ${rest.length} octets, TP-UDL says ${udl}`);
  let body = rest.subarray(0, udl);
  let concat: ConcatInfo | undefined;
  if (udhi) {
    const udh = parseUdh(body);
    concat = udh.concat;
    body = body.subarray(udh.length);
  }
  const text = alphabet === "ucs2" ? decodeUcs2(body).normalize("NFC") : toHex(body);
  return concat ? { text, concat } : { text };
}
