/**
 * The hub's console API (docs/console.md) as the pages call it: JSON both ways, the session's
 * CSRF token on every change, and one place that notices a session that ended.
 */

export type Role = "officer" | "leader" | "admin";

export interface Account {
  login: string;
  name: string;
  role: Role;
  counters: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface SignedIn {
  account: Account;
  csrfToken: string;
}

/** A refusal of the hub: its status, stable `code`, Vietnamese `message` and the rest of its body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

let csrfToken = "";
let onSignedOut: (expired: boolean) => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request finds the session gone (401): `expired` when the hub says it ended. */
export function onSessionLost(handler: (expired: boolean) => void): void {
  onSignedOut = handler;
}

const OFFLINE = "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.";

async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method === "POST") {
    headers["content-type"] = "application/json";
    if (csrfToken) headers["x-csrf-token"] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "offline", OFFLINE);
  }
  const json = (res.headers.get("content-type") ?? "").includes("application/json")
    ? ((await res.json().catch(() => ({}))) as Record<string, unknown>)
    : {};
  if (res.ok) return json as T;
  const error = (json.error ?? {}) as { code?: string; message?: string };
  const code = error.code ?? `http_${res.status}`;
  const retry = Number(res.headers.get("retry-after") ?? "") || undefined;
  const failure = new ApiError(
    res.status,
    code,
    error.message ?? `Lỗi máy chủ (${res.status}).`,
    json,
    retry,
  );
  if (res.status === 401 && path !== "/api/login") onSignedOut(code === "session_expired");
  throw failure;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body: unknown) => request<T>("POST", path, body);

/** What a refusal says to the person: the hub's Vietnamese message, a word for a lost network. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Đã có lỗi xảy ra. Vui lòng thử lại.";
}
