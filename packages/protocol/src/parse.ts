import type { z } from "zod";
import type { Presence } from "./topics.js";

/** A payload that does not match the contract; `issues` says where. */
export class PayloadError extends Error {
  readonly code = "PAYLOAD_INVALID";
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = "PayloadError";
  }
}

/**
 * Largest payload any device is expected to send. The embedded broker refuses a larger packet
 * from its length header, before reading it; readers refuse a larger payload unread.
 */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/**
 * Largest payload a device reads from the hub: the retained board carries the day's
 * appointments (about 110 bytes each, ~110 KB for a provincial centre's 1,000), far over what a
 * device may send.
 */
export const MAX_HUB_PAYLOAD_BYTES = 1024 * 1024;

// fatal: invalid UTF-8 is an error, never replaced by U+FFFD and read lossily.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A payload's text, or a PayloadError when it is not valid UTF-8 or over `maxBytes`. */
export function payloadText(payload: Uint8Array | string, maxBytes = MAX_PAYLOAD_BYTES): string {
  if (typeof payload === "string") return payload;
  if (payload.byteLength > maxBytes)
    throw new PayloadError(`payload of ${payload.byteLength} bytes is over ${maxBytes}`, []);
  try {
    return utf8.decode(payload);
  } catch {
    throw new PayloadError("payload is not valid UTF-8", []);
  }
}

const encoder = new TextEncoder();
function utf8Length(text: string, maxBytes: number): number {
  // At most 3 bytes per UTF-16 unit: skip the encoding when even that is under the limit.
  return text.length * 3 <= maxBytes ? text.length : encoder.encode(text).byteLength;
}

/** Whether a payload is valid UTF-8 (the contract's payloads are UTF-8 JSON). */
export function isUtf8(payload: Uint8Array): boolean {
  try {
    utf8.decode(payload);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a UTF-8 JSON payload and validates it against a schema. Never throws anything but a
 * PayloadError, so one bad message can never take a reader down. Works in Node and browsers.
 * `maxBytes` is a device's limit by default; a reader of the hub's messages passes
 * {@link MAX_HUB_PAYLOAD_BYTES}.
 */
export function decodePayload<S extends z.ZodType>(
  schema: S,
  payload: Uint8Array | string,
  maxBytes = MAX_PAYLOAD_BYTES,
): z.output<S> {
  const text = payloadText(payload, maxBytes);
  // The limit is in bytes, as on the wire: a string counts as its UTF-8 encoding.
  const bytes = typeof payload === "string" ? utf8Length(text, maxBytes) : payload.byteLength;
  if (bytes > maxBytes) throw new PayloadError(`payload of ${bytes} bytes is over ${maxBytes}`, []);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayloadError("payload is not JSON", []);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`);
    throw new PayloadError(`payload does not match the contract: ${issues.join("; ")}`, issues);
  }
  return result.data;
}

/** Like {@link decodePayload}, but undefined instead of an error: for readers that show what they can. */
export function tryDecodePayload<S extends z.ZodType>(
  schema: S,
  payload: Uint8Array | string,
  maxBytes = MAX_PAYLOAD_BYTES,
): z.output<S> | undefined {
  try {
    return decodePayload(schema, payload, maxBytes);
  } catch {
    return undefined;
  }
}

/** Reads a presence payload, JSON (`"online"`) or bare (`online`, as some devices send it). */
export function readPresence(payload: Uint8Array | string): Presence | undefined {
  let text: string;
  try {
    text = payloadText(payload).trim();
  } catch {
    return undefined;
  }
  const bare = text.replace(/^"(.*)"$/, "$1");
  return bare === "online" || bare === "offline" ? bare : undefined;
}

/**
 * Reads a `display/notice` payload: a JSON string (as every payload of the contract), or plain
 * text as an officer may type it with `mosquitto_pub`. Empty means no notice.
 */
export function readNotice(payload: Uint8Array | string): string | undefined {
  let text: string;
  try {
    text = payloadText(payload);
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "string") text = value;
    else if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as { text?: unknown }).text === "string"
    )
      text = (value as { text: string }).text;
  } catch {
    // plain text
  }
  return text.trim().slice(0, 500) || undefined;
}
