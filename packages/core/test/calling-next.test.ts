import { describe, expect, it } from "vitest";
import { called, MON, must, Office, served, t, WED } from "./calling-helpers.js";

/** RULES.md "Calling": what a press of next calls, in order. */
describe("next: the calling order", () => {
  it("calls a due appointment (earliest first), then priority walk-ins, then walk-ins, else nobody", () => {
    const office = new Office();
    office.bookMany(WED, 4); // TP-001 08:00, TP-002 08:10, TP-003 08:20, TP-004 08:30
    expect(office.walkIn(t(WED, "07:40"), "TP")).toBe("TP-005");
    expect(office.walkIn(t(WED, "07:41"), "TP", true)).toBe("TP-006");
    expect(office.walkIn(t(WED, "07:42"), "TP")).toBe("TP-007");

    // No appointment is due yet: the priority walk-in goes first, although TP-005 is lower.
    expect(office.next(t(WED, "07:45"), "1")).toEqual([called(t(WED, "07:45"), "TP-006", "1", "walkin")]);
    expect(office.next(t(WED, "07:50"), "1")).toEqual([
      served(t(WED, "07:50"), "TP-006", "1", "walkin"),
      called(t(WED, "07:50"), "TP-005", "1", "walkin"),
    ]);
    // 08:00 and 08:10 pass while the counter is busy: nothing is called by itself.
    expect(office.tick(t(WED, "08:11"))).toEqual([]);
    // Two appointments are due: the earliest slot first, before the waiting walk-in.
    expect(office.next(t(WED, "08:12"), "1")).toEqual([
      served(t(WED, "08:12"), "TP-005", "1", "walkin"),
      called(t(WED, "08:12"), "TP-001", "1", "appointment"),
    ]);
    expect(office.next(t(WED, "08:13"), "1")).toEqual([
      served(t(WED, "08:13"), "TP-001", "1", "appointment"),
      called(t(WED, "08:13"), "TP-002", "1", "appointment"),
    ]);
    // TP-003 (08:20) is not due: it is passed over and the walk-in is called.
    expect(office.next(t(WED, "08:14"), "1")).toEqual([
      served(t(WED, "08:14"), "TP-002", "1", "appointment"),
      called(t(WED, "08:14"), "TP-007", "1", "walkin"),
    ]);
    expect(office.tick(t(WED, "08:21"))).toEqual([]);
    expect(office.next(t(WED, "08:22"), "1")).toEqual([
      served(t(WED, "08:22"), "TP-007", "1", "walkin"),
      called(t(WED, "08:22"), "TP-003", "1", "appointment"),
    ]);
    // Nobody due and nobody waiting: next only finishes the current citizen.
    expect(office.next(t(WED, "08:23"), "1")).toEqual([
      served(t(WED, "08:23"), "TP-003", "1", "appointment"),
    ]);
    // Idle and nothing to call: no event, and the press is not refused.
    expect(office.decide({ at: t(WED, "08:24"), type: "press", counter: "1", button: "next" })).toEqual({
      events: [],
    });
    expect(office.tick(t(WED, "08:30"))).toEqual([called(t(WED, "08:30"), "TP-004", "1", "appointment")]);
  });

  it("calls priority walk-ins lowest first, then ordinary walk-ins lowest first", () => {
    const office = new Office();
    const labels = [false, true, false, true].map((p, i) => office.walkIn(t(MON, `07:3${i}`), "TP", p));
    expect(labels).toEqual(["TP-001", "TP-002", "TP-003", "TP-004"]);
    const order = ["07:40", "07:41", "07:42", "07:43"].map((clock) =>
      office.next(t(MON, clock), "1").find((e) => e.type === "called"),
    );
    expect(order).toEqual([
      called(t(MON, "07:40"), "TP-002", "1", "walkin"),
      called(t(MON, "07:41"), "TP-004", "1", "walkin"),
      called(t(MON, "07:42"), "TP-001", "1", "walkin"),
      called(t(MON, "07:43"), "TP-003", "1", "walkin"),
    ]);
  });

  it("never calls a priority walk-in before a due appointment", () => {
    const office = new Office();
    office.bookMany(WED, 1); // TP-001 08:00
    office.walkIn(t(WED, "07:40"), "TP"); // TP-002
    office.next(t(WED, "07:41"), "1");
    expect(office.walkIn(t(WED, "07:50"), "TP", true)).toBe("TP-003");
    expect(office.next(t(WED, "08:05"), "1")).toEqual([
      served(t(WED, "08:05"), "TP-002", "1", "walkin"),
      called(t(WED, "08:05"), "TP-001", "1", "appointment"),
    ]);
    expect(office.next(t(WED, "08:06"), "1")).toEqual([
      served(t(WED, "08:06"), "TP-001", "1", "appointment"),
      called(t(WED, "08:06"), "TP-003", "1", "walkin"),
    ]);
  });

  it("passes over appointments whose time has not come, even with nobody else waiting", () => {
    const office = new Office();
    office.bookMany(WED, 2);
    // 07:59: TP-001 is booked for 08:00, so next calls nobody.
    expect(office.next(t(WED, "07:59"), "1")).toEqual([]);
    expect(office.core.board().counters[0]?.serving).toBeNull();
  });

  it("does nothing on a paused counter (press resume first)", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    expect(office.pause(t(MON, "07:40"), "1")).toEqual([]);
    const decision = office.decide({ at: t(MON, "07:41"), type: "press", counter: "1", button: "next" });
    expect(decision.events).toEqual([]);
    expect(decision.ignored).toEqual(expect.any(String));
    expect(office.resume(t(MON, "07:42"), "1")).toEqual([]);
    expect(office.next(t(MON, "07:43"), "1")).toEqual([called(t(MON, "07:43"), "TP-001", "1", "walkin")]);
  });

  it("calls only numbers of the counter's own services", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    office.walkIn(t(MON, "07:35"), "DD");
    expect(office.next(t(MON, "07:40"), "3")).toEqual([]);
    expect(office.next(t(MON, "07:40"), "2")).toEqual([called(t(MON, "07:40"), "DD-001", "2", "walkin")]);
    expect(office.next(t(MON, "07:41"), "2")).toEqual([served(t(MON, "07:41"), "DD-001", "2", "walkin")]);
    expect(office.next(t(MON, "07:42"), "1")).toEqual([called(t(MON, "07:42"), "TP-001", "1", "walkin")]);
  });

  it("finishes the current citizen before calling the next (served, then called)", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    office.walkIn(t(MON, "07:36"), "TP");
    office.next(t(MON, "07:40"), "1");
    const events = office.next(t(MON, "07:50"), "1");
    expect(events.map((e) => e.type)).toEqual(["served", "called"]);
    expect(events).toEqual([
      served(t(MON, "07:50"), "TP-001", "1", "walkin"),
      called(t(MON, "07:50"), "TP-002", "1", "walkin"),
    ]);
  });
});

describe("counter 3 serves XH and VH", () => {
  it("picks the lowest walk-in number across both services, equal numbers in issue order", () => {
    const office = new Office();
    const labels = ["VH", "XH", "XH", "VH", "VH"].map((s, i) => office.walkIn(t(MON, `07:4${i}`), s));
    expect(labels).toEqual(["VH-001", "XH-001", "XH-002", "VH-002", "VH-003"]);
    const calls = ["07:50", "07:51", "07:52", "07:53", "07:54", "07:55"].map((clock) =>
      office.next(t(MON, clock), "3"),
    );
    expect(calls).toEqual([
      [called(t(MON, "07:50"), "VH-001", "3", "walkin")],
      [served(t(MON, "07:51"), "VH-001", "3", "walkin"), called(t(MON, "07:51"), "XH-001", "3", "walkin")],
      [served(t(MON, "07:52"), "XH-001", "3", "walkin"), called(t(MON, "07:52"), "XH-002", "3", "walkin")],
      [served(t(MON, "07:53"), "XH-002", "3", "walkin"), called(t(MON, "07:53"), "VH-002", "3", "walkin")],
      [served(t(MON, "07:54"), "VH-002", "3", "walkin"), called(t(MON, "07:54"), "VH-003", "3", "walkin")],
      [served(t(MON, "07:55"), "VH-003", "3", "walkin")],
    ]);
  });

  it("reads 'lowest number' literally: a lower VH number goes before an XH ticket issued earlier", () => {
    const office = new Office();
    office.bookMany(WED, 2, { procedure: "TC" }); // XH-001, XH-002 on Wednesday
    const labels = ["XH", "VH", "XH", "VH"].map((s, i) => office.walkIn(t(WED, `07:4${i}`), s));
    expect(labels).toEqual(["XH-003", "VH-001", "XH-004", "VH-002"]);
    const calls = ["07:50", "07:51", "07:52", "07:53"].map((clock) =>
      office.next(t(WED, clock), "3").find((e) => e.type === "called"),
    );
    expect(calls).toEqual([
      called(t(WED, "07:50"), "VH-001", "3", "walkin"),
      called(t(WED, "07:51"), "VH-002", "3", "walkin"),
      called(t(WED, "07:52"), "XH-003", "3", "walkin"),
      called(t(WED, "07:53"), "XH-004", "3", "walkin"),
    ]);
  });

  it("calls a due XH appointment before a lower VH walk-in, and a priority VH before a lower XH", () => {
    const office = new Office();
    const [xh] = office.bookMany(WED, 1, { procedure: "TC" });
    expect(must(xh).label).toBe("XH-001");
    expect(must(xh).counter).toBe("3");
    expect(must(xh).time).toBe(t(WED, "08:00"));
    expect(office.walkIn(t(WED, "07:40"), "VH")).toBe("VH-001");
    expect(office.walkIn(t(WED, "07:41"), "XH")).toBe("XH-002");
    expect(office.walkIn(t(WED, "07:42"), "VH", true)).toBe("VH-002");
    expect(office.next(t(WED, "07:45"), "3")).toEqual([called(t(WED, "07:45"), "VH-002", "3", "walkin")]);
    expect(office.next(t(WED, "08:05"), "3")).toEqual([
      served(t(WED, "08:05"), "VH-002", "3", "walkin"),
      called(t(WED, "08:05"), "XH-001", "3", "appointment"),
    ]);
    expect(office.next(t(WED, "08:06"), "3")).toEqual([
      served(t(WED, "08:06"), "XH-001", "3", "appointment"),
      called(t(WED, "08:06"), "VH-001", "3", "walkin"),
    ]);
    expect(office.next(t(WED, "08:07"), "3")).toEqual([
      served(t(WED, "08:07"), "VH-001", "3", "walkin"),
      called(t(WED, "08:07"), "XH-002", "3", "walkin"),
    ]);
  });
});
