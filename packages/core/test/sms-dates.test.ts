// RULES.md "Booking by SMS" (date forms, booking window, hours) and "Precise points"
// (Sessions, Dates, "within the last 60 days includes the 60th day").
import { describe, expect, it } from "vitest";
import {
  ASCII,
  at,
  expectRejected,
  expectRejectedWithReply,
  HOLIDAY,
  MON,
  office,
  P,
  replyOf,
  Sim,
  THU,
  WED,
  withRules,
} from "./sms-helpers.js";

const NINE = at(MON, "09:00");

function bookOn(when: string, dateWord: string, procedure = "KS") {
  return new Sim().book(when, P, `DK Nguyen Van A ${procedure} ${dateWord}`);
}

function refusal(when: string, dateWord: string): string[] {
  return new Sim()
    .sms(when, P, `DK Nguyen Van A KS ${dateWord}`)
    .filter((e) => e.type === "rejected")
    .map((e) => (e.type === "rejected" ? e.reason : ""));
}

describe("date forms", () => {
  it.each([["25/11"], ["25/11/2026"], ["25-11"], ["25.11"], ["25-11-2026"], ["25.11.2026"]])(
    "%s is Wednesday 25/11/2026",
    (word) => {
      expect(bookOn(NINE, word).time).toBe(at(WED, "08:00"));
    },
  );

  it.each([["nay"], ["homnay"], ["NAY"], ["HomNay"]])("%s is today (case 1)", (word) => {
    // Wednesday 07:30, nobody waiting: earliest 08:30, on the grid.
    expect(bookOn(at(WED, "07:30"), word).time).toBe(at(WED, "08:30"));
  });

  it("mai is tomorrow", () => {
    expect(bookOn(at(WED, "09:00"), "mai").time).toBe(at(THU, "08:00"));
    expect(bookOn(at(WED, "09:00"), "Mai").time).toBe(at(THU, "08:00"));
  });

  it("mai on the eve of a holiday lands on the next working day, and the reply says the date", () => {
    const sim = new Sim();
    const events = sim.sms(NINE, P, "DK Nguyen Van A KS mai");
    expect(events.find((e) => e.type === "booked")).toMatchObject({ time: at(WED, "08:00") });
    expect(replyOf(events).text).toContain("25/11/2026");
  });
});

describe("dates (RULES.md Precise points)", () => {
  it("dd/mm of today is today", () => {
    expect(bookOn(NINE, "23/11").time).toBe(at(MON, "10:00"));
  });

  it("dd/mm that passed within the last 60 days is past_date, the 60th day included", () => {
    // 60 days before 23/11/2026 is 24/09/2026.
    for (const word of ["22/11", "01/11", "25/09", "24/09"])
      expect(refusal(NINE, word)).toEqual(["past_date"]);
    const text = expectRejectedWithReply(new Sim().sms(NINE, P, "DK Nguyen Van A KS 22/11"), "past_date");
    expect(text).toMatch(ASCII);
  });

  it("dd/mm that passed more than 60 days ago is next year's (here beyond the window: too_far)", () => {
    // 23/09/2026 is 61 days ago: it means 23/09/2027, far beyond today + 14.
    expect(refusal(NINE, "23/09")).toEqual(["too_far"]);
  });

  it("03/01 sent on 28/12 means January of next year, inside the window", () => {
    const monday = "2026-12-28";
    // 03/01/2027 is a Sunday: the first working day after it is Monday 04/01/2027.
    expect(bookOn(at(monday, "09:00"), "03/01").time).toBe("2027-01-04T08:00:00+07:00");
    expect(bookOn(at(monday, "09:00"), "05/01").time).toBe("2027-01-05T08:00:00+07:00");
  });

  it("dd/mm/yyyy in the past is past_date, even long ago", () => {
    expect(refusal(NINE, "22/11/2026")).toEqual(["past_date"]);
    expect(refusal(NINE, "23/11/2025")).toEqual(["past_date"]);
    expect(refusal(NINE, "01/01/2020")).toEqual(["past_date"]);
  });

  it("a date that does not exist is bad_date", () => {
    for (const word of ["31/02", "31/02/2027", "32/11", "25/13", "31/11", "00/12"]) {
      expect(refusal(NINE, word)).toEqual(["bad_date"]);
    }
    const text = expectRejectedWithReply(new Sim().sms(NINE, P, "DK Nguyen Van A KS 31/02"), "bad_date");
    expect(text).toMatch(ASCII);
  });

  it("today + 14 days is inside the window, today + 15 is too_far", () => {
    // 23/11 + 14 = Monday 07/12; + 15 = Tuesday 08/12.
    expect(bookOn(NINE, "07/12").time).toBe("2026-12-07T08:00:00+07:00");
    expect(bookOn(NINE, "07/12/2026").time).toBe("2026-12-07T08:00:00+07:00");
    expect(refusal(NINE, "08/12")).toEqual(["too_far"]);
    expect(refusal(NINE, "25/11/2027")).toEqual(["too_far"]);
    const text = expectRejectedWithReply(new Sim().sms(NINE, P, "DK Nguyen Van A KS 08/12"), "too_far");
    expect(text).toMatch(/14/);
    expect(text).toContain("07/12");
  });
});

describe("booking hours", () => {
  it("sessions are half-open: 07:30:00 and 13:30:00 inside, 11:00:00 and 17:00:00 outside", () => {
    expect(bookOn(at(MON, "07:30:00"), "25/11").time).toBe(at(WED, "08:00"));
    expect(bookOn(at(MON, "10:59:59"), "25/11").time).toBe(at(WED, "08:00"));
    expect(bookOn(at(MON, "13:30:00"), "25/11").time).toBe(at(WED, "08:00"));
    expect(bookOn(at(MON, "16:59:59"), "25/11").time).toBe(at(WED, "08:00"));
    for (const clock of ["07:29:59", "11:00:00", "12:00:00", "13:29:59", "17:00:00", "21:00:00"]) {
      expect(refusal(at(MON, clock), "25/11"), clock).toEqual(["closed_hours"]);
    }
  });

  it("the closed_hours reply says when bookings are taken", () => {
    const text = expectRejectedWithReply(
      new Sim().sms(at(MON, "11:00"), P, "DK Nguyen Van A KS 25/11"),
      "closed_hours",
    );
    expect(text).toMatch(/7[:h]30/);
    expect(text).toMatch(/11[:h]00/);
    expect(text).toMatch(/13[:h]30/);
    expect(text).toMatch(/17[:h]00/);
    expect(text).toMatch(ASCII);
  });

  it("weekends and holidays are closed for bookings", () => {
    expect(refusal(at("2026-11-22", "09:00"), "25/11")).toEqual(["closed_hours"]); // Sunday
    expect(refusal(at("2026-11-28", "09:00"), "30/11")).toEqual(["closed_hours"]); // Saturday
    expect(refusal(at(HOLIDAY, "09:00"), "25/11")).toEqual(["closed_hours"]); // Ngày Văn hóa
  });

  it("the make-up working Saturday 10/01/2026 has the weekday sessions", () => {
    const saturday = "2026-01-10";
    expect(bookOn(at(saturday, "07:30"), "12/01").time).toBe("2026-01-12T08:00:00+07:00");
    expect(refusal(at(saturday, "11:00"), "12/01")).toEqual(["closed_hours"]);
    expect(bookOn(at(saturday, "13:30"), "12/01").time).toBe("2026-01-12T08:00:00+07:00");
    // And appointments can be made on it: from Friday 09/01 (02/01 was a holiday), 10/01 is a working day.
    expect(bookOn(at("2026-01-09", "09:00"), "10/01").time).toBe("2026-01-10T08:00:00+07:00");
    expect(bookOn(at(saturday, "09:00"), "nay").time).toBe("2026-01-10T10:00:00+07:00");
  });

  it("bookingsAnyHour accepts bookings outside the sessions and on closed days", () => {
    const anyHour = withRules({ bookingsAnyHour: true });
    const sunday = new Sim(anyHour).book(at("2026-11-22", "22:00"), P, "DK Nguyen Van A KS 25/11");
    expect(sunday.time).toBe(at(WED, "08:00"));
    const noon = new Sim(anyHour).book(at(MON, "11:00:00"), P, "DK Nguyen Van A KS 25/11");
    expect(noon.time).toBe(at(WED, "08:00"));
    // Case 1 at 12:00 on Monday: earliest 13:00, first slot of the afternoon grid 14:00.
    expect(new Sim(anyHour).book(at(MON, "12:00"), P, "DK Nguyen Van A KS nay").time).toBe(at(MON, "14:00"));
    // Case 1 in the evening: nothing today, the next working day (24/11 is a holiday).
    expect(new Sim(anyHour).book(at(MON, "18:00"), P, "DK Nguyen Van A KS nay").time).toBe(at(WED, "08:00"));
    // The switch does not lift the date rules.
    expectRejected(new Sim(anyHour).sms(at(MON, "18:00"), P, "DK Nguyen Van A KS 08/12"), "too_far");
    expect(office.rules.bookingsAnyHour).toBe(false);
  });
});
