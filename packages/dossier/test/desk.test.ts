import { simEvent, staffNotice, staffTasks } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { DossierDesk } from "../src/desk.js";
import { iso, Office, ofType, smsTo } from "./desk-office.js";

const CITIZEN = "+84987654321";

describe("a dossier walks through its steps", () => {
  it("receives, tells each officer, and tells the citizen the result is ready", () => {
    const office = new Office();
    const received = office.input("2026-12-07 09:00", {
      type: "dossier_receive",
      officer: "tn-1",
      procedure: "KS",
      name: "Nguyễn Văn An",
      phone: "0987654321",
      counter: "1",
    });
    expect(received.refused).toBeUndefined();
    expect(received.events.map((e) => e.type)).toEqual([
      "dossier_received",
      "step_started",
      "sms_out",
      "sms_out",
    ]);
    const [dossier, started] = received.events;
    expect(dossier).toMatchObject({
      type: "dossier_received",
      code: "H30.99.01-261207-0001",
      procedure: "KS",
      service: "TP",
      phone: "0987654321",
      countFrom: iso("2026-12-07 09:00"),
      due: iso("2026-12-08 09:00"),
      officer: "tn-1",
      counter: "1",
    });
    expect(started).toMatchObject({
      step: 1,
      officer: "cv-tp",
      role: "specialist",
      due: iso("2026-12-07 15:00"),
    });
    const citizen = smsTo(received.events, CITIZEN);
    expect(citizen).toHaveLength(1);
    expect(citizen[0]).toContain("TT 261207-0001");
    expect(citizen[0]).toContain("09:00 08/12/2026");
    const code = "H30.99.01-261207-0001";
    expect(DossierDesk.isDossierRef(code)).toBe(true);
    office.xong("2026-12-07 10:00", "0912000104", "261207-0001");
    office.do("2026-12-07 10:30", { type: "step_done", code, officer: "ct" });
    office.do("2026-12-07 11:00", { type: "step_done", code, officer: "vt" });
    const last = office.do("2026-12-07 11:10", { type: "step_done", code, officer: "tn-1" });
    expect(ofType(last, "dossier_result_ready")).toMatchObject([{ status: "early" }]);
    expect(smsTo(last, CITIZEN)[0]).toContain("da co ket qua");
  });
});

describe("the wire contract", () => {
  it("every event, notice and task list of a busy week parses with the protocol's schemas", () => {
    const office = new Office();
    const codes = [
      office.receive("2026-12-07 09:00"),
      office.receive("2026-12-07 09:10", "XN"),
      office.receive("2026-12-07 15:30", "HG", { phone: undefined }),
      office.receive("2026-12-07 16:00", "TC"),
    ];
    const [ks, xn, hg] = codes as [string, string, string];
    office.xong("2026-12-07 10:00", "0912000104", ks);
    office.do("2026-12-07 10:00", { type: "step_done", code: xn, officer: "ld-tp" });
    office.do("2026-12-08 08:00", {
      type: "dossier_supplement",
      code: xn,
      officer: "cv-tp",
      note: "Thiếu tờ khai",
    });
    office.do("2026-12-08 09:00", { type: "dossier_supplied", code: xn, officer: "tn-1" });
    office.advance("2026-12-08 10:00");
    office.do("2026-12-08 10:00", {
      type: "apology_approved",
      code: ks,
      officer: "ld-tp",
      newDue: iso("2026-12-09 17:30"),
    });
    office.do("2026-12-08 10:05", { type: "step_reassign", code: hg, officer: "ld-dd", to: "ld-dd" });
    office.tt("2026-12-08 10:10", "0933333333", xn);
    office.xong("2026-12-08 10:15", "0933333333", xn);
    office.advance("2026-12-31 08:00");
    const types = new Set(office.log.map((e) => e.type));
    expect([...types].sort()).toEqual(
      [
        "action_refused",
        "apology_sent",
        "dossier_late",
        "dossier_paused",
        "dossier_received",
        "dossier_resumed",
        "rejected",
        "sms_out",
        "step_done",
        "step_overdue",
        "step_started",
        "step_warning",
      ].sort(),
    );
    for (const event of office.log) {
      expect(simEvent.parse(event)).toEqual(event);
      for (const { notice } of office.desk.noticesOf(event)) staffNotice.parse(notice);
    }
    for (const officer of office.config.officers) staffTasks.parse(office.desk.tasksOf(officer.id));
  });
});
