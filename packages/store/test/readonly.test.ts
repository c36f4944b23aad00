import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore, type StoreError } from "../src/index.js";
import { t, ticketIssued } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

// A store opened read-only (`motcua whatif` beside a running hub): it reads what the writer
// stores, even while the writer holds it open, and never changes a byte of the file.
const { dir, storeAt } = useTempStores("motcua-store-readonly");
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("openStore({ readonly: true })", () => {
  it("reads the log and meta beside an open writer, and refuses to write", () => {
    const path = join(dir(), "hub.sqlite");
    const writer = storeAt(path);
    writer.setMeta("seed", 7);
    writer.append({ at: t("08:00"), type: "ticket", service: "TP" }, [ticketIssued(t("08:00"), "TP", 1)]);
    const reader = openStore({ path, readonly: true });
    try {
      expect(reader.getMeta("seed")).toBe(7);
      expect([...reader.storedEntries()].map((e) => e.input.type)).toEqual(["ticket"]);
      // What the writer appends later is seen by the next read.
      writer.append({ at: t("08:01"), type: "ticket", service: "TP" }, [ticketIssued(t("08:01"), "TP", 2)]);
      expect(reader.count()).toBe(2);
      expect(() => reader.append({ at: t("08:02"), type: "tick" }, [])).toThrow(/readonly/);
      expect(() => reader.setMeta("seed", 8)).toThrow(/readonly/);
    } finally {
      reader.close();
    }
  });

  it("leaves a closed store's file as it was", () => {
    const path = join(dir(), "hub.sqlite");
    const writer = openStore({ path });
    writer.append({ at: t("08:00"), type: "ticket", service: "TP" }, [ticketIssued(t("08:00"), "TP", 1)]);
    writer.close();
    const before = sha256(path);
    const reader = openStore({ path, readonly: true });
    expect([...reader.entries()]).toHaveLength(1);
    reader.close();
    expect(sha256(path)).toBe(before);
  });

  it("refuses a file that does not exist, and a store an older motcua left unmigrated", () => {
    expect(() => openStore({ path: join(dir(), "none.sqlite"), readonly: true })).toThrow();
    const path = join(dir(), "old.sqlite");
    openStore({ path }).close();
    const db = new Database(path);
    db.pragma("user_version = 1");
    db.close();
    expect(() => openStore({ path, readonly: true })).toThrow(
      expect.objectContaining({ code: "STORE_NOT_MIGRATED" }) as unknown as StoreError,
    );
  });
});
