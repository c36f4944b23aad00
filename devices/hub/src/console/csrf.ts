import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { overTls } from "./cookies.js";
import { ApiError } from "./http.js";

/** The header a state-changing request carries its CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";

/**
 * The session's synchronizer token: derived from the session's secret id, so it is bound to
 * that session, needs no storage, and another site can neither read nor guess it.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHmac("sha256", sessionId).update("motcua console csrf").digest("base64url");
}

/** Throws unless the request carries the session's token in {@link CSRF_HEADER}. */
export function checkCsrfToken(req: IncomingMessage, sessionId: string): void {
  const given = req.headers[CSRF_HEADER];
  const expected = Buffer.from(csrfTokenOf(sessionId));
  const actual = Buffer.from(typeof given === "string" ? given : "");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new ApiError(403, "csrf", "Phiên làm việc không hợp lệ. Hãy tải lại trang rồi thử lại.");
}

/**
 * Throws when a browser says the request comes from another site: an Origin other than the
 * console's own, or Sec-Fetch-Site other than same-origin (none: typed by the user). A client
 * that sends neither is not a browser, which no other site can drive; the token still applies.
 */
export function checkSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  const own = `${overTls(req) ? "https" : "http"}://${req.headers.host ?? ""}`;
  const site = req.headers["sec-fetch-site"];
  if (
    (origin !== undefined && origin !== own) ||
    (site !== undefined && site !== "same-origin" && site !== "none")
  )
    throw new ApiError(403, "cross_origin", "Yêu cầu đến từ một trang khác nên bị từ chối.");
}
