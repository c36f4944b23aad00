import { join } from "node:path";
import type { SimEvent, SimInput } from "@motcua/protocol";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION } from "../src/index.js";
import { atCounter, booked, DAY, t, ticketIssued } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

// The projections of the officer actions' events (PROTOCOL.md "Officer actions and ratings"),
// written by hand here; test/officer-actions-replay.test.ts drives the real core into a store.

const { dir: tempDir, storeAt } = useTempStores("motcua-officer");

const officer = "lan";
// The inputs are only logged here: the events stand for what the core decided for them.
const voidInput = (at: string, label: string): SimInput => ({ at, type: "void", label, officer: "kiosk-1" });
const transferInput = (at: string, label: string): SimInput => ({
  at,
  type: "transfer",
  label,
  service: "DD",
  officer,
});

describe("projections of the officer actions", () => {
  it("a voided ticket is 'voided' in numbers", () => {
    const store = storeAt();
    store.append({ at: t("08:00"), type: "ticket", service: "TP" }, [ticketIssued(t("08:00"), "TP", 1)]);
    store.append(voidInput(t("08:01"), "TP-001"), [
      { at: t("08:01"), type: "voided", label: "TP-001", officer: "kiosk-1" },
    ]);
    expect(store.numbers(DAY)).toEqual([expect.objectContaining({ label: "TP-001", status: "voided" })]);
  });

  it("a transfer marks the old number and adds the new one, waiting, saying where it came from", () => {
    const path = join(tempDir(), "store.db");
    const store = storeAt(path);
    store.append({ at: t("08:00"), type: "ticket", service: "TP" }, [ticketIssued(t("08:00"), "TP", 2)]);
    store.append({ at: t("08:05"), type: "press", counter: "1", button: "next" }, [
      atCounter("called", t("08:05"), { number: 2, kind: "walkin" }),
    ]);
    store.append(transferInput(t("08:09"), "TP-002"), [
      { ...atCounter("served", t("08:09"), { number: 2, kind: "walkin" }), officer } as SimEvent,
      {
        at: t("08:09"),
        type: "transferred",
        label: "TP-002",
        service: "DD",
        number: 4,
        newLabel: "DD-004",
        officer,
      },
    ]);
    expect(store.numbers(DAY)).toEqual([
      {
        date: DAY,
        service: "DD",
        number: 4,
        label: "DD-004",
        kind: "walkin",
        status: "waiting",
        issuedAt: t("08:09"),
        counter: null,
      },
      {
        date: DAY,
        service: "TP",
        number: 2,
        label: "TP-002",
        kind: "walkin",
        status: "transferred",
        issuedAt: t("08:00"),
        counter: "1",
      },
    ]);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT transferred_from FROM numbers WHERE label = 'DD-004'").pluck().get()).toBe(
      "TP-002",
    );
    raw.close();
  });

  it("an appointment handed over before its call counts as kept; one served stays served", () => {
    const store = storeAt();
    store.append({ at: t("07:40"), type: "tick" }, [
      booked(t("07:40"), { code: "C2", number: 2, time: t("09:00") }),
      booked(t("07:40"), { code: "C3", number: 3, time: t("09:10") }),
    ]);
    store.append(transferInput(t("08:30"), "TP-002"), [
      {
        at: t("08:30"),
        type: "transferred",
        label: "TP-002",
        service: "DD",
        number: 1,
        newLabel: "DD-001",
        officer,
      },
    ]);
    expect(store.bookings().map((b) => [b.code, b.status])).toEqual([
      ["C2", "served"],
      ["C3", "booked"],
    ]);
    expect(store.numbers(DAY, "TP").map((n) => [n.label, n.status])).toEqual([
      ["TP-002", "transferred"],
      ["TP-003", "waiting"],
    ]);
  });

  it("an officer's cancellation cancels the booking and its number; a check-in is dated", () => {
    const path = join(tempDir(), "store.db");
    const store = storeAt(path);
    store.append({ at: t("07:40"), type: "tick" }, [
      booked(t("07:40"), { code: "C1", number: 1, time: t("09:00") }),
      booked(t("07:40"), { code: "C4", number: 4, time: t("09:30") }),
    ]);
    store.append({ at: t("08:00"), type: "checkin", code: "C4", officer }, [
      { at: t("08:00"), type: "checked_in", code: "C4", number: 4, label: "TP-004", officer },
    ]);
    store.append({ at: t("08:10"), type: "officer_cancel", code: "C1", officer }, [
      { at: t("08:10"), type: "cancelled", code: "C1", reason: "officer", officer },
      {
        at: t("08:10"),
        type: "sms_out",
        to: "0912345678",
        text: "Bo phan Mot cua da huy lich hen C1",
        officer,
      },
    ]);
    expect(store.bookings().map((b) => [b.code, b.status])).toEqual([
      ["C1", "cancelled"],
      ["C4", "booked"],
    ]);
    expect(store.numbers(DAY).map((n) => [n.label, n.status])).toEqual([
      ["TP-001", "cancelled"],
      ["TP-004", "waiting"],
    ]);
    const raw = new Database(path, { readonly: true });
    const checkedIn = raw.prepare("SELECT code, checked_in_at FROM bookings ORDER BY code").raw().all();
    expect(checkedIn).toEqual([
      ["C1", null],
      ["C4", t("08:00")],
    ]);
    raw.close();
  });

  it("a rating is kept with its day, counter, service and number", () => {
    const path = join(tempDir(), "store.db");
    const store = storeAt(path);
    store.append({ at: t("08:20"), type: "rating", counter: "1", value: "very_satisfied" }, [
      {
        at: t("08:20"),
        type: "rated",
        counter: "1",
        label: "TP-002",
        service: "TP",
        value: "very_satisfied",
      },
    ]);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT at, date, counter, service, label, value FROM ratings").all()).toEqual([
      { at: t("08:20"), date: DAY, counter: "1", service: "TP", label: "TP-002", value: "very_satisfied" },
    ]);
    raw.close();
  });
});

describe("schema version 3", () => {
  it("migrates a version-2 store: its numbers are kept and may now be voided or transferred", () => {
    const path = join(tempDir(), "v2.db");
    const store = openStore({ path });
    store.append({ at: t("08:00"), type: "ticket", service: "TP" }, [ticketIssued(t("08:00"), "TP", 1)]);
    store.append({ at: t("08:01"), type: "press", counter: "1", button: "next" }, [
      atCounter("called", t("08:01"), { number: 1, kind: "walkin" }),
    ]);
    store.append({ at: t("08:02"), type: "ticket", service: "TP" }, [ticketIssued(t("08:02"), "TP", 2)]);
    store.close();
    // Turn it back into what version 2 wrote: numbers with the old CHECK, no ratings, no check-in.
    const raw = new Database(path);
    raw.exec(`
      CREATE TABLE numbers_v2 (
        date TEXT NOT NULL, service TEXT NOT NULL, number INTEGER NOT NULL, label TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('walkin', 'appointment')),
        status TEXT NOT NULL
          CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'cancelled', 'no_show')),
        issued_at TEXT NOT NULL, counter TEXT, PRIMARY KEY (date, service, number)
      ) STRICT;
      INSERT INTO numbers_v2 SELECT date, service, number, label, kind, status, issued_at, counter FROM numbers;
      DROP TABLE numbers;
      ALTER TABLE numbers_v2 RENAME TO numbers;
      DROP TABLE ratings;
      ALTER TABLE bookings DROP COLUMN checked_in_at;
    `);
    raw.exec("DROP TABLE account_audit; DROP TABLE sessions; DROP TABLE accounts");
    raw.pragma("user_version = 2");
    // The old CHECK refuses the new statuses: this is why the step must rebuild the table.
    expect(() => raw.exec("UPDATE numbers SET status = 'voided' WHERE number = 2")).toThrow(/CHECK/);
    raw.close();

    const migrated = storeAt(path);
    expect(SCHEMA_VERSION).toBe(5);
    expect(migrated.numbers(DAY).map((n) => [n.label, n.status, n.counter])).toEqual([
      ["TP-001", "called", "1"],
      ["TP-002", "waiting", null],
    ]);
    migrated.append(voidInput(t("08:03"), "TP-002"), [
      { at: t("08:03"), type: "voided", label: "TP-002", officer: "kiosk-1" },
    ]);
    expect(migrated.numbers(DAY).map((n) => n.status)).toEqual(["called", "voided"]);
    expect(migrated.count()).toBe(4);
  });
});
