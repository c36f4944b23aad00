// RULES.md "No-shows and abuse" (blocked after more than 3 no-shows since the last served
// appointment, one reply, officer unblocks), "Replies and events" (blocked: one reply a day,
// then silence); docs/rules.md "Blocking" (the unblock input).
import { describe, expect, it } from "vitest";
import { ASCII, at, expectRejected, MON, ofType, P, phone, replyOf, Sim } from "./sms-helpers.js";

const NINE = at(MON, "09:00");
// Working days after Monday 23/11 (24/11 is a holiday).
const DAYS = ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"];

/** P books KS at 08:00 on each day (booked on Monday, one a day). */
function bookDays(sim: Sim, days: readonly string[]) {
  return days.map((d) => {
    const b = sim.book(NINE, P, `DK Nguyen Van A KS ${d.slice(8, 10)}/${d.slice(5, 7)}`);
    expect(b.time).toBe(at(d, "08:00"));
    return b;
  });
}

/** The appointment of that day is called by itself at 08:00, skipped, and lapses at 08:10. */
function noShow(sim: Sim, day: string, code: string) {
  expect(ofType(sim.tick(at(day, "08:00")), "called")).toHaveLength(1);
  expect(ofType(sim.press(at(day, "08:01"), "1", "skip"), "skipped")).toHaveLength(1);
  const events = sim.tick(at(day, "08:10"));
  expect(ofType(events, "cancelled")).toEqual([
    { at: at(day, "08:10"), type: "cancelled", code, reason: "no_show" },
  ]);
  return events;
}

/** Not blocked: HD is answered and not rejected. */
function expectAnswered(sim: Sim, when: string, from = P) {
  const events = sim.sms(when, from, "HD");
  expect(ofType(events, "rejected")).toEqual([]);
  replyOf(events);
}

describe("a phone with more than 3 no-shows is blocked", () => {
  function blockedSim() {
    const sim = new Sim();
    const booked = bookDays(sim, DAYS.slice(0, 4));
    for (let i = 0; i < 3; i++) {
      const events = noShow(sim, DAYS[i] as string, booked[i]?.code as string);
      expect(ofType(events, "blocked")).toEqual([]);
      expectAnswered(sim, at(DAYS[i] as string, "09:00"));
    }
    const fourth = noShow(sim, "2026-11-30", booked[3]?.code as string);
    expect(ofType(fourth, "blocked")).toEqual([{ at: at("2026-11-30", "08:10"), type: "blocked", phone: P }]);
    return sim;
  }

  it("the 4th no-show blocks; then one reply a day saying so and how to be unblocked, then silence", () => {
    const sim = blockedSim();
    const day = "2026-12-01";
    const first = sim.sms(at(day, "09:00"), P, "DK Nguyen Van A KS 03/12");
    const replies = expectRejected(first, "blocked");
    expect(replies).toHaveLength(1);
    const text = replies[0]?.text ?? "";
    expect(text).toMatch(/khoa/i);
    expect(text).toMatch(/Mot cua|mo khoa/i);
    expect(text).toMatch(ASCII);
    // Later messages that day, in any form of the number and any command: rejected, no reply.
    expect(expectRejected(sim.sms(at(day, "09:01"), P, "HD"), "blocked")).toEqual([]);
    expect(expectRejected(sim.sms(at(day, "09:02"), "+84912345678", "TT TP-001"), "blocked")).toEqual([]);
    expect(expectRejected(sim.sms(at(day, "15:00"), "84912345678", "DK A KS 03/12"), "blocked")).toEqual([]);
    // The next day: one reply again.
    expect(expectRejected(sim.sms(at("2026-12-02", "09:00"), P, "HD"), "blocked")).toHaveLength(1);
    expect(expectRejected(sim.sms(at("2026-12-02", "09:01"), P, "HD"), "blocked")).toEqual([]);
    // Other phones are not affected.
    expectAnswered(sim, at("2026-12-02", "09:02"), phone(1));
  });

  it("an officer's unblock lifts it", () => {
    const sim = blockedSim();
    const events = sim.unblock(at("2026-12-01", "09:00"), P);
    expect(ofType(events, "unblocked")).toEqual([
      { at: at("2026-12-01", "09:00"), type: "unblocked", phone: P },
    ]);
    expect(replyOf(events).to).toBe(P);
    const b = sim.book(at("2026-12-01", "09:01"), P, "DK Nguyen Van A KS 03/12");
    expect(b.time).toBe(at("2026-12-03", "08:00"));
    // The no-show count starts again from zero (docs/rules.md): one more no-show does not block.
    expect(ofType(noShow(sim, "2026-12-03", b.code), "blocked")).toEqual([]);
    expectAnswered(sim, at("2026-12-03", "09:00"));
  });

  it("a served appointment starts the count again", () => {
    const sim = new Sim();
    const booked = bookDays(sim, DAYS);
    for (let i = 0; i < 3; i++) noShow(sim, DAYS[i] as string, booked[i]?.code as string);
    // 30/11: called at 08:00 by itself, served when the officer presses next.
    expect(ofType(sim.tick(at("2026-11-30", "08:00")), "called")).toHaveLength(1);
    expect(ofType(sim.press(at("2026-11-30", "08:05"), "1", "next"), "served")).toHaveLength(1);
    const events = noShow(sim, "2026-12-01", booked[4]?.code as string);
    expect(ofType(events, "blocked")).toEqual([]);
    expectAnswered(sim, at("2026-12-01", "09:00"));
  });

  it("cancellations are not no-shows", () => {
    const sim = new Sim();
    const booked = bookDays(sim, DAYS);
    for (const b of booked) {
      expect(ofType(sim.sms(at(MON, "09:30"), P, `HUY ${b.code}`), "cancelled")).toHaveLength(1);
    }
    for (const d of DAYS) sim.tick(at(d, "08:30"));
    expect(sim.book(at("2026-12-01", "09:00"), P, "DK Nguyen Van A KS 03/12").time).toBe(
      at("2026-12-03", "08:00"),
    );
  });
});
