// PROTOCOL.md "Officer actions and ratings": void, a walk-in number that will never be called
// (also what a kiosk sends for a ticket it failed to print); docs/rules.md "Officer actions".
import { describe, expect, it } from "vitest";
import { called, MON, must, served, t, WED } from "./calling-helpers.js";
import { Console, expectRefused, refusal } from "./officer-helpers.js";

const KIOSK = "kiosk-1";

describe("void", () => {
  it("takes a kiosk's unprinted ticket out of the queue, the waiting counts and the estimates", () => {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33"]) office.walkIn(t(MON, clock), "TP");
    expect(office.core.walkInEstimate("TP", 3)?.ahead).toBe(2);
    expect(office.void(t(MON, "07:34"), "TP-002", KIOSK)).toEqual([
      { at: t(MON, "07:34"), type: "voided", label: "TP-002", officer: KIOSK },
    ]);
    expect(office.core.board().waiting.TP).toBe(2);
    expect(office.core.board().counters[0]?.waiting).toBe(2);
    expect(office.core.walkInEstimate("TP", 2)).toBeUndefined();
    expect(office.core.walkInEstimate("TP", 3)?.ahead).toBe(1);
    // Never called: next goes from TP-001 to TP-003, then nobody.
    expect(office.nextLabel(t(MON, "07:40"), "1")).toBe("TP-001");
    expect(office.next(t(MON, "07:50"), "1")).toEqual([
      served(t(MON, "07:50"), "TP-001", "1", "walkin"),
      called(t(MON, "07:50"), "TP-003", "1", "walkin"),
    ]);
    expect(office.nextLabel(t(MON, "08:00"), "1")).toBeNull();
  });

  it("a second void of the same label is not_allowed, and the voided number cannot be called", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.void(t(MON, "07:32"), "TP-001", KIOSK);
    const at = t(MON, "07:33");
    expectRefused(office, () => office.void(at, "TP-001", KIOSK), refusal(at, "void", "not_allowed", KIOSK));
    expectRefused(office, () => office.call(at, "1", "TP-001"), refusal(at, "call", "not_allowed"));
  });

  it("TT of a voided number says it is cancelled", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.void(t(MON, "07:32"), "TP-001");
    expect(office.sms(t(MON, "07:33"), "0912000001", "TT TP-001")).toEqual([
      { at: t(MON, "07:33"), type: "sms_out", to: "0912000001", text: "So TP-001 da bi huy." },
    ]);
  });

  it("gives its place in the session's capacity back", () => {
    const office = new Console();
    // Tư pháp: 210 min / 10 min × 1 counter = 21 numbers in the morning, no appointments on Monday.
    for (let i = 0; i < 21; i++) office.walkIn(t(MON, `08:${String(i + 10)}`), "TP");
    expect(office.ticket(t(MON, "08:40"), "TP")).toEqual([
      { at: t(MON, "08:40"), type: "ticket_refused", service: "TP", reason: "full" },
    ]);
    office.void(t(MON, "08:41"), "TP-005", KIOSK);
    expect(office.walkIn(t(MON, "08:42"), "TP")).toBe("TP-022");
    expect(office.ticket(t(MON, "08:43"), "TP").map((e) => e.type)).toEqual(["ticket_refused"]);
  });
});

describe("void refused", () => {
  it("a malformed label is invalid; a number not issued today is not_found", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    const at = t(MON, "07:35");
    expectRefused(office, () => office.void(at, "TP-", KIOSK), refusal(at, "void", "invalid", KIOSK));
    expectRefused(office, () => office.void(at, "TP-002", KIOSK), refusal(at, "void", "not_found", KIOSK));
    expectRefused(office, () => office.void(at, "DD-001", KIOSK), refusal(at, "void", "not_found", KIOSK));
  });

  it("the number being served, or one skipped or served, is not_allowed", () => {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33"]) office.walkIn(t(MON, clock), "TP");
    office.next(t(MON, "07:40"), "1"); // TP-001
    office.skip(t(MON, "07:41"), "1");
    office.next(t(MON, "07:42"), "1"); // TP-002
    office.next(t(MON, "07:43"), "1"); // TP-002 served, TP-003 called
    const at = t(MON, "07:45");
    for (const label of ["TP-003", "TP-001", "TP-002"])
      expectRefused(office, () => office.void(at, label), refusal(at, "void", "not_allowed"));
    expect(office.counter("1").serving).toBe("TP-003");
  });

  it("an appointment's number is not_allowed: an appointment is cancelled, not voided", () => {
    const office = new Console();
    const [b] = office.bookMany(WED, 1);
    const at = t(WED, "07:40");
    office.tick(at);
    expectRefused(office, () => office.void(at, must(b).label), refusal(at, "void", "not_allowed"));
    expect(office.core.board().appointments.map((a) => a.status)).toEqual(["booked"]);
  });
});
