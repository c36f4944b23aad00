import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { iso, Office, ofType, smsTo } from "./desk-office.js";

// XN (process B, 3 working days; leader 1 h, specialist 16 h, leader 2 h, head 3 h, clerk 1 h,
// reception 1 h), received Monday 2026-12-07 09:00: due Thursday 10/12 09:00. The leader assigns
// at 09:30; the specialist's 16 h then run to Wednesday 09:30.
const CODE = "H30.99.01-261207-0001";
const CITIZEN = "+84987654321";

function assigned(config?: OfficeConfig): Office {
  const office = new Office(config);
  office.receive("2026-12-07 09:00", "XN");
  office.do("2026-12-07 09:30", { type: "step_done", code: CODE, officer: "ld-tp" });
  return office;
}

function resumeMode(): OfficeConfig {
  const config = loadOfficeConfig();
  return { ...config, dossiers: { ...config.dossiers, afterSupplement: "resume" } };
}

describe("supplement", () => {
  it("stops the clock, tells the citizen, and restarts the whole legal time and the step's budget", () => {
    const office = assigned();
    expect(office.desk.get(CODE)?.steps[1]).toMatchObject({
      officer: "cv-tp",
      due: Date.parse(iso("2026-12-09 09:30")),
    });
    const paused = office.do("2026-12-08 10:00", {
      type: "dossier_supplement",
      code: CODE,
      officer: "cv-tp",
      note: "Bổ sung bản sao CCCD",
    });
    expect(paused[0]).toEqual({
      at: iso("2026-12-08 10:00"),
      type: "dossier_paused",
      code: CODE,
      reason: "supplement",
      officer: "cv-tp",
    });
    expect(smsTo(paused, CITIZEN)).toEqual([
      expect.stringMatching(/^Ho so 261207-0001 can bo sung giay to: Bo sung ban sao CCCD\./),
    ]);
    expect(office.desk.tasksOf("cv-tp")).toMatchObject([{ code: CODE, step: 2, paused: true }]);
    expect(smsTo(office.tt("2026-12-08 11:00", "0933333333", "261207-0001"), "+84933333333")[0]).toMatch(
      /tam dung: cho bo sung giay to/,
    );
    // Nothing fires while paused: the warning (Tuesday 16:18) and the due instants pass in silence.
    office.advance("2026-12-11 12:00");
    expect(ofType(office.log, "step_warning")).toEqual([]);
    expect(ofType(office.log, "dossier_late")).toEqual([]);

    // Supplied on Friday at 16:00: after 15:00, so the count starts Monday 07:30.
    const resumed = office.do("2026-12-11 16:00", { type: "dossier_supplied", code: CODE, officer: "tn-1" });
    expect(resumed.slice(0, 2)).toEqual([
      {
        at: iso("2026-12-11 16:00"),
        type: "dossier_resumed",
        code: CODE,
        countFrom: iso("2026-12-14 07:30"),
        due: iso("2026-12-16 17:30"),
      },
      {
        at: iso("2026-12-11 16:00"),
        type: "step_started",
        code: CODE,
        step: 2,
        name: "Thẩm định hồ sơ",
        role: "specialist",
        officer: "cv-tp",
        due: iso("2026-12-15 17:30"),
      },
    ]);
    expect(smsTo(resumed, "+84912000104")).toHaveLength(1);
    office.advance("2026-12-16 08:00");
    expect(ofType(office.log, "step_warning")).toMatchObject([{ at: iso("2026-12-15 14:18") }]);
    expect(ofType(office.log, "step_overdue")).toMatchObject([{ at: iso("2026-12-15 17:30") }]);
  });

  it("after a restart a late dossier has a new due instant: the apology's date is dropped and lateness told anew", () => {
    const office = new Office();
    office.receive("2026-12-07 09:00");
    office.advance("2026-12-08 10:00");
    office.do("2026-12-08 10:00", {
      type: "apology_approved",
      code: CODE,
      officer: "ld-tp",
      newDue: iso("2026-12-10 17:30"),
    });
    office.do("2026-12-08 10:10", { type: "dossier_supplement", code: CODE, officer: "cv-tp" });
    const resumed = office.do("2026-12-08 14:00", { type: "dossier_supplied", code: CODE });
    expect(resumed[0]).toMatchObject({ countFrom: iso("2026-12-08 14:00"), due: iso("2026-12-09 14:00") });
    expect(office.desk.get(CODE)?.late).toBe(false);
    expect(office.desk.get(CODE)?.newDue).toBeUndefined();
    expect(smsTo(office.tt("2026-12-08 14:05", "0933333333", "261207-0001"), "+84933333333")[0]).toMatch(
      /Hen tra 14:00 09\/12\/2026, dung han/,
    );
    office.advance("2026-12-09 15:00");
    expect(ofType(office.log, "dossier_late").map((e) => e.due)).toEqual([
      iso("2026-12-08 09:00"),
      iso("2026-12-09 14:00"),
    ]);
  });

  it("resumes the remaining working time when the office says so", () => {
    const office = assigned(resumeMode());
    office.do("2026-12-08 10:00", { type: "dossier_supplement", code: CODE, officer: "ld-tp" });
    // Left at the pause: the dossier 15 h (to Thursday 09:00), the step 7 h 30 (to Wednesday 09:30).
    const resumed = office.do("2026-12-09 16:00", { type: "dossier_supplied", code: CODE });
    expect(resumed.slice(0, 2)).toMatchObject([
      { type: "dossier_resumed", countFrom: iso("2026-12-10 07:30"), due: iso("2026-12-11 16:30") },
      { type: "step_started", step: 2, officer: "cv-tp", due: iso("2026-12-10 17:00") },
    ]);
    // The warning comes when 80 % of the 16 h are used: 12 h 48, of which 8 h 30 before the pause.
    office.advance("2026-12-10 17:30");
    expect(ofType(office.log, "step_warning")).toMatchObject([{ at: iso("2026-12-10 13:48") }]);
  });

  it("keeps the step's worked hours across the pause for the reports", () => {
    const office = assigned();
    office.do("2026-12-07 10:30", { type: "dossier_supplement", code: CODE, officer: "cv-tp" });
    office.do("2026-12-08 08:00", { type: "dossier_supplied", code: CODE });
    office.do("2026-12-08 09:30", { type: "step_done", code: CODE, officer: "cv-tp" });
    // One hour on Monday, 1 h 30 on Tuesday morning (the count started again at 08:00).
    expect(office.desk.get(CODE)?.steps[1]?.workedMs).toBe(2.5 * 3_600_000);
  });
});

describe("assignment and reassignment", () => {
  function twoSpecialists(): OfficeConfig {
    const config = loadOfficeConfig();
    const second = {
      id: "cv-tp2",
      name: "Lý Văn Tâm",
      phone: "0912000199",
      roles: ["specialist" as const],
      services: ["TP"],
    };
    return { ...config, officers: [...config.officers, second] };
  }

  it("gives a step to the first officer of its role with the fewest open steps", () => {
    const office = new Office(twoSpecialists());
    const a = office.receive("2026-12-07 09:00");
    const b = office.receive("2026-12-07 09:05");
    const c = office.receive("2026-12-07 09:10");
    const officers = ofType(office.log, "step_started").map((e) => [e.code, e.officer]);
    expect(officers).toEqual([
      [a, "cv-tp"],
      [b, "cv-tp2"],
      [c, "cv-tp"],
    ]);
    office.do("2026-12-07 09:20", { type: "step_done", code: b, officer: "cv-tp2" });
    expect(office.desk.tasksOf("cv-tp2")).toEqual([]);
    expect(office.desk.tasksOf("cv-tp").map((t) => t.code)).toEqual([a, c]);
  });

  it("a leader reassigns the current step; only the new officer is told, and its timers follow", () => {
    const office = new Office(twoSpecialists());
    office.receive("2026-12-07 09:00");
    const events = office.do("2026-12-07 10:00", {
      type: "step_reassign",
      code: CODE,
      officer: "ld-tp",
      to: "cv-tp2",
    });
    expect(events[0]).toEqual({
      at: iso("2026-12-07 10:00"),
      type: "step_reassigned",
      code: CODE,
      step: 1,
      from: "cv-tp",
      to: "cv-tp2",
      officer: "ld-tp",
    });
    expect(ofType(events, "sms_out").map((e) => e.to)).toEqual(["+84912000199"]);
    expect(office.desk.noticesOf(events[0] as never)).toEqual([
      {
        officer: "cv-tp2",
        notice: {
          kind: "step",
          code: CODE,
          step: 1,
          due: iso("2026-12-07 15:00"),
          at: iso("2026-12-07 10:00"),
        },
      },
    ]);
    expect(office.desk.tasksOf("cv-tp")).toEqual([]);
    expect(office.desk.tasksOf("cv-tp2")).toMatchObject([{ code: CODE, step: 1 }]);
    expect(
      office.input("2026-12-07 10:30", { type: "step_done", code: CODE, officer: "cv-tp" }).refused,
    ).toMatch(/not_allowed/);
    office.advance("2026-12-07 14:30");
    expect(ofType(office.log, "step_warning")).toMatchObject([
      { officer: "cv-tp2", notified: ["cv-tp2", "ld-tp"] },
    ]);
    expect(office.desk.get(CODE)?.handovers).toBe(2);
  });
});

describe("a live configuration change", () => {
  it("keeps an open dossier's process and due instants; officers and phones follow the new one", () => {
    const office = new Office();
    office.receive("2026-12-07 09:00");
    const before = office.desk.get(CODE);
    const config = loadOfficeConfig();
    const changed: OfficeConfig = {
      ...config,
      processes: config.processes.map((p) =>
        p.id === "A" ? { ...p, steps: p.steps.filter((s) => s.role !== "clerk") } : p,
      ),
      officers: config.officers.map((o) => (o.id === "ct" ? { ...o, phone: "0912000188" } : o)),
    };
    office.desk.useConfig(changed, office.days);
    expect(office.desk.get(CODE)?.due).toBe(before?.due);
    const next = office.do("2026-12-07 10:00", { type: "step_done", code: CODE, officer: "cv-tp" });
    expect(ofType(next, "step_started")[0]).toMatchObject({ step: 2, officer: "ct" });
    expect(ofType(next, "sms_out")[0]?.to).toBe("+84912000188");
    expect(office.desk.get(CODE)?.stepCount).toBe(4);
    office.do("2026-12-07 10:10", { type: "step_done", code: CODE, officer: "ct" });
    expect(ofType(office.log, "step_started").at(-1)).toMatchObject({
      step: 3,
      role: "clerk",
      officer: "vt",
    });
  });
});
