// RULES.md "Office model" (numbers), "No-shows and abuse" (per phone, flood), "Precise points"
// (Per phone 2 active bookings, Full: the limit applies to the day the booking lands on);
// docs/rules.md "SMS" (flood window, senders keyed in +84 form).
import { describe, expect, it } from "vitest";
import {
  ASCII,
  at,
  expectRejected,
  expectRejectedWithReply,
  MON,
  ofType,
  P,
  phone,
  replyOf,
  Sim,
  THU,
  WED,
} from "./sms-helpers.js";

const NINE = at(MON, "09:00");

describe("numbers", () => {
  it("one sequence per service per day, shared by walk-ins and bookings, in issue order", () => {
    const sim = new Sim();
    expect(ofType(sim.ticket(NINE, "TP"), "ticket_issued")[0]?.label).toBe("TP-001");
    expect(sim.book(at(MON, "09:01"), phone(1), "DK Nguyen Van A KS nay")).toMatchObject({
      number: 2,
      label: "TP-002",
    });
    expect(ofType(sim.ticket(at(MON, "09:02"), "TP"), "ticket_issued")[0]?.label).toBe("TP-003");
    // A booking in the afternoon still takes the next number when it is booked.
    expect(sim.book(at(MON, "10:30"), phone(2), "DK Nguyen Van B KS nay")).toMatchObject({
      number: 4,
      label: "TP-004",
      time: at(MON, "14:00"),
    });
    // Another service has its own sequence; another day too.
    expect(sim.book(at(MON, "10:31"), phone(3), "DK Nguyen Van C XD nay").label).toBe("DD-001");
    expect(ofType(sim.ticket(at(MON, "10:32"), "DD"), "ticket_issued")[0]?.label).toBe("DD-002");
    expect(sim.book(at(MON, "10:33"), phone(4), "DK Nguyen Van D KS 25/11").label).toBe("TP-001");
    expect(sim.book(at(MON, "10:34"), phone(5), "DK Nguyen Van E KS nay").label).toBe("TP-005");
  });

  it("a number is owned by the day the booking lands on", () => {
    const sim = new Sim();
    sim.fill(NINE, 3, "DK Nguyen Van A KS 25/11");
    // Asked for the holiday, landed on 25/11: the next number of 25/11.
    expect(sim.book(NINE, P, "DK Nguyen Van B KS 24/11")).toMatchObject({
      label: "TP-004",
      time: at(WED, "08:30"),
    });
  });

  it("a cancelled number is never reused; the freed slot is booked again under a new number", () => {
    const sim = new Sim();
    const first = sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    expect(first).toMatchObject({ number: 1, label: "TP-001", time: at(WED, "08:00") });
    expect(ofType(sim.sms(at(MON, "09:01"), P, `HUY ${first.code}`), "cancelled")).toHaveLength(1);
    const again = sim.book(at(MON, "09:02"), P, "DK Nguyen Van A KS 25/11");
    expect(again).toMatchObject({ number: 2, label: "TP-002", time: at(WED, "08:00") });
    expect(again.code).not.toBe(first.code);
  });

  it("labels are the service code and three digits", () => {
    const sim = new Sim();
    const booked = sim.fill(NINE, 12, "DK Nguyen Van A KS 25/11");
    expect(booked[0]?.label).toBe("TP-001");
    expect(booked[9]?.label).toBe("TP-010");
    expect(booked[11]).toMatchObject({ number: 12, label: "TP-012" });
  });
});

describe("per phone: 2 active bookings per appointment day", () => {
  it("a third booking for the same day is limit, with a reply; another day is fine", () => {
    const sim = new Sim();
    sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    sim.book(NINE, P, "DK Nguyen Van B XD 25/11");
    const text = expectRejectedWithReply(sim.sms(NINE, P, "DK Nguyen Van C TC 25/11"), "limit");
    expect(text).toContain("25/11");
    expect(text).toMatch(ASCII);
    expect(sim.book(NINE, P, "DK Nguyen Van C TC 26/11").time).toBe(at(THU, "08:00"));
  });

  it("the limit applies to the day the booking lands on", () => {
    const sim = new Sim();
    // Both asked for the holiday 24/11, both landed on 25/11.
    expect(sim.book(NINE, P, "DK Nguyen Van A KS 24/11").time).toBe(at(WED, "08:00"));
    expect(sim.book(NINE, P, "DK Nguyen Van A KS mai").time).toBe(at(WED, "08:10"));
    expectRejected(sim.sms(NINE, P, "DK Nguyen Van A KS 25/11"), "limit");
    expectRejected(sim.sms(NINE, P, "DK Nguyen Van A XD 24/11"), "limit");
  });

  it("a booking that lands on another day because its day is full is not limited by the asked day", () => {
    const sim = new Sim();
    sim.book(NINE, P, "DK Nguyen Van A XD 26/11");
    sim.book(NINE, P, "DK Nguyen Van A KS 26/11");
    sim.fill(NINE, 19, "DK Nguyen Van B KT 26/11"); // with P's KS, TP of 26/11 is now full (20)
    const b = sim.book(NINE, P, "DK Nguyen Van A KS 26/11");
    expect(b.time).toBe(at("2026-11-27", "08:00"));
  });

  it("a cancelled booking frees its place", () => {
    const sim = new Sim();
    const one = sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    expectRejected(sim.sms(NINE, P, "DK Nguyen Van A KS 25/11"), "limit");
    sim.sms(at(MON, "09:01"), P, `HUY ${one.code}`);
    expect(sim.book(at(MON, "09:02"), P, "DK Nguyen Van A KS 25/11").label).toBe("TP-003");
  });

  it("a served booking is no longer active", () => {
    const sim = new Sim();
    const first = sim.book(at(MON, "07:30"), P, "DK Nguyen Van A KS nay");
    expect(first.time).toBe(at(MON, "08:30"));
    sim.book(at(MON, "07:30"), P, "DK Nguyen Van A KS nay");
    expectRejected(sim.sms(at(MON, "07:31"), P, "DK Nguyen Van A KS nay"), "limit");
    // 08:30: counter 1 is idle and calls the appointment by itself; next finishes it.
    expect(ofType(sim.tick(at(MON, "08:30")), "called")[0]).toMatchObject({ label: first.label });
    expect(ofType(sim.press(at(MON, "08:35"), "1", "next"), "served")[0]).toMatchObject({
      label: first.label,
    });
    expect(sim.book(at(MON, "08:36"), P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "09:40"));
  });

  it("0912…, +84912… and 84912… are one phone", () => {
    const sim = new Sim();
    sim.book(NINE, "0912345678", "DK Nguyen Van A KS 25/11");
    sim.book(NINE, "+84912345678", "DK Nguyen Van A KS 25/11");
    const events = sim.sms(NINE, "84912345678", "DK Nguyen Van A KS 25/11");
    expectRejected(events, "limit");
    expect(ofType(events, "rejected")[0]?.from).toBe("84912345678");
    expect(replyOf(events).to).toBe("84912345678");
    // Another phone is not affected.
    expect(sim.book(NINE, "0912345679", "DK Nguyen Van A KS 25/11").label).toBe("TP-003");
  });

  it("full is checked before limit", () => {
    const sim = new Sim();
    sim.book(NINE, P, "DK Nguyen Van A XD 07/12");
    sim.book(NINE, P, "DK Nguyen Van A XD 07/12");
    sim.fill(NINE, 12, "DK Nguyen Van B XD 07/12");
    expectRejected(sim.sms(NINE, P, "DK Nguyen Van A XD 07/12"), "full");
  });
});

describe("flood: more than 10 messages in 10 minutes", () => {
  function flood(sim: Sim, from: string, start: number, n: number) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const s = start + i;
      const clock = `09:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
      out.push(sim.sms(at(MON, clock), from, "HD"));
    }
    return out;
  }

  it("the 11th message within 10 minutes is rate_limited with no reply; later ones too", () => {
    const sim = new Sim();
    const answered = flood(sim, P, 0, 10);
    for (const events of answered) replyOf(events);
    for (const clock of ["09:05:00", "09:09:59"]) {
      const events = sim.sms(at(MON, clock), P, "DK Nguyen Van A KS 25/11");
      expect(expectRejected(events, "rate_limited")).toEqual([]);
      expect(events).toHaveLength(1);
    }
    // Other phones are not affected.
    replyOf(sim.sms(at(MON, "09:09:59"), phone(1), "HD"));
  });

  it("after the window has passed the phone is answered again", () => {
    const sim = new Sim();
    flood(sim, P, 0, 10); // 09:00:00 … 09:00:09
    expectRejected(sim.sms(at(MON, "09:05"), P, "HD"), "rate_limited");
    // 10 minutes after the first messages they leave the window one by one.
    expect(sim.book(at(MON, "09:10:30"), P, "DK Nguyen Van A KS 25/11").label).toBe("TP-001");
    expect(sim.book(at(MON, "09:20:30"), P, "DK Nguyen Van A KS 26/11").label).toBe("TP-001");
  });

  it("10 messages in 10 minutes are all handled", () => {
    const sim = new Sim();
    for (let i = 0; i < 10; i++) {
      const events = sim.sms(at(MON, `09:0${i}`), P, i < 2 ? "DK Nguyen Van A KS 25/11" : "HD");
      expect(ofType(events, "rejected")).toEqual([]);
    }
    // 09:10:00: the 09:00 message is 10 minutes old (window edge, docs/rules.md); at 09:10:30 surely out.
    expect(ofType(sim.sms(at(MON, "09:10:30"), P, "HD"), "sms_out")).toHaveLength(1);
  });

  it("the forms of one number count together", () => {
    const sim = new Sim();
    flood(sim, "0912345678", 0, 5);
    flood(sim, "+84912345678", 5, 5);
    expect(expectRejected(sim.sms(at(MON, "09:01"), "84912345678", "HD"), "rate_limited")).toEqual([]);
  });
});
