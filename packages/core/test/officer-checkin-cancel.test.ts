// PROTOCOL.md "Officer actions and ratings": checkin (presence only, the board marks it) and
// officer_cancel (cancelled with reason officer, and an SMS to the citizen).
import { board as boardSchema, type EventOf } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { called, MON, must, onBoard, THU, t, WED } from "./calling-helpers.js";
import { Console, expectRefused, LAN, refusal } from "./officer-helpers.js";

const ASCII = /^[\x20-\x7E]*$/;

describe("checkin", () => {
  it("marks the appointment arrived on the board, and changes nothing of the calling order", () => {
    const office = new Console();
    const [first, second] = office.bookings(WED, 2); // TP-001 08:00, TP-002 08:10
    office.walkIn(t(WED, "07:40"), "TP"); // TP-003
    expect(office.checkin(t(WED, "07:45"), ` ${second.code.toLowerCase()}`)).toEqual([
      {
        at: t(WED, "07:45"),
        type: "checked_in",
        code: second.code,
        number: 2,
        label: "TP-002",
        officer: LAN,
      },
    ]);
    const board = office.core.board();
    expect(board.appointments).toEqual([
      onBoard(first, "booked"),
      { ...onBoard(second, "booked"), arrived: true },
    ]);
    expect(boardSchema.parse(board)).toEqual(board);
    // Not due yet: next calls the walk-in, not the appointment that is here.
    expect(office.nextLabel(t(WED, "07:50"), "1")).toBe("TP-003");
    expect(office.next(t(WED, "08:05"), "1").at(-1)).toEqual(
      called(t(WED, "08:05"), "TP-001", "1", "appointment"),
    );
    expect(office.nextLabel(t(WED, "08:11"), "1")).toBe("TP-002");
    // Still marked once served.
    expect(office.core.board().appointments[1]).toEqual({ ...onBoard(second, "called"), arrived: true });
  });

  it("a citizen in their grace period can be checked in, and is called again at the next press", () => {
    const office = new Console();
    const [b] = office.bookings(WED, 1);
    office.tick(t(WED, "08:00")); // called by itself
    office.skip(t(WED, "08:01"), "1");
    expect(office.checkin(t(WED, "08:04"), b.code).map((e) => e.type)).toEqual(["checked_in"]);
    expect(office.next(t(WED, "08:05"), "1")).toEqual([
      called(t(WED, "08:05"), "TP-001", "1", "appointment", true),
    ]);
  });
});

describe("checkin refused", () => {
  it("a malformed code is invalid, an unknown one not_found", () => {
    const office = new Console();
    office.bookMany(WED, 1);
    const at = t(WED, "07:40");
    office.tick(at);
    expectRefused(office, () => office.checkin(at, "TP-001"), refusal(at, "checkin", "invalid"));
    expectRefused(office, () => office.checkin(at, "ABCD0O"), refusal(at, "checkin", "invalid"));
    expectRefused(office, () => office.checkin(at, "ZZZZZZ"), refusal(at, "checkin", "not_found"));
  });

  it("twice, for another day, or for an appointment cancelled or served, is not_allowed", () => {
    const office = new Console();
    const [a, b, c] = office.bookings(WED, 3);
    const [later] = office.bookMany(THU, 1, { first: 9, from: t(MON, "10:00") });
    office.sms(t(WED, "07:00"), b.phone, `HUY ${b.code}`);
    office.checkin(t(WED, "07:30"), c.code);
    office.tick(t(WED, "08:00")); // TP-001 called
    const at = t(WED, "08:01");
    office.next(at, "1"); // TP-001 served
    for (const code of [c.code, must(later).code, b.code, a.code])
      expectRefused(office, () => office.checkin(at, code), refusal(at, "checkin", "not_allowed"));
  });
});

describe("officer_cancel", () => {
  it("cancels with reason officer, tells the citizen by SMS, and the slot is free again", () => {
    const office = new Console();
    const [b] = office.bookings(WED, 1); // TP-001, 08:00 on 25/11
    const events = office.cancel(t(MON, "10:00"), b.code);
    expect(events).toEqual([
      { at: t(MON, "10:00"), type: "cancelled", code: b.code, reason: "officer", officer: LAN },
      {
        at: t(MON, "10:00"),
        type: "sms_out",
        to: b.phone,
        text: `Bo phan Mot cua da huy lich hen ${b.code}: Dang ky khai sinh, so TP-001, 08:00 ngay 25/11/2026. Xin lien he Bo phan Mot cua.`,
        officer: LAN,
      },
    ]);
    const sms = events[1] as EventOf<"sms_out">;
    expect(sms.text).toMatch(ASCII);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    // Not called at its time; the number stays cancelled; the slot goes to the next booking.
    expect(office.book(t(MON, "10:01"), "0912000002", "DK Tran Thi B KS 25/11")).toMatchObject({
      label: "TP-002",
      time: t(WED, "08:00"),
    });
    expect(office.tick(t(WED, "07:59"))).toEqual([]);
    expect(office.core.board().appointments.map((a) => [a.label, a.status])).toEqual([
      ["TP-001", "cancelled"],
      ["TP-002", "booked"],
    ]);
    // The citizen's own HUY now finds nothing.
    expect(office.sms(t(WED, "07:59:30"), b.phone, `HUY ${b.code}`)[0]).toMatchObject({
      type: "rejected",
      reason: "not_found",
    });
  });

  it("cancels one in its grace period; it is then no no-show", () => {
    const office = new Console();
    const [b] = office.bookings(WED, 1);
    office.tick(t(WED, "08:00"));
    office.skip(t(WED, "08:01"), "1");
    expect(office.cancel(t(WED, "08:02"), b.code).map((e) => e.type)).toEqual(["cancelled", "sms_out"]);
    expect(office.tick(t(WED, "08:30"))).toEqual([]);
  });
});

describe("officer_cancel refused", () => {
  it("a malformed code is invalid, an unknown one not_found", () => {
    const office = new Console();
    const at = t(MON, "08:00");
    office.tick(at);
    expectRefused(office, () => office.cancel(at, "12"), refusal(at, "officer_cancel", "invalid"));
    expectRefused(office, () => office.cancel(at, "ZZZZZZ"), refusal(at, "officer_cancel", "not_found"));
  });

  it("an appointment being served, served, cancelled or of a past day is not_allowed", () => {
    const office = new Console();
    const [a, b, c] = office.bookings(WED, 3); // 08:00, 08:10, 08:20
    office.cancel(t(WED, "07:30"), c.code);
    office.tick(t(WED, "08:00")); // TP-001 called
    office.next(t(WED, "08:10:30"), "1"); // TP-001 served, TP-002 called
    const at = t(WED, "08:11");
    for (const code of [b.code, a.code, c.code])
      expectRefused(office, () => office.cancel(at, code), refusal(at, "officer_cancel", "not_allowed"));

    const other = new Console();
    const [old] = other.bookings(WED, 1);
    const thursday = t(THU, "08:00"); // never called on Wednesday: still booked, but that day is past
    other.tick(thursday);
    expectRefused(
      other,
      () => other.cancel(thursday, old.code),
      refusal(thursday, "officer_cancel", "not_allowed"),
    );
  });
});
