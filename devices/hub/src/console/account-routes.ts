import { accountId } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import {
  ACCOUNT_ROLES,
  type Account,
  type AccountChanges,
  type AccountRole,
  type Store,
} from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { ApiError } from "./http.js";
import type { LiveStreams } from "./live.js";
import { requireRole } from "./roles.js";
import { pathParameter, type Route } from "./router.js";
import type { OpenSession } from "./sessions.js";

/** The same floor as `motcua user` (packages/cli/src/user.ts): these passwords guard the office. */
export const MIN_ACCOUNT_PASSWORD = 10;

const bad = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

function fieldsOf(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw bad("", "Dữ liệu gửi lên phải là một đối tượng JSON.");
  for (const name of Object.keys(body))
    if (!allowed.includes(name)) throw bad(name, `Không có trường "${name}".`);
  return body as Record<string, unknown>;
}

function readName(value: unknown): string {
  const name = typeof value === "string" ? value.trim() : "";
  if (name === "" || name.length > 100) throw bad("name", "Họ tên phải có từ 1 đến 100 ký tự.");
  return name;
}

function readRole(value: unknown): AccountRole {
  const role = ACCOUNT_ROLES.find((r) => r === value);
  if (role === undefined) throw bad("role", `Vai trò phải là một trong ${ACCOUNT_ROLES.join(", ")}.`);
  return role;
}

function readCounters(value: unknown, known: ReadonlySet<string>): string[] {
  if (!Array.isArray(value) || value.some((c) => typeof c !== "string"))
    throw bad("counters", "Danh sách quầy phải là một mảng mã quầy.");
  const counters = [...new Set(value as string[])];
  const unknown = counters.filter((c) => !known.has(c));
  if (unknown.length > 0) throw bad("counters", `Văn phòng không có quầy ${unknown.join(", ")}.`);
  return counters;
}

function readPassword(value: unknown): string {
  if (typeof value !== "string" || [...value].length < MIN_ACCOUNT_PASSWORD || value.length > 200)
    throw bad("password", `Mật khẩu phải có ít nhất ${MIN_ACCOUNT_PASSWORD} ký tự.`);
  return value;
}

/** An officer serves at least one counter; the other roles none (as `motcua user add`). */
function checkCounters(role: AccountRole, counters: readonly string[]): void {
  if (role === "officer" && counters.length === 0)
    throw bad("counters", "Cán bộ phải được giao ít nhất một quầy.");
  if (role !== "officer" && counters.length > 0) throw bad("counters", "Chỉ cán bộ mới được giao quầy.");
}

/**
 * `POST /api/accounts` (a new account) and `POST /api/accounts/<login>` (name, role, counters,
 * password, disabled): the admin's, with the rules of `motcua user`, each change audited with the
 * admin's login. A new password or a disabled account ends the account's sessions and live views.
 */
export function accountRoutes(store: Store, queue: LiveQueue, live: LiveStreams): Route[] {
  const knownCounters = () => new Set(queue.core.config.counters.map((c) => c.id));
  const change = (session: OpenSession | undefined) => ({
    actor: (session as OpenSession).account.login,
    at: queue.stamp(),
  });
  return [
    {
      method: "POST",
      path: "/api/accounts",
      access: requireRole("admin"),
      handle: ({ body, session }) => {
        const fields = fieldsOf(body, ["login", "name", "role", "counters", "password"]);
        const login = accountId.safeParse(fields.login);
        if (!login.success) throw bad("login", "Tên đăng nhập: 2–32 chữ thường không dấu, số, . - _.");
        const name = readName(fields.name);
        const role = readRole(fields.role);
        const counters = readCounters(fields.counters ?? [], knownCounters());
        checkCounters(role, counters);
        const password = readPassword(fields.password);
        if (store.accounts.get(login.data))
          throw new ApiError(409, "account_exists", `Tài khoản "${login.data}" đã có.`);
        store.accounts.add(
          { login: login.data, name, role, counters, passwordHash: hashPassword(password) },
          change(session),
        );
        return { body: { account: store.accounts.get(login.data) } };
      },
    },
    {
      method: "POST",
      path: "/api/accounts/*",
      access: requireRole("admin"),
      handle: ({ req, body, session }) => {
        const login = pathParameter(req) ?? "";
        const fields = fieldsOf(body, ["name", "role", "counters", "password", "disabled"]);
        const account: Account | undefined = store.accounts.get(login);
        if (!account) throw new ApiError(404, "account_unknown", `Không có tài khoản "${login}".`);
        if (Object.keys(fields).length === 0) throw bad("", "Không có thay đổi nào.");
        if (fields.disabled !== undefined && fields.disabled !== true)
          throw bad("disabled", "Tài khoản chỉ có thể bị khóa (disabled: true), không mở lại được.");
        const changes: AccountChanges = {};
        if (fields.name !== undefined) changes.name = readName(fields.name);
        if (fields.role !== undefined) changes.role = readRole(fields.role);
        if (fields.counters !== undefined) changes.counters = readCounters(fields.counters, knownCounters());
        const role = changes.role ?? account.role;
        // A leader or admin made officer keeps nothing but what is given; the reverse drops counters.
        if (role !== "officer" && changes.counters === undefined && account.counters.length > 0)
          changes.counters = [];
        checkCounters(role, changes.counters ?? account.counters);
        const password = fields.password === undefined ? undefined : readPassword(fields.password);
        const self = (session as OpenSession).account.login === login;
        if (self && (fields.disabled === true || (changes.role !== undefined && changes.role !== "admin")))
          throw new ApiError(
            409,
            "own_account",
            "Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.",
          );
        if (account.disabledAt !== null && fields.disabled !== true)
          throw new ApiError(409, "account_disabled", `Tài khoản "${login}" đã bị khóa.`);
        const by = change(session);
        if (Object.keys(changes).length > 0) store.accounts.update(login, changes, by);
        if (password !== undefined) store.accounts.setPassword(login, hashPassword(password), by);
        if (fields.disabled === true && account.disabledAt === null) store.accounts.disable(login, by);
        // The store ended the sessions; their open live views end with them.
        if (password !== undefined || fields.disabled === true) live.endLogin(login);
        return { body: { account: store.accounts.get(login) } };
      },
    },
  ];
}
