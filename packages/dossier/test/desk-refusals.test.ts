import { loadOfficeConfig } from "@motcua/config";
import type { SimEvent } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { iso, Office } from "./desk-office.js";

const CODE = "H30.99.01-261207-0001";

/** The desk's whole visible state: every record and every officer's tasks. */
function snapshot(office: Office) {
  const officers = office.config.officers.map((o) => o.id);
  return structuredClone({
    records: [...office.desk.records()],
    tasks: officers.map((o) => office.desk.tasksOf(o)),
    next: office.desk.nextTimerAt(),
  });
}

/** Expects the input refused with `reason`: one `action_refused`, nothing else changed. */
function refused(office: Office, local: string, line: Parameters<Office["input"]>[1], reason: string): void {
  office.advance(local);
  const before = snapshot(office);
  const { events, refused } = office.input(local, line);
  expect(refused).toMatch(new RegExp(`^${line.type} refused \\(${reason}\\): `));
  const expected: SimEvent = {
    at: iso(local),
    type: "action_refused",
    action: line.type,
    reason: reason as never,
    ...("officer" in line && line.officer !== undefined ? { officer: line.officer } : {}),
  };
  expect(events).toEqual([expected]);
  expect(snapshot(office)).toEqual(before);
}

function received(): Office {
  const office = new Office();
  office.receive("2026-12-07 09:00");
  return office;
}

describe("refused inputs change nothing", () => {
  it("dossier_receive: an unknown officer, not reception of the service, an unknown procedure or one without a process", () => {
    const office = new Office();
    const line = {
      type: "dossier_receive",
      officer: "tn-1",
      procedure: "KS",
      name: "Nguyễn Văn An",
    } as const;
    refused(office, "2026-12-07 09:00", { ...line, officer: "nobody" }, "not_allowed");
    refused(office, "2026-12-07 09:00", { ...line, officer: "tn-2" }, "not_allowed");
    refused(office, "2026-12-07 09:00", { ...line, officer: "cv-tp" }, "not_allowed");
    refused(office, "2026-12-07 09:00", { ...line, procedure: "ZZ" }, "invalid");
    const config = loadOfficeConfig();
    const withoutA = new Office({ ...config, processes: config.processes.filter((p) => p.id !== "A") });
    refused(withoutA, "2026-12-07 09:00", line, "invalid");
    // A refused receipt takes no sequence number.
    expect(office.receive("2026-12-07 09:01")).toBe(CODE);
  });

  it("step_done: an unknown code, not the step's officer, a paused dossier, a finished one", () => {
    const office = received();
    refused(
      office,
      "2026-12-07 09:10",
      { type: "step_done", code: "261207-0002", officer: "cv-tp" },
      "not_found",
    );
    refused(
      office,
      "2026-12-07 09:10",
      { type: "step_done", code: "H99.00.00-261207-0001", officer: "cv-tp" },
      "not_found",
    );
    refused(office, "2026-12-07 09:10", { type: "step_done", code: CODE, officer: "ct" }, "not_allowed");
    refused(office, "2026-12-07 09:10", { type: "step_done", code: CODE, officer: "ld-tp" }, "not_allowed");
    refused(office, "2026-12-07 09:10", { type: "step_done", code: CODE, officer: "ghost" }, "not_allowed");
    office.do("2026-12-07 09:20", { type: "dossier_supplement", code: CODE, officer: "cv-tp" });
    refused(office, "2026-12-07 09:30", { type: "step_done", code: CODE, officer: "cv-tp" }, "not_allowed");
    office.do("2026-12-07 09:40", { type: "dossier_supplied", code: CODE });
    for (const [who, t] of [
      ["cv-tp", "2026-12-07 10:00"],
      ["ct", "2026-12-07 10:10"],
      ["vt", "2026-12-07 10:20"],
      ["tn-1", "2026-12-07 10:30"],
    ] as const)
      expect(office.input(t, { type: "step_done", code: CODE, officer: who }).refused).toBeUndefined();
    refused(office, "2026-12-07 10:40", { type: "step_done", code: CODE, officer: "tn-1" }, "not_allowed");
  });

  it("dossier_supplement: neither the step's officer nor a leader of the service, or not in progress", () => {
    const office = received();
    refused(
      office,
      "2026-12-07 09:10",
      { type: "dossier_supplement", code: CODE, officer: "vt" },
      "not_allowed",
    );
    refused(
      office,
      "2026-12-07 09:10",
      { type: "dossier_supplement", code: CODE, officer: "ld-dd" },
      "not_allowed",
    );
    refused(
      office,
      "2026-12-07 09:10",
      { type: "dossier_supplement", code: "261207-0009", officer: "cv-tp" },
      "not_found",
    );
    expect(
      office.input("2026-12-07 09:20", { type: "dossier_supplement", code: CODE, officer: "ld-tp" }).refused,
    ).toBeUndefined();
    refused(
      office,
      "2026-12-07 09:30",
      { type: "dossier_supplement", code: CODE, officer: "cv-tp" },
      "not_allowed",
    );
  });

  it("dossier_supplied: not paused, or by an officer who is not reception of the service", () => {
    const office = received();
    refused(office, "2026-12-07 09:10", { type: "dossier_supplied", code: CODE }, "not_allowed");
    office.do("2026-12-07 09:20", { type: "dossier_supplement", code: CODE, officer: "cv-tp" });
    refused(
      office,
      "2026-12-07 09:30",
      { type: "dossier_supplied", code: CODE, officer: "cv-tp" },
      "not_allowed",
    );
    refused(
      office,
      "2026-12-07 09:30",
      { type: "dossier_supplied", code: CODE, officer: "tn-2" },
      "not_allowed",
    );
    expect(
      office.input("2026-12-07 09:40", { type: "dossier_supplied", code: CODE, officer: "tn-1" }).refused,
    ).toBeUndefined();
  });

  it("apology_approved: not a leader of the service, not late, a new date in the past, already ready", () => {
    const office = received();
    const line = {
      type: "apology_approved",
      code: CODE,
      officer: "ld-tp",
      newDue: iso("2026-12-10 17:30"),
    } as const;
    refused(office, "2026-12-07 09:10", line, "not_allowed");
    office.advance("2026-12-08 10:00");
    refused(office, "2026-12-08 10:00", { ...line, officer: "ld-dd" }, "not_allowed");
    refused(office, "2026-12-08 10:00", { ...line, officer: "cv-tp" }, "not_allowed");
    refused(office, "2026-12-08 10:00", { ...line, newDue: iso("2026-12-08 09:00") }, "invalid");
  });

  it("dossier_returned: before the result is ready, or not by reception of the service", () => {
    const office = received();
    refused(
      office,
      "2026-12-07 09:10",
      { type: "dossier_returned", code: CODE, officer: "tn-1" },
      "not_allowed",
    );
    for (const [who, t] of [
      ["cv-tp", "2026-12-07 10:00"],
      ["ct", "2026-12-07 10:10"],
      ["vt", "2026-12-07 10:20"],
      ["tn-1", "2026-12-07 10:30"],
    ] as const)
      office.do(t, { type: "step_done", code: CODE, officer: who });
    refused(
      office,
      "2026-12-07 11:00",
      { type: "dossier_returned", code: CODE, officer: "tn-2" },
      "not_allowed",
    );
    refused(
      office,
      "2026-12-07 11:00",
      { type: "dossier_returned", code: CODE, officer: "ld-tp" },
      "not_allowed",
    );
    expect(office.do("2026-12-07 11:00", { type: "dossier_returned", code: CODE, officer: "tn-1" })).toEqual([
      { at: iso("2026-12-07 11:00"), type: "dossier_returned", code: CODE, officer: "tn-1" },
    ]);
    refused(
      office,
      "2026-12-07 11:10",
      { type: "dossier_returned", code: CODE, officer: "tn-1" },
      "not_allowed",
    );
  });

  it("step_reassign: not a leader of the service, an unknown officer, one without the step's role, the holder", () => {
    const office = received();
    const line = { type: "step_reassign", code: CODE, officer: "ld-tp", to: "cv-tp" } as const;
    refused(office, "2026-12-07 09:10", { ...line, officer: "cv-tp" }, "not_allowed");
    refused(office, "2026-12-07 09:10", { ...line, officer: "ld-dd" }, "not_allowed");
    refused(office, "2026-12-07 09:10", { ...line, to: "nobody" }, "not_found");
    refused(office, "2026-12-07 09:10", { ...line, to: "vt" }, "invalid");
    refused(office, "2026-12-07 09:10", { ...line, to: "cv-dd" }, "invalid");
    refused(office, "2026-12-07 09:10", line, "invalid");
  });
});
