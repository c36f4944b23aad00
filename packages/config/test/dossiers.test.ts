import { describe, expect, it } from "vitest";
import { parseOfficeConfig } from "../src/index.js";
import { problemsOf } from "./fixtures/problems.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests break the document on purpose.
type Loose = any;

/** A small office with one process whose every step has an officer. */
function office(): Record<string, Loose> {
  return {
    version: 2,
    office: { id: "thu-nghiem", name: "UBND xã Thử Nghiệm", timeZone: "Asia/Ho_Chi_Minh" },
    calendar: {},
    sessions: [{ id: "morning", name: "Sáng", start: "07:30", end: "11:00", appointmentsFrom: "08:00" }],
    counters: [{ id: "1" }],
    services: [{ code: "TP", name: "Tư pháp", averageMinutes: 10, counters: ["1"] }],
    procedures: [
      { code: "KS", name: "Đăng ký khai sinh", service: "TP" },
      { code: "KT", name: "Đăng ký khai tử", service: "TP" },
    ],
    officers: [
      { id: "tn", name: "Lê Thị Hoa", phone: "0912000101", roles: ["reception"], services: ["TP"] },
      { id: "cv", name: "Nguyễn Thị Lan", phone: "0912000104", roles: ["specialist"], services: ["TP"] },
    ],
    processes: [
      {
        id: "A",
        procedures: ["KS"],
        legalDays: 1,
        steps: [
          { name: "Tiếp nhận", role: "reception", counted: false },
          { name: "Thẩm định", role: "specialist", hours: 6 },
          { name: "Trả kết quả", role: "reception", hours: 2 },
          { name: "Trao kết quả", role: "reception", counted: false },
        ],
      },
    ],
  };
}

const parse = (doc: Record<string, Loose>) => () => parseOfficeConfig(doc, "test.yaml");
const messages = (doc: Record<string, Loose>) => problemsOf(parse(doc)).map((p) => `${p.path}: ${p.message}`);

describe("the dossier sections of the office file", () => {
  it("accepts an office whose counted budgets fill exactly its legal limit", () => {
    const config = parseOfficeConfig(office(), "test.yaml");
    expect(config.processes[0]?.steps.map((s) => s.counted)).toEqual([false, true, true, false]);
    expect(config.dossiers.lateReceiptFrom).toBe("15:00");
  });

  it("an office without dossier sections has none, and the working hours of the contract", () => {
    const doc = office();
    delete doc.officers;
    delete doc.processes;
    const config = parseOfficeConfig(doc, "test.yaml");
    expect(config.officers).toEqual([]);
    expect(config.dossiers.workingHours).toEqual([
      { start: "07:30", end: "11:30" },
      { start: "13:30", end: "17:30" },
    ]);
  });

  it("refuses a process whose counted steps exceed the legal limit, naming the procedure", () => {
    const doc = office();
    doc.processes[0].steps[1].hours = 7;
    expect(messages(doc)).toEqual([
      "processes[0].steps: procedure KS: the counted steps take 9 working hours, more than the legal limit of 1 working day(s) (8 h)",
    ]);
  });

  it("refuses a step no officer could be given", () => {
    const doc = office();
    doc.processes[0].steps[1].hours = 5.5;
    doc.processes[0].steps.splice(2, 0, { name: "Ký", role: "head", hours: 0.5 });
    expect(messages(doc)).toEqual([
      "processes[0].steps[2].role: procedure KS: no officer is head of service TP, so this step could never be given",
    ]);
  });

  it("refuses an uncounted step in the middle, an uncounted step not reception's, a counted step without hours", () => {
    const doc = office();
    doc.processes[0].steps[1].counted = false;
    doc.processes[0].steps[2].hours = undefined;
    expect(messages(doc)).toEqual(
      expect.arrayContaining([
        "processes[0].steps[1].counted: only the first step (the receipt) and the last (handing over) may be uncounted",
        "processes[0].steps[1].role: an uncounted step is reception's (the receipt or handing over)",
        "processes[0].steps[2].hours: a counted step needs its budget in working hours",
      ]),
    );
  });

  it("refuses a procedure in two processes, an unknown procedure, an unknown service of an officer", () => {
    const doc = office();
    doc.processes.push({ ...doc.processes[0], id: "B", procedures: ["KS", "XX"] });
    doc.officers[1].services = ["TP", "DD"];
    expect(messages(doc)).toEqual(
      expect.arrayContaining([
        'processes[1].procedures[0]: procedure "KS" is in process "A" already',
        'processes[1].procedures[1]: procedure "XX" is not in procedures',
        'officers[1].services[1]: service "DD" is not in services',
      ]),
    );
  });

  it("refuses two officers with one phone, written two ways: an XONG must name one person", () => {
    const doc = office();
    doc.officers[1].phone = "+84912000101";
    expect(messages(doc)).toEqual(['officers[1].phone: phone +84912000101 is officer "tn"\'s too']);
  });

  it("refuses working hours out of order, a warning share of 100 %, a misspelt setting", () => {
    const doc = office();
    doc.dossiers = {
      workingHours: [
        { start: "13:30", end: "17:30" },
        { start: "07:30", end: "11:30" },
      ],
      warningShare: 1,
      smsNotice: false,
    };
    expect(messages(doc).map((m) => m.split(":")[0])).toEqual(
      expect.arrayContaining(["dossiers.warningShare", "dossiers.smsNotice"]),
    );
    doc.dossiers = { workingHours: doc.dossiers.workingHours };
    expect(messages(doc)).toEqual([
      "dossiers.workingHours[1]: working periods must be in order and not overlap",
    ]);
  });
});
