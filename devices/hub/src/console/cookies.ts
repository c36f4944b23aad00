import type { IncomingMessage } from "node:http";

/** The console's session cookie. */
export const SESSION_COOKIE = "motcua_session";

/**
 * The value of cookie `name` in the request's Cookie header. Only our own cookie is read, and
 * its value is base64url, so no decoding is needed; anything else in it is not ours.
 */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** Whether the request came over TLS: then the cookie is `Secure` too. */
export function overTls(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}

/**
 * The session cookie: HttpOnly (the page's scripts cannot read it), SameSite=Strict (no other
 * site's page sends it), the whole site, and gone at the session's absolute end. `maxAgeSeconds`
 * 0 removes it.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "HttpOnly",
    "SameSite=Strict",
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
