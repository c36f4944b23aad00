// The core decides with the same SMS rules the modem sends with (@motcua/sms): the GSM-7
// alphabet keeps a reply in one segment, and only a sender a reply can reach is answered.
import { segment } from "@motcua/sms";

export { isGsm7, replyAddress, senderKey } from "@motcua/sms";

/** Segments an SMS takes, cut exactly as the modem will cut it (NFC, GSM-7 or UCS-2). */
export function smsSegments(text: string): number {
  return Math.max(1, segment(text).parts.length);
}
