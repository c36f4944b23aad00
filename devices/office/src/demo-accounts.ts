import { accountId, type OfficeConfig } from "@motcua/config";
import type { RunningHub } from "@motcua/hub";

/**
 * The office simulator's password for its demonstration accounts. It is safe only because the
 * simulator listens on 127.0.0.1: a real hub's accounts come from `motcua user add`.
 */
export const DEMO_PASSWORD = "motcua-demo";

/** One account per role, so that a newcomer can try each view of the staff console. */
export function demoAccounts(config: OfficeConfig) {
  const first = config.counters[0]?.id;
  return [
    { login: "quan-tri", name: "Quản trị (thử)", role: "admin", counters: [] as string[] },
    { login: "lanh-dao", name: "Lãnh đạo (thử)", role: "leader", counters: [] as string[] },
    {
      login: "can-bo",
      name: "Cán bộ quầy (thử)",
      role: "officer",
      counters: first === undefined ? [] : [first],
    },
  ] as const;
}

/**
 * An account for each officer of dossier tracking, whose login is the officer's id (the console
 * acts as that officer): leaders and heads see the office's dossiers, the others their own; a
 * reception officer serves the counters of their services.
 */
export function officerAccounts(config: OfficeConfig) {
  // An officer id that is not a valid login (one character) gets no account.
  return config.officers
    .filter((o) => accountId.safeParse(o.id).success)
    .map((o) => ({
      login: o.id,
      name: o.name,
      role:
        o.roles.includes("leader") || o.roles.includes("head") ? ("leader" as const) : ("officer" as const),
      counters: o.roles.includes("reception")
        ? [...new Set(config.services.filter((s) => o.services.includes(s.code)).flatMap((s) => s.counters))]
        : [],
    }));
}

/** Adds the demonstration accounts to a store that has none (a `--data` store keeps its own). */
export async function addDemoAccounts(hub: RunningHub, config: OfficeConfig): Promise<void> {
  const accounts = hub.store.accounts;
  if (accounts.list().length > 0) return;
  const { hashPassword } = await import("@motcua/config/password");
  const change = { actor: "office-simulator", at: new Date().toISOString() };
  // One hash for them all: scrypt is slow on purpose, and these accounts share their password.
  const passwordHash = hashPassword(DEMO_PASSWORD);
  const taken = new Set<string>();
  for (const account of [...demoAccounts(config), ...officerAccounts(config)]) {
    if (taken.has(account.login)) continue;
    taken.add(account.login);
    accounts.add({ ...account, counters: [...account.counters], passwordHash }, change);
  }
}
