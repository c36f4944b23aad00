// PROTOCOL.md "Officer actions and ratings": call, a waiting number called out of order.
import { describe, expect, it } from "vitest";
import { called, MON, must, served, t, WED } from "./calling-helpers.js";
import { Console, expectRefused, LAN, refusal } from "./officer-helpers.js";

const byLan = { officer: LAN };

describe("call", () => {
  it("calls a waiting walk-in out of order, finishing the current citizen as next does", () => {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33"]) office.walkIn(t(MON, clock), "TP");
    office.next(t(MON, "07:40"), "1"); // TP-001
    expect(office.call(t(MON, "07:45"), "1", "TP-003")).toEqual([
      { ...served(t(MON, "07:45"), "TP-001", "1", "walkin"), ...byLan },
      { ...called(t(MON, "07:45"), "TP-003", "1", "walkin"), ...byLan },
    ]);
    expect(office.core.board().waiting.TP).toBe(1);
    // TP-003 is not called a second time: next goes on with TP-002, then nobody.
    expect(office.next(t(MON, "07:50"), "1")).toEqual([
      served(t(MON, "07:50"), "TP-003", "1", "walkin"),
      called(t(MON, "07:50"), "TP-002", "1", "walkin"),
    ]);
    expect(office.next(t(MON, "07:55"), "1")).toEqual([served(t(MON, "07:55"), "TP-002", "1", "walkin")]);
  });

  it("takes a label in any case and without its dash, and answers with the label", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    expect(office.call(t(MON, "07:40"), "1", " tp1 ")).toEqual([
      { ...called(t(MON, "07:40"), "TP-001", "1", "walkin"), ...byLan },
    ]);
  });

  it("serves an early appointment before its time; it is then not called again at its time", () => {
    const office = new Console();
    const [first, second] = office.bookings(WED, 2); // TP-001 08:00, TP-002 08:10
    office.checkin(t(WED, "07:35"), must(second).code);
    expect(office.call(t(WED, "07:36"), "1", "TP-002")).toEqual([
      { ...called(t(WED, "07:36"), "TP-002", "1", "appointment"), ...byLan },
    ]);
    // 08:00: TP-001 is due but counter 1 is busy, so it waits for next.
    expect(office.tick(t(WED, "08:00"))).toEqual([]);
    expect(office.next(t(WED, "08:01"), "1")).toEqual([
      served(t(WED, "08:01"), "TP-002", "1", "appointment"),
      called(t(WED, "08:01"), first.label, "1", "appointment"),
    ]);
    expect(office.tick(t(WED, "08:10"))).toEqual([]);
    expect(office.core.board().appointments.map((a) => [a.label, a.status])).toEqual([
      ["TP-001", "called"],
      ["TP-002", "served"],
    ]);
  });

  it("stamps its officer only on what it caused, not on a timer that fired before it", () => {
    const office = new Console();
    office.bookMany(WED, 1); // TP-001 at 08:00
    office.walkIn(t(WED, "07:40"), "TP"); // TP-002
    // Counter 1 is idle at 08:00: TP-001 is called by itself, then the officer's call finishes it.
    expect(office.call(t(WED, "08:00:30"), "1", "TP-002")).toEqual([
      called(t(WED, "08:00"), "TP-001", "1", "appointment"),
      { ...served(t(WED, "08:00:30"), "TP-001", "1", "appointment"), ...byLan },
      { ...called(t(WED, "08:00:30"), "TP-002", "1", "walkin"), ...byLan },
    ]);
  });

  it("works between sessions, like next", () => {
    const office = new Console();
    office.walkIn(t(MON, "10:50"), "TP");
    expect(office.call(t(MON, "11:30"), "1", "TP-001")).toEqual([
      { ...called(t(MON, "11:30"), "TP-001", "1", "walkin"), ...byLan },
    ]);
  });
});

describe("call refused", () => {
  /** TP-001 served at counter 1, TP-002 skipped there, TP-003 waiting, DD-001 waiting; counter 2 paused. */
  function morning() {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33"]) office.walkIn(t(MON, clock), "TP");
    office.walkIn(t(MON, "07:34"), "DD");
    office.next(t(MON, "07:40"), "1"); // TP-001
    office.next(t(MON, "07:45"), "1"); // TP-001 served, TP-002 called
    office.skip(t(MON, "07:46"), "1"); // TP-002 skipped: counter 1 idle
    office.next(t(MON, "07:47"), "1"); // TP-003 called
    office.pause(t(MON, "07:48"), "2");
    return office;
  }
  const at = t(MON, "07:50");

  it("a malformed label is invalid", () => {
    const office = morning();
    expectRefused(office, () => office.call(at, "1", "hello"), refusal(at, "call", "invalid"));
    expectRefused(office, () => office.call(at, "1", ""), refusal(at, "call", "invalid"));
  });

  it("an unknown counter or a number not issued today is not_found", () => {
    const office = morning();
    expectRefused(office, () => office.call(at, "9", "TP-003"), refusal(at, "call", "not_found"));
    expectRefused(office, () => office.call(at, "1", "TP-050"), refusal(at, "call", "not_found"));
    expectRefused(office, () => office.call(at, "1", "QQ-001"), refusal(at, "call", "not_found"));
  });

  it("a paused counter, or a counter that does not serve the number's service, is not_allowed", () => {
    const office = morning();
    expectRefused(office, () => office.call(at, "2", "DD-001"), refusal(at, "call", "not_allowed"));
    expectRefused(office, () => office.call(at, "3", "DD-001"), refusal(at, "call", "not_allowed"));
    expect(office.counter("1").serving).toBe("TP-003");
  });

  it("a number being served, served or skipped is not waiting: not_allowed", () => {
    const office = morning();
    for (const label of ["TP-003", "TP-001", "TP-002"])
      expectRefused(office, () => office.call(at, "1", label), refusal(at, "call", "not_allowed"));
  });

  it("an appointment called, cancelled, or of a day that is over is not_allowed", () => {
    const office = new Console();
    const [a, b, c] = office.bookings(WED, 3); // 08:00, 08:10, 08:20
    office.sms(t(WED, "07:00"), must(b).phone, `HUY ${must(b).code}`);
    office.tick(t(WED, "08:00")); // TP-001 called by itself at counter 1
    const now = t(WED, "08:01");
    expectRefused(office, () => office.call(now, "1", must(a).label), refusal(now, "call", "not_allowed"));
    expectRefused(office, () => office.call(now, "1", must(b).label), refusal(now, "call", "not_allowed"));
    const late = t(WED, "17:30"); // TP-003 was never called; the day is over
    office.tick(late);
    expectRefused(office, () => office.call(late, "1", must(c).label), refusal(late, "call", "not_allowed"));
  });

  it("a walk-in of an earlier day is not_found, and today's walk-ins lapse at the end of the day", () => {
    const office = new Console();
    office.walkIn(t(MON, "16:00"), "TP");
    const evening = t(MON, "17:10");
    office.tick(evening);
    expectRefused(office, () => office.call(evening, "1", "TP-001"), refusal(evening, "call", "not_allowed"));
    const next = t(WED, "07:40");
    office.tick(next);
    expectRefused(office, () => office.call(next, "1", "TP-001"), refusal(next, "call", "not_found"));
  });
});
