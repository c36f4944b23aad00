import type { DeliverOptions, DeliverPdu, EncodedPdu, SubmitPdu } from "@motcua/sms";
import * as sms from "@motcua/sms";

/**
 * The PDU steps the simulator needs, behind a seam: making SMS-DELIVER PDUs for injected messages
 * and reading the SMS-SUBMIT PDUs a client sends. The default is `@motcua/sms`; tests of the AT
 * engine alone may pass a stand-in.
 */
export interface PduCodec {
  encodeDeliver(options: DeliverOptions): EncodedPdu[];
  decodeSubmit(hex: string): SubmitPdu;
  /** Only text mode (`AT+CMGF=1`) reads stored PDUs back. */
  decodeDeliver(hex: string): DeliverPdu;
}

/** `@motcua/sms` (resolved at call time, so a missing implementation is a clear error, not an import failure). */
export const smsCodec: PduCodec = {
  encodeDeliver(options) {
    return need("encodeDeliver")(options);
  },
  decodeSubmit(hex) {
    return need("decodeSubmit")(hex);
  },
  decodeDeliver(hex) {
    return need("decodeDeliver")(hex);
  },
};

function need<K extends keyof PduCodec>(name: K): PduCodec[K] {
  const fn = (sms as unknown as Partial<PduCodec>)[name];
  if (typeof fn !== "function") throw new Error(`@motcua/sms does not implement ${name} yet`);
  return fn as PduCodec[K];
}

/** The octets after the SMSC part of a PDU written as hex (`AT+CMGS=<n>`, `+CMGL: …,<n>`). */
export function tpduLength(hex: string): number {
  const smscLength = Number.parseInt(hex.slice(0, 2), 16);
  return hex.length / 2 - 1 - smscLength;
}

/**
 * The SMSC part a real modem puts before a stored SMS-DELIVER (`07914889200030F0` for
 * `+84980200030`) in place of an empty one (`00`): links must skip it, not assume `00`.
 */
export function withSmsc(hex: string, smsc: string): string {
  if (!hex.startsWith("00") || smsc.length === 0) return hex;
  const international = smsc.startsWith("+");
  const digits = smsc.replace(/^\+/, "");
  const padded = digits.length % 2 === 1 ? `${digits}F` : digits;
  let bcd = "";
  for (let i = 0; i < padded.length; i += 2) bcd += `${padded[i + 1]}${padded[i]}`;
  const length = (1 + padded.length / 2).toString(16).padStart(2, "0");
  return `${length}${international ? "91" : "81"}${bcd}${hex.slice(2)}`.toUpperCase();
}
