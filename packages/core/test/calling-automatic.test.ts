import type { OfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import {
  called,
  exampleOffice,
  issued,
  MON,
  must,
  noShow,
  Office,
  phone,
  served,
  skipped,
  t,
  WED,
} from "./calling-helpers.js";

/** RULES.md "Calling" and "Precise points": automatic calls and the order of timers. */
describe("automatic calls at appointment time", () => {
  it("calls the appointment by itself when its counter is idle, with the slot's time", () => {
    const office = new Office();
    office.bookMany(WED, 3);
    // Nothing happens before the slot…
    expect(office.tick(t(WED, "07:59:59"))).toEqual([]);
    // …and a tick long after it carries the timer's own time, not the tick's.
    expect(office.tick(t(WED, "08:07"))).toEqual([called(t(WED, "08:00"), "TP-001", "1", "appointment")]);
  });

  it("fires a timer due at an input's own time before that input", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    expect(office.ticket(t(WED, "08:00"), "TP")).toEqual([
      called(t(WED, "08:00"), "TP-001", "1", "appointment"),
      issued(t(WED, "08:00"), "TP-002", expect.any(String) as unknown as string),
    ]);
  });

  it("fires a timer due at the time of a next before the press (which then finishes it)", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.walkIn(t(WED, "07:50"), "TP");
    expect(office.next(t(WED, "08:00"), "1")).toEqual([
      called(t(WED, "08:00"), "TP-001", "1", "appointment"),
      served(t(WED, "08:00"), "TP-001", "1", "appointment"),
      called(t(WED, "08:00"), "TP-002", "1", "walkin"),
    ]);
  });

  it("does not call when the counter is busy; the next press calls it", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.walkIn(t(WED, "07:50"), "TP");
    office.next(t(WED, "07:55"), "1");
    expect(office.tick(t(WED, "08:09"))).toEqual([]);
    expect(office.core.board().appointments[0]?.status).toBe("booked");
    expect(office.next(t(WED, "08:09"), "1")).toEqual([
      served(t(WED, "08:09"), "TP-002", "1", "walkin"),
      called(t(WED, "08:09"), "TP-001", "1", "appointment"),
    ]);
  });

  it("does not call on a paused counter; resume calls nobody, next does", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.pause(t(WED, "07:50"), "1");
    expect(office.tick(t(WED, "08:05"))).toEqual([]);
    expect(office.resume(t(WED, "08:06"), "1")).toEqual([]);
    expect(office.tick(t(WED, "08:07"))).toEqual([]);
    expect(office.next(t(WED, "08:08"), "1")).toEqual([
      called(t(WED, "08:08"), "TP-001", "1", "appointment"),
    ]);
  });

  it("never calls an appointment at a counter of another service", () => {
    const office = new Office();
    office.bookMany(WED, 1, { procedure: "HG" }); // DD-001 08:00 at counter 2
    office.walkIn(t(WED, "07:50"), "DD");
    office.next(t(WED, "07:55"), "2");
    // Counters 1 and 3 are idle, but they do not serve DD.
    expect(office.tick(t(WED, "08:20"))).toEqual([]);
    expect(office.next(t(WED, "08:20"), "1")).toEqual([]);
    expect(office.next(t(WED, "08:20"), "3")).toEqual([]);
    expect(office.next(t(WED, "08:21"), "2")).toEqual([
      served(t(WED, "08:21"), "DD-002", "2", "walkin"),
      called(t(WED, "08:21"), "DD-001", "2", "appointment"),
    ]);
  });

  it("starts each session with idle counters: the citizen at the counter at 11:00 is served then", () => {
    const office = new Office();
    // Monday 10:00, "today": now + 60 min is 11:00, so the booking lands on 14:00.
    const booking = office.book(t(MON, "10:00"), phone(1), "DK Tran Thi B KS nay");
    expect(booking.time).toBe(t(MON, "14:00"));
    expect(office.walkIn(t(MON, "10:50"), "TP")).toBe("TP-002");
    expect(office.next(t(MON, "10:57"), "1")).toEqual([called(t(MON, "10:57"), "TP-002", "1", "walkin")]);
    // Nobody presses anything until after 14:00: the session's end serves TP-001, the counter
    // starts the afternoon idle and calls the appointment by itself.
    expect(office.tick(t(MON, "14:03"))).toEqual([
      served(t(MON, "11:00"), "TP-002", "1", "walkin"),
      called(t(MON, "14:00"), booking.label, "1", "appointment"),
    ]);
  });

  it("handles a grace period ending and the next slot coming due at one instant: no-show first", () => {
    const office = new Office();
    const bookings = office.bookMany(WED, 2);
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    expect(office.tick(t(WED, "08:45"))).toEqual([
      ...noShow(t(WED, "08:10"), must(bookings[0])),
      called(t(WED, "08:10"), "TP-002", "1", "appointment"),
    ]);
  });
});

describe("when several appointments are due, the earliest slot is called first", () => {
  it("by next, after the counter was busy through several slots", () => {
    const office = new Office();
    office.bookMany(WED, 3);
    office.walkIn(t(WED, "07:50"), "TP");
    office.next(t(WED, "07:50"), "1");
    const calls = ["08:25", "08:26", "08:27"].map((clock) =>
      office.next(t(WED, clock), "1").find((e) => e.type === "called"),
    );
    expect(calls).toEqual([
      called(t(WED, "08:25"), "TP-001", "1", "appointment"),
      called(t(WED, "08:26"), "TP-002", "1", "appointment"),
      called(t(WED, "08:27"), "TP-003", "1", "appointment"),
    ]);
  });

  // Regression (found by this suite, fixed in 4ec39a9): the automatic call at 08:10 took TP-002,
  // the appointment whose timer fired, while TP-001 (08:00) was still waiting because the
  // counter had been busy. RULES.md "Order of timers": when several appointments are due, the
  // earliest slot is called first; docs/rules.md: an idle counter's automatic call takes the
  // earliest due appointment it serves.
  it("by the automatic call when the counter becomes idle after a skip", () => {
    const office = new Office();
    office.bookMany(WED, 2);
    office.walkIn(t(WED, "07:40"), "TP");
    office.next(t(WED, "07:45"), "1");
    expect(office.tick(t(WED, "08:00"))).toEqual([]);
    expect(office.skip(t(WED, "08:05"), "1")).toEqual([skipped(t(WED, "08:05"), "TP-003", "1", "walkin")]);
    expect(office.tick(t(WED, "08:10"))).toEqual([called(t(WED, "08:10"), "TP-001", "1", "appointment")]);
  });

  // Regression (same fix): TP-001…TP-003 come due while counter 1 is paused; after resume, the
  // automatic call at 08:30 took TP-004 instead of TP-001.
  it("by the automatic call after a pause", () => {
    const office = new Office();
    office.bookMany(WED, 4);
    office.pause(t(WED, "07:50"), "1");
    office.tick(t(WED, "08:25"));
    office.resume(t(WED, "08:25"), "1");
    expect(office.tick(t(WED, "08:31"))).toEqual([called(t(WED, "08:30"), "TP-001", "1", "appointment")]);
  });
});

/** docs/rules.md: "its own counter first, then the others in configuration order". */
describe("a service with two counters", () => {
  function twoCounterOffice(): Office {
    const config = structuredClone(exampleOffice()) as OfficeConfig;
    const tp = must(config.services.find((s) => s.code === "TP"));
    tp.counters = ["1", "2"];
    return new Office({ config });
  }

  it("books one column per counter and calls each appointment at its own counter", () => {
    const office = twoCounterOffice();
    const [a, b] = office.bookMany(WED, 2);
    expect([must(a).counter, must(a).time, must(b).counter, must(b).time]).toEqual([
      "1",
      t(WED, "08:00"),
      "2",
      t(WED, "08:00"),
    ]);
    expect(office.tick(t(WED, "08:01"))).toEqual([
      called(t(WED, "08:00"), "TP-001", "1", "appointment"),
      called(t(WED, "08:00"), "TP-002", "2", "appointment"),
    ]);
  });

  it("calls at its own counter even when a counter earlier in the configuration is idle", () => {
    const office = twoCounterOffice();
    const [a] = office.bookMany(WED, 2);
    office.sms(t(MON, "10:00"), must(a).phone, `HUY ${must(a).code}`);
    expect(office.tick(t(WED, "08:01"))).toEqual([called(t(WED, "08:00"), "TP-002", "2", "appointment")]);
  });

  it("calls at another idle counter of the service when its own is paused", () => {
    const office = twoCounterOffice();
    const [a] = office.bookMany(WED, 2);
    office.sms(t(MON, "10:00"), must(a).phone, `HUY ${must(a).code}`);
    office.pause(t(WED, "07:50"), "2");
    expect(office.tick(t(WED, "08:01"))).toEqual([called(t(WED, "08:00"), "TP-002", "1", "appointment")]);
  });

  it("does not call when its own counter is paused and the other busy", () => {
    const office = twoCounterOffice();
    office.bookMany(WED, 2);
    office.pause(t(WED, "07:50"), "2");
    expect(office.tick(t(WED, "08:01"))).toEqual([called(t(WED, "08:00"), "TP-001", "1", "appointment")]);
    expect(office.next(t(WED, "08:02"), "1")).toEqual([
      served(t(WED, "08:02"), "TP-001", "1", "appointment"),
      called(t(WED, "08:02"), "TP-002", "1", "appointment"),
    ]);
  });
});
