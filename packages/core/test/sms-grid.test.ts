// RULES.md "Appointment grid", "Case 1", "Case 2", "Precise points" (Same-day earliest time,
// Full); docs/rules.md "Booking" (shared counter 3, several counters in configuration order).
import type { OfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import {
  ASCII,
  at,
  expectRejectedWithReply,
  HOLIDAY,
  MON,
  office,
  P,
  phone,
  replyOf,
  Sim,
  THU,
  WED,
} from "./sms-helpers.js";

const NINE = at(MON, "09:00");

/** Clock times `HH:MM` of a list of booked times. */
function clocks(times: readonly { time: string }[]): string[] {
  return times.map((b) => b.time.slice(11, 16));
}

/** `n` clock times from `from`, `step` minutes apart. */
function series(from: string, step: number, n: number): string[] {
  const [h, m] = from.split(":").map(Number);
  const start = (h ?? 0) * 60 + (m ?? 0);
  return Array.from({ length: n }, (_, i) => {
    const t = start + i * step;
    return `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
  });
}

function withServices(change: (code: string) => Partial<OfficeConfig["services"][number]>): OfficeConfig {
  return { ...office, services: office.services.map((s) => ({ ...s, ...change(s.code) })) };
}

describe("case 2: a later working day", () => {
  it("TP: first free slot from 08:00 stepping by 10 minutes; at most 10 in the morning (50 %), then 14:00", () => {
    const sim = new Sim();
    const booked = sim.fill(NINE, 20, "DK Nguyen Van A KS 25/11");
    expect(booked.every((b) => b.time.startsWith(WED) && b.counter === "1")).toBe(true);
    expect(clocks(booked)).toEqual([...series("08:00", 10, 10), ...series("14:00", 10, 10)]);
    expect(booked.map((b) => b.label)).toEqual(
      Array.from({ length: 20 }, (_, i) => `TP-${String(i + 1).padStart(3, "0")}`),
    );
    // The 21st: the day is full (10 + 10) → the next working day, Thursday, from 08:00.
    const events = sim.sms(NINE, phone(1), "DK Nguyen Van B KS 25/11");
    const next = events.find((e) => e.type === "booked");
    expect(next).toMatchObject({ time: at(THU, "08:00"), number: 1, label: "TP-001" });
    expect(replyOf(events).text).toContain("26/11/2026");
  });

  it("DD: stepping by 15 minutes, 7 per session (floor(210/15) × 1 × 50 %)", () => {
    const sim = new Sim();
    const booked = sim.fill(NINE, 14, "DK Nguyen Van A XD 25/11");
    expect(booked.every((b) => b.counter === "2" && b.service === "DD")).toBe(true);
    expect(clocks(booked)).toEqual([...series("08:00", 15, 7), ...series("14:00", 15, 7)]);
    expect(sim.book(NINE, phone(1), "DK Nguyen Van B HG 25/11").time).toBe(at(THU, "08:00"));
  });

  it("services have their own grids and caps: a full TP morning does not move DD", () => {
    const sim = new Sim();
    sim.fill(NINE, 10, "DK Nguyen Van A KS 25/11");
    expect(sim.book(NINE, phone(1), "DK Nguyen Van B XD 25/11").time).toBe(at(WED, "08:00"));
    expect(sim.book(NINE, phone(2), "DK Nguyen Van B TC 25/11").time).toBe(at(WED, "08:00"));
  });

  it("a slot fits only if it ends by the session end", () => {
    // 40-minute service, all capacity to appointments: capacity floor(210/40) = 5, but from 08:00
    // only 08:00, 08:40, 09:20, 10:00 end by 11:00 (10:40 would end at 11:20).
    const config: OfficeConfig = {
      ...withServices((code) => (code === "TP" ? { averageMinutes: 40 } : {})),
      rules: { ...office.rules, appointmentShare: 1 },
    };
    const sim = new Sim(config);
    const booked = sim.fill(NINE, 9, "DK Nguyen Van A KS 25/11");
    expect(clocks(booked)).toEqual([
      "08:00",
      "08:40",
      "09:20",
      "10:00",
      "14:00",
      "14:40",
      "15:20",
      "16:00",
      "08:00",
    ]);
    expect(booked[8]?.time).toBe(at(THU, "08:00"));
  });

  it("with the whole capacity given to appointments, the last TP slot of the morning is 10:50", () => {
    const sim = new Sim({ ...office, rules: { ...office.rules, appointmentShare: 1 } });
    const booked = sim.fill(NINE, 19, "DK Nguyen Van A KS 25/11");
    expect(clocks(booked).slice(16)).toEqual(["10:40", "10:50", "14:00"]);
  });

  it("a closed day (holiday 24/11) moves to the next working day and the reply says so", () => {
    const events = new Sim().sms(NINE, P, "DK Nguyen Van A KS 24/11");
    expect(events.find((e) => e.type === "booked")).toMatchObject({
      time: at(WED, "08:00"),
      label: "TP-001",
    });
    const text = replyOf(events).text;
    expect(text).toContain("25/11/2026");
    expect(text).toMatch(ASCII);
  });

  it("a full Friday moves to Monday, over the weekend", () => {
    const sim = new Sim();
    sim.fill(NINE, 14, "DK Nguyen Van A XD 04/12");
    const events = sim.sms(NINE, phone(1), "DK Nguyen Van B XD 04/12");
    expect(events.find((e) => e.type === "booked")).toMatchObject({
      time: "2026-12-07T08:00:00+07:00",
      label: "DD-001",
    });
    expect(replyOf(events).text).toContain("07/12/2026");
  });

  it("nothing free up to the last day of the window (today + 14) is full, with a reply", () => {
    const sim = new Sim();
    // 07/12 is the last day of the window: 14 DD slots, then full (08/12 is outside).
    sim.fill(NINE, 14, "DK Nguyen Van A XD 07/12");
    const text = expectRejectedWithReply(sim.sms(NINE, phone(1), "DK Nguyen Van B XD 07/12"), "full");
    expect(text).toContain("07/12");
    expect(text).toMatch(ASCII);
    // Another service still has room that day.
    expect(sim.book(NINE, phone(2), "DK Nguyen Van B KS 07/12").time).toBe("2026-12-07T08:00:00+07:00");
  });

  it("a cancelled appointment gives its slot back", () => {
    const sim = new Sim();
    const booked = sim.fill(NINE, 14, "DK Nguyen Van A XD 07/12");
    const second = booked[1];
    if (!second) throw new Error("no second booking");
    expect(sim.sms(NINE, second.phone, `HUY ${second.code}`).some((e) => e.type === "cancelled")).toBe(true);
    const again = sim.book(NINE, phone(1), "DK Nguyen Van B XD 07/12");
    expect(again).toMatchObject({ time: "2026-12-07T08:15:00+07:00", number: 15, label: "DD-015" });
  });
});

describe("a counter shared by two services (counter 3: XH and VH)", () => {
  const config: OfficeConfig = {
    ...office,
    procedures: [
      ...office.procedures,
      { code: "QC", name: "Cấp phép quảng cáo", service: "VH", aliases: [] },
    ],
  };

  it("an XH appointment at 08:00 makes VH's first slot 08:10", () => {
    const sim = new Sim(config);
    expect(sim.book(NINE, phone(1), "DK Nguyen Van A TC 25/11")).toMatchObject({
      time: at(WED, "08:00"),
      counter: "3",
      label: "XH-001",
    });
    expect(sim.book(NINE, phone(2), "DK Nguyen Van B QC 25/11")).toMatchObject({
      time: at(WED, "08:10"),
      counter: "3",
      label: "VH-001",
    });
    expect(sim.book(NINE, phone(3), "DK Nguyen Van C TC 25/11").time).toBe(at(WED, "08:20"));
  });
});

describe("case 1: booking for today", () => {
  it("earliest = now + 60 min; a slot exactly at the earliest time is taken", () => {
    const sim = new Sim();
    expect(sim.book(NINE, phone(1), "DK Nguyen Van A KS nay")).toMatchObject({
      time: at(MON, "10:00"),
      label: "TP-001",
    });
    expect(sim.book(NINE, phone(2), "DK Nguyen Van B KS nay").time).toBe(at(MON, "10:10"));
  });

  it("seconds in `at` round the earliest time up: 09:00:30 → 10:00:30 → 10:01 → slot 10:10", () => {
    expect(new Sim().book(at(MON, "09:00:30"), P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "10:10"));
  });

  it("waiting walk-ins of the service push the earliest time: 3 × 10 min ÷ 1 counter", () => {
    const sim = new Sim();
    for (let i = 0; i < 3; i++) sim.ticket(NINE, "TP");
    const b = sim.book(NINE, P, "DK Nguyen Van A KS nay");
    // 09:00 + 30 + 60 = 10:30; the number follows the three tickets.
    expect(b).toMatchObject({ time: at(MON, "10:30"), number: 4, label: "TP-004" });
  });

  it("walk-ins of another service do not count", () => {
    const sim = new Sim();
    for (let i = 0; i < 3; i++) sim.ticket(NINE, "DD");
    expect(sim.book(NINE, P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "10:00"));
  });

  it("a walk-in already called no longer waits", () => {
    const sim = new Sim();
    for (let i = 0; i < 3; i++) sim.ticket(NINE, "TP");
    expect(sim.press(NINE, "1", "next").some((e) => e.type === "called")).toBe(true);
    expect(sim.book(NINE, P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "10:20"));
  });

  it("DD: 3 walk-ins → 10:45 still fits the morning; 4 walk-ins → the afternoon", () => {
    const three = new Sim();
    for (let i = 0; i < 3; i++) three.ticket(NINE, "DD");
    expect(three.book(NINE, P, "DK Nguyen Van A XD nay").time).toBe(at(MON, "10:45"));
    const four = new Sim();
    for (let i = 0; i < 4; i++) four.ticket(NINE, "DD");
    // 09:00 + 60 + 60 = 11:00: no morning slot ends by 11:00 at or after it → 14:00 today.
    expect(four.book(NINE, P, "DK Nguyen Van A XD nay").time).toBe(at(MON, "14:00"));
  });

  it("open counters divide the wait; a paused counter does not count, but at least one does", () => {
    const config = withServices((code) => (code === "TP" ? { counters: ["1", "2"] } : {}));
    const both = new Sim(config);
    for (let i = 0; i < 3; i++) both.ticket(NINE, "TP");
    // 3 × 10 ÷ 2 = 15 → 10:15 → first grid time at or after it: 10:20, on counter 1 first.
    expect(both.book(NINE, P, "DK Nguyen Van A KS nay")).toMatchObject({
      time: at(MON, "10:20"),
      counter: "1",
    });
    // The same grid time is then tried on the next counter in configuration order.
    expect(both.book(NINE, phone(1), "DK Nguyen Van A KS nay")).toMatchObject({
      time: at(MON, "10:20"),
      counter: "2",
    });

    const onePaused = new Sim(config);
    for (let i = 0; i < 3; i++) onePaused.ticket(NINE, "TP");
    onePaused.press(NINE, "2", "pause");
    expect(onePaused.book(NINE, P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "10:30"));

    const allPaused = new Sim(config);
    for (let i = 0; i < 3; i++) allPaused.ticket(NINE, "TP");
    allPaused.press(NINE, "1", "pause");
    allPaused.press(NINE, "2", "pause");
    expect(allPaused.book(NINE, P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "10:30"));
  });

  it("late in the morning: the first slot of the afternoon", () => {
    expect(new Sim().book(at(MON, "10:30"), P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "14:00"));
  });

  it("in the afternoon: the first slot at or after the earliest time", () => {
    expect(new Sim().book(at(MON, "13:30"), P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "14:30"));
  });

  it("nothing left today → case 2 from the next working day (over the holiday), the reply says the date", () => {
    const events = new Sim().sms(at(MON, "16:00"), P, "DK Nguyen Van A KS nay");
    expect(events.find((e) => e.type === "booked")).toMatchObject({
      time: at(WED, "08:00"),
      label: "TP-001",
    });
    expect(replyOf(events).text).toContain("25/11/2026");
  });

  it("a full today → the next working day", () => {
    const sim = new Sim();
    // Monday 07:30: earliest 08:30; DD morning 08:30…10:00 (7, the cap), afternoon 14:00…15:30 (7).
    const booked = sim.fill(at(MON, "07:30"), 15, "DK Nguyen Van A XD nay");
    expect(clocks(booked.slice(0, 14))).toEqual([...series("08:30", 15, 7), ...series("14:00", 15, 7)]);
    expect(booked[13]?.time.startsWith(MON)).toBe(true);
    expect(booked[14]).toMatchObject({ time: at(WED, "08:00"), number: 1 });
  });

  it("today's cap counts the appointments already held that session", () => {
    const sim = new Sim();
    sim.fill(at(MON, "07:30"), 10, "DK Nguyen Van A KS 25/11"); // another day: no effect on today
    const today = sim.fill(at(MON, "07:30"), 11, "DK Nguyen Van A KS nay", 2000);
    expect(clocks(today)).toEqual([...series("08:30", 10, 10), "14:00"]);
    expect(today.every((b) => b.time.startsWith(MON))).toBe(true);
  });
});

it("HOLIDAY is 24/11 in the example office", () => {
  expect(office.calendar.holidays).toContain(HOLIDAY);
});
