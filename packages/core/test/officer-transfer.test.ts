// PROTOCOL.md "Officer actions and ratings": transfer to another service; docs/rules.md
// "Officer actions" for the choices the contract leaves open.
import type { EventOf } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { called, MON, must, served, t, WED } from "./calling-helpers.js";
import { Console, expectRefused, LAN, refusal } from "./officer-helpers.js";

function transferred(at: string, label: string, newLabel: string, officer = LAN): EventOf<"transferred"> {
  const [service, number] = newLabel.split("-");
  return {
    at,
    type: "transferred",
    label,
    service: must(service),
    number: Number(number),
    newLabel,
    officer,
  };
}

describe("transfer", () => {
  it("finishes the citizen being served, leaves the counter idle and queues a new number first", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "DD"); // DD-001
    office.walkIn(t(MON, "07:32"), "DD", true); // DD-002, priority
    office.walkIn(t(MON, "07:33"), "TP"); // TP-001
    office.next(t(MON, "07:40"), "1");
    expect(office.transfer(t(MON, "07:45"), "TP-001", "DD")).toEqual([
      { ...served(t(MON, "07:45"), "TP-001", "1", "walkin"), officer: LAN },
      transferred(t(MON, "07:45"), "TP-001", "DD-003"),
    ]);
    expect(office.counter("1")).toEqual({ status: "open", serving: null });
    expect(office.core.board().waiting).toEqual({ TP: 0, DD: 3, XH: 0, VH: 0 });
    // Before every waiting walk-in of DD, the priority one included.
    const order = ["07:50", "08:05", "08:20", "08:35"].map((clock) => office.nextLabel(t(MON, clock), "2"));
    expect(order).toEqual(["DD-003", "DD-002", "DD-001", null]);
  });

  it("goes after due appointments, and several transfers keep the order they were made in", () => {
    const office = new Console();
    const [dd] = office.bookMany(WED, 1, { procedure: "HG" }); // DD-001 at 08:00, counter 2
    expect(must(dd).label).toBe("DD-001");
    office.walkIn(t(WED, "07:31"), "DD"); // DD-002
    office.walkIn(t(WED, "07:32"), "DD", true); // DD-003, priority
    office.walkIn(t(WED, "07:33"), "TP"); // TP-001
    office.walkIn(t(WED, "07:34"), "TP"); // TP-002
    expect(office.nextLabel(t(WED, "07:40"), "2")).toBe("DD-003");
    expect(office.nextLabel(t(WED, "07:41"), "1")).toBe("TP-001");
    // A waiting citizen, then the one being served.
    expect(office.transfer(t(WED, "07:50"), "TP-002", "DD")).toEqual([
      transferred(t(WED, "07:50"), "TP-002", "DD-004"),
    ]);
    expect(office.transfer(t(WED, "07:51"), "TP-001", "DD")).toEqual([
      { ...served(t(WED, "07:51"), "TP-001", "1", "walkin"), officer: LAN },
      transferred(t(WED, "07:51"), "TP-001", "DD-005"),
    ]);
    expect(office.core.board().waiting.TP).toBe(0);
    expect(office.tick(t(WED, "08:00"))).toEqual([]); // counter 2 busy: DD-001 waits for next
    const order = ["08:05", "08:10", "08:15", "08:20", "08:25"].map((c) => office.nextLabel(t(WED, c), "2"));
    expect(order).toEqual(["DD-001", "DD-004", "DD-005", "DD-002", null]);
    // TP-002 left the TP queue: counter 1 has nobody to call.
    expect(office.nextLabel(t(WED, "08:30"), "1")).toBeNull();
  });

  it("at a counter of two services, transfers go first in their order, whatever their numbers", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "XH"); // XH-001
    office.walkIn(t(MON, "07:32"), "VH", true); // VH-001, priority
    office.walkIn(t(MON, "07:33"), "TP"); // TP-001
    office.walkIn(t(MON, "07:34"), "TP"); // TP-002
    office.transfer(t(MON, "07:40"), "TP-001", "VH"); // VH-002
    office.transfer(t(MON, "07:41"), "TP-002", "XH"); // XH-002
    const order = ["07:45", "07:50", "07:55", "08:00"].map((c) => office.nextLabel(t(MON, c), "3"));
    expect(order).toEqual(["VH-002", "XH-002", "VH-001", "XH-001"]);
  });

  it("moves a citizen already served, once, and TT of the old number says where they went", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    office.next(t(MON, "07:40"), "1");
    office.next(t(MON, "07:50"), "1"); // TP-001 served; counter idle
    expect(office.transfer(t(MON, "07:55"), "TP-001", "dd")).toEqual([
      transferred(t(MON, "07:55"), "TP-001", "DD-001"),
    ]);
    const at = t(MON, "07:56");
    expectRefused(office, () => office.transfer(at, "TP-001", "XH"), refusal(at, "transfer", "not_allowed"));
    const reply = office.sms(t(MON, "07:57"), "0912000001", "TT TP-001");
    expect(reply).toEqual([
      {
        at: t(MON, "07:57"),
        type: "sms_out",
        to: "0912000001",
        text: "So TP-001 da duoc chuyen sang so DD-001. Hoi luot: TT DD-001.",
      },
    ]);
  });

  it("an appointment handed over before its call counts as kept: never called, never a no-show", () => {
    const office = new Console();
    const [first, second] = office.bookings(WED, 2); // TP-001 08:00, TP-002 08:10
    expect(office.transfer(t(WED, "07:50"), must(second).label, "DD")).toEqual([
      transferred(t(WED, "07:50"), "TP-002", "DD-001"),
    ]);
    expect(office.core.board().appointments.map((a) => [a.label, a.status])).toEqual([
      ["TP-001", "booked"],
      ["TP-002", "served"],
    ]);
    expect(office.tick(t(WED, "08:00"))).toEqual([called(t(WED, "08:00"), first.label, "1", "appointment")]);
    expect(office.next(t(WED, "08:05"), "1")).toEqual([
      served(t(WED, "08:05"), "TP-001", "1", "appointment"),
    ]);
    expect(office.tick(t(WED, "08:30"))).toEqual([]);
    expect(office.nextLabel(t(WED, "08:31"), "2")).toBe("DD-001");
  });
});

describe("transfer refused", () => {
  /** TP-002 skipped, TP-003 being served at counter 1, TP-004 waiting, TP-005 voided. */
  function morning() {
    const office = new Console();
    for (const clock of ["07:31", "07:32", "07:33", "07:34", "07:35"]) office.walkIn(t(MON, clock), "TP");
    office.next(t(MON, "07:40"), "1"); // TP-001
    office.next(t(MON, "07:41"), "1"); // TP-001 served, TP-002 called
    office.skip(t(MON, "07:42"), "1");
    office.next(t(MON, "07:43"), "1"); // TP-003
    office.void(t(MON, "07:44"), "TP-005");
    return office;
  }

  it("a malformed label or service is invalid", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    const at = t(MON, "07:35");
    expectRefused(office, () => office.transfer(at, "one", "DD"), refusal(at, "transfer", "invalid"));
    expectRefused(office, () => office.transfer(at, "TP-001", "đất đai"), refusal(at, "transfer", "invalid"));
    expectRefused(office, () => office.transfer(at, "TP-001", ""), refusal(at, "transfer", "invalid"));
  });

  it("an unknown number or service is not_found", () => {
    const office = new Console();
    office.walkIn(t(MON, "07:31"), "TP");
    const at = t(MON, "07:35");
    expectRefused(office, () => office.transfer(at, "TP-009", "DD"), refusal(at, "transfer", "not_found"));
    expectRefused(office, () => office.transfer(at, "TP-001", "QQ"), refusal(at, "transfer", "not_found"));
  });

  it("to its own service, or a number skipped, voided or cancelled, is not_allowed", () => {
    const office = morning();
    const at = t(MON, "07:50");
    expectRefused(office, () => office.transfer(at, "TP-004", "TP"), refusal(at, "transfer", "not_allowed"));
    expectRefused(office, () => office.transfer(at, "TP-002", "DD"), refusal(at, "transfer", "not_allowed"));
    expectRefused(office, () => office.transfer(at, "TP-005", "DD"), refusal(at, "transfer", "not_allowed"));

    const other = new Console();
    const [b] = other.bookings(WED, 1);
    other.cancel(t(WED, "07:30"), must(b).code);
    const now = t(WED, "07:31");
    expectRefused(other, () => other.transfer(now, "TP-001", "DD"), refusal(now, "transfer", "not_allowed"));
  });

  it("once the day's last session is over, not_allowed", () => {
    const office = new Console();
    office.walkIn(t(MON, "16:00"), "TP");
    office.next(t(MON, "16:10"), "1");
    const at = t(MON, "17:05"); // TP-001 was served at 17:00 by the end of the day
    office.tick(at);
    expectRefused(office, () => office.transfer(at, "TP-001", "DD"), refusal(at, "transfer", "not_allowed"));
  });
});
