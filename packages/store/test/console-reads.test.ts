import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { booked, t } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

// What the staff console reads and changes beyond the accounts' first version: an account's
// name, role and counters (audited), the log searched by type, time and text, and the outbox of
// one day whatever offset its times were written with.
const { dir, storeAt } = useTempStores("motcua-console-reads");

const by = (at: string) => ({ actor: "quan-tri", at });
const officer = {
  login: "can-bo-1",
  name: "Lê Văn Bình",
  role: "officer" as const,
  counters: ["1"],
  passwordHash: "scrypt$1$1$1$c2FsdA$aGFzaA",
};

describe("account updates", () => {
  it("change only the fields given, with an audit row naming them", () => {
    const store = storeAt();
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    store.accounts.update("can-bo-1", { counters: ["1", "2"] }, by("2026-11-25T08:00:00.000Z"));
    store.accounts.update(
      "can-bo-1",
      { role: "leader", counters: [], name: "Lê Bình" },
      by("2026-11-25T09:00:00.000Z"),
    );
    expect(store.accounts.get("can-bo-1")).toMatchObject({ name: "Lê Bình", role: "leader", counters: [] });
    expect(store.accounts.audit().slice(0, 2)).toEqual([
      expect.objectContaining({
        action: "update",
        actor: "quan-tri",
        detail: { role: "leader", counters: [], name: "Lê Bình" },
      }),
      expect.objectContaining({ action: "update", detail: { counters: ["1", "2"] } }),
    ]);
    expect(() => store.accounts.update("nobody", { name: "X" }, by("2026-11-25T09:00:00.000Z"))).toThrow(
      expect.objectContaining({ code: "ACCOUNT_UNKNOWN" }),
    );
  });

  it("come to a version 4 store, keeping its audit rows", () => {
    const path = join(dir(), "v4.db");
    const store = storeAt(path);
    store.accounts.add(officer, by("2026-11-25T07:00:00.000Z"));
    store.close();
    // What version 4 wrote: an audit that took no "update".
    const raw = new Database(path);
    raw.exec(`
      DROP TABLE account_audit;
      CREATE TABLE account_audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('add', 'passwd', 'disable')), login TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}') STRICT;
      INSERT INTO account_audit (at, actor, action, login) VALUES ('2026-11-25T07:00:00.000Z', 'cli:root', 'add', 'can-bo-1');
    `);
    raw.pragma("user_version = 4");
    raw.close();
    const migrated = storeAt(path);
    migrated.accounts.update("can-bo-1", { name: "Lê Bình" }, by("2026-11-25T08:00:00.000Z"));
    expect(migrated.accounts.audit().map((a) => [a.action, a.actor])).toEqual([
      ["update", "quan-tri"],
      ["add", "cli:root"],
    ]);
  });
});

describe("searchLog", () => {
  it("filters by type, time and text, newest first", () => {
    const store = storeAt();
    store.append({ at: t("08:00"), type: "sms", from: "0912345678", text: "DK A KS" }, [
      booked(t("08:00"), { code: "C1", number: 1, time: t("09:00") }),
    ]);
    store.append({ at: t("08:05"), type: "void", label: "TP-001", officer: "can-bo-1" }, []);
    store.append({ at: t("08:00", "2026-11-24"), type: "sms", from: "0987654321", text: "HD" }, []);
    const seqs = (filter: Parameters<typeof store.searchLog>[0]) => store.searchLog(filter).map((e) => e.seq);
    expect(seqs({})).toEqual([3, 2, 1]);
    expect(seqs({ types: ["sms"] })).toEqual([3, 1]);
    expect(seqs({ types: ["sms"], from: "2026-11-23", to: "2026-11-24" })).toEqual([1]);
    expect(seqs({ contains: '"officer"' })).toEqual([2]);
    expect(seqs({ contains: "C1" })).toEqual([1]);
    expect(seqs({ limit: 1 })).toEqual([3]);
  });
});

describe("outboxBetween", () => {
  it("compares the times as instants, whatever their offset", () => {
    const store = storeAt();
    const sms = (at: string) => store.enqueueSms({ to: "+84912345678", text: at, priority: 1, at });
    sms("2026-11-22T23:59:00+07:00"); // the day before, local time
    sms("2026-11-23T00:10:00+07:00"); // 2026-11-22T17:10Z: the day itself, local time
    sms("2026-11-23T10:00:00.000Z"); // a reminder's UTC time: 17:00 local
    sms("2026-11-23T17:00:00.000Z"); // 00:00 local on the 24th
    const texts = store
      .outboxBetween("2026-11-23T00:00:00+07:00", "2026-11-24T00:00:00+07:00")
      .map((m) => m.text);
    expect(texts).toEqual(["2026-11-23T00:10:00+07:00", "2026-11-23T10:00:00.000Z"]);
  });
});
