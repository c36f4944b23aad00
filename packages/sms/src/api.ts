// The agreed API of @motcua/sms: its types, and the functions re-exported from the modules that
// implement them. Signatures stay.

export type SmsEncoding = "gsm7" | "ucs2";

/** How a text is cut into SMS segments. */
export interface Segmentation {
  encoding: SmsEncoding;
  /** The text of each segment, in order; an extension-table escape pair is never split. */
  parts: string[];
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
}

/** A concatenation header: 8-bit (IEI 0x00) or 16-bit (IEI 0x08) reference. */
export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
  /** 8 or 16. */
  referenceBits: 8 | 16;
}

export type AddressType = "international" | "national" | "alphanumeric" | "unknown";

/** One SMS-DELIVER PDU, decoded (what a modem gives on +CMGL / +CMGR in PDU mode). */
export interface DeliverPdu {
  /** The sender as written on the network: `+84912345678`, `0912345678`, or `Viettel`. */
  from: string;
  fromType: AddressType;
  /** The service centre time stamp, ISO-8601 with its offset. */
  timestamp: string;
  encoding: SmsEncoding | "binary";
  /** The text of this part (NFC). */
  text: string;
  concat?: ConcatInfo;
}

/** One SMS-SUBMIT PDU, decoded (what a test or the simulator reads back from AT+CMGS). */
export interface SubmitPdu {
  to: string;
  toType: AddressType;
  encoding: SmsEncoding | "binary";
  text: string;
  concat?: ConcatInfo;
  /** TP-MR. */
  messageReference: number;
}

export interface EncodedPdu {
  /** Hex, upper case, starting with the SMSC part (`00` = the SIM's default SMSC). */
  hex: string;
  /** The length AT+CMGS=<n> wants: octets after the SMSC part. */
  tpduLength: number;
}

export interface SubmitOptions {
  to: string;
  text: string;
  /** Force UCS-2; by default GSM-7 when every character fits, else UCS-2. */
  encoding?: SmsEncoding;
  /** Concatenation reference for a multipart message (0–255 for 8-bit, 0–65535 for 16-bit). */
  reference?: number;
  referenceBits?: 8 | 16;
}

export interface DeliverOptions {
  from: string;
  text: string;
  /** ISO-8601 with offset; the PDU carries it to the second with a quarter-hour zone. */
  timestamp: string;
  encoding?: SmsEncoding;
  reference?: number;
  referenceBits?: 8 | 16;
}

export { decodeDeliver, encodeDeliver } from "./deliver.js";
/** Whether a text is all GSM 7-bit default alphabet or extension table (the one table, gsm7.ts). */
export { isGsm7 } from "./gsm7.js";
export { segment } from "./segment.js";
export { decodeSubmit, encodeSubmit } from "./submit.js";

/** A received part, as the modem link hands it to the reassembler. */
export interface ReceivedPart {
  from: string;
  text: string;
  timestamp: string;
  concat?: ConcatInfo;
  /** Local epoch ms when the part was read from the modem. */
  receivedAt: number;
}

export interface AssembledMessage {
  from: string;
  text: string;
  /** Timestamp of the first part. */
  timestamp: string;
  parts: number;
  /** False when given up after the timeout with parts missing (their places are left empty). */
  complete: boolean;
}

/**
 * Keeps the parts of concatenated messages until all have arrived (in any order, duplicates
 * ignored), keyed by sender + reference + total; gives up on a message after `timeoutMs`.
 *
 * `constructor(options?: { timeoutMs?: number })`;
 * `add(part: ReceivedPart): AssembledMessage | undefined` — a single-part message comes straight
 * back; a part completing a message returns it;
 * `expire(now: number): AssembledMessage[]` — messages given up at `now` (incomplete), removed;
 * `pending(): ReceivedPart[]` — parts still waiting, for persistence across restarts.
 */
export { Reassembler } from "./reassembler.js";

/** Who sent a message, its one key, and whether (and where) a reply may go: see sender.ts. */
export {
  classifySender,
  isAlphanumericSender,
  normalizeVietnameseMobile,
  replyAddress,
  type SenderKind,
  senderKey,
} from "./sender.js";
