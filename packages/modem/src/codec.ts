import type { AssembledMessage, DeliverPdu, EncodedPdu, ReceivedPart, SubmitOptions } from "@motcua/sms";
import * as sms from "@motcua/sms";

/** What the link keeps of concatenated parts (the shape of @motcua/sms's `Reassembler`). */
export interface PartKeeper {
  add(part: ReceivedPart): AssembledMessage | undefined;
  expire(now: number): AssembledMessage[];
  pending(): ReceivedPart[];
}

/** The PDU codec the link uses: @motcua/sms by default, a stand-in in tests. */
export interface SmsCodec {
  decodeDeliver(hex: string): DeliverPdu;
  encodeSubmit(options: SubmitOptions): EncodedPdu[];
  createReassembler(options: { timeoutMs: number }): PartKeeper;
}

/** @motcua/sms, read through its namespace so that the link loads even before the codec has bodies. */
export const defaultCodec: SmsCodec = {
  decodeDeliver: (hex) => sms.decodeDeliver(hex),
  encodeSubmit: (options) => sms.encodeSubmit(options),
  createReassembler: (options) => new sms.Reassembler(options),
};
