import type { AddressType, ReceivedPart, SenderKind } from "@motcua/sms";

interface IncomingBase {
  /**
   * Stable for the same PDU (a hash of its hex): a PDU read again — its AT+CMGD was lost to an
   * unplug after it was persisted — comes with the id it had; persist ids and resolve at once
   * for one already seen.
   */
  id: string;
  /** The modem's device path. */
  modem: string;
  /** Where it lay in the modem's storage; undefined for a routed `+CMT` or a reassembly timeout. */
  index: number | undefined;
  /** The PDU as read, hex; undefined for a message given up by the reassembler. */
  pdu: string | undefined;
  /** Local epoch ms when it was read. */
  receivedAt: number;
}

/** A whole message: single-part, completed by this part, or given up with parts missing. */
export interface IncomingMessage extends IncomingBase {
  kind: "message";
  /** Reply address (`+84…`) for a number that can be answered; as written otherwise (`Viettel`). */
  from: string;
  /** The address as the network wrote it. */
  rawFrom: string;
  fromType: AddressType;
  sender: SenderKind;
  /** False for operator notices, short codes and anything else that must never get a reply. */
  answerable: boolean;
  text: string;
  /** Service-centre time stamp of the first part, ISO-8601 with offset. */
  timestamp: string;
  parts: number;
  /** False when given up after the reassembly timeout with parts missing. */
  complete: boolean;
}

/**
 * One part of a concatenated message that is not complete yet. Persist it (it is deleted from
 * the modem once this resolves) and give it back to {@link Modem.restoreParts} after a restart.
 */
export interface IncomingPart extends IncomingBase {
  kind: "part";
  part: ReceivedPart;
  fromType: AddressType;
  sender: SenderKind;
}

/** A stored PDU the codec could not read (a status report, a corrupt entry): kept raw for a person. */
export interface UndecodablePdu extends IncomingBase {
  kind: "undecodable";
  error: string;
}

export type Incoming = IncomingMessage | IncomingPart | UndecodablePdu;

/**
 * Persists what the modem read. Resolve only once it is durable: the modem deletes the message
 * from its storage after that. Reject to keep it there (it is read again on the next poll).
 */
export type MessageHandler = (incoming: Incoming) => Promise<void>;
