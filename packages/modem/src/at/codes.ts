/**
 * Error numbers by their verbose texts, for modems answering `+CMS ERROR: network timeout`
 * after `AT+CMEE=2` instead of `+CMS ERROR: 332`. Keys are lower case, without punctuation.
 */
const CMS_TEXTS: Record<string, number> = {
  "unassigned unallocated number": 1,
  "unassigned number": 1,
  "operator determined barring": 8,
  "call barred": 10,
  "short message transfer rejected": 21,
  "sm transfer rejected": 21,
  "memory capacity exceeded": 22,
  "destination out of service": 27,
  "destination out of order": 27,
  "unidentified subscriber": 28,
  "facility rejected": 29,
  "unknown subscriber": 30,
  "network out of order": 38,
  "temporary failure": 41,
  congestion: 42,
  "resources unavailable unspecified": 47,
  "requested facility not subscribed": 50,
  "requested facility not implemented": 69,
  "invalid short message transfer reference value": 81,
  "invalid message unspecified": 95,
  "invalid mandatory information": 96,
  "message type nonexistent or not implemented": 97,
  "message not compatible with short message protocol state": 98,
  "information element nonexistent or not implemented": 99,
  "protocol error unspecified": 111,
  "interworking unspecified": 127,
  "me failure": 300,
  "sms service of me reserved": 301,
  "operation not allowed": 302,
  "operation not supported": 303,
  "invalid pdu mode parameter": 304,
  "invalid text mode parameter": 305,
  "sim not inserted": 310,
  "sim pin required": 311,
  "phsim pin required": 312,
  "sim failure": 313,
  "sim busy": 314,
  "sim wrong": 315,
  "sim puk required": 316,
  "sim pin2 required": 317,
  "sim puk2 required": 318,
  "memory failure": 320,
  "invalid memory index": 321,
  "memory full": 322,
  "smsc address unknown": 330,
  "no network service": 331,
  "network timeout": 332,
  "no cnma acknowledgement expected": 340,
  "unknown error": 500,
};

const CME_TEXTS: Record<string, number> = {
  "phone failure": 0,
  "operation not allowed": 3,
  "operation not supported": 4,
  "sim not inserted": 10,
  "sim pin required": 11,
  "sim puk required": 12,
  "sim failure": 13,
  "sim busy": 14,
  "sim wrong": 15,
  "incorrect password": 16,
  "sim pin2 required": 17,
  "sim puk2 required": 18,
  "memory full": 20,
  "invalid index": 21,
  "not found": 22,
  "memory failure": 23,
  "no network service": 30,
  "network timeout": 31,
  "network not allowed emergency calls only": 32,
  unknown: 100,
};

function lookup(table: Record<string, number>, text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const key = trimmed
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^ph sim/, "phsim")
    .replace(/non existent/g, "nonexistent");
  return table[key];
}

/** `+CMS ERROR: <text>` → its number, when the number or a known text is given. */
export function cmsNumber(text: string): number | undefined {
  return lookup(CMS_TEXTS, text);
}

/** `+CME ERROR: <text>` → its number, when the number or a known text is given. */
export function cmeNumber(text: string): number | undefined {
  return lookup(CME_TEXTS, text);
}

/** CMS errors worth another try later: the network or the SIM was busy, not the message wrong. */
export const RETRYABLE_CMS: ReadonlySet<number> = new Set([38, 41, 42, 47, 314, 331, 332, 500]);

/**
 * CMS errors that say the modem or its SIM is not fit to send (no SIM, PIN asked, memory or
 * service-centre trouble): the message is not at fault, so it goes back to the outbox without
 * counting as an attempt while the link re-initialises the modem.
 */
export const MODEM_CMS: ReadonlySet<number> = new Set([
  300, 301, 310, 311, 312, 313, 315, 316, 317, 318, 320, 322, 330,
]);
