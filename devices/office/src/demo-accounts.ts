import type { OfficeConfig } from "@motcua/config";
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
    { login: "quan-tri", name: "Quản trị (thử)", role: "admin", counters: [] },
    { login: "lanh-dao", name: "Lãnh đạo (thử)", role: "leader", counters: [] },
    {
      login: "can-bo",
      name: "Cán bộ quầy (thử)",
      role: "officer",
      counters: first === undefined ? [] : [first],
    },
  ] as const;
}

/** Adds the demonstration accounts to a store that has none (a `--data` store keeps its own). */
export async function addDemoAccounts(hub: RunningHub, config: OfficeConfig): Promise<void> {
  const accounts = hub.store.accounts;
  if (accounts.list().length > 0) return;
  const { hashPassword } = await import("@motcua/config/password");
  const change = { actor: "office-simulator", at: new Date().toISOString() };
  for (const account of demoAccounts(config))
    accounts.add(
      { ...account, counters: [...account.counters], passwordHash: hashPassword(DEMO_PASSWORD) },
      change,
    );
}
