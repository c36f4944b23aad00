import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@motcua/log";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import { checkCsrfToken, checkSameOrigin } from "./csrf.js";
import { ApiError, readJsonBody, sendError, sendJson } from "./http.js";
import { type Access, checkAccess } from "./roles.js";
import type { OpenSession, Sessions } from "./sessions.js";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The client's address, for rate limits and logs. */
  address: string;
  /** The signed-in session, present on every route that requires one. */
  session: OpenSession | undefined;
  /** The parsed JSON body of a POST. */
  body: unknown;
}

/**
 * What a handler answers: a status and a JSON body (the default status 200), or `sent` when
 * the handler wrote the response itself (a CSV file, a stream of server-sent events).
 */
export type Answer =
  | { status?: number; body: unknown; headers?: Record<string, string | string[]>; sent?: undefined }
  | { sent: true };

export interface Route {
  method: "GET" | "POST";
  /** The exact path, or a prefix ending in `/*` that takes one more segment (`/api/phones/*`). */
  path: string;
  access: Access;
  handle(context: RouteContext): Answer | Promise<Answer>;
  /** The largest body this route reads (`MAX_BODY_BYTES` unless it says; a whole configuration is larger). */
  maxBodyBytes?: number;
}

/**
 * Matches a request to its route and runs, in this order, every check the console makes
 * before a handler: the same-origin check of a change, the session, the route's roles, the
 * CSRF token of a change, and the body. A handler runs only once all have passed.
 */
export class Router {
  private readonly routes = new Map<string, Map<string, Route>>();

  constructor(
    private readonly sessions: Sessions,
    private readonly log: Logger,
  ) {}

  add(route: Route): this {
    const byMethod = this.routes.get(route.path) ?? new Map<string, Route>();
    byMethod.set(route.method, route);
    this.routes.set(route.path, byMethod);
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = req.socket.remoteAddress ?? "unknown";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let login: string | undefined;
    try {
      const byMethod =
        this.routes.get(path) ??
        this.routes.get(withParameter(path)) ??
        this.routes.get(withInnerParameter(path));
      if (!byMethod) throw new ApiError(404, "not_found", "Không tìm thấy địa chỉ này.");
      const route = byMethod.get(req.method ?? "");
      if (!route)
        throw new ApiError(405, "method_not_allowed", "Phương thức này không được hỗ trợ ở địa chỉ này.");
      const changes = route.method !== "GET";
      if (changes) checkSameOrigin(req);
      let session: OpenSession | undefined;
      const id = readCookie(req, SESSION_COOKIE);
      if (id !== undefined && route.access.session) {
        const resolved = this.sessions.resolve(id);
        if (resolved.ok) session = resolved.session;
        else if (resolved.expired)
          throw new ApiError(401, "session_expired", "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.");
      }
      login = session?.account.login;
      checkAccess(route.access, session?.account);
      if (changes && session) checkCsrfToken(req, session.id);
      const body = route.method === "POST" ? await readJsonBody(req, route.maxBodyBytes) : undefined;
      const answer = await route.handle({ req, res, address, session, body });
      if (answer.sent !== true) sendJson(res, answer.status ?? 200, answer.body, answer.headers);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.log.error(
          { method: req.method, path: path.slice(0, 200), err: String(error) },
          "console request failed",
        );
        sendError(res, new ApiError(500, "internal", "Máy chủ gặp lỗi. Vui lòng thử lại sau."));
        return;
      }
      // The login's own refusals are logged by the login, with its details.
      if (!path.startsWith("/api/login"))
        this.log.warn(
          {
            method: req.method,
            path: path.slice(0, 200),
            status: error.status,
            code: error.code,
            address,
            login,
          },
          "console request refused",
        );
      sendError(res, error, error.status === 429 ? { "retry-after": "60" } : undefined);
    }
  }
}

/** `/api/phones/0912345678` → `/api/phones/*`: the route of a path whose last segment is a parameter. */
function withParameter(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash > 0 && slash < path.length - 1 ? `${path.slice(0, slash)}/*` : path;
}

/** The route of a path whose last but one segment is a parameter: a dossier's code before an action (`done`). */
function withInnerParameter(path: string): string {
  const segments = path.split("/");
  if (segments.length < 5 || segments.slice(1).some((s) => s === "")) return path;
  segments[segments.length - 2] = "*";
  return segments.join("/");
}

/** The last segment of a `/*` route's path, decoded; undefined when it cannot be decoded. */
export function pathParameter(req: IncomingMessage): string | undefined {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  } catch {
    return undefined;
  }
}
