import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve, sep } from "node:path";
import type { Logger } from "@motcua/log";

/**
 * The console's pages as plain files: what `@motcua/console` built into its web-dist/ (Vite,
 * at setup or image build). The hub only reads them; it never loads Vite or Preact.
 */
export function consolePagesDir(): string {
  // The package's entry (src/index.ts or dist/index.js, one level under the package) is only
  // located, never loaded.
  const entry = createRequire(import.meta.url).resolve("@motcua/console");
  return join(dirname(entry), "..", "web-dist");
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Every page and file comes from the hub itself: no inline script or style, no other site, no
 * frame. The pages' own code sets styles through the DOM, which this allows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/** Vite names every asset by its content's hash: a year in the browser's cache, never asked again. */
const IMMUTABLE = "public, max-age=31536000, immutable";

function sendText(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(head ? undefined : text);
}

/**
 * The static side of the console: `GET /` and every page path (no extension: the app routes
 * itself) give index.html, `/assets/…` the built files. Answers only GET and HEAD outside
 * `/api/`; returns false for what it does not answer, for the API's router.
 */
export function consolePages(
  dir: string = consolePagesDir(),
  log?: Logger,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = resolve(dir);
  const index = join(root, "index.html");
  if (log && !existsSync(index))
    log.warn(
      { dir: root },
      "the console's pages are not built (the API works; pages answer 503): pnpm --filter @motcua/console build",
    );

  async function serve(file: string, req: IncomingMessage, res: ServerResponse, cache: string) {
    const head = req.method === "HEAD";
    const body = await readFile(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": cache,
    });
    res.end(head ? undefined : body);
  }

  async function answer(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD";
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return sendText(res, 400, "Địa chỉ không hợp lệ.", head);
    }
    // A path that leaves web-dist/ (`..`, an encoded one, a backslash, a NUL) is nobody's page.
    const file = resolve(root, `.${decoded}`);
    if (decoded.includes("\0") || decoded.includes("\\") || (file !== root && !file.startsWith(root + sep)))
      return sendText(res, 404, "Không tìm thấy.", head);
    const found = await stat(file).catch(() => undefined);
    if (found?.isFile())
      return serve(file, req, res, decoded.startsWith("/assets/") ? IMMUTABLE : "no-cache");
    if (extname(decoded) !== "" || decoded.startsWith("/assets/"))
      return sendText(res, 404, "Không tìm thấy.", head);
    if (!(await stat(index).catch(() => undefined))?.isFile())
      return sendText(
        res,
        503,
        "Trang quản lý chưa được dựng. The console's pages are not built: run `pnpm --filter @motcua/console build`.",
        head,
      );
    return serve(index, req, res, "no-cache");
  }

  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/api" || path.startsWith("/api/")) return false;
    answer(path, req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, "Lỗi máy chủ.", false);
      else res.destroy();
    });
    return true;
  };
}
