// SMS-SUBMIT (3GPP TS 23.040 §9.2.2.2): what AT+CMGS sends in PDU mode.
//
// Our PDUs: SMSC part `00` (the SIM's service centre), TP-MR 00 (the modem sets it), TP-PID 00,
// TP-VPF relative with TP-VP 0xA7 = 24 hours — the same as the text-mode default AT+CSMP=17,167:
// a queue reply still undelivered after a day is stale, and the network's own maximum (days) is
// longer than any reply is worth.

import { decodeAddress, encodeAddress, skipSmsc } from "./address.js";
import type { EncodedPdu, SubmitOptions, SubmitPdu } from "./api.js";
import { fromHex, OctetReader, toHex } from "./hex.js";
import { plan } from "./pdu.js";
import { dcsOf, decodeUserData, encodeUserData, parseDcs } from "./userdata.js";

const MTI_SUBMIT = 0x01;
const VPF_RELATIVE = 0x10;
const UDHI = 0x40;
/** TP-VP relative: (0xA7 − 166) days = 1 day. */
export const VALIDITY_24H = 0xa7;

/** One PDU per part; a multipart text gets a concatenation header in each. */
export function encodeSubmit(options: SubmitOptions): EncodedPdu[] {
  const { encoding, parts } = plan(options.text, options.encoding, options.reference, options.referenceBits);
  const da = encodeAddress(options.to, false);
  return parts.map(({ text, concat }) => {
    const { udhi, udl, ud } = encodeUserData(text, encoding, concat);
    const tpdu = Uint8Array.of(
      MTI_SUBMIT | VPF_RELATIVE | (udhi ? UDHI : 0),
      0x00, // TP-MR
      ...da,
      0x00, // TP-PID
      dcsOf(encoding),
      VALIDITY_24H,
      udl,
      ...ud,
    );
    return { hex: `00${toHex(tpdu)}`, tpduLength: tpdu.length };
  });
}

/** Reads an SMS-SUBMIT PDU that starts with its SMSC part. */
export function decodeSubmit(hex: string): SubmitPdu {
  const r = new OctetReader(fromHex(hex));
  skipSmsc(r);
  const first = r.byte("first octet");
  if ((first & 0x03) !== MTI_SUBMIT) throw new RangeError(`not an SMS-SUBMIT: TP-MTI ${first & 0x03}`);
  const messageReference = r.byte("TP-MR");
  const { address: to, type: toType } = decodeAddress(r, "TP-DA");
  r.byte("TP-PID");
  const { alphabet } = parseDcs(r.byte("TP-DCS"));
  const vpf = (first >> 3) & 0x03;
  if (vpf === 0b10) r.byte("TP-VP");
  else if (vpf !== 0) r.take(7, "TP-VP");
  const udl = r.byte("TP-UDL");
  const { text, concat } = decodeUserData(alphabet, (first & UDHI) !== 0, udl, r.rest());
  const pdu: SubmitPdu = { to, toType, encoding: alphabet, text, messageReference };
  if (concat) pdu.concat = concat;
  return pdu;
}
