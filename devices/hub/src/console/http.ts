import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A refusal the console answers with: an HTTP status, a stable `code` for programs and a
 * Vietnamese `message` (with diacritics) the page can show as it is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More fields of the refusal for programs, e.g. the `path` of a bad field. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The largest request body the console reads; its requests are a few fields of JSON. */
export const MAX_BODY_BYTES = 16 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    // Answers name accounts and carry the CSRF token: never kept by a cache.
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError, headers?: Record<string, string>): void {
  sendJson(
    res,
    error.status,
    { error: { code: error.code, message: error.message, ...error.details } },
    headers,
  );
}

/**
 * The request's JSON body: at most {@link MAX_BODY_BYTES} (refused from its Content-Length
 * when it says so, else as soon as the bytes pass it), of type application/json, parsed.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    throw new ApiError(415, "unsupported_media_type", "Yêu cầu phải gửi dữ liệu JSON (application/json).");
  const tooLarge = () =>
    new ApiError(413, "too_large", `Dữ liệu gửi lên quá lớn (tối đa ${maxBytes / 1024} KiB).`);
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError(400, "bad_json", "Dữ liệu gửi lên không phải JSON hợp lệ.");
  }
}
