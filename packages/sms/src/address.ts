// TP-OA / TP-DA addresses (3GPP TS 23.040 §9.1.2.5): digits in swapped semi-octets, or an
// alphanumeric sender in GSM 7-bit packing (type of number 101).
import type { AddressType } from "./api.js";
import { decodeGsm7, encodeGsm7, isGsm7, packSeptets, unpackSeptets } from "./gsm7.js";
import type { OctetReader } from "./hex.js";

export const TYPE_INTERNATIONAL = 0x91;
export const TYPE_UNKNOWN = 0x81;
export const TYPE_ALPHANUMERIC = 0xd0;

/** Semi-octet values above 9 (TS 23.040 §9.1.2.3). */
const SEMI_OCTET_CHARS = "0123456789*#abc";
const MAX_DIGITS = 20;
/** An alphanumeric address takes at most 10 octets: 11 septets. */
const MAX_ALPHANUMERIC = 11;

/** What kind of address a string is: `+84…` international, digits, or letters (alphanumeric). */
export function classifyAddress(address: string): AddressType {
  if (/^\+[0-9*#]+$/.test(address)) return "international";
  if (/^[0-9*#]+$/.test(address)) return "unknown";
  return "alphanumeric";
}

/** Length octet, type octet and value of an address. */
export function encodeAddress(address: string, allowAlphanumeric: boolean): Uint8Array {
  const kind = classifyAddress(address);
  if (kind === "alphanumeric") {
    if (!allowAlphanumeric || address.startsWith("+") || address.length === 0) {
      throw new RangeError(`not a phone number: ${JSON.stringify(address)}`);
    }
    if (!isGsm7(address))
      throw new RangeError(`alphanumeric address outside GSM-7: ${JSON.stringify(address)}`);
    const septets = encodeGsm7(address);
    if (septets.length > MAX_ALPHANUMERIC) {
      throw new RangeError(`alphanumeric address longer than ${MAX_ALPHANUMERIC} septets: ${address}`);
    }
    const packed = packSeptets(septets);
    return Uint8Array.of(Math.ceil((septets.length * 7) / 4), TYPE_ALPHANUMERIC, ...packed);
  }
  const digits = kind === "international" ? address.slice(1) : address;
  if (digits.length > MAX_DIGITS)
    throw new RangeError(`address longer than ${MAX_DIGITS} digits: ${address}`);
  const nibbles = [...digits].map((d) => SEMI_OCTET_CHARS.indexOf(d));
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const value: number[] = [];
  for (let i = 0; i < nibbles.length; i += 2)
    value.push(((nibbles[i + 1] ?? 0xf) << 4) | (nibbles[i] ?? 0xf));
  return Uint8Array.of(digits.length, kind === "international" ? TYPE_INTERNATIONAL : TYPE_UNKNOWN, ...value);
}

export interface DecodedAddress {
  address: string;
  type: AddressType;
}

function typeOfNumber(type: number): AddressType {
  switch ((type >> 4) & 0x07) {
    case 1:
      return "international";
    case 2:
      return "national";
    case 5:
      return "alphanumeric";
    default:
      return "unknown";
  }
}

/** Reads an address: its length counts useful semi-octets. */
export function decodeAddress(reader: OctetReader, what: string): DecodedAddress {
  const length = reader.byte(`${what} length`);
  const typeOctet = reader.byte(`${what} type`);
  const value = reader.take(Math.ceil(length / 2), what);
  const type = typeOfNumber(typeOctet);
  if (type === "alphanumeric") {
    const septets = unpackSeptets(value, Math.floor((length * 4) / 7));
    // Some service centres give the length as twice the octets (14 for "Viettel" in 7 octets, not
    // 13): the read then ends in a zero septet that only pads the last octet, not an "@".
    if (septets.length % 8 === 0 && septets.length > 0 && septets[septets.length - 1] === 0) septets.pop();
    return { address: decodeGsm7(septets).normalize("NFC"), type };
  }
  let digits = "";
  for (let i = 0; i < length; i++) {
    const octet = value[i >> 1] ?? 0xff;
    const nibble = i % 2 === 0 ? octet & 0x0f : octet >> 4;
    if (nibble === 0x0f) break;
    digits += SEMI_OCTET_CHARS[nibble] ?? "";
  }
  return { address: type === "international" ? `+${digits}` : digits, type };
}

/** Skips the SMSC part that starts a PDU from a modem (its length counts octets). */
export function skipSmsc(reader: OctetReader): void {
  const length = reader.byte("SMSC length");
  reader.take(length, "SMSC address");
}
