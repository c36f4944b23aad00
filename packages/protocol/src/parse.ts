import type { z } from "zod";

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

/** Largest payload any device is expected to send; larger ones are refused unread. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/**
 * Decodes a UTF-8 JSON payload and validates it against a schema. Never throws anything but a
 * PayloadError, so one bad message can never take a reader down.
 */
export function decodePayload<S extends z.ZodType>(schema: S, payload: Uint8Array | string): z.output<S> {
  const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES)
    throw new PayloadError(`payload of ${size} bytes is over ${MAX_PAYLOAD_BYTES}`, []);
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8"));
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
