import type { EventOf } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { HOLIDAY, issued, MON, must, Office, only, refused, SAT, t, WED } from "./calling-helpers.js";

/** RULES.md "Precise points": walk-in tickets (kiosk presses). */
describe("walk-in tickets: closed", () => {
  it("issues tickets inside the sessions only (half-open), never on weekends or holidays", () => {
    const office = new Office();
    const attempt = (at: string) => {
      const events = office.ticket(at, "TP");
      expect(events).toHaveLength(1);
      return must(events[0]).type === "ticket_issued" ? "issued" : events;
    };
    const closed = (at: string) => [refused(at, "TP", "closed")];
    const sunday = "2026-11-22T09:00:00+07:00";
    expect(attempt(sunday)).toEqual(closed(sunday));
    expect(attempt(t(MON, "07:29:59"))).toEqual(closed(t(MON, "07:29:59")));
    expect(attempt(t(MON, "07:30:00"))).toBe("issued");
    expect(attempt(t(MON, "10:59:59"))).toBe("issued");
    expect(attempt(t(MON, "11:00:00"))).toEqual(closed(t(MON, "11:00:00")));
    expect(attempt(t(MON, "12:15"))).toEqual(closed(t(MON, "12:15")));
    expect(attempt(t(MON, "13:30"))).toBe("issued");
    expect(attempt(t(MON, "16:59:59"))).toBe("issued");
    expect(attempt(t(MON, "17:00"))).toEqual(closed(t(MON, "17:00")));
    expect(attempt(t(HOLIDAY, "09:00"))).toEqual(closed(t(HOLIDAY, "09:00")));
    expect(attempt(t(WED, "09:00"))).toBe("issued");
    expect(attempt(t(SAT, "09:00"))).toEqual(closed(t(SAT, "09:00")));
  });

  it("refuses an unknown service", () => {
    const office = new Office();
    expect(office.ticket(t(MON, "08:00"), "ZZ")).toEqual([refused(t(MON, "08:00"), "ZZ", "unknown_service")]);
    expect(office.ticket(t(MON, "08:01"), "ZZ", true)).toEqual([
      refused(t(MON, "08:01"), "ZZ", "unknown_service"),
    ]);
    // Nothing was issued: the first real ticket is number 1.
    expect(office.walkIn(t(MON, "08:02"), "TP")).toBe("TP-001");
  });
});

describe("walk-in tickets: full", () => {
  it("is full when walk-ins and appointments of the session reach capacity (TP 21 a session)", () => {
    const office = new Office();
    const bookings = office.bookMany(WED, 10);
    const labels = Array.from({ length: 11 }, (_, i) => office.walkIn(t(WED, "07:40"), "TP", i % 3 === 0));
    expect(labels).toEqual(Array.from({ length: 11 }, (_, i) => `TP-0${11 + i}`));
    expect(office.ticket(t(WED, "07:41"), "TP")).toEqual([refused(t(WED, "07:41"), "TP", "full")]);
    expect(office.ticket(t(WED, "07:41"), "TP", true)).toEqual([refused(t(WED, "07:41"), "TP", "full")]);
    // Serving walk-ins does not make room: they were issued in this session.
    office.next(t(WED, "07:42"), "1");
    office.next(t(WED, "07:43"), "1");
    expect(office.ticket(t(WED, "07:44"), "TP")).toEqual([refused(t(WED, "07:44"), "TP", "full")]);
    // A cancelled appointment gives its place back; its number is not reused.
    const first = must(bookings[0]);
    office.sms(t(WED, "07:45"), first.phone, `HUY ${first.code}`);
    expect(office.walkIn(t(WED, "07:46"), "TP")).toBe("TP-022");
    expect(office.ticket(t(WED, "07:47"), "TP")).toEqual([refused(t(WED, "07:47"), "TP", "full")]);
    // Other services are not affected, and the afternoon is a new session.
    expect(office.walkIn(t(WED, "07:48"), "DD")).toBe("DD-001");
    expect(office.walkIn(t(WED, "13:30"), "TP")).toBe("TP-023");
  });

  it("counts DD's capacity as 14 (210 min / 15 min)", () => {
    const office = new Office();
    for (let i = 0; i < 14; i++) office.walkIn(t(MON, "07:35"), "DD");
    expect(office.ticket(t(MON, "07:36"), "DD")).toEqual([refused(t(MON, "07:36"), "DD", "full")]);
  });

  it("counts XH and VH separately on their shared counter (21 each)", () => {
    const office = new Office();
    for (let i = 0; i < 21; i++) office.walkIn(t(MON, "07:35"), "XH");
    expect(office.ticket(t(MON, "07:36"), "XH")).toEqual([refused(t(MON, "07:36"), "XH", "full")]);
    expect(office.walkIn(t(MON, "07:36"), "VH")).toBe("VH-001");
  });
});

describe("walk-in tickets: numbers, priority and the estimated time", () => {
  it("numbers priority and ordinary tickets in one sequence, shared with appointments", () => {
    const office = new Office();
    office.bookMany(WED, 2);
    expect(office.walkIn(t(WED, "07:35"), "TP", true)).toBe("TP-003");
    expect(office.walkIn(t(WED, "07:36"), "TP", false)).toBe("TP-004");
    expect(office.walkIn(t(WED, "07:37"), "TP")).toBe("TP-005");
  });

  it("gives an estimated time, whole minutes, never before the ticket", () => {
    const office = new Office();
    office.bookMany(WED, 10);
    const first = office.ticket(t(WED, "07:45:30"), "TP");
    // Nobody ahead and the counter idle: served at once, rounded up to the minute.
    expect(first).toEqual([issued(t(WED, "07:45:30"), "TP-011", t(WED, "07:46"))]);
    let previous = Date.parse(t(WED, "07:46"));
    for (let i = 0; i < 10; i++) {
      const at = t(WED, `10:${String(10 + i * 4)}:15`);
      const [ticket] = only(office.ticket(at, "TP"), "ticket_issued") as [EventOf<"ticket_issued">];
      expect(ticket.estimatedAt).toMatch(/^2026-11-25T\d\d:\d\d:00\+07:00$/);
      const estimate = Date.parse(ticket.estimatedAt);
      expect(estimate).toBeGreaterThanOrEqual(Date.parse(at));
      // Each later ticket waits behind the earlier ones.
      expect(estimate).toBeGreaterThanOrEqual(previous);
      previous = estimate;
    }
  });
});
