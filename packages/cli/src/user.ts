import { userInfo } from "node:os";
import { parseFlags, UsageError } from "./flags.js";
import { readNewPassword } from "./password-prompt.js";

/** Console passwords guard the whole office's queue and its configuration, not one device. */
export const MIN_ACCOUNT_PASSWORD = 10;

export const USER_USAGE = `motcua user — the staff console's accounts (docs/console.md)

Usage: pnpm motcua user add LOGIN --role officer|leader|admin --name "Họ tên" [--counter ID]…
       pnpm motcua user list
       pnpm motcua user passwd LOGIN
       pnpm motcua user disable LOGIN
  each also takes [--config FILE] [--data DIR]

  --role ROLE      officer (their counters), leader (the office's day), admin (configuration, accounts)
  --name TEXT      the name the console shows, in Vietnamese
  --counter ID     a counter an officer serves; repeat it for several (officers only, at least one)
  --config FILE    the office configuration (default: the bundled example office)
  --data DIR       where the hub's store lives (default $MOTCUA_DATA, else ~/.local/share/motcua)

The password is read from standard input (twice, hidden, on a terminal; one line from a pipe;
at least ${MIN_ACCOUNT_PASSWORD} characters), never from a flag. Create the first admin this way; it works
while the hub runs. passwd and disable end the account's open sessions.`;

const ACTIONS = ["add", "list", "passwd", "disable"] as const;
type Action = (typeof ACTIONS)[number];

/** `motcua user add|list|passwd|disable`: changes go to the store's accounts, audited. */
export async function runUser(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    {
      args,
      allowPositionals: true,
      options: {
        role: { type: "string" },
        name: { type: "string" },
        counter: { type: "string", multiple: true },
        config: { type: "string" },
        data: { type: "string" },
        help: { type: "boolean", default: false },
      },
    },
    USER_USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USER_USAGE}\n`);
    return 0;
  }
  const [action, login, ...extra] = positionals;
  if (!ACTIONS.includes(action as Action))
    throw new UsageError(`expected one of ${ACTIONS.join(", ")} after "user"`, USER_USAGE);
  if (action === "list" ? login !== undefined : login === undefined || extra.length > 0)
    throw new UsageError(action === "list" ? "list takes no LOGIN" : `${action} takes one LOGIN`, USER_USAGE);
  if (action !== "add" && (values.role ?? values.name ?? values.counter) !== undefined)
    throw new UsageError("--role, --name and --counter go with add only", USER_USAGE);

  const [{ accountId, EXAMPLE_OFFICE_PATH, loadOfficeConfig }, { openStore, storePath, ACCOUNT_ROLES }] =
    await Promise.all([import("@motcua/config"), import("@motcua/store")]);
  const loginCheck = login === undefined ? undefined : accountId.safeParse(login);
  if (loginCheck?.success === false)
    throw new UsageError(`LOGIN ${loginCheck.error.issues[0]?.message}`, USER_USAGE);
  const config = loadOfficeConfig(values.config ?? EXAMPLE_OFFICE_PATH, process.env);

  let account: { role: (typeof ACCOUNT_ROLES)[number]; name: string; counters: string[] } | undefined;
  if (action === "add") {
    const role = ACCOUNT_ROLES.find((r) => r === values.role);
    if (role === undefined)
      throw new UsageError(`--role must be one of ${ACCOUNT_ROLES.join(", ")}`, USER_USAGE);
    const name = values.name?.trim() ?? "";
    if (name === "" || name.length > 100) throw new UsageError("--name must be 1–100 characters", USER_USAGE);
    const counters = [...new Set(values.counter ?? [])];
    if (role === "officer" && counters.length === 0)
      throw new UsageError("an officer serves at least one counter: --counter ID", USER_USAGE);
    if (role !== "officer" && counters.length > 0)
      throw new UsageError("only an officer has counters", USER_USAGE);
    const known = new Set(config.counters.map((c) => c.id));
    const unknown = counters.filter((c) => !known.has(c));
    if (unknown.length > 0)
      throw new UsageError(`the office has no counter ${unknown.join(", ")}`, USER_USAGE);
    account = { role, name, counters };
  }

  const path = storePath(config.office.id, values.data);
  // The store is opened only once the arguments are good, and before the password is asked,
  // so that a login that exists (or does not) is said before anyone types a password.
  const store = openStore({ path });
  try {
    const accounts = store.accounts;
    const existing = login === undefined ? undefined : accounts.get(login);
    if (action === "add" && existing) return fail(`the account "${login}" already exists`);
    if ((action === "passwd" || action === "disable") && !existing)
      return fail(`no account has the login "${login}" in ${path}`);
    const change = { actor: `cli:${systemUser()}`, at: new Date().toISOString() };

    if (action === "list") {
      for (const a of accounts.list())
        process.stdout.write(
          `${a.login}\t${a.role}\t${a.counters.join(",") || "-"}\t${a.disabledAt ? "disabled" : "active"}\t${a.name}\n`,
        );
      return 0;
    }
    if (action === "disable") {
      accounts.disable(login as string, change);
      process.stderr.write(`motcua user: "${login}" is disabled; its sessions are ended\n`);
      return 0;
    }
    const read = await readNewPassword(`Password for ${login}: `, MIN_ACCOUNT_PASSWORD);
    if (!read.ok) return fail(read.problem, 2);
    const { hashPassword } = await import("@motcua/config/password");
    if (action === "passwd") {
      accounts.setPassword(login as string, hashPassword(read.password), change);
      process.stderr.write(`motcua user: the password of "${login}" is changed; its sessions are ended\n`);
      return 0;
    }
    accounts.add(
      {
        login: login as string,
        ...(account as NonNullable<typeof account>),
        passwordHash: hashPassword(read.password),
      },
      change,
    );
    process.stderr.write(`motcua user: "${login}" (${account?.role}) is added to ${path}\n`);
    return 0;
  } finally {
    store.close();
  }
}

function fail(message: string, code = 1): number {
  process.stderr.write(`motcua user: ${message}\n`);
  return code;
}

/** The person at the terminal, for the audit; a container without a passwd entry has none. */
function systemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}
