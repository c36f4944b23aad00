import type { OfficeConfig } from "@motcua/config";
import {
  counterPress,
  counterRating,
  decodePayload,
  isRequestTopic,
  isUtf8,
  kioskHealth,
  kioskPress,
  kioskVoid,
  PayloadError,
  parseTopic,
  type RequestRefusal,
  type RequestTopic,
  readPresence,
  requestIdentity,
  type SimInput,
  type TopicName,
  tryDecodePayload,
} from "@motcua/protocol";
import type { InputMaker } from "./queue.js";
import type { RateLimiter } from "./rate-limit.js";

/** A device's request the queue will take: its idempotency key and how to make its input. */
export interface AcceptedRequest {
  ok: true;
  topic: RequestTopic;
  /** The counter or kiosk id of the topic. */
  device: string;
  /** The request's own `id` (`requestId` for a void notice). */
  id: string;
  /** Idempotency key: `counter/1/<id>`, `kiosk/1/<id>`, `rating/1/<id>`, `void/1/<requestId>`. */
  key: string;
  make: InputMaker;
}

/** Why a device message never reached the queue. */
export type RefusalReason = RequestRefusal | "bad_topic" | "other_office" | "unknown_counter";

export interface RefusedRequest {
  ok: false;
  reason: RefusalReason;
  detail: string;
  /** The device's request topic, where the refusal can be answered (given the request's id). */
  from?: { topic: RequestTopic; device: string };
}

export type ReadRequest = AcceptedRequest | RefusedRequest;

/**
 * Reads a device's request (PROTOCOL.md "Devices → hub" and docs/protocol.md's additions) into
 * something the queue can take, or says exactly why it is refused. Never throws: a bad message
 * must not reach the core. A retained request is refused (it would be acted on again whenever
 * someone subscribes), and so is a device over its rate.
 */
export function readRequest(
  config: OfficeConfig,
  limiter: RateLimiter,
  topic: string,
  payload: Uint8Array,
  retained: boolean,
): ReadRequest {
  const parsed = parseTopic(topic);
  if (!parsed || !isRequestTopic(parsed.name) || parsed.id === undefined)
    return { ok: false, reason: "bad_topic", detail: `not a device request topic: ${topic.slice(0, 200)}` };
  if (parsed.office !== config.office.id) return { ok: false, reason: "other_office", detail: parsed.office };
  const name = parsed.name;
  const device = parsed.id;
  const isCounterTopic = name === "counterPress" || name === "counterRating";
  if (isCounterTopic && !config.counters.some((c) => c.id === device))
    return { ok: false, reason: "unknown_counter", detail: device };

  // The id is read only if the device is to be told (readRequestId): a flood's refusals stay cheap.
  const refuse = (reason: RequestRefusal, detail: string): RefusedRequest => ({
    ok: false,
    reason,
    detail,
    from: { topic: name, device },
  });
  if (retained) return refuse("retained", "a request must not be retained");
  if (!limiter.take(`${name}/${device}`)) return refuse("rate_limited", `${name} of ${device} over its rate`);

  try {
    switch (name) {
      case "counterPress": {
        const press = decodePayload(counterPress, payload);
        return accepted(name, device, press.id, `counter/${device}/${press.id}`, (at) => ({
          at,
          type: "press",
          counter: device,
          button: press.button,
          id: press.id,
        }));
      }
      case "counterRating": {
        const rating = decodePayload(counterRating, payload);
        return accepted(name, device, rating.id, `rating/${device}/${rating.id}`, (at) => ({
          at,
          type: "rating",
          counter: device,
          value: rating.value,
          id: rating.id,
        }));
      }
      case "kioskPress": {
        const press = decodePayload(kioskPress, payload);
        return accepted(name, device, press.id, `kiosk/${device}/${press.id}`, (at) => {
          const input: SimInput = { at, type: "ticket", service: press.service, kiosk: device, id: press.id };
          if (press.priority !== undefined) input.priority = press.priority;
          return input;
        });
      }
      case "kioskVoid": {
        const notice = decodePayload(kioskVoid, payload);
        // The number to void is the one the hub issued for that request, whatever the kiosk
        // believes it was; no ticket issued (the press never arrived) leaves nothing to void.
        return accepted(
          name,
          device,
          notice.requestId,
          `void/${device}/${notice.requestId}`,
          (at, handled) => {
            const issued = handled(`kiosk/${device}/${notice.requestId}`)?.events.find(
              (e) => e.type === "ticket_issued",
            );
            if (issued?.type !== "ticket_issued") return undefined;
            return { at, type: "void", label: issued.label, officer: `kiosk-${device}` };
          },
        );
      }
    }
  } catch (error) {
    if (error instanceof PayloadError) return refuse("bad_payload", error.message);
    throw error;
  }
}

function accepted(
  topic: RequestTopic,
  device: string,
  id: string,
  key: string,
  make: InputMaker,
): AcceptedRequest {
  return { ok: true, topic, device, id, key, make };
}

/** The request's id from a payload that may be otherwise wrong, when it has a readable one. */
export function readRequestId(payload: Uint8Array): string | undefined {
  const identity = tryDecodePayload(requestIdentity, payload);
  return identity === undefined ? undefined : "id" in identity ? identity.id : identity.requestId;
}

/**
 * What is wrong with a device's message that is not a request (its presence, a kiosk's
 * printer health), or undefined when it is fine. An empty payload clears a retained message.
 */
export function checkDeviceMessage(name: TopicName, payload: Uint8Array): string | undefined {
  if (payload.byteLength === 0) return undefined;
  if (!isUtf8(payload)) return "payload is not valid UTF-8";
  switch (name) {
    case "deviceStatus":
      return readPresence(payload) === undefined ? 'presence must be "online" or "offline"' : undefined;
    case "kioskHealth":
      return tryDecodePayload(kioskHealth, payload) === undefined ? "not a kiosk health report" : undefined;
    default:
      return undefined;
  }
}
