import { describe, expect, it } from "vitest";
import { called, issued, MON, must, noShow, Office, served, skipped, t, WED } from "./calling-helpers.js";

/**
 * The seed's worked example of case d (sms-appointment-initiative.txt, 3 d): Tư pháp takes 21
 * numbers a morning; 10 citizens booked by SMS the previous working day hold 08:00…09:30 and
 * numbers 1–10; a walk-in at 07:45 gets number 11 and is served first; at 08:00 the system
 * calls the appointments; walk-ins are slotted in when booked citizens do not come.
 */
function tenBookedForWednesday() {
  const office = new Office();
  // Monday 23/11 is the working day before Wednesday 25/11 (24/11 is a holiday).
  const bookings = office.bookMany(WED, 10);
  return { office, bookings };
}

describe("seed case d: 10 appointments, a walk-in at 07:45", () => {
  it("gives the SMS bookings numbers 1–10 at 08:00…09:30 on counter 1", () => {
    const { bookings } = tenBookedForWednesday();
    expect(bookings.map((b) => [b.label, b.number, b.time, b.counter, b.service])).toEqual(
      ["08:00", "08:10", "08:20", "08:30", "08:40", "08:50", "09:00", "09:10", "09:20", "09:30"].map(
        (clock, i) => [`TP-0${String(i + 1).padStart(2, "0")}`, i + 1, t(WED, clock), "1", "TP"],
      ),
    );
  });

  it("gives the walk-in at 07:45 number 11 and calls it first", () => {
    const { office } = tenBookedForWednesday();
    expect(office.ticket(t(WED, "07:45"), "TP")).toEqual([
      issued(t(WED, "07:45"), "TP-011", t(WED, "07:45")),
    ]);
    expect(office.next(t(WED, "07:45"), "1")).toEqual([called(t(WED, "07:45"), "TP-011", "1", "walkin")]);
  });

  it("calls TP-001 at the next press when the counter is still busy at 08:00", () => {
    const { office } = tenBookedForWednesday();
    office.ticket(t(WED, "07:45"), "TP");
    office.next(t(WED, "07:45"), "1");
    // 08:00 passes while TP-011 is at the counter: no automatic call.
    expect(office.tick(t(WED, "08:03"))).toEqual([]);
    expect(office.next(t(WED, "08:05"), "1")).toEqual([
      served(t(WED, "08:05"), "TP-011", "1", "walkin"),
      called(t(WED, "08:05"), "TP-001", "1", "appointment"),
    ]);
  });

  it("calls TP-001 by itself at 08:00 when the counter is idle, with the timer's own time", () => {
    const { office } = tenBookedForWednesday();
    office.ticket(t(WED, "07:45"), "TP");
    office.next(t(WED, "07:45"), "1");
    expect(office.next(t(WED, "07:55"), "1")).toEqual([served(t(WED, "07:55"), "TP-011", "1", "walkin")]);
    expect(office.tick(t(WED, "08:01"))).toEqual([called(t(WED, "08:00"), "TP-001", "1", "appointment")]);
  });

  it("slots a later walk-in in between when a booked citizen does not come", () => {
    const { office, bookings } = tenBookedForWednesday();
    office.ticket(t(WED, "07:45"), "TP");
    office.next(t(WED, "07:45"), "1");
    office.next(t(WED, "07:55"), "1");
    expect(office.tick(t(WED, "08:00"))).toEqual([called(t(WED, "08:00"), "TP-001", "1", "appointment")]);
    expect(office.walkIn(t(WED, "08:02"), "TP")).toBe("TP-012");
    expect(office.skip(t(WED, "08:03"), "1")).toEqual([
      skipped(t(WED, "08:03"), "TP-001", "1", "appointment"),
    ]);
    // Within its grace period the booked citizen is called once more, before the walk-in…
    expect(office.next(t(WED, "08:04"), "1")).toEqual([
      called(t(WED, "08:04"), "TP-001", "1", "appointment", true),
    ]);
    expect(office.skip(t(WED, "08:05"), "1")).toEqual([
      skipped(t(WED, "08:05"), "TP-001", "1", "appointment"),
    ]);
    // …and then the walk-in is inserted.
    expect(office.next(t(WED, "08:06"), "1")).toEqual([called(t(WED, "08:06"), "TP-012", "1", "walkin")]);
    // 08:10: TP-001's grace period ends (no-show); TP-002 comes due but the counter is busy.
    expect(office.tick(t(WED, "08:12"))).toEqual(noShow(t(WED, "08:10"), must(bookings[0])));
    expect(office.next(t(WED, "08:14"), "1")).toEqual([
      served(t(WED, "08:14"), "TP-012", "1", "walkin"),
      called(t(WED, "08:14"), "TP-002", "1", "appointment"),
    ]);
  });

  it("runs the whole morning: appointments at their time, walk-ins in the gaps", () => {
    const { office } = tenBookedForWednesday();
    const calls: string[] = [];
    const record = (events: ReturnType<Office["send"]>) => {
      for (const e of events)
        if (e.type === "called") calls.push(`${e.at.slice(11, 16)} ${e.label} ${e.kind}`);
    };
    record(office.ticket(t(WED, "07:45"), "TP"));
    record(office.next(t(WED, "07:45"), "1"));
    record(office.ticket(t(WED, "07:50"), "TP"));
    record(office.ticket(t(WED, "07:51"), "TP"));
    // The officer presses next every 5 minutes from 07:52 (5 minutes a citizen, then idle).
    for (let minute = 7 * 60 + 52; minute < 10 * 60; minute += 5) {
      const clock = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
      record(office.next(t(WED, clock), "1"));
    }
    expect(calls).toEqual([
      "07:45 TP-011 walkin",
      "07:52 TP-012 walkin",
      "07:57 TP-013 walkin",
      // Busy at 08:00: TP-001 waits for the next press.
      "08:02 TP-001 appointment",
      // From then on the counter is idle at each slot time: automatic calls.
      "08:10 TP-002 appointment",
      "08:20 TP-003 appointment",
      "08:30 TP-004 appointment",
      "08:40 TP-005 appointment",
      "08:50 TP-006 appointment",
      "09:00 TP-007 appointment",
      "09:10 TP-008 appointment",
      "09:20 TP-009 appointment",
      "09:30 TP-010 appointment",
    ]);
  });
});

describe("the Monday bookings are the previous working day", () => {
  it("books on Monday for Wednesday without touching the holiday", () => {
    const office = new Office();
    const [b] = office.bookMany(WED, 1, { from: t(MON, "10:00") });
    expect(b?.time).toBe(t(WED, "08:00"));
  });
});
