// PROTOCOL.md "Officer actions and ratings": unblock (with its officer; the officer-less line of
// older logs still works) and rating (the citizen being served, or the last one served this
// session, once per citizen).
import { describe, expect, it } from "vitest";
import { exampleOffice, MON, must, phone, served, t, WED } from "./calling-helpers.js";
import { Console, expectRefused, LAN, refusal } from "./officer-helpers.js";

/** An office where one no-show blocks the phone, and phone(1) blocked on Wednesday at 08:10. */
function blockedPhone() {
  const base = exampleOffice();
  const office = new Console({ config: { ...base, rules: { ...base.rules, maxNoShows: 0 } } });
  const [b] = office.bookMany(WED, 1); // phone(1), TP-001 at 08:00
  office.tick(t(WED, "08:00"));
  office.skip(t(WED, "08:01"), "1");
  expect(office.tick(t(WED, "08:10")).map((e) => e.type)).toEqual(["cancelled", "blocked", "sms_out"]);
  return { office, booking: must(b) };
}

describe("unblock", () => {
  it("lifts the block with its officer on the events, and the phone books again", () => {
    const { office } = blockedPhone();
    const at = t(WED, "09:00");
    expect(office.unblock(at, phone(1))).toEqual([
      { at, type: "unblocked", phone: phone(1), officer: LAN },
      {
        at,
        type: "sms_out",
        to: phone(1),
        text: expect.stringMatching(/mo khoa/) as unknown as string,
        officer: LAN,
      },
    ]);
    expect(office.book(t(WED, "09:01"), phone(1), "DK Nguyen Van B KS 26/11").label).toBe("TP-001");
  });

  it("still takes the officer-less line of older logs, and its events name no officer", () => {
    const { office } = blockedPhone();
    const events = office.unblock(t(WED, "09:00"), phone(1), null);
    expect(events.map((e) => [e.type, "officer" in e])).toEqual([
      ["unblocked", false],
      ["sms_out", false],
    ]);
  });

  it("refuses a phone not blocked (not_allowed), never seen (not_found) or not a number (invalid)", () => {
    const { office } = blockedPhone();
    const at = t(WED, "09:00");
    office.tick(at);
    expectRefused(office, () => office.unblock(at, phone(2)), refusal(at, "unblock", "not_found"));
    expectRefused(office, () => office.unblock(at, "Viettel"), refusal(at, "unblock", "invalid"));
    expectRefused(office, () => office.unblock(at, "", null), refusal(at, "unblock", "invalid", null));
    office.unblock(at, phone(1));
    expectRefused(office, () => office.unblock(at, phone(1)), refusal(at, "unblock", "not_allowed"));
    // The same phone written another way is the same phone.
    expectRefused(office, () => office.unblock(at, "+84910000001"), refusal(at, "unblock", "not_allowed"));
  });

  it("typed another way, unblocks the phone as it was blocked and texts it there", () => {
    const { office } = blockedPhone();
    const at = t(WED, "09:00");
    expect(phone(1)).toBe("0910000001");
    expect(
      office.unblock(at, "+84 910 000 001").map((e) => [e.type, "to" in e ? e.to : "phone" in e && e.phone]),
    ).toEqual([
      ["unblocked", "0910000001"],
      ["sms_out", "0910000001"],
    ]);
  });
});

describe("rating", () => {
  const rated = (at: string, label: string, value: string) => ({
    at,
    type: "rated",
    counter: "1",
    label,
    service: "TP",
    value,
  });

  it("rates the citizen being served, once; the next citizen rates for themselves", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.walkIn(t(MON, "07:32"), "TP");
    office.next(t(MON, "07:40"), "1"); // TP-001
    expect(office.rate(t(MON, "07:45"), "1", "satisfied")).toEqual([
      rated(t(MON, "07:45"), "TP-001", "satisfied"),
    ]);
    const again = t(MON, "07:46");
    expectRefused(
      office,
      () => office.rate(again, "1", "unsatisfied"),
      refusal(again, "rating", "not_allowed", null),
    );
    office.next(t(MON, "07:50"), "1"); // TP-002
    expect(office.rate(t(MON, "07:55"), "1", "very_satisfied")).toEqual([
      rated(t(MON, "07:55"), "TP-002", "very_satisfied"),
    ]);
    office.next(t(MON, "08:00"), "1"); // TP-002 served; idle: the last one served has rated already
    const idle = t(MON, "08:01");
    expectRefused(
      office,
      () => office.rate(idle, "1", "satisfied"),
      refusal(idle, "rating", "not_allowed", null),
    );
  });

  it("when the counter is idle, rates the last citizen it served: after next, skip or pause", () => {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33"]) office.walkIn(t(MON, clock), "TP");
    office.next(t(MON, "07:40"), "1"); // TP-001
    office.next(t(MON, "07:50"), "1"); // TP-001 served, TP-002 called
    office.skip(t(MON, "07:51"), "1"); // TP-002 was not there: TP-001 is still the last served
    expect(office.rate(t(MON, "07:52"), "1", "unsatisfied")).toEqual([
      rated(t(MON, "07:52"), "TP-001", "unsatisfied"),
    ]);
    office.next(t(MON, "07:53"), "1"); // TP-003
    office.pause(t(MON, "08:00"), "1"); // finishes TP-003
    expect(office.rate(t(MON, "08:01"), "1", "satisfied")).toEqual([
      rated(t(MON, "08:01"), "TP-003", "satisfied"),
    ]);
  });

  it("over the lunch break rates the morning's last citizen; the afternoon session starts afresh", () => {
    const office = new Console();
    office.walkIn(t(MON, "10:40"), "TP");
    office.walkIn(t(MON, "10:41"), "TP");
    office.next(t(MON, "10:45"), "1"); // TP-001
    office.next(t(MON, "10:55"), "1"); // TP-001 served, TP-002 called; served at 11:00 by the session's end
    expect(office.rate(t(MON, "11:30"), "1", "satisfied")).toEqual([
      served(t(MON, "11:00"), "TP-002", "1", "walkin"),
      rated(t(MON, "11:30"), "TP-002", "satisfied"),
    ]);

    const other = new Console();
    other.walkIn(t(MON, "10:40"), "TP");
    other.next(t(MON, "10:45"), "1");
    other.next(t(MON, "10:55"), "1"); // TP-001 served
    const afternoon = t(MON, "13:35");
    other.tick(afternoon);
    expectRefused(
      other,
      () => other.rate(afternoon, "1", "satisfied"),
      refusal(afternoon, "rating", "not_allowed", null),
    );
  });

  it("refuses a value it does not know (invalid), an unknown counter (not_found), nobody to rate (not_allowed)", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.next(t(MON, "07:40"), "1");
    const at = t(MON, "07:41");
    expectRefused(office, () => office.rate(at, "1", "meh"), refusal(at, "rating", "invalid", null));
    expectRefused(office, () => office.rate(at, "1", "Satisfied"), refusal(at, "rating", "invalid", null));
    expectRefused(office, () => office.rate(at, "9", "satisfied"), refusal(at, "rating", "not_found", null));
    expectRefused(
      office,
      () => office.rate(at, "2", "satisfied"),
      refusal(at, "rating", "not_allowed", null),
    );
    // The refused ones did not use up TP-001's rating.
    expect(office.rate(t(MON, "07:42"), "1", "satisfied").map((e) => e.type)).toEqual(["rated"]);
  });

  it("carries an officer when one recorded the rating for the citizen", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.next(t(MON, "07:40"), "1");
    const at = t(MON, "07:45");
    expect(office.send({ at, type: "rating", counter: "1", value: "satisfied", officer: LAN })).toEqual([
      { ...rated(at, "TP-001", "satisfied"), officer: LAN },
    ]);
  });
});
