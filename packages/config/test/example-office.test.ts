import { describe, expect, it } from "vitest";
import { EXAMPLE_OFFICE_ID, EXAMPLE_OFFICE_PATH, loadOfficeConfig, type OfficeConfig } from "../src/index.js";

// Expected values are copied by hand from docs/example-office.md and docs/rules.md, never
// read back from the YAML file, so that a change to either side shows up here.

const office: OfficeConfig = loadOfficeConfig(EXAMPLE_OFFICE_PATH);

const HOLIDAYS_2026 = [
  "2026-01-01",
  "2026-01-02",
  "2026-02-16",
  "2026-02-17",
  "2026-02-18",
  "2026-02-19",
  "2026-02-20",
  "2026-04-27",
  "2026-04-30",
  "2026-05-01",
  "2026-09-01",
  "2026-09-02",
  "2026-11-24",
];
const HOLIDAYS_2027_AT_LEAST = [
  "2027-01-01",
  "2027-04-16",
  "2027-04-30",
  "2027-05-03",
  "2027-09-02",
  "2027-11-24",
];

const SERVICES = [
  { code: "TP", name: "Tư pháp – Hộ tịch", averageMinutes: 10, counters: ["1"] },
  { code: "DD", name: "Đất đai – Xây dựng", averageMinutes: 15, counters: ["2"] },
  { code: "XH", name: "Lao động – Thương binh và Xã hội", averageMinutes: 10, counters: ["3"] },
  { code: "VH", name: "Văn hóa – Thông tin", averageMinutes: 10, counters: ["3"] },
];

const PROCEDURES: Array<{ code: string; name: string; service: string; aliases: string[] }> = [
  { code: "KS", name: "Đăng ký khai sinh", service: "TP", aliases: ["khai sinh"] },
  { code: "KT", name: "Đăng ký khai tử", service: "TP", aliases: ["khai tu"] },
  { code: "KH", name: "Đăng ký kết hôn", service: "TP", aliases: ["ket hon"] },
  {
    code: "CT",
    name: "Chứng thực bản sao từ bản chính",
    service: "TP",
    aliases: ["chung thuc ban sao", "sao y"],
  },
  { code: "CK", name: "Chứng thực chữ ký", service: "TP", aliases: ["chung thuc chu ky"] },
  { code: "XN", name: "Xác nhận tình trạng hôn nhân", service: "TP", aliases: ["xac nhan hon nhan"] },
  { code: "HG", name: "Hòa giải tranh chấp đất đai", service: "DD", aliases: ["hoa giai"] },
  {
    code: "XD",
    name: "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    service: "DD",
    aliases: ["giay phep xay dung"],
  },
  { code: "TC", name: "Trợ cấp xã hội hằng tháng", service: "XH", aliases: ["tro cap"] },
];

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

describe("the bundled example office (docs/example-office.md)", () => {
  it("is the commune office of Sơn Tây, in Vietnam's time zone", () => {
    expect(office.version).toBe(2);
    expect(office.office.id).toBe("son-tay");
    // The id a pad without --office assumes, read from no file.
    expect(EXAMPLE_OFFICE_ID).toBe(office.office.id);
    expect(office.office.name).toBe("UBND xã Sơn Tây");
    expect(office.office.timeZone).toBe("Asia/Ho_Chi_Minh");
  });

  it("works Monday to Friday, with the two sessions and their appointment starts", () => {
    expect([...office.calendar.workingWeekdays].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(office.sessions).toEqual([
      { id: "morning", name: expect.any(String), start: "07:30", end: "11:00", appointmentsFrom: "08:00" },
      { id: "afternoon", name: expect.any(String), start: "13:30", end: "17:00", appointmentsFrom: "14:00" },
    ]);
  });

  it.each(HOLIDAYS_2026)("closes on the 2026 holiday %s", (date) => {
    expect(office.calendar.holidays).toContain(date);
  });

  it("lists no other 2026 weekday holiday", () => {
    const weekdayHolidays2026 = office.calendar.holidays
      .filter((d) => d.startsWith("2026-") && isoWeekday(d) <= 5)
      .sort();
    expect(weekdayHolidays2026).toEqual(HOLIDAYS_2026);
  });

  it("every 2026 holiday listed in the spec is a weekday (a check of this test's table)", () => {
    for (const d of HOLIDAYS_2026) expect(isoWeekday(d), d).toBeLessThanOrEqual(5);
  });

  it.each(HOLIDAYS_2027_AT_LEAST)("closes on the 2027 holiday %s", (date) => {
    expect(office.calendar.holidays).toContain(date);
  });

  it("works on the make-up Saturday 2026-01-10", () => {
    expect(isoWeekday("2026-01-10")).toBe(6);
    expect(office.calendar.makeUpWorkingDays).toContain("2026-01-10");
    expect(office.calendar.holidays).not.toContain("2026-01-10");
  });

  it("has counters 1, 2 and 3", () => {
    expect(office.counters.map((c) => c.id)).toEqual(["1", "2", "3"]);
  });

  it("has exactly the four services, with their names, average minutes and counters", () => {
    expect(office.services).toHaveLength(SERVICES.length);
    for (const expected of SERVICES) {
      const service = office.services.find((s) => s.code === expected.code);
      expect(service, expected.code).toBeDefined();
      expect(service).toMatchObject(expected);
      expect(service?.counters).toEqual(expected.counters);
    }
  });

  it("writes service names with diacritics and an en dash", () => {
    const tp = office.services.find((s) => s.code === "TP");
    expect(tp?.name).toContain("\u2013");
    expect(tp?.name).not.toContain("-");
    expect(tp?.name.normalize("NFC")).toBe(tp?.name);
  });

  it("has exactly the nine procedures, each with its name, service and short names", () => {
    expect(office.procedures.map((p) => p.code).sort()).toEqual(PROCEDURES.map((p) => p.code).sort());
    for (const expected of PROCEDURES) {
      const procedure = office.procedures.find((p) => p.code === expected.code);
      expect(procedure, expected.code).toBeDefined();
      expect(procedure?.name).toBe(expected.name);
      expect(procedure?.service).toBe(expected.service);
      for (const alias of expected.aliases) expect(procedure?.aliases, expected.code).toContain(alias);
    }
  });

  it("has every rule at its RULES.md default", () => {
    expect(office.rules).toMatchObject({
      travelBufferMinutes: 60,
      appointmentShare: 0.5,
      graceMinutes: 10,
      maxNoShows: 3,
      maxActiveBookingsPerDay: 2,
      bookingWindowDays: 14,
      bookingsAnyHour: false,
      replyWithDiacritics: false,
      flood: { maxMessages: 10, windowMinutes: 10 },
      pastDateDays: 60,
    });
  });

  it("has the dossier settings of EXAMPLE-OFFICE.md", () => {
    expect(office.dossiers).toMatchObject({
      unitCode: "H30.99.01",
      workingHours: [
        { start: "07:30", end: "11:30" },
        { start: "13:30", end: "17:30" },
      ],
      lateReceiptFrom: "15:00",
      smsNotices: true,
      warningShare: 0.8,
      handoverCall: { inNetworkPrice: 1190, otherNetworkPrice: 1390 },
    });
  });

  it("has exactly the ten officers, with their names, phones, roles and services", () => {
    const all = ["TP", "DD", "XH", "VH"];
    expect(office.officers).toEqual([
      { id: "tn-1", name: "Lê Thị Hoa", phone: "0912000101", roles: ["reception"], services: ["TP"] },
      {
        id: "tn-2",
        name: "Bùi Văn Hải",
        phone: "0912000102",
        roles: ["reception"],
        services: ["DD", "XH", "VH"],
      },
      { id: "ld-tp", name: "Trần Văn Bình", phone: "0912000103", roles: ["leader"], services: ["TP"] },
      { id: "cv-tp", name: "Nguyễn Thị Lan", phone: "0912000104", roles: ["specialist"], services: ["TP"] },
      { id: "ld-dd", name: "Phạm Văn Cường", phone: "0912000105", roles: ["leader"], services: ["DD"] },
      { id: "cv-dd", name: "Hoàng Văn Dũng", phone: "0912000106", roles: ["specialist"], services: ["DD"] },
      { id: "ld-xh", name: "Đỗ Thị Hằng", phone: "0912000107", roles: ["leader"], services: ["XH", "VH"] },
      {
        id: "cv-xh",
        name: "Ngô Văn Khoa",
        phone: "0912000108",
        roles: ["specialist"],
        services: ["XH", "VH"],
      },
      { id: "ct", name: "Đặng Văn Minh", phone: "0912000109", roles: ["head"], services: all },
      { id: "vt", name: "Vũ Thị Ngọc", phone: "0912000110", roles: ["clerk"], services: all },
    ]);
  });

  it("has processes A–D: receipt and hand-over uncounted, the counted steps with their roles and hours", () => {
    const shape = office.processes.map((p) => ({
      procedures: p.procedures,
      legalDays: p.legalDays,
      first: p.steps[0] && { role: p.steps[0].role, counted: p.steps[0].counted },
      last: p.steps.at(-1) && { role: p.steps.at(-1)?.role, counted: p.steps.at(-1)?.counted },
      counted: p.steps.filter((s) => s.counted).map((s) => `${s.role} ${s.hours}`),
    }));
    const ends = {
      first: { role: "reception", counted: false },
      last: { role: "reception", counted: false },
    };
    expect(shape).toEqual([
      {
        procedures: ["KS", "KT", "KH", "CT", "CK"],
        legalDays: 1,
        ...ends,
        counted: ["specialist 4", "head 2", "clerk 1", "reception 1"],
      },
      {
        procedures: ["XN"],
        legalDays: 3,
        ...ends,
        counted: ["leader 1", "specialist 16", "leader 2", "head 3", "clerk 1", "reception 1"],
      },
      {
        procedures: ["XD"],
        legalDays: 15,
        ...ends,
        counted: ["leader 4", "specialist 80", "leader 8", "head 16", "clerk 4", "reception 8"],
      },
      {
        procedures: ["HG", "TC"],
        legalDays: 10,
        ...ends,
        counted: ["leader 4", "specialist 56", "leader 4", "head 8", "clerk 4", "reception 4"],
      },
    ]);
  });
});
