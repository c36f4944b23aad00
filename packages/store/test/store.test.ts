import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SimEvent, SimInput } from "@motcua/protocol";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type LogEntry, openStore, SCHEMA_VERSION, StoreError } from "../src/index.js";
import { atCounter, booked, DAY, t, tick, ticketIssued } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

const { dir: tempDir, storeAt } = useTempStores("motcua-store");

/** A varied log: every input type, Vietnamese text, empty and multi-event lists. */
function sampleEntries(n: number): Array<{ input: SimInput; events: SimEvent[] }> {
  return Array.from({ length: n }, (_, i) => {
    const at = t(
      `${String(8 + (Math.floor(i / 60) % 9)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`,
    );
    switch (i % 5) {
      case 0:
        return {
          input: { at, type: "sms", from: "0912345678", text: `DK Nguyễn Thị Ánh ${i} KS 24/11` },
          events: [
            { at, type: "sms_out", to: "0912345678", text: `Đã đặt lịch #${i}` },
            booked(at, { code: `C${i}`, number: i + 1, time: t("09:00", "2026-11-24") }),
          ],
        };
      case 1:
        return {
          input: { at, type: "ticket", service: "TP", priority: i % 2 === 0 },
          events: [ticketIssued(at, "TP", i + 1)],
        };
      case 2:
        return {
          input: { at, type: "press", counter: "2", button: "next" },
          events: [atCounter("called", at, { number: i, kind: "walkin", counter: "2" })],
        };
      case 3:
        return { input: tick(at), events: [] };
      default:
        return { input: { at, type: "unblock", phone: "0987654321" }, events: [] };
    }
  });
}

describe("log", () => {
  it("returns seqs 1, 2, 3… and gives back every entry in order, exactly", () => {
    const store = storeAt();
    const sample = sampleEntries(600); // more than one page of entries()
    const seqs = sample.map(({ input, events }) => store.append(input, events));
    expect(seqs).toEqual(sample.map((_, i) => i + 1));
    expect(store.count()).toBe(600);
    const read = [...store.entries()];
    expect(read).toEqual(sample.map((entry, i): LogEntry => ({ seq: i + 1, ...entry })));
  });

  it("gives a replay each entry's events as the JSON text the append wrote", () => {
    const store = storeAt();
    const sample = sampleEntries(300); // more than one page
    for (const { input, events } of sample) store.append(input, events);
    const read = [...store.storedEntries(2)];
    expect(read.map((e) => e.seq)).toEqual(Array.from({ length: 299 }, (_, i) => i + 2));
    expect(read.map((e) => e.input)).toEqual(sample.slice(1).map((e) => e.input));
    expect(read.map((e) => e.eventsJson)).toEqual(sample.slice(1).map((e) => JSON.stringify(e.events)));
  });

  it("starts from a given seq", () => {
    const store = storeAt();
    for (const { input, events } of sampleEntries(300)) store.append(input, events);
    const fromSeq = [...store.entries(258)];
    expect(fromSeq.map((e) => e.seq)).toEqual(Array.from({ length: 43 }, (_, i) => 258 + i));
    expect([...store.entries(301)]).toEqual([]);
  });

  it("is lazy: appending while iterating is allowed and the new entries are reached", () => {
    const store = storeAt();
    for (const { input, events } of sampleEntries(260)) store.append(input, events);
    const seen: number[] = [];
    for (const entry of store.entries()) {
      seen.push(entry.seq);
      if (entry.seq === 1) store.append(tick(t("12:00")), []);
    }
    expect(seen).toEqual(Array.from({ length: 261 }, (_, i) => i + 1));
  });

  it("keeps nothing of an append that fails, neither log nor projections", () => {
    const store = storeAt();
    const at = t("08:00");
    const broken = {
      ...booked(at, { code: "X", number: 2, time: t("09:00") }),
      name: null,
    } as unknown as SimEvent;
    expect(() =>
      store.append({ at, type: "ticket", service: "TP" }, [ticketIssued(at, "TP", 1), broken]),
    ).toThrow();
    expect(store.count()).toBe(0);
    expect([...store.entries()]).toEqual([]);
    expect(store.numbers(DAY)).toEqual([]);
    expect(store.append(tick(at), [])).toBe(1);
  });

  it("forbids editing or deleting logged entries", () => {
    const path = join(tempDir(), "store.db");
    storeAt(path).append(tick(t("08:00")), []);
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("DELETE FROM log").run()).toThrow(/append-only/);
      expect(() => raw.prepare("UPDATE log SET events = '[]'").run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });
});

describe("meta", () => {
  it("stores JSON values, removes on undefined, refuses what has no JSON form", () => {
    const store = storeAt();
    expect(store.getMeta("seed")).toBeUndefined();
    store.setMeta("seed", 7);
    store.setMeta("officeConfig", { name: "UBND xã", services: ["TP", "DD"] });
    store.setMeta("seed", 8);
    expect(store.getMeta<number>("seed")).toBe(8);
    expect(store.getMeta("officeConfig")).toEqual({ name: "UBND xã", services: ["TP", "DD"] });
    store.setMeta("seed", undefined);
    expect(store.getMeta("seed")).toBeUndefined();
    expect(() => store.setMeta("f", () => 1)).toThrow(TypeError);
  });
});

describe("projections", () => {
  it("follows an appointment: booked → called → skipped (grace) → cancelled as no-show", () => {
    const store = storeAt();
    const time = t("08:00");
    store.append({ at: t("09:00", "2026-11-20"), type: "sms", from: "0912345678", text: "DK A KS 23/11" }, [
      booked(t("09:00", "2026-11-20"), { code: "K7HQ2M", number: 1, time, counter: "3" }),
    ]);
    expect(store.bookings()).toEqual([
      {
        code: "K7HQ2M",
        phone: "0912345678",
        name: "Nguyen Van A",
        procedure: "KS",
        service: "TP",
        number: 1,
        label: "TP-001",
        counter: "3",
        time,
        date: DAY,
        status: "booked",
        bookedAt: t("09:00", "2026-11-20"),
      },
    ]);
    // The number belongs to the appointment's day, not the day it was booked.
    expect(store.numbers("2026-11-20")).toEqual([]);
    expect(store.numbers(DAY)).toEqual([
      {
        date: DAY,
        service: "TP",
        number: 1,
        label: "TP-001",
        kind: "appointment",
        status: "waiting",
        issuedAt: t("09:00", "2026-11-20"),
        counter: "3",
      },
    ]);

    const status = () => [store.bookings()[0]?.status, store.numbers(DAY)[0]?.status];
    store.append(tick(t("08:00")), [atCounter("called", t("08:00"), { number: 1, kind: "appointment" })]);
    expect(status()).toEqual(["called", "called"]);
    store.append({ at: t("08:02"), type: "press", counter: "1", button: "skip" }, [
      atCounter("skipped", t("08:02"), { number: 1, kind: "appointment" }),
    ]);
    expect(status()).toEqual(["grace", "skipped"]);
    store.append(tick(t("08:11")), [
      { at: t("08:10"), type: "cancelled", code: "K7HQ2M", reason: "no_show" },
      { at: t("08:10"), type: "sms_out", to: "0912345678", text: "Lich hen da bi huy" },
    ]);
    expect(status()).toEqual(["no_show", "no_show"]);
  });

  it("follows a walk-in: ticket_issued → called → served, matched by day, service and number", () => {
    const store = storeAt();
    store.append({ at: t("07:40"), type: "ticket", service: "TP" }, [ticketIssued(t("07:40"), "TP", 4)]);
    // Same number, other service and other day: must not be touched by the TP-004 events below.
    store.append({ at: t("07:41"), type: "ticket", service: "DD" }, [ticketIssued(t("07:41"), "DD", 4)]);
    store.append({ at: t("07:40", "2026-11-24"), type: "ticket", service: "TP" }, [
      ticketIssued(t("07:40", "2026-11-24"), "TP", 4),
    ]);
    const tp4 = () => store.numbers(DAY, "TP")[0];
    expect(tp4()).toMatchObject({ kind: "walkin", status: "waiting", counter: null, issuedAt: t("07:40") });

    store.append({ at: t("07:45"), type: "press", counter: "2", button: "next" }, [
      atCounter("called", t("07:45"), { number: 4, kind: "walkin", counter: "2" }),
    ]);
    expect(tp4()).toMatchObject({ status: "called", counter: "2" });
    store.append({ at: t("07:55"), type: "press", counter: "2", button: "next" }, [
      atCounter("served", t("07:55"), { number: 4, kind: "walkin", counter: "2" }),
    ]);
    expect(tp4()).toMatchObject({ status: "served", counter: "2" });
    expect(store.numbers(DAY, "DD").map((r) => r.status)).toEqual(["waiting"]);
    expect(store.numbers("2026-11-24").map((r) => r.status)).toEqual(["waiting"]);
    expect(store.numbers(DAY).map((r) => `${r.service}-${r.number}`)).toEqual(["DD-4", "TP-4"]);
    expect(store.bookings()).toEqual([]);
  });

  it("tells a citizen's cancellation from a no-show, and serves a called appointment", () => {
    const store = storeAt();
    const at = t("07:30");
    store.append(tick(at), [
      booked(at, { code: "AAA", number: 1, time: t("08:00") }),
      booked(at, { code: "BBB", number: 2, time: t("08:10"), phone: "0987654321" }),
    ]);
    store.append({ at: t("07:35"), type: "sms", from: "0912345678", text: "HUY AAA" }, [
      { at: t("07:35"), type: "cancelled", code: "AAA", reason: "citizen" },
    ]);
    store.append(tick(t("08:10")), [atCounter("called", t("08:10"), { number: 2, kind: "appointment" })]);
    store.append({ at: t("08:20"), type: "press", counter: "1", button: "next" }, [
      atCounter("served", t("08:20"), { number: 2, kind: "appointment" }),
    ]);
    expect(store.bookings().map((b) => [b.code, b.status])).toEqual([
      ["AAA", "cancelled"],
      ["BBB", "served"],
    ]);
    expect(store.numbers(DAY).map((n) => n.status)).toEqual(["cancelled", "served"]);
    expect(store.bookings({ phone: "0987654321" }).map((b) => b.code)).toEqual(["BBB"]);
    expect(store.bookings({ date: DAY, phone: "0912345678" }).map((b) => b.code)).toEqual(["AAA"]);
    expect(store.bookings({ date: "2026-11-24" })).toEqual([]);
  });

  it("blocks and unblocks phones", () => {
    const store = storeAt();
    store.append(tick(t("08:00")), [{ at: t("08:00"), type: "blocked", phone: "0911111111" }]);
    store.append(tick(t("08:05")), [{ at: t("08:05"), type: "blocked", phone: "0922222222" }]);
    expect(store.blockedPhones()).toEqual([
      { phone: "0911111111", blockedAt: t("08:00") },
      { phone: "0922222222", blockedAt: t("08:05") },
    ]);
    store.append({ at: t("09:00"), type: "unblock", phone: "0911111111" }, [
      { at: t("09:00"), type: "unblocked", phone: "0911111111" },
    ]);
    expect(store.blockedPhones()).toEqual([{ phone: "0922222222", blockedAt: t("08:05") }]);
    store.append(tick(t("10:00")), [{ at: t("10:00"), type: "blocked", phone: "0922222222" }]);
    expect(store.blockedPhones()).toEqual([{ phone: "0922222222", blockedAt: t("10:00") }]);
  });

  it("logs but does not project other events", () => {
    const store = storeAt();
    const at = t("08:00");
    const events: SimEvent[] = [
      { at, type: "rejected", from: "0912345678", reason: "syntax" },
      { at, type: "ticket_refused", service: "XX", reason: "unknown_service" },
      { at, type: "sms_out", to: "0912345678", text: "HD" },
      { at, type: "cancelled", code: "NOPE", reason: "officer" },
    ];
    expect(store.append({ at, type: "sms", from: "0912345678", text: "?" }, events)).toBe(1);
    expect([...store.entries()][0]?.events).toEqual(events);
    expect([store.bookings(), store.numbers(DAY), store.blockedPhones()]).toEqual([[], [], []]);
  });
});

describe("file", () => {
  it("creates parent directories, uses WAL, and reopens with the same entries, meta and projections", () => {
    const path = join(tempDir(), "a", "b", "store.db");
    const sample = sampleEntries(40);
    const first = openStore({ path });
    for (const { input, events } of sample) first.append(input, events);
    first.setMeta("seed", 3);
    first.setMeta("createdAt", "2026-11-23T07:00:00+07:00");
    const before = { entries: [...first.entries()], bookings: first.bookings(), numbers: first.numbers(DAY) };
    first.close();
    first.close(); // twice is harmless
    expect(() => first.count()).toThrow(expect.objectContaining({ code: "STORE_CLOSED" }));

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();

    const again = storeAt(path);
    expect(again.count()).toBe(40);
    expect([...again.entries()]).toEqual(before.entries);
    expect(again.bookings()).toEqual(before.bookings);
    expect(again.numbers(DAY)).toEqual(before.numbers);
    expect(before.bookings.length).toBeGreaterThan(0);
    expect(again.getMeta("seed")).toBe(3);
    expect(again.getMeta("createdAt")).toBe("2026-11-23T07:00:00+07:00");
    expect(again.append(tick(t("12:00")), [])).toBe(41);
  });

  it("refuses a store written by a newer version, and leaves it alone", () => {
    const path = join(tempDir(), "store.db");
    openStore({ path }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const error = catchError(() => openStore({ path }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "STORE_TOO_NEW" });
    expect((error as Error).message).toMatch(/newer/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it("refuses another SQLite database without changing it", () => {
    const path = join(tempDir(), "other.db");
    const other = new Database(path);
    other.exec("CREATE TABLE log (x)");
    other.close();
    expect(catchError(() => openStore({ path }))).toMatchObject({
      name: "StoreError",
      code: "STORE_NOT_MOTCUA",
    });
    const check = new Database(path, { readonly: true });
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(check.pragma("user_version", { simple: true })).toBe(0);
    check.close();
  });

  it("refuses a file that is not SQLite", () => {
    const path = join(tempDir(), "notes.txt");
    writeFileSync(
      path,
      "this is not a database, just some text that is long enough to have a header\n".repeat(10),
    );
    const error = catchError(() => openStore({ path }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "STORE_NOT_MOTCUA" });
  });

  it("works in memory for tests", () => {
    const store = storeAt(":memory:");
    expect(store.append(tick(t("08:00")), [])).toBe(1);
    expect(store.count()).toBe(1);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
