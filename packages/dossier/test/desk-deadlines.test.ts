import { describe, expect, it } from "vitest";
import { iso, Office, ofType, smsTo } from "./desk-office.js";

// KS (process A, 1 working day): received Monday 2026-12-07 09:00, step 1 (cv-tp, 4 h) is due at
// 15:00 and warned at 80 % (3 h 12 min of working time: 14:12); the dossier is due Tuesday 09:00.
const CODE = "H30.99.01-261207-0001";
const CV_TP = "+84912000104";
const LD_TP = "+84912000103";

function monday(): Office {
  const office = new Office();
  office.receive("2026-12-07 09:00");
  return office;
}

describe("deadlines", () => {
  it("a step done exactly at its due instant is on time and never told overdue", () => {
    const office = monday();
    const { events } = office.input("2026-12-07 15:00", { type: "step_done", code: CODE, officer: "cv-tp" });
    expect(ofType(events, "step_warning")).toHaveLength(1);
    expect(ofType(events, "step_done")).toMatchObject([{ step: 1, status: "on_time" }]);
    office.advance("2026-12-07 17:00");
    expect(ofType(office.log, "step_overdue")).toEqual([]);
  });

  it("a step done a second after its due instant is late, and was told overdue first", () => {
    const office = monday();
    const { events } = office.input("2026-12-07 15:00:01", {
      type: "step_done",
      code: CODE,
      officer: "cv-tp",
    });
    expect(events.map((e) => e.type).slice(0, 4)).toEqual([
      "step_warning",
      "sms_out",
      "sms_out",
      "step_overdue",
    ]);
    expect(ofType(events, "step_done")).toMatchObject([{ status: "late" }]);
  });

  it("warns at 80 % once and tells overdue once, to the officer and the service's leaders", () => {
    const office = monday();
    office.advance("2026-12-07 17:00");
    const [warning] = ofType(office.log, "step_warning");
    const [overdue] = ofType(office.log, "step_overdue");
    expect(ofType(office.log, "step_warning")).toHaveLength(1);
    expect(ofType(office.log, "step_overdue")).toHaveLength(1);
    expect(warning).toMatchObject({
      at: iso("2026-12-07 14:12"),
      step: 1,
      officer: "cv-tp",
      due: iso("2026-12-07 15:00"),
      notified: ["cv-tp", "ld-tp"],
    });
    expect(overdue).toMatchObject({ at: iso("2026-12-07 15:00"), notified: ["cv-tp", "ld-tp"] });
    // Each person told gets one SMS per notice; the head, clerk and other services' leaders none.
    const told = ofType(office.log, "sms_out").filter((e) => e.at >= iso("2026-12-07 14:12"));
    expect(told.map((e) => e.to)).toEqual([CV_TP, LD_TP, CV_TP, LD_TP]);
    expect(smsTo(told, CV_TP)[0]).toMatch(/^Sap het han: ho so 261207-0001 buoc 1/);
    expect(smsTo(told, CV_TP)[1]).toMatch(/^Qua han: ho so 261207-0001 buoc 1/);
    expect(office.desk.noticesOf(warning as never).map((n) => [n.officer, n.notice.kind])).toEqual([
      ["cv-tp", "warning"],
      ["ld-tp", "warning"],
    ]);
    expect(office.desk.get(CODE)?.steps[0]).toMatchObject({ warned: true, overdue: true });
    expect(office.desk.tasksOf("cv-tp")).toMatchObject([
      { code: CODE, step: 1, state: "overdue", paused: false },
    ]);
  });

  it("a timer's events carry its own time, whatever the input that lets it fire", () => {
    const office = monday();
    const events = office.advance("2026-12-09 08:00");
    expect(events.filter((e) => e.type !== "sms_out").map((e) => [e.type, e.at])).toEqual([
      ["step_warning", iso("2026-12-07 14:12")],
      ["step_overdue", iso("2026-12-07 15:00")],
      ["dossier_late", iso("2026-12-08 09:00")],
    ]);
  });

  it("a step done before its warning stops its timers", () => {
    const office = monday();
    office.do("2026-12-07 10:00", { type: "step_done", code: CODE, officer: "cv-tp" });
    // Step 2 (ct, 2 h from 10:00) would be warned at 11:36; done at 11:00, step 3 (vt, 1 h) starts
    // and is warned after 48 working minutes: 30 before lunch, 18 after, at 13:48.
    office.do("2026-12-07 11:00", { type: "step_done", code: CODE, officer: "ct" });
    office.advance("2026-12-07 14:00");
    expect(ofType(office.log, "step_warning").map((e) => e.step)).toEqual([3]);
    expect(ofType(office.log, "step_warning")[0]).toMatchObject({
      at: iso("2026-12-07 13:48"),
      officer: "vt",
      notified: ["vt", "ld-tp"],
    });
  });

  it("a late dossier asks its leaders for the apology, and the approved new date reaches the citizen and TT", () => {
    const office = monday();
    const late = office.advance("2026-12-08 09:30");
    expect(ofType(late, "dossier_late")).toEqual([
      { at: iso("2026-12-08 09:00"), type: "dossier_late", code: CODE, due: iso("2026-12-08 09:00") },
    ]);
    const [told] = ofType(late, "dossier_late");
    expect(office.desk.noticesOf(told as never)).toEqual([
      {
        officer: "ld-tp",
        notice: { kind: "apology", code: CODE, step: 1, due: iso("2026-12-08 09:00"), at: told?.at },
      },
    ]);
    expect(smsTo(late, LD_TP).at(-1)).toMatch(/qua han tra/);
    expect(office.desk.get(CODE)?.late).toBe(true);

    const approved = office.do("2026-12-08 10:00", {
      type: "apology_approved",
      code: CODE,
      officer: "ld-tp",
      newDue: iso("2026-12-10 17:30"),
    });
    expect(approved[0]).toEqual({
      at: iso("2026-12-08 10:00"),
      type: "apology_sent",
      code: CODE,
      newDue: iso("2026-12-10 17:30"),
      officer: "ld-tp",
    });
    expect(smsTo(approved, "+84987654321")[0]).toMatch(/Hen lai 17:30 10\/12\/2026/);
    const [status] = smsTo(office.tt("2026-12-08 10:05", "0933333333", "261207-0001"), "+84933333333");
    expect(status).toMatch(/hen lai 17:30 10\/12\/2026, da qua han/i);
    // Only once: later inputs fire no second dossier_late.
    office.advance("2026-12-11 10:00");
    expect(ofType(office.log, "dossier_late")).toHaveLength(1);
    // Still classified against the original due instant.
    for (const [who, t] of [
      ["cv-tp", "2026-12-09 08:00"],
      ["ct", "2026-12-09 08:10"],
      ["vt", "2026-12-09 08:20"],
      ["tn-1", "2026-12-09 08:30"],
    ] as const)
      office.do(t, { type: "step_done", code: CODE, officer: who });
    expect(ofType(office.log, "dossier_result_ready")).toMatchObject([{ status: "late" }]);
  });

  it("classifies the result early, on time or late against the due instant's date", () => {
    // Due Tuesday 09:00: ready on Monday is early, on Tuesday by 09:00 on time, after late.
    for (const [ready, status] of [
      ["2026-12-07 16:00", "early"],
      ["2026-12-08 09:00", "on_time"],
      ["2026-12-08 09:01", "late"],
    ] as const) {
      const office = monday();
      office.do("2026-12-07 10:00", { type: "step_done", code: CODE, officer: "cv-tp" });
      office.do("2026-12-07 10:10", { type: "step_done", code: CODE, officer: "ct" });
      office.do("2026-12-07 10:20", { type: "step_done", code: CODE, officer: "vt" });
      const events = office.do(ready, { type: "step_done", code: CODE, officer: "tn-1" });
      expect(ofType(events, "dossier_result_ready")).toMatchObject([{ code: CODE, status }]);
    }
  });
});
