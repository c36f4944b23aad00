import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OfficeDays } from "../src/types.js";
import { WORKING_DAY_SEARCH_LIMIT, WORKING_SPAN_LIMIT_DAYS, WorkingTime } from "../src/worktime.js";

// The example office's own calendar and working hours, at Vietnam's fixed +07:00. The queue's
// OfficeCalendar is not used here: @motcua/core depends on this package.

const OFFSET = 7 * 3_600_000;
const HOUR = 3_600_000;

function vietnamDays(calendar: OfficeConfig["calendar"]): OfficeDays {
  const holidays = new Set(calendar.holidays);
  const makeUp = new Set(calendar.makeUpWorkingDays);
  const weekdays = new Set(calendar.workingWeekdays);
  return {
    isWorkingDay(date) {
      if (makeUp.has(date)) return true;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
      return weekdays.has(weekday) && !holidays.has(date);
    },
    dateOf: (instant) => new Date(instant + OFFSET).toISOString().slice(0, 10),
    instantOf: (date, minutes) => Date.parse(`${date}T00:00:00Z`) + minutes * 60_000 - OFFSET,
    format: (instant) => `${new Date(instant + OFFSET).toISOString().slice(0, 19)}+07:00`,
  };
}

const office = loadOfficeConfig();
const days = vietnamDays(office.calendar);
const clock = new WorkingTime(office.dossiers, days);

/** An office-local time, `2026-12-07 09:00` or with seconds. */
function at(local: string): number {
  const [date, time = ""] = local.split(" ");
  return Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+07:00`);
}
const show = (t: number) => days.format(t).slice(0, 19).replace("T", " ");

describe("the example office's working hours", () => {
  it("are 07:30–11:30 and 13:30–17:30 with the 15:00 rule", () => {
    expect(office.dossiers.workingHours).toEqual([
      { start: "07:30", end: "11:30" },
      { start: "13:30", end: "17:30" },
    ]);
    expect(office.dossiers.lateReceiptFrom).toBe("15:00");
  });
});

describe("isWorking and nextWorkingInstant", () => {
  it("treats periods as half-open", () => {
    expect(clock.isWorking(at("2026-12-07 07:29:59"))).toBe(false);
    expect(clock.isWorking(at("2026-12-07 07:30"))).toBe(true);
    expect(clock.isWorking(at("2026-12-07 11:29:59"))).toBe(true);
    expect(clock.isWorking(at("2026-12-07 11:30"))).toBe(false);
    expect(clock.isWorking(at("2026-12-07 13:30"))).toBe(true);
    expect(clock.isWorking(at("2026-12-07 17:29:59.999"))).toBe(true);
    expect(clock.isWorking(at("2026-12-07 17:30"))).toBe(false);
  });

  it("never works on weekends and holidays, but does on the make-up Saturday", () => {
    expect(clock.isWorking(at("2026-12-05 09:00"))).toBe(false); // Saturday
    expect(clock.isWorking(at("2026-11-24 09:00"))).toBe(false); // Ngày Văn hóa Việt Nam
    expect(clock.isWorking(at("2026-02-18 09:00"))).toBe(false); // Tết
    expect(clock.isWorking(at("2026-01-10 09:00"))).toBe(true); // make-up Saturday
  });

  it("moves to the start of the next working period", () => {
    const next = (local: string) => show(clock.nextWorkingInstant(at(local)));
    expect(next("2026-12-07 09:15:30")).toBe("2026-12-07 09:15:30");
    expect(next("2026-12-07 06:00")).toBe("2026-12-07 07:30:00");
    expect(next("2026-12-07 11:30")).toBe("2026-12-07 13:30:00");
    expect(next("2026-12-07 17:30")).toBe("2026-12-08 07:30:00");
    expect(next("2026-12-04 18:00")).toBe("2026-12-07 07:30:00"); // Friday evening → Monday
    expect(next("2026-11-23 17:45")).toBe("2026-11-25 07:30:00"); // over 24/11
    expect(next("2026-02-13 17:30")).toBe("2026-02-23 07:30:00"); // over Tết
    expect(next("2026-01-09 17:30")).toBe("2026-01-10 07:30:00"); // to the make-up Saturday
    expect(next("2026-12-31 23:59:59")).toBe("2027-01-04 07:30:00"); // over 01/01/2027
  });
});

describe("addHours", () => {
  const add = (local: string, hours: number) => show(clock.addHours(at(local), hours));

  it("skips the lunch break", () => {
    expect(add("2026-12-07 10:30", 2)).toBe("2026-12-07 14:30:00");
    expect(add("2026-12-07 11:29:59", 1 / 3600)).toBe("2026-12-07 11:30:00");
    expect(add("2026-12-07 12:00", 1)).toBe("2026-12-07 14:30:00");
  });

  it("ends a deadline at a period's end, not at the next start", () => {
    expect(add("2026-12-07 07:30", 4)).toBe("2026-12-07 11:30:00");
    expect(add("2026-12-07 13:30", 4)).toBe("2026-12-07 17:30:00");
    expect(add("2026-12-07 07:30", 8)).toBe("2026-12-07 17:30:00");
    expect(add("2026-12-07 07:30", 16)).toBe("2026-12-08 17:30:00");
  });

  it("starts outside working time at the next working period", () => {
    expect(add("2026-12-07 17:00", 1)).toBe("2026-12-08 08:00:00");
    expect(add("2026-12-07 17:30", 1)).toBe("2026-12-08 08:30:00");
    expect(add("2026-12-07 06:00", 0)).toBe("2026-12-07 07:30:00");
    expect(add("2026-12-07 11:30", 0)).toBe("2026-12-07 13:30:00");
  });

  it("skips weekends, holidays and Tết; works the make-up Saturday", () => {
    expect(add("2026-12-04 16:30", 2)).toBe("2026-12-07 08:30:00"); // Friday → Monday
    expect(add("2026-11-23 16:30", 2)).toBe("2026-11-25 08:30:00"); // over 24/11
    expect(add("2026-02-13 09:00", 8)).toBe("2026-02-23 09:00:00"); // over Tết 16–20/02
    expect(add("2026-01-09 16:30", 2)).toBe("2026-01-10 08:30:00"); // Friday → make-up Saturday
    expect(add("2026-01-10 16:30", 2)).toBe("2026-01-12 08:30:00"); // and on to Monday
  });

  it("counts legal limits in working days of 8 hours", () => {
    expect(add("2026-12-07 09:00", 8)).toBe("2026-12-08 09:00:00"); // 1 working day
    expect(add("2026-12-07 09:00", 15 * 8)).toBe("2026-12-28 09:00:00"); // 15 working days
    expect(add("2026-11-16 09:00", 15 * 8)).toBe("2026-12-08 09:00:00"); // 24/11 adds a day
    expect(add("2026-12-07 07:30", 3 * 8)).toBe("2026-12-09 17:30:00");
  });

  it("takes fractional hours to the millisecond", () => {
    expect(add("2026-12-07 07:30", 0.8)).toBe("2026-12-07 08:18:00");
    expect(add("2026-12-07 11:00", 0.8)).toBe("2026-12-07 13:48:00");
    expect(clock.addHours(at("2026-12-07 07:30"), 1 / 3_600_000)).toBe(at("2026-12-07 07:30") + 1);
  });

  it("refuses hours that cannot be counted", () => {
    expect(() => clock.addHours(at("2026-12-07 07:30"), -1)).toThrow(RangeError);
    expect(() => clock.addHours(at("2026-12-07 07:30"), Number.NaN)).toThrow(RangeError);
    expect(() => clock.addHours(at("2026-12-07 07:30"), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => clock.addHours(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe("countStart: the 15:00 rule", () => {
  const start = (local: string) => show(clock.countStart(at(local)));

  it("counts a receipt before 15:00 from then, at or after 15:00 from the next working day", () => {
    expect(start("2026-12-07 14:59:59")).toBe("2026-12-07 14:59:59");
    expect(start("2026-12-07 15:00")).toBe("2026-12-08 07:30:00");
    expect(start("2026-12-07 17:45")).toBe("2026-12-08 07:30:00");
  });

  it("counts a receipt outside working time before 15:00 from that day's next period", () => {
    expect(start("2026-12-07 12:10")).toBe("2026-12-07 13:30:00"); // lunch
    expect(start("2026-12-07 07:00")).toBe("2026-12-07 07:30:00"); // before opening
  });

  it("counts a receipt on a day off from the next working day", () => {
    expect(start("2026-12-06 10:00")).toBe("2026-12-07 07:30:00"); // Sunday
    expect(start("2026-12-04 15:30")).toBe("2026-12-07 07:30:00"); // Friday after 15:00
    expect(start("2026-11-24 08:00")).toBe("2026-11-25 07:30:00"); // holiday
    expect(start("2026-02-13 15:00")).toBe("2026-02-23 07:30:00"); // before Tết
    expect(start("2026-01-10 09:00")).toBe("2026-01-10 09:00:00"); // make-up Saturday
  });

  it("can be turned off", () => {
    const noRule = new WorkingTime({ ...office.dossiers, lateReceiptFrom: null }, days);
    expect(show(noRule.countStart(at("2026-12-07 15:30")))).toBe("2026-12-07 15:30:00");
    expect(show(noRule.countStart(at("2026-12-06 10:00")))).toBe("2026-12-07 07:30:00");
  });
});

describe("workingMsBetween", () => {
  const between = (a: string, b: string) => clock.workingMsBetween(at(a), at(b)) / HOUR;

  it("counts only working time", () => {
    expect(between("2026-12-07 10:30", "2026-12-07 14:30")).toBe(2); // lunch
    expect(between("2026-12-07 17:00", "2026-12-08 08:00")).toBe(1); // night
    expect(between("2026-12-04 16:30", "2026-12-07 08:30")).toBe(2); // weekend
    expect(between("2026-11-23 16:30", "2026-11-25 08:30")).toBe(2); // holiday
    expect(between("2026-02-13 07:30", "2026-02-23 17:30")).toBe(16); // Tết
    expect(between("2026-12-07 00:00", "2026-12-14 00:00")).toBe(40); // a week
    expect(between("2026-12-07 12:00", "2026-12-07 13:00")).toBe(0);
  });

  it("is 0 for an empty or reversed interval", () => {
    expect(between("2026-12-07 09:00", "2026-12-07 09:00")).toBe(0);
    expect(between("2026-12-07 10:00", "2026-12-07 09:00")).toBe(0);
  });

  it("agrees with addHours from any working instant", () => {
    const from = at("2026-01-01 00:00");
    const span = at("2027-12-31 00:00") - from;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 200 * 3_600_000 }),
        (offset, ms) => {
          const t0 = clock.nextWorkingInstant(from + offset);
          const t1 = clock.addHours(t0, ms / HOUR);
          expect(clock.workingMsBetween(t0, t1)).toBe(ms);
          expect(t1).toBeGreaterThanOrEqual(t0);
        },
      ),
      { numRuns: 500, seed: 13 },
    );
  });
});

describe("guards and speed", () => {
  it("answers in the year 9999 and refuses to run past it", () => {
    expect(show(clock.nextWorkingInstant(at("9999-12-30 09:00")))).toBe("9999-12-30 09:00:00");
    expect(show(clock.addHours(at("9999-12-31 09:00"), 6.5))).toBe("9999-12-31 17:30:00");
    expect(() => clock.addHours(at("9999-12-31 09:00"), 8)).toThrow(/9999-12-31/);
    expect(() => clock.nextWorkingInstant(at("9999-12-31 18:00"))).toThrow(/9999-12-31/);
  });

  it("refuses, at once, to walk a century or more", () => {
    const began = performance.now();
    expect(() => clock.workingMsBetween(at("2026-12-07 09:00"), at("9999-12-31 09:00"))).toThrow(
      `more than ${WORKING_SPAN_LIMIT_DAYS} days`,
    );
    expect(() => clock.addHours(at("2026-12-07 09:00"), 1e9)).toThrow(
      `more than ${WORKING_SPAN_LIMIT_DAYS} days`,
    );
    expect(performance.now() - began).toBeLessThan(1_000);
    // 99 years are still counted.
    expect(clock.workingMsBetween(at("2026-01-01 00:00"), at("2125-01-01 00:00"))).toBeGreaterThan(0);
  });

  it("throws a clear error when the calendar has no working day", () => {
    const closed: OfficeDays = { ...days, isWorkingDay: () => false };
    const never = new WorkingTime(office.dossiers, closed);
    const message = new RegExp(`no working day within ${WORKING_DAY_SEARCH_LIMIT} days`);
    expect(() => never.nextWorkingInstant(at("2026-12-07 09:00"))).toThrow(message);
    expect(() => never.addHours(at("2026-12-07 09:00"), 1)).toThrow(message);
    expect(() => never.countStart(at("2026-12-07 09:00"))).toThrow(message);
  });

  it("replays half a year of 50,000 dossiers quickly", () => {
    const from = at("2026-06-01 00:00");
    const started = performance.now();
    let checksum = 0;
    for (let i = 0; i < 50_000; i++) {
      const received = from + ((i * 7_919_993) % (183 * 86_400_000));
      const count = clock.countStart(received);
      const due = clock.addHours(count, 15 * 8);
      checksum += clock.workingMsBetween(count, due);
      for (let s = 0; s < 6; s++) checksum += clock.addHours(count, s * 3.5) - count;
    }
    expect(checksum).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
