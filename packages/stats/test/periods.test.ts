import { describe, expect, it } from "vitest";
import { DayFigures, F, FIELDS, rowKey } from "../src/day.js";
import { isoWeek, periodsOf } from "../src/periods.js";
import { sorted } from "../src/report.js";
import { MON, MON2, Office, TUE2, t, WED } from "./office.js";

describe("periods", () => {
  it("names ISO weeks (Monday first, week 1 holds the year's first Thursday) and months", () => {
    expect(isoWeek("2026-11-23")).toBe("2026-W48");
    expect(isoWeek("2026-11-29")).toBe("2026-W48");
    expect(isoWeek("2026-11-30")).toBe("2026-W49");
    expect(isoWeek("2026-01-01")).toBe("2026-W01");
    expect(isoWeek("2027-01-03")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeek("2024-12-30")).toBe("2025-W01");
    expect(isoWeek("2021-01-03")).toBe("2020-W53");
  });

  it("cuts the query's range into its periods, each cut to the range", () => {
    expect(periodsOf({ from: "2026-11-25", to: "2026-12-02", group: "week" })).toEqual([
      { period: "2026-W48", from: "2026-11-25", to: "2026-11-29" },
      { period: "2026-W49", from: "2026-11-30", to: "2026-12-02" },
    ]);
    expect(periodsOf({ from: "2026-11-25", to: "2027-01-02", group: "month" })).toEqual([
      { period: "2026-11", from: "2026-11-25", to: "2026-11-30" },
      { period: "2026-12", from: "2026-12-01", to: "2026-12-31" },
      { period: "2027-01", from: "2027-01-01", to: "2027-01-02" },
    ]);
    expect(periodsOf({ from: "2026-02-27", to: "2026-03-01", group: "day" }).map((p) => p.period)).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
  });
});

/** One walk-in served on each of three days across a week's and a month's end. */
function threeDays(): Office {
  const office = new Office();
  const day = (date: string, waitMinutes: number) => {
    office.ticket(t(date, "07:30"), "TP");
    office.press(t(date, `07:${String(30 + waitMinutes).padStart(2, "0")}`), "1");
    office.press(t(date, "08:30"), "1");
  };
  day(MON, 5);
  day(MON2, 10);
  day(TUE2, 20);
  return office;
}

describe("grouping", () => {
  it("gives a row per day, ISO week or month of the period, empty ones included", () => {
    const office = threeDays();
    const query = { from: MON, to: "2026-12-02" };
    const days = office.report({ ...query, group: "day" }).series;
    expect(days).toHaveLength(10);
    expect(days.map((s) => s.figures.served)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
    const weeks = office.report({ ...query, group: "week" }).series;
    expect(weeks.map((s) => [s.period, s.from, s.to, s.figures.served, s.figures.wait.median])).toEqual([
      ["2026-W48", MON, "2026-11-29", 1, 5],
      ["2026-W49", MON2, "2026-12-02", 2, 10],
    ]);
    const months = office.report({ ...query, group: "month" });
    expect(months.series.map((s) => [s.period, s.from, s.to, s.figures.served, s.figures.wait.mean])).toEqual(
      [
        ["2026-11", MON, MON2, 2, 7.5],
        ["2026-12", TUE2, "2026-12-02", 1, 20],
      ],
    );
    expect(months.total).toMatchObject({ served: 3, wait: { count: 3, median: 10, p90: 20, mean: 11.7 } });
  });

  it("a range inside the data counts only its days", () => {
    const report = threeDays().report({ from: MON2, to: MON2, group: "month" });
    expect(report.series).toEqual([expect.objectContaining({ period: "2026-11", from: MON2, to: MON2 })]);
    expect(report.total).toMatchObject({ served: 1, tickets: 1 });
  });

  it("refuses a query that names no period", () => {
    const office = threeDays();
    expect(() => office.report({ from: WED, to: MON })).toThrow(RangeError);
    expect(() => office.report({ from: "2026-02-30" })).toThrow(/not a date/);
    expect(() => office.report({ from: MON, group: "year" as "day" })).toThrow(/group/);
  });

  it("filters by a service or counter the office never had: nothing", () => {
    const office = threeDays();
    expect(office.report({ from: MON, to: TUE2, service: "ZZ" }).total.served).toBe(0);
    expect(office.report({ from: MON, to: TUE2, counter: "99" }).total.served).toBe(0);
  });

  it("reads without changing anything: the same report twice, and after more days", () => {
    const office = threeDays();
    const query = { from: MON, to: TUE2, group: "week" as const };
    const first = office.report(query);
    expect(office.report(query)).toEqual(first);
    // Days long over are packed; a late change to one of them still counts.
    office.ticket(t("2026-12-03", "07:30"), "TP");
    expect(office.report(query)).toEqual(first);
  });

  it("suggests a service's minutes from twenty measured service times on", () => {
    const office = new Office();
    for (let i = 0; i < 21; i++) office.ticket(t(MON, "07:30"), "TP");
    // 21 citizens at counter 1, each served for 6 minutes from 07:31.
    const clock = (minutes: number) =>
      `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    for (let i = 0; i <= 21; i++) office.press(t(MON, clock(7 * 60 + 31 + 6 * i)), "1");
    const report = office.report({ from: MON });
    expect(report.suggestedMinutes).toEqual([
      { service: "TP", configured: 10, measured: 6, count: 21 },
      { service: "DD", configured: 15, measured: null, count: 0 },
      { service: "XH", configured: 10, measured: null, count: 0 },
      { service: "VH", configured: 10, measured: null, count: 0 },
    ]);
    const fewer = office.report({ from: MON, counter: "2" });
    expect(fewer.suggestedMinutes[0]).toEqual({ service: "TP", configured: 10, measured: null, count: 0 });
  });
});

describe("percentiles", () => {
  it("are nearest-rank, exact to the second, whether sorted or counted per second", () => {
    const pieces = [Uint16Array.from([600, 60, 0]), [300, 65_535], Uint16Array.from([120, 120, 5_400])];
    for (const counting of [false, true]) {
      const s = sorted(pieces, 8, counting);
      expect(s.rank(0.5)).toBe(120); // 0 60 120 120 | 300 600 5400 65535: the 4th
      expect(s.rank(0.9)).toBe(65_535); // ⌈7.2⌉ = the 8th
      expect(s.rank(0.125)).toBe(0);
      expect(s.buckets([0, 300, 600, 3_600])).toEqual([4, 1, 1, 2]);
    }
    expect(sorted([], 0).rank(0.5)).toBeUndefined();
  });

  it("agree between the two ways on many random samples", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples = Uint16Array.from({ length: 10_001 }, () => Math.floor(random() * random() * 9_000));
    const bySort = sorted([samples], samples.length, false);
    const byCount = sorted([samples], samples.length, true);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.99, 1]) expect(byCount.rank(q)).toBe(bySort.rank(q));
    const edges = [0, 300, 600, 900, 1_200, 1_800, 2_700, 3_600, 5_400, 7_200];
    expect(byCount.buckets(edges)).toEqual(bySort.buckets(edges));
  });
});

describe("a day's storage", () => {
  it("reads the same once sealed, and opens again for a late sample", () => {
    const day = new DayFigures(MON);
    day.add(rowKey(1, 1), F.TICKETS, 3);
    day.addWait(rowKey(1, 1), 61);
    day.addWait(rowKey(2, 0), 10);
    day.addServiceTime(rowKey(1, 1), 300);
    const read = () =>
      Array.from({ length: day.rows }, (_, r) => ({
        key: day.keyOf(r),
        tickets: day.table[r * FIELDS + F.TICKETS],
        waits: Array.from(day.waitsOf(r)),
        services: Array.from(day.serviceTimesOf(r)),
      }));
    const open = read();
    day.seal();
    expect(day.sealed).toBe(true);
    expect(read()).toEqual(open);
    day.add(rowKey(1, 1), F.TICKETS);
    expect(day.sealed).toBe(true);
    day.addWait(rowKey(3, 2), 70_000);
    expect(day.sealed).toBe(false);
    expect(read()).toEqual([
      { ...open[0], tickets: 4 },
      open[1],
      { key: rowKey(3, 2), tickets: 0, waits: [65_535], services: [] },
    ]);
  });
});
