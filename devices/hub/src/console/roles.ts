import type { Account, AccountRole } from "@motcua/store";
import { ApiError } from "./http.js";

/**
 * Who may call a route, declared by every route (the router takes none without one) and
 * checked on the server before its handler runs: hiding a button in the page protects nothing.
 */
export type Access = { session: false } | { session: true; roles: readonly AccountRole[] | "any" };

/** A route anyone may call: the login. */
export const PUBLIC: Access = { session: false };

/** A route for a signed-in account of one of `roles`; with none named, any signed-in account. */
export function requireRole(...roles: AccountRole[]): Access {
  return { session: true, roles: roles.length === 0 ? "any" : roles };
}

/** Throws the refusal when `account` may not call a route of `access`. */
export function checkAccess(access: Access, account: Account | undefined): void {
  if (!access.session) return;
  if (account === undefined) throw new ApiError(401, "unauthenticated", "Bạn cần đăng nhập để tiếp tục.");
  if (access.roles !== "any" && !access.roles.includes(account.role))
    throw new ApiError(403, "forbidden", "Tài khoản của bạn không có quyền thực hiện thao tác này.");
}
