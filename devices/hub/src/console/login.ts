import { hashPassword, verifyPassword } from "@motcua/config/password";
import type { Logger } from "@motcua/log";
import type { Store } from "@motcua/store";
import { type RateLimit, RateLimiter } from "../rate-limit.js";
import { overTls, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.js";
import { csrfTokenOf } from "./csrf.js";
import { ApiError } from "./http.js";
import type { Answer, RouteContext } from "./router.js";
import { ABSOLUTE_MS, type Sessions } from "./sessions.js";

/**
 * Login attempts allowed, each checked with scrypt (tens of milliseconds of a Pi's CPU): per
 * client address, so one machine cannot guess many accounts, and per login, so many machines
 * cannot guess one. Successful attempts count too: the cost is the same.
 */
export interface LoginLimits {
  perAddress: RateLimit;
  perLogin: RateLimit;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: { burst: 20, perSecond: 1 / 30 },
  perLogin: { burst: 5, perSecond: 1 / 60 },
};

// An unknown login is checked against this, so that it costs the same time as a known one and
// the answer's delay does not tell which logins exist. Made at the first login, not at start:
// a scrypt hash costs a Pi tens of milliseconds.
let decoyHash: string | undefined;
const decoy = () => (decoyHash ??= hashPassword("motcua decoy: no account has this password"));

const BAD_CREDENTIALS = new ApiError(401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");

/** `POST /api/login` with `{ login, password }`: a new session, its cookie and CSRF token. */
export function loginHandler(store: Store, sessions: Sessions, log: Logger, limits: LoginLimits) {
  const byAddress = new RateLimiter(limits.perAddress);
  const byLogin = new RateLimiter(limits.perLogin);
  return ({ req, address, body }: RouteContext): Answer => {
    const { login, password } = readCredentials(body);
    const refuse = (error: ApiError) => {
      log.warn({ login, address, code: error.code }, "console login refused");
      return error;
    };
    // Both buckets are charged, so neither a spread of logins nor of addresses gets round them.
    const addressAllowed = byAddress.take(address);
    if (!byLogin.take(login) || !addressAllowed)
      throw refuse(
        new ApiError(429, "rate_limited", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."),
      );
    const found = store.accounts.withHash(login);
    const matches = verifyPassword(password, found?.passwordHash ?? decoy());
    if (!found || !matches) throw refuse(BAD_CREDENTIALS);
    // Said only to whoever knows the password: the account exists but may no longer be used.
    if (found.account.disabledAt !== null)
      throw refuse(
        new ApiError(403, "account_disabled", "Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên."),
      );

    const previous = readCookie(req, SESSION_COOKIE);
    if (previous !== undefined) sessions.close(previous);
    const session = sessions.open(found.account);
    log.info({ login, role: found.account.role, address }, "console login");
    return {
      body: { account: found.account, csrfToken: csrfTokenOf(session.id) },
      headers: { "set-cookie": sessionCookie(session.id, ABSOLUTE_MS / 1000, overTls(req)) },
    };
  };
}

function readCredentials(body: unknown): { login: string; password: string } {
  const { login, password } = (typeof body === "object" && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  if (typeof login !== "string" || typeof password !== "string" || login.length > 64 || password.length > 256)
    throw new ApiError(400, "bad_request", "Cần gửi tên đăng nhập và mật khẩu.");
  return { login: login.trim().toLowerCase(), password };
}
