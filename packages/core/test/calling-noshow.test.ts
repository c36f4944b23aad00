import type { EventOf } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import {
  called,
  FRI,
  MON,
  MON2,
  must,
  noShow,
  noShowBlocking,
  Office,
  only,
  phone,
  served,
  skipped,
  THU,
  t,
  WED,
} from "./calling-helpers.js";

/** RULES.md "Calling" (recall, skip) and "No-shows and abuse". */
describe("recall", () => {
  it("announces the walk-in being served again with repeat: true", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    office.next(t(MON, "07:40"), "1");
    expect(office.recall(t(MON, "07:41"), "1")).toEqual([
      called(t(MON, "07:41"), "TP-001", "1", "walkin", true),
    ]);
    expect(office.recall(t(MON, "07:42"), "1")).toEqual([
      called(t(MON, "07:42"), "TP-001", "1", "walkin", true),
    ]);
    // The citizen is still at the counter.
    expect(office.next(t(MON, "07:45"), "1")).toEqual([served(t(MON, "07:45"), "TP-001", "1", "walkin")]);
  });

  it("announces the appointment being served again with repeat: true", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.tick(t(WED, "08:00"));
    expect(office.recall(t(WED, "08:02"), "1")).toEqual([
      called(t(WED, "08:02"), "TP-001", "1", "appointment", true),
    ]);
  });

  it("does nothing at an idle counter", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    const decision = office.decide({ at: t(MON, "07:40"), type: "press", counter: "1", button: "recall" });
    expect(decision.events).toEqual([]);
    expect(decision.ignored).toEqual(expect.any(String));
  });
});

describe("skip of a walk-in", () => {
  it("gives no grace period and no penalty, and the number is never called again", () => {
    const office = new Office();
    office.walkIn(t(MON, "07:35"), "TP");
    office.walkIn(t(MON, "07:36"), "TP");
    office.next(t(MON, "07:40"), "1");
    expect(office.skip(t(MON, "07:41"), "1")).toEqual([skipped(t(MON, "07:41"), "TP-001", "1", "walkin")]);
    expect(office.core.board().counters[0]?.serving).toBeNull();
    // The next press calls the following number, not the skipped one…
    expect(office.next(t(MON, "07:42"), "1")).toEqual([called(t(MON, "07:42"), "TP-002", "1", "walkin")]);
    // …and after that nobody: no second call of TP-001, no cancellation, no SMS.
    expect(office.next(t(MON, "07:43"), "1")).toEqual([served(t(MON, "07:43"), "TP-002", "1", "walkin")]);
    expect(office.next(t(MON, "07:44"), "1")).toEqual([]);
    expect(office.tick(t(MON, "09:00"))).toEqual([]);
    expect(office.core.board().waiting.TP).toBe(0);
  });

  it("does nothing at an idle counter", () => {
    const office = new Office();
    const decision = office.decide({ at: t(MON, "07:40"), type: "press", counter: "1", button: "skip" });
    expect(decision).toEqual({ events: [], ignored: expect.any(String) });
  });
});

describe("skip of an appointment: the grace period", () => {
  it("puts it in grace, re-calls it once at the next press, and cancels it as a no-show at its end", () => {
    const office = new Office();
    const [a] = office.bookMany(WED, 1);
    const booking = must(a);
    expect(office.tick(t(WED, "08:00"))).toEqual([called(t(WED, "08:00"), "TP-001", "1", "appointment")]);
    expect(office.skip(t(WED, "08:02"), "1")).toEqual([
      skipped(t(WED, "08:02"), "TP-001", "1", "appointment"),
    ]);
    expect(office.core.board().appointments[0]?.status).toBe("grace");
    // The counter is idle after a skip; the skipped citizen is not called again by itself.
    expect(office.tick(t(WED, "08:04"))).toEqual([]);
    expect(office.next(t(WED, "08:05"), "1")).toEqual([
      called(t(WED, "08:05"), "TP-001", "1", "appointment", true),
    ]);
    expect(office.skip(t(WED, "08:06"), "1")).toEqual([
      skipped(t(WED, "08:06"), "TP-001", "1", "appointment"),
    ]);
    // Only once: a further next in the grace period calls nobody.
    expect(office.next(t(WED, "08:07"), "1")).toEqual([]);
    // Ten minutes from the FIRST call (08:00), not from the re-call: 08:10.
    expect(office.tick(t(WED, "08:09:59"))).toEqual([]);
    expect(office.tick(t(WED, "08:30"))).toEqual(noShow(t(WED, "08:10"), booking));
    expect(office.core.board().appointments[0]?.status).toBe("no_show");
    // A no-show is never called again.
    expect(office.next(t(WED, "08:31"), "1")).toEqual([]);
  });

  it("counts the grace period from the first call when that call was a press of next", () => {
    const office = new Office();
    const [a] = office.bookMany(WED, 1);
    office.walkIn(t(WED, "07:50"), "TP");
    office.next(t(WED, "07:50"), "1");
    expect(office.next(t(WED, "08:12"), "1")).toEqual([
      served(t(WED, "08:12"), "TP-002", "1", "walkin"),
      called(t(WED, "08:12"), "TP-001", "1", "appointment"),
    ]);
    office.skip(t(WED, "08:13"), "1");
    expect(office.tick(t(WED, "08:21:59"))).toEqual([]);
    expect(office.tick(t(WED, "08:22"))).toEqual(noShow(t(WED, "08:22"), must(a)));
  });

  it("re-calls a skipped appointment before a due booked one of a later slot, and before walk-ins", () => {
    const office = new Office();
    office.bookMany(WED, 2);
    office.walkIn(t(WED, "07:50"), "TP"); // TP-003
    office.walkIn(t(WED, "07:51"), "TP", true); // TP-004
    office.next(t(WED, "07:52"), "1"); // TP-004 (priority)
    office.next(t(WED, "08:12"), "1"); // served TP-004, called TP-001 (first call 08:12)
    office.skip(t(WED, "08:13"), "1");
    expect(office.next(t(WED, "08:14"), "1")).toEqual([
      called(t(WED, "08:14"), "TP-001", "1", "appointment", true),
    ]);
    expect(office.next(t(WED, "08:15"), "1")).toEqual([
      served(t(WED, "08:15"), "TP-001", "1", "appointment"),
      called(t(WED, "08:15"), "TP-002", "1", "appointment"),
    ]);
    expect(office.next(t(WED, "08:16"), "1")).toEqual([
      served(t(WED, "08:16"), "TP-002", "1", "appointment"),
      called(t(WED, "08:16"), "TP-003", "1", "walkin"),
    ]);
  });

  it("does not re-call after the grace period: the no-show comes first at the same instant", () => {
    const office = new Office();
    const [a] = office.bookMany(WED, 1);
    office.walkIn(t(WED, "07:50"), "TP");
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    expect(office.next(t(WED, "08:10"), "1")).toEqual([
      ...noShow(t(WED, "08:10"), must(a)),
      called(t(WED, "08:10"), "TP-002", "1", "walkin"),
    ]);
  });

  it("serves a re-called citizen who turns up: not a no-show", () => {
    const office = new Office();
    office.bookMany(WED, 2);
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    office.next(t(WED, "08:03"), "1");
    // 08:10: the grace period ends while the citizen is at the counter (and TP-002 comes due
    // while the counter is busy): nothing happens.
    expect(office.tick(t(WED, "08:15"))).toEqual([]);
    expect(office.next(t(WED, "08:15"), "1")).toEqual([
      served(t(WED, "08:15"), "TP-001", "1", "appointment"),
      called(t(WED, "08:15"), "TP-002", "1", "appointment"),
    ]);
    expect(office.core.board().appointments.map((x) => x.status)).toEqual(["served", "called"]);
  });

  it("ignores a skip after the grace period has ended: the citizen stays at the counter", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.tick(t(WED, "08:00"));
    const late = office.decide({ at: t(WED, "08:10"), type: "press", counter: "1", button: "skip" });
    expect(late).toEqual({ events: [], ignored: expect.any(String) });
    expect(office.core.board().appointments[0]?.status).toBe("called");
    expect(office.core.board().counters[0]?.serving?.label).toBe("TP-001");
    expect(office.tick(t(WED, "08:40"))).toEqual([]);
    expect(office.next(t(WED, "08:40"), "1")).toEqual([
      served(t(WED, "08:40"), "TP-001", "1", "appointment"),
    ]);
  });

  it("ignores a skip of a re-called appointment after the grace period: no no-show", () => {
    const office = new Office();
    office.bookMany(WED, 1);
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    office.next(t(WED, "08:02"), "1");
    expect(office.skip(t(WED, "08:10"), "1")).toEqual([]);
    expect(office.tick(t(WED, "08:40"))).toEqual([]);
    expect(office.core.board().appointments[0]?.status).toBe("called");
  });
});

describe("a cancellation is not a no-show", () => {
  it("cancels an appointment in its grace period for the citizen, with no no-show at its end", () => {
    const office = new Office();
    const booking = must(office.bookMany(WED, 1)[0]);
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    expect(office.sms(t(WED, "08:05"), booking.phone, `HUY ${booking.code}`)).toEqual([
      { at: t(WED, "08:05"), type: "cancelled", code: booking.code, reason: "citizen" },
      { at: t(WED, "08:05"), type: "sms_out", to: booking.phone, text: expect.any(String) },
    ]);
    expect(office.tick(t(WED, "08:30"))).toEqual([]);
    expect(office.next(t(WED, "08:31"), "1")).toEqual([]);
    expect(office.core.board().appointments[0]?.status).toBe("cancelled");
  });

  it("does not count a HUY towards blocking (1 cancelled, then 3 no-shows: not blocked)", () => {
    const office = new Office();
    const p = phone(42);
    const texts = [WED, WED, THU, THU].map((d) => `DK Le Van C KS ${d.slice(8, 10)}/11`);
    const [w1, w2, t1, t2] = texts.map((text, i) => office.book(t(MON, `09:0${i}`), p, text));
    office.sms(t(MON, "09:30"), p, `HUY ${must(w1).code}`);
    // Wednesday: w2 (08:10) is a no-show. Thursday: t1 and t2 are no-shows.
    office.tick(t(WED, "08:10"));
    office.skip(t(WED, "08:11"), "1");
    expect(office.tick(t(WED, "08:20"))).toEqual(noShow(t(WED, "08:20"), must(w2)));
    const thursday = noShowTwice(office, THU, must(t1), must(t2));
    expect(only(thursday, "blocked")).toEqual([]);
    expect(office.core.isBlocked(p)).toBe(false);
  });
});

/**
 * The phone's two appointments of the day (08:00 and 08:10) are both no-shows: called by
 * themselves, skipped, cancelled when their grace period ends. Returns every event.
 */
function noShowTwice(
  office: Office,
  date: string,
  first: EventOf<"booked">,
  second: EventOf<"booked">,
  secondBlocks = false,
) {
  expect([first.time, second.time]).toEqual([t(date, "08:00"), t(date, "08:10")]);
  const events = [
    ...expectEvents(office.tick(t(date, "08:00")), [
      called(t(date, "08:00"), first.label, "1", "appointment"),
    ]),
    ...expectEvents(office.skip(t(date, "08:01"), "1"), [
      skipped(t(date, "08:01"), first.label, "1", "appointment"),
    ]),
    ...expectEvents(office.tick(t(date, "08:10")), [
      ...noShow(t(date, "08:10"), first),
      called(t(date, "08:10"), second.label, "1", "appointment"),
    ]),
    ...expectEvents(office.skip(t(date, "08:11"), "1"), [
      skipped(t(date, "08:11"), second.label, "1", "appointment"),
    ]),
    ...expectEvents(
      office.tick(t(date, "08:20")),
      secondBlocks ? noShowBlocking(t(date, "08:20"), second) : noShow(t(date, "08:20"), second),
    ),
  ];
  return events;
}

function expectEvents<T>(actual: T[], expected: unknown[]): T[] {
  expect(actual).toEqual(expected);
  return actual;
}

describe("blocking after more than 3 no-shows", () => {
  /**
   * Phone 7 books two TP appointments (08:00 and 08:10) on each of four days, on Monday,
   * writing its number as 09…, +849… or 849… in turn: one phone for the no-show count.
   */
  function eightBookings() {
    const office = new Office();
    const p = phone(7);
    const forms = [p, `+84${p.slice(1)}`, `84${p.slice(1)}`];
    const days = [WED, WED, THU, THU, FRI, FRI, MON2, MON2];
    const bookings = days.map((d, i) =>
      office.book(
        t(MON, `09:0${i}`),
        forms[i % 3] as string,
        `DK Pham Thi D KS ${d.slice(8, 10)}/${d.slice(5, 7)}`,
      ),
    );
    return { office, p, bookings };
  }

  it("blocks the phone at its 4th no-show, right after the cancellation", () => {
    const { office, p, bookings } = eightBookings();
    const [w1, w2, t1, t2] = bookings.map((b) => must(b));
    noShowTwice(office, WED, must(w1), must(w2));
    expect(office.core.isBlocked(p)).toBe(false);
    // Thursday 08:10: the 3rd no-show does not block; 08:20: the 4th does.
    noShowTwice(office, THU, must(t1), must(t2), true);
    expect(office.core.isBlocked(p)).toBe(true);
    // Later messages of the phone are not accepted.
    const later = office.sms(t(THU, "09:00"), p, "DK Pham Thi D KS 27/11");
    expect(only(later, "rejected")).toEqual([
      { at: t(THU, "09:00"), type: "rejected", from: p, reason: "blocked" },
    ]);
    expect(only(later, "booked")).toEqual([]);
  });

  it("resets the count at a served appointment: 3 no-shows, 1 served, 3 no-shows is not blocked", () => {
    const { office, p, bookings } = eightBookings();
    const [w1, w2, t1, t2, f1, f2, m1, m2] = bookings.map((b) => must(b));
    noShowTwice(office, WED, must(w1), must(w2)); // 1, 2
    // Thursday: t1 is a no-show (3), t2 is served (count back to 0).
    office.tick(t(THU, "08:00"));
    office.skip(t(THU, "08:01"), "1");
    expect(office.tick(t(THU, "08:10"))).toEqual([
      ...noShow(t(THU, "08:10"), must(t1)),
      called(t(THU, "08:10"), must(t2).label, "1", "appointment"),
    ]);
    expect(office.next(t(THU, "08:15"), "1")).toEqual([
      served(t(THU, "08:15"), must(t2).label, "1", "appointment"),
    ]);
    noShowTwice(office, FRI, must(f1), must(f2)); // 1, 2
    // Monday 30/11: the 3rd no-show since the served one does not block…
    office.tick(t(MON2, "08:00"));
    office.skip(t(MON2, "08:01"), "1");
    expect(office.tick(t(MON2, "08:10"))).toEqual([
      ...noShow(t(MON2, "08:10"), must(m1)),
      called(t(MON2, "08:10"), must(m2).label, "1", "appointment"),
    ]);
    expect(office.core.isBlocked(p)).toBe(false);
    expect(
      only(
        office.log.flatMap((e) => e.events),
        "blocked",
      ),
    ).toEqual([]);
    // …the 4th does.
    office.skip(t(MON2, "08:11"), "1");
    expect(office.tick(t(MON2, "08:20"))).toEqual(noShowBlocking(t(MON2, "08:20"), must(m2)));
  });

  it("does not count walk-ins or served appointments as no-shows", () => {
    const { office, p, bookings } = eightBookings();
    // Every appointment of the phone is served (called by itself, then next).
    for (const [i, day] of [WED, THU, FRI, MON2].entries()) {
      office.tick(t(day, "08:00"));
      office.next(t(day, "08:05"), "1");
      office.tick(t(day, "08:10"));
      expect(office.next(t(day, "08:15"), "1")).toEqual([
        served(t(day, "08:15"), must(bookings[2 * i + 1]).label, "1", "appointment"),
      ]);
    }
    expect(office.core.isBlocked(p)).toBe(false);
    expect(
      only(
        office.log.flatMap((e) => e.events),
        "cancelled",
        "blocked",
      ),
    ).toEqual([]);
  });
});
