import type { OfficeConfig } from "@motcua/config";
import {
  counterPress,
  decodePayload,
  kioskPress,
  PayloadError,
  parseTopic,
  type SimInput,
} from "@motcua/protocol";

export type IncomingResult =
  | { ok: true; input: SimInput; key: string }
  | { ok: false; reason: RejectReason; detail: string };

export type RejectReason =
  | "bad_topic"
  | "bad_payload"
  | "unknown_counter"
  | "unknown_service"
  | "other_office";

/**
 * Reads a device's message (PROTOCOL.md "Devices → hub") into a core input, or says exactly
 * why it is refused. Never throws: a bad message must not reach the core.
 */
export function readDeviceMessage(
  config: OfficeConfig,
  topic: string,
  payload: Uint8Array,
  at: string,
): IncomingResult {
  const parsed = parseTopic(topic);
  if (!parsed || (parsed.name !== "counterPress" && parsed.name !== "kioskPress")) {
    return { ok: false, reason: "bad_topic", detail: `not a device topic: ${topic.slice(0, 200)}` };
  }
  if (parsed.office !== config.office.id) return { ok: false, reason: "other_office", detail: parsed.office };
  const id = parsed.id as string;
  try {
    if (parsed.name === "counterPress") {
      if (!config.counters.some((c) => c.id === id))
        return { ok: false, reason: "unknown_counter", detail: id };
      const press = decodePayload(counterPress, payload);
      return {
        ok: true,
        key: `counter/${id}/${press.id}`,
        input: { at, type: "press", counter: id, button: press.button, id: press.id },
      };
    }
    const press = decodePayload(kioskPress, payload);
    const input: SimInput = { at, type: "ticket", service: press.service, kiosk: id, id: press.id };
    if (press.priority !== undefined) input.priority = press.priority;
    return { ok: true, key: `kiosk/${id}/${press.id}`, input };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, reason: "bad_payload", detail: error.message };
    throw error;
  }
}
