// SMS-DELIVER (3GPP TS 23.040 §9.2.2.1): what a modem lists with AT+CMGL / AT+CMGR in PDU mode.
// Our own (for the simulator and tests) carry SMSC part `00`, TP-MMS set (no more messages),
// TP-PID 00, and no class.

import { decodeAddress, encodeAddress, skipSmsc } from "./address.js";
import type { DeliverOptions, DeliverPdu, EncodedPdu } from "./api.js";
import { fromHex, OctetReader, toHex } from "./hex.js";
import { plan } from "./pdu.js";
import { decodeScts, encodeScts } from "./timestamp.js";
import { dcsOf, decodeUserData, encodeUserData, parseDcs } from "./userdata.js";

const MTI_DELIVER = 0x00;
const MMS_NO_MORE = 0x04;
const UDHI = 0x40;

/** One PDU per part, as the network would deliver them. */
export function encodeDeliver(options: DeliverOptions): EncodedPdu[] {
  const { encoding, parts } = plan(options.text, options.encoding, options.reference, options.referenceBits);
  const oa = encodeAddress(options.from, true);
  const scts = encodeScts(options.timestamp);
  return parts.map(({ text, concat }) => {
    const { udhi, udl, ud } = encodeUserData(text, encoding, concat);
    const tpdu = Uint8Array.of(
      MTI_DELIVER | MMS_NO_MORE | (udhi ? UDHI : 0),
      ...oa,
      0x00, // TP-PID
      dcsOf(encoding),
      ...scts,
      udl,
      ...ud,
    );
    return { hex: `00${toHex(tpdu)}`, tpduLength: tpdu.length };
  });
}

/** Reads an SMS-DELIVER PDU that starts with its SMSC part (as +CMGL / +CMGR give it). */
export function decodeDeliver(hex: string): DeliverPdu {
  const r = new OctetReader(fromHex(hex));
  skipSmsc(r);
  const first = r.byte("first octet");
  if ((first & 0x03) !== MTI_DELIVER) throw new RangeError(`not an SMS-DELIVER: TP-MTI ${first & 0x03}`);
  const { address: from, type: fromType } = decodeAddress(r, "TP-OA");
  r.byte("TP-PID");
  const { alphabet } = parseDcs(r.byte("TP-DCS"));
  const timestamp = decodeScts(r.take(7, "TP-SCTS"));
  const udl = r.byte("TP-UDL");
  const { text, concat } = decodeUserData(alphabet, (first & UDHI) !== 0, udl, r.rest());
  const pdu: DeliverPdu = { from, fromType, timestamp, encoding: alphabet, text };
  if (concat) pdu.concat = concat;
  return pdu;
}
