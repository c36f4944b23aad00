import { dossierSettingsSchema } from "@motcua/config";
import { describe, expect, it } from "vitest";
import {
  dossierReport,
  officerTable,
  periodOf,
  periodTitle,
  type ReportOptions,
  reportTable,
  stepTable,
} from "../src/report.js";
import type { DossierRecord, OfficeDays, StepRecord } from "../src/types.js";

// Reports over hand-built records, in Vietnam's fixed +07:00. Only the local date matters here:
// the records carry the desk's own classifications.

const OFFSET = 7 * 3_600_000;
const HOUR = 3_600_000;
const days: OfficeDays = {
  isWorkingDay: () => true,
  dateOf: (instant) => new Date(instant + OFFSET).toISOString().slice(0, 10),
  instantOf: (date, minutes) => Date.parse(`${date}T00:00:00Z`) + minutes * 60_000 - OFFSET,
  format: (instant) => `${new Date(instant + OFFSET).toISOString().slice(0, 19)}+07:00`,
};
const at = (local: string) => Date.parse(`${local.replace(" ", "T")}:00+07:00`);

const settings = dossierSettingsSchema.parse({});
const services = [
  { code: "TP", name: "Tư pháp – Hộ tịch" },
  { code: "DD", name: "Đất đai – Xây dựng" },
];
const officers = [
  { id: "cv-tp", name: "Nguyễn Thị Lan" },
  { id: "ct", name: "Đặng Văn Minh" },
];

function options(period: { from: string; to: string }, now = at("2026-12-31 17:00")): ReportOptions {
  return { period, now, days, settings, services, officers };
}

let sequence = 0;
function dossier(received: string, fields: Partial<DossierRecord> = {}): DossierRecord {
  const receivedAt = at(received);
  sequence++;
  return {
    code: `H30.99.01-${sequence}`,
    procedure: "KS",
    service: "TP",
    name: "Nguyễn Văn An",
    phone: "",
    receivedBy: "tn-1",
    receivedAt,
    countFrom: receivedAt,
    due: receivedAt + 24 * HOUR,
    phase: "in_progress",
    steps: [],
    stepCount: 4,
    late: false,
    handovers: 0,
    smsSegments: 0,
    ...fields,
  };
}

function step(n: number, name: string, officer: string, fields: Partial<StepRecord> = {}): StepRecord {
  return {
    step: n,
    name,
    role: "specialist",
    officer,
    startedAt: 0,
    clockFrom: 0,
    due: 0,
    warned: false,
    overdue: false,
    ...fields,
  };
}

/** A dossier finished with a status, its result ready at `ready`. */
const finished = (received: string, ready: string, status: "early" | "on_time" | "late") =>
  dossier(received, { phase: "ready", readyAt: at(ready), readyStatus: status });

describe("periodOf", () => {
  it("gives the day, month, quarter and year of a date", () => {
    expect(periodOf("day", "2026-12-07")).toEqual({ from: "2026-12-07", to: "2026-12-07" });
    expect(periodOf("month", "2026-02-14")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodOf("month", "2028-02-14")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodOf("month", "2026-12-31")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(periodOf("quarter", "2026-01-01")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodOf("quarter", "2026-06-30")).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(periodOf("quarter", "2026-08-15")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(periodOf("quarter", "2026-12-31")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(periodOf("year", "2026-05-05")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("refuses what is not a date", () => {
    expect(() => periodOf("day", "2026-02-30")).toThrow(RangeError);
    expect(() => periodOf("month", "7/12/2026")).toThrow(RangeError);
  });

  it("titles a period in Vietnamese", () => {
    expect(periodTitle(periodOf("day", "2026-12-07"))).toBe("Ngày 07/12/2026");
    expect(periodTitle(periodOf("quarter", "2026-11-02"))).toBe("Từ ngày 01/10/2026 đến ngày 31/12/2026");
  });
});

describe("dossierReport", () => {
  it("classifies the period's dossiers, with percentages of those finished", () => {
    const records = [
      finished("2026-11-02 08:00", "2026-11-02 16:00", "early"),
      finished("2026-11-03 08:00", "2026-11-04 08:00", "on_time"),
      finished("2026-11-04 08:00", "2026-11-06 08:00", "late"),
      dossier("2026-11-05 09:00", { due: at("2026-12-31 17:00") }), // in progress, on time
      dossier("2026-11-05 10:00", { due: at("2026-11-06 10:00") }), // in progress, overdue
      dossier("2026-11-05 11:00", { due: at("2026-11-06 11:00"), phase: "paused" }), // clock stopped
      finished("2026-11-06 08:00", "2026-11-06 09:00", "early"),
    ];
    const report = dossierReport(records, options(periodOf("month", "2026-11-15"), at("2026-11-30 12:00")));
    const tp = report.services[0];
    expect(tp).toMatchObject({
      service: "TP",
      name: "Tư pháp – Hộ tịch",
      received: 7,
      finished: 4,
      early: 2,
      onTime: 1,
      late: 1,
      earlyPercent: 50,
      onTimePercent: 25,
      latePercent: 25,
      inTimePercent: 75,
      inProgress: 3,
      paused: 1,
      overdue: 1,
    });
    expect(report.total).toMatchObject({
      received: 7,
      finished: 4,
      early: 2,
      onTime: 1,
      late: 1,
      overdue: 1,
    });
  });

  it("rounds percentages to one decimal, as the seed's 32 dossiers (9 on time, 23 early)", () => {
    const records = [
      ...Array.from({ length: 9 }, () => finished("2026-03-02 08:00", "2026-03-03 08:00", "on_time")),
      ...Array.from({ length: 23 }, () => finished("2026-03-02 08:00", "2026-03-02 10:00", "early")),
    ];
    const { total } = dossierReport(records, options(periodOf("year", "2026-01-01")));
    expect(total).toMatchObject({ received: 32, onTimePercent: 28.1, earlyPercent: 71.9, latePercent: 0 });
    expect(total.inTimePercent).toBe(100);
  });

  it("counts a result ready after `now` as in progress", () => {
    const record = finished("2026-11-02 08:00", "2026-11-03 08:00", "on_time");
    const before = dossierReport([record], options(periodOf("day", "2026-11-02"), at("2026-11-02 17:00")));
    expect(before.total).toMatchObject({ finished: 0, inProgress: 1, overdue: 0 });
    const after = dossierReport([record], options(periodOf("day", "2026-11-02"), at("2026-11-03 09:00")));
    expect(after.total).toMatchObject({ finished: 1, onTime: 1, inProgress: 0 });
  });

  it("classifies results the desk did not, by the due instant's date", () => {
    const due = at("2026-11-04 11:30");
    const records = [
      dossier("2026-11-02 08:00", { due, readyAt: at("2026-11-03 17:00") }),
      dossier("2026-11-02 08:00", { due, readyAt: at("2026-11-04 08:00") }),
      dossier("2026-11-02 08:00", { due, readyAt: due }),
      dossier("2026-11-02 08:00", { due, readyAt: due + 1 }),
    ];
    expect(dossierReport(records, options(periodOf("day", "2026-11-02"))).total).toMatchObject({
      early: 1,
      onTime: 2,
      late: 1,
    });
  });

  it("leaves empty periods and services at zero, with no percentages", () => {
    const report = dossierReport([], options(periodOf("month", "2026-11-01")));
    expect(report.services.map((s) => s.service)).toEqual(["TP", "DD"]);
    for (const counts of [...report.services, report.total]) {
      expect(counts).toMatchObject({
        received: 0,
        finished: 0,
        earlyPercent: null,
        onTimePercent: null,
        latePercent: null,
        inTimePercent: null,
        callCostInNetwork: 0,
        smsCost: 0,
      });
    }
    expect(report.officers.map((o) => [o.officer, o.done, o.averageHours])).toEqual([
      ["cv-tp", 0, null],
      ["ct", 0, null],
    ]);
  });

  it("takes a dossier by its office date of receipt, both ends of the period included", () => {
    const records = [
      dossier("2026-09-30 23:59"), // Q3
      dossier("2026-10-01 00:00"), // first instant of Q4
      dossier("2026-11-30 17:00"),
      dossier("2026-12-31 23:59"), // last minute of Q4
      dossier("2027-01-01 00:00"), // next year
    ];
    const quarter = dossierReport(records, options(periodOf("quarter", "2026-11-15")));
    expect(quarter.total.received).toBe(3);
    const range = dossierReport(records, options({ from: "2026-09-30", to: "2026-10-01" }));
    expect(range.total.received).toBe(2);
    const lastDay = dossierReport(records, options(periodOf("day", "2026-12-31")));
    expect(lastDay.total.received).toBe(1);
    // 30/09 23:59 in Vietnam is still 30/09 although it is 16:59 UTC; 01/10 00:00 is 30/09 UTC.
    expect(dossierReport(records, options(periodOf("day", "2026-09-30"))).total.received).toBe(1);
  });

  it("refuses a period that ends before it starts", () => {
    expect(() => dossierReport([], options({ from: "2026-12-02", to: "2026-12-01" }))).toThrow(RangeError);
  });

  it("appends services and officers the configuration does not name", () => {
    const records = [
      dossier("2026-11-02 08:00", {
        service: "CU",
        steps: [step(1, "Thẩm định", "cv-old", { doneAt: at("2026-11-02 10:00"), workedMs: 2 * HOUR })],
      }),
    ];
    const report = dossierReport(records, options(periodOf("month", "2026-11-02")));
    expect(report.services.map((s) => [s.service, s.name, s.received])).toEqual([
      ["TP", "Tư pháp – Hộ tịch", 0],
      ["DD", "Đất đai – Xây dựng", 0],
      ["CU", "CU", 1],
    ]);
    expect(report.officers.at(-1)).toMatchObject({
      officer: "cv-old",
      name: "cv-old",
      done: 1,
      averageHours: 2,
    });
  });

  it("averages working hours per step of a service and per officer, over the steps done by now", () => {
    const done = (n: number, name: string, officer: string, hours: number, status: "on_time" | "late") =>
      step(n, name, officer, { doneAt: at("2026-11-03 10:00"), workedMs: hours * HOUR, status });
    const records = [
      dossier("2026-11-02 08:00", {
        steps: [done(1, "Thẩm định", "cv-tp", 3, "on_time"), done(2, "Ký duyệt", "ct", 1, "on_time")],
      }),
      dossier("2026-11-02 09:00", {
        steps: [done(1, "Thẩm định", "cv-tp", 5, "late"), step(2, "Ký duyệt", "ct")], // step 2 open
      }),
      dossier("2026-11-02 09:30", {
        // Another process of the same service: its step 1 is another step.
        steps: [done(1, "Phân công", "ct", 0.5, "on_time")],
      }),
      dossier("2026-11-02 10:00", {
        // Done after `now`: not yet done.
        steps: [step(1, "Thẩm định", "cv-tp", { doneAt: at("2026-12-02 10:00"), workedMs: 99 * HOUR })],
      }),
    ];
    const report = dossierReport(records, options(periodOf("month", "2026-11-02"), at("2026-11-30 17:00")));
    expect(report.services[0]?.steps).toEqual([
      { step: 1, name: "Phân công", role: "specialist", done: 1, onTime: 1, late: 0, averageHours: 0.5 },
      { step: 1, name: "Thẩm định", role: "specialist", done: 2, onTime: 1, late: 1, averageHours: 4 },
      { step: 2, name: "Ký duyệt", role: "specialist", done: 1, onTime: 1, late: 0, averageHours: 1 },
    ]);
    expect(report.officers).toEqual([
      { officer: "cv-tp", name: "Nguyễn Thị Lan", done: 2, onTime: 1, late: 1, averageHours: 4 },
      { officer: "ct", name: "Đặng Văn Minh", done: 2, onTime: 2, late: 0, averageHours: 0.75 },
    ]);
  });

  it("prices the hand-overs as the seed's table: 783 dossiers × 6 hand-overs × 1 minute", () => {
    const records = Array.from({ length: 783 }, () =>
      dossier("2026-03-02 08:00", { handovers: 6, smsSegments: 8 }),
    );
    const { total } = dossierReport(records, options({ from: "2026-01-01", to: "2026-06-30" }));
    expect(total.handovers).toBe(4_698);
    expect(total.callCostInNetwork).toBe(5_590_620);
    expect(total.callCostOtherNetwork).toBe(6_530_220);
    expect(total.smsSegments).toBe(6_264);
    expect(total.smsCost).toBe(6_264 * settings.smsPrice);
  });

  it("takes the call minutes and prices from the settings", () => {
    const priced = {
      ...settings,
      handoverCall: { minutes: 2, inNetworkPrice: 1000, otherNetworkPrice: 1500 },
      smsPrice: 300,
    };
    const report = dossierReport([dossier("2026-03-02 08:00", { handovers: 3, smsSegments: 5 })], {
      ...options(periodOf("day", "2026-03-02")),
      settings: priced,
    });
    expect(report.total).toMatchObject({
      callCostInNetwork: 6000,
      callCostOtherNetwork: 9000,
      smsCost: 1500,
    });
  });

  it("reads 50,000 dossiers in well under 200 ms", () => {
    const start = at("2026-01-01 08:00");
    const records = Array.from({ length: 50_000 }, (_, i) =>
      dossier("2026-01-01 08:00", {
        receivedAt: start + (i % 180) * 86_400_000,
        service: i % 3 === 0 ? "DD" : "TP",
        phase: i % 4 === 0 ? "in_progress" : "ready",
        readyAt: i % 4 === 0 ? undefined : start + (i % 180) * 86_400_000 + HOUR,
        readyStatus: i % 4 === 0 ? undefined : (["early", "on_time", "late"] as const)[i % 3],
        handovers: 4,
        smsSegments: 6,
        steps: [1, 2, 3, 4].map((n) =>
          step(n, `Bước ${n}`, n % 2 ? "cv-tp" : "ct", {
            doneAt: start,
            workedMs: n * HOUR,
            status: "on_time",
          }),
        ),
      }),
    );
    const period = { from: "2026-01-01", to: "2026-06-30" };
    dossierReport(records, options(period)); // warm
    const began = performance.now();
    const report = dossierReport(records, options(period));
    expect(performance.now() - began).toBeLessThan(200);
    expect(report.total.received).toBe(50_000);
  });
});

describe("the tables", () => {
  const report = dossierReport(
    [
      finished("2026-11-02 08:00", "2026-11-02 16:00", "early"),
      dossier("2026-11-02 09:00", {
        handovers: 2,
        smsSegments: 3,
        steps: [
          step(1, "Thẩm định", "cv-tp", {
            doneAt: at("2026-11-02 10:00"),
            workedMs: 1.5 * HOUR,
            status: "on_time",
          }),
        ],
      }),
    ],
    options(periodOf("month", "2026-11-02"), at("2026-11-30 17:00")),
  );

  it("flattens the services to Vietnamese headings, one row a service and the total", () => {
    const table = reportTable(report);
    expect(table.header.slice(0, 8)).toEqual([
      "STT",
      "Mã lĩnh vực",
      "Lĩnh vực",
      "Tiếp nhận",
      "Đã giải quyết",
      "Trước hạn",
      "Đúng hạn",
      "Quá hạn",
    ]);
    expect(table.header).toContain("Tỉ lệ đúng hạn (%)");
    expect(table.header).toContain("Quá hạn chưa xong");
    expect(table.header).toContain("Chuyển bước đã báo");
    expect(table.header).toContain("Cước gọi nội mạng (đồng)");
    expect(table.rows).toHaveLength(3);
    for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    const cell = (row: number, heading: string) => table.rows[row]?.[table.header.indexOf(heading)];
    expect(table.rows[0]?.slice(0, 5)).toEqual([1, "TP", "Tư pháp – Hộ tịch", 2, 1]);
    expect(cell(0, "Tỉ lệ trước hạn (%)")).toBe(100);
    expect(cell(1, "Tỉ lệ trước hạn (%)")).toBeNull(); // DD: nothing finished
    expect(table.rows[2]?.slice(0, 4)).toEqual([null, null, "Tổng cộng", 2]);
    expect(cell(2, "Cước gọi nội mạng (đồng)")).toBe(2 * 1190);
    expect(cell(2, "Cước gọi ngoại mạng (đồng)")).toBe(2 * 1390);
    expect(cell(2, "Cước SMS (đồng)")).toBe(3 * settings.smsPrice);
  });

  it("lists the steps and the officers with their mean hours", () => {
    expect(stepTable(report).rows).toEqual([["TP", "Tư pháp – Hộ tịch", 1, "Thẩm định", 1, 1, 0, 1.5]]);
    expect(officerTable(report).rows).toEqual([
      ["cv-tp", "Nguyễn Thị Lan", 1, 1, 0, 1.5],
      ["ct", "Đặng Văn Minh", 0, 0, 0, null],
    ]);
  });
});
