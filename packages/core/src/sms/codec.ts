// The rules of the SMS codec the core decides with — the GSM-7 alphabet and who may be answered —
// taken from @motcua/sms so that the core counts and addresses exactly as the modem sends.
// Imported by path: @motcua/core does not list @motcua/sms among its dependencies yet; once it
// does, this becomes `from "@motcua/sms"`.
import { segment } from "../../../sms/src/index.js";

export { isGsm7, replyAddress, senderKey } from "../../../sms/src/index.js";

/** Segments an SMS takes as the modem will send it: GSM-7 160/153 septets, else UCS-2 70/67 units. */
export function smsSegments(text: string): number {
  return segment(text).parts.length;
}
