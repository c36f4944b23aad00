import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SCHEMA_VERSION, StoreError } from "../src/index.js";
import { booked, t } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

const { dir, storeAt } = useTempStores("motcua-accounts");

const by = (at: string) => ({ actor: "cli:root", at });
const officer = {
  login: "nguyen.van.a",
  name: "Nguyễn Văn A",
  role: "officer" as const,
  counters: ["1", "2"],
  passwordHash: "scrypt$1$1$1$c2FsdA$aGFzaA",
};

describe("console accounts", () => {
  it("keeps an account without showing its hash, and audits who added it", () => {
    const store = storeAt();
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    expect(store.accounts.get("nguyen.van.a")).toEqual({
      login: "nguyen.van.a",
      name: "Nguyễn Văn A",
      role: "officer",
      counters: ["1", "2"],
      createdAt: "2026-11-25T07:00:00.000Z",
      disabledAt: null,
    });
    expect(store.accounts.withHash("nguyen.van.a")?.passwordHash).toBe(officer.passwordHash);
    expect(store.accounts.audit()).toEqual([
      expect.objectContaining({
        actor: "cli:root",
        action: "add",
        login: "nguyen.van.a",
        detail: { name: "Nguyễn Văn A", role: "officer", counters: ["1", "2"] },
      }),
    ]);
    expect(JSON.stringify(store.accounts.audit())).not.toContain("scrypt");
  });

  it("refuses a second account with the same login, and changes to an unknown one", () => {
    const store = storeAt();
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    const again = () => store.accounts.add({ ...officer, name: "Khác" }, by("2026-11-25T07:01:00.000Z"));
    expect(again).toThrow(expect.objectContaining({ code: "ACCOUNT_EXISTS" }));
    expect(() => store.accounts.disable("nobody", by("2026-11-25T07:01:00.000Z"))).toThrow(StoreError);
    expect(store.accounts.audit()).toHaveLength(1);
  });

  it("ends an account's sessions when its password changes or it is disabled", () => {
    const store = storeAt();
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    const session = (idHash: string) => ({
      idHash,
      login: "nguyen.van.a",
      createdAt: 1,
      lastSeen: 1,
      expiresAt: 9,
    });
    store.sessions.create(session("a"));
    store.accounts.setPassword("nguyen.van.a", "scrypt$new", by("2026-11-25T08:00:00.000Z"));
    expect(store.sessions.get("a")).toBeUndefined();
    store.sessions.create(session("b"));
    expect(store.sessions.get("b")?.account.role).toBe("officer");
    store.accounts.disable("nguyen.van.a", by("2026-11-25T09:00:00.000Z"));
    expect(store.sessions.get("b")).toBeUndefined();
    expect(store.accounts.get("nguyen.van.a")?.disabledAt).toBe("2026-11-25T09:00:00.000Z");
    expect(store.accounts.audit().map((a) => a.action)).toEqual(["disable", "passwd", "add"]);
  });

  it("prunes sessions past their end or idle too long", () => {
    const store = storeAt();
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    store.sessions.create({
      idHash: "old",
      login: officer.login,
      createdAt: 0,
      lastSeen: 50,
      expiresAt: 100,
    });
    store.sessions.create({
      idHash: "idle",
      login: officer.login,
      createdAt: 0,
      lastSeen: 10,
      expiresAt: 1000,
    });
    store.sessions.create({
      idHash: "live",
      login: officer.login,
      createdAt: 0,
      lastSeen: 90,
      expiresAt: 1000,
    });
    expect(store.sessions.prune(100, 20)).toBe(2);
    expect(store.sessions.get("live")).toBeDefined();
  });
});

describe("schema version 4", () => {
  it("comes to a version 3 store with its log intact and no accounts", () => {
    const path = join(dir(), "v3.db");
    const store = storeAt(path);
    store.append({ at: t("08:00"), type: "tick" }, [
      booked(t("08:00"), { code: "C1", number: 1, time: t("09:00", "2026-11-24") }),
    ]);
    store.close();
    // What version 3 wrote: no console tables.
    const raw = new Database(path);
    raw.exec("DROP TABLE account_audit; DROP TABLE sessions; DROP TABLE accounts");
    raw.pragma("user_version = 3");
    raw.close();

    const migrated = storeAt(path);
    expect(SCHEMA_VERSION).toBe(5);
    expect(migrated.count()).toBe(1);
    expect(migrated.bookings().map((b) => b.code)).toEqual(["C1"]);
    expect(migrated.accounts.list()).toEqual([]);
    migrated.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    expect(migrated.accounts.list().map((a) => a.login)).toEqual(["nguyen.van.a"]);
  });
});
