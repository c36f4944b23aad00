import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION } from "../src/index.js";
import { booked, t } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

const { dir: tempDir, storeAt } = useTempStores("motcua-outbox");

const AT = "2026-11-24T08:00:00.000+07:00";
const sms = (to: string, text: string, priority = 0, extra: { key?: string; notBefore?: number } = {}) => ({
  to,
  text,
  priority,
  at: AT,
  ...extra,
});

describe("outbox", () => {
  it("stores a message with its defaults and counts it pending", () => {
    const store = storeAt();
    const record = store.enqueueSms(sms("+84912345678", "Đã đặt lịch KS 24/11 09:00"));
    expect(record).toEqual({
      id: 1,
      to: "+84912345678",
      text: "Đã đặt lịch KS 24/11 09:00",
      priority: 0,
      key: null,
      status: "pending",
      attempts: 0,
      partsSent: 0,
      notBefore: 0,
      createdAt: AT,
      sentAt: null,
      failedAt: null,
      lastError: null,
    });
    expect(store.outboxLength()).toBe(1);
    expect(store.nextSmsDue()).toBe(0);
    expect(store.smsById(1)).toEqual(record);
  });

  it("hands out by priority, then first in first out", () => {
    const store = storeAt();
    store.enqueueSms(sms("+84911111111", "reminder a", 10));
    store.enqueueSms(sms("+84922222222", "reply b", 0));
    store.enqueueSms(sms("+84933333333", "notice c", 5));
    store.enqueueSms(sms("+84944444444", "reply d", 0));
    const order: string[] = [];
    for (let r = store.nextSms(0); r; r = store.nextSms(0)) {
      order.push(r.text);
      store.markSmsSent(r.id, AT);
    }
    expect(order).toEqual(["reply b", "reply d", "notice c", "reminder a"]);
    expect(store.outboxLength()).toBe(0);
    expect(store.nextSmsDue()).toBeUndefined();
  });

  it("skips messages being sent and those not due yet", () => {
    const store = storeAt();
    const a = store.enqueueSms(sms("+84911111111", "a"));
    const b = store.enqueueSms(sms("+84922222222", "b", 0, { notBefore: 5_000 }));
    const c = store.enqueueSms(sms("+84933333333", "c"));
    expect(store.nextSms(0)?.id).toBe(a.id);
    expect(store.nextSms(0, [a.id])?.id).toBe(c.id);
    expect(store.nextSms(0, [a.id, c.id])).toBeUndefined();
    expect(store.nextSms(5_000, [a.id, c.id])?.id).toBe(b.id);
  });

  it("keeps one person's messages in order, even behind a deferred or in-flight one", () => {
    const store = storeAt();
    const first = store.enqueueSms(sms("+84911111111", "first"));
    store.enqueueSms(sms("+84911111111", "second"));
    const other = store.enqueueSms(sms("+84922222222", "other"));
    store.deferSms(first.id, 60_000, "+CMS ERROR: 42");
    expect(store.nextSms(0)?.id).toBe(other.id); // "second" waits behind "first"
    expect(store.nextSms(0, [other.id])).toBeUndefined();
    expect(store.nextSms(60_000)?.id).toBe(first.id);
    // A reply to the same person with a better priority still goes first.
    const reply = store.enqueueSms(sms("+84911111111", "reply", -1));
    expect(store.nextSms(0)?.id).toBe(reply.id);
  });

  it("counts attempts on deferral and records the error", () => {
    const store = storeAt();
    const { id } = store.enqueueSms(sms("+84911111111", "x"));
    store.deferSms(id, 30_000, "+CMS ERROR: 41");
    store.deferSms(id, 90_000, "+CMS ERROR: 42");
    expect(store.smsById(id)).toMatchObject({ attempts: 2, notBefore: 90_000, lastError: "+CMS ERROR: 42" });
    expect(store.nextSmsDue()).toBe(90_000);
  });

  it("records parts sent, then sent for good; sent and failed messages are never handed out again", () => {
    const store = storeAt();
    const a = store.enqueueSms(sms("+84911111111", "long"));
    const b = store.enqueueSms(sms("+84922222222", "bad"));
    store.markSmsPartSent(a.id, 1);
    expect(store.smsById(a.id)?.partsSent).toBe(1);
    store.markSmsSent(a.id, AT);
    store.markSmsFailed(b.id, "+CMS ERROR: 1", AT);
    expect(store.nextSms(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(store.smsById(a.id)).toMatchObject({ status: "sent", sentAt: AT });
    expect(store.smsById(b.id)).toMatchObject({ status: "failed", failedAt: AT, lastError: "+CMS ERROR: 1" });
    // A late deferral or failure of a sent message changes nothing.
    store.deferSms(a.id, 1, "late");
    store.markSmsFailed(a.id, "late", AT);
    expect(store.smsById(a.id)).toMatchObject({ status: "sent", attempts: 0, lastError: null });
    expect(store.outbox({ status: "sent" }).map((r) => r.id)).toEqual([a.id]);
    expect(store.outbox().map((r) => r.id)).toEqual([b.id, a.id]);
  });

  it("stores a key once", () => {
    const store = storeAt();
    const first = store.enqueueSms(sms("+84911111111", "x", 0, { key: "12:0" }));
    const again = store.enqueueSms(sms("+84911111111", "x", 0, { key: "12:0" }));
    expect(again).toEqual(first);
    expect(store.outboxLength()).toBe(1);
  });

  it("keeps every state across a reopen: a message marked sent is not handed out after a restart", () => {
    const path = join(tempDir(), "restart.db");
    const before = openStore({ path });
    const a = before.enqueueSms(sms("+84911111111", "a"));
    const b = before.enqueueSms(sms("+84922222222", "b"));
    before.markSmsSent(a.id, AT);
    before.close();
    const after = storeAt(path);
    expect(after.nextSms(0)?.id).toBe(b.id);
    expect(after.outboxLength()).toBe(1);
    // ids are never reused, even after the newest row is gone.
    const c = after.enqueueSms(sms("+84933333333", "c"));
    expect(c.id).toBe(3);
  });
});

describe("schema version 2", () => {
  it("migrates a version-1 store, keeping its log", () => {
    const path = join(tempDir(), "v1.db");
    const store = openStore({ path });
    store.append({ at: t("08:00"), type: "tick" }, [
      booked(t("08:00"), { code: "C1", number: 1, time: t("09:00", "2026-11-24") }),
    ]);
    store.close();
    // Turn it back into what version 1 wrote.
    const raw = new Database(path);
    raw.exec("DROP TABLE outbox");
    // …and undo version 3 (officer actions) too, so every later step runs on it.
    raw.exec("DROP TABLE ratings; ALTER TABLE bookings DROP COLUMN checked_in_at");
    raw.exec("DROP TABLE account_audit; DROP TABLE sessions; DROP TABLE accounts");
    raw.pragma("user_version = 1");
    raw.close();

    const migrated = storeAt(path);
    expect(SCHEMA_VERSION).toBe(5);
    expect(migrated.count()).toBe(1);
    expect(migrated.bookings().map((b) => b.code)).toEqual(["C1"]);
    expect(migrated.enqueueSms(sms("+84911111111", "x")).id).toBe(1);
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
