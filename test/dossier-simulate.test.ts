import { beforeAll, describe, expect, it } from "vitest";
import { type SimulatedEvent, simulate } from "./helpers/simulate.js";

// DOSSIERS.md through `motcua simulate`, with the bundled example office: two dossiers walk
// through their steps; every event of the contract's table appears where the contract puts it.

type Line = SimulatedEvent;

// Monday 7 to Friday 11 December 2026: working days of the example office.
const at = (day: number, clock: string) => `2026-12-${String(day).padStart(2, "0")}T${clock}:00+07:00`;
const A = "H30.99.01-261207-0001"; // KS, process A: specialist 4 h · head 2 h · clerk 1 h · reception 1 h
const B = "H30.99.01-261207-0002"; // XN, process B: leader 1 · specialist 16 · leader 2 · head 3 · clerk 1 · reception 1
const CITIZEN = "0912345678";
const OTHER = "0987654321";
const PHONES = {
  "cv-tp": "0912000104",
  ct: "0912000109",
  vt: "0912000110",
  "tn-1": "0912000101",
  "ld-tp": "0912000103",
};

const scenario = [
  {
    at: at(7, "09:00"),
    type: "dossier_receive",
    counter: "1",
    officer: "tn-1",
    procedure: "KS",
    name: "Nguyễn Văn An",
    phone: CITIZEN,
  },
  { at: at(7, "14:20"), type: "tick" },
  { at: at(7, "14:30"), type: "sms", from: PHONES.ct, text: "XONG 261207-0001" },
  { at: at(7, "14:40"), type: "sms", from: PHONES["cv-tp"], text: "xong 261207-0001" },
  { at: at(7, "14:45"), type: "sms", from: OTHER, text: "TT 261207-0001" },
  {
    at: at(7, "15:10"),
    type: "dossier_receive",
    counter: "1",
    officer: "tn-1",
    procedure: "XN",
    name: "Trần Thị Bích",
    phone: "0911111111",
  },
  {
    at: at(7, "15:11"),
    type: "dossier_receive",
    counter: "2",
    officer: "tn-2",
    procedure: "HG",
    name: "Lê Văn C",
    phone: "0922222222",
  },
  { at: at(7, "16:40"), type: "step_done", code: A, officer: "ct" },
  { at: at(7, "17:31"), type: "tick" },
  { at: at(8, "08:00"), type: "step_done", code: A, officer: "vt" },
  { at: at(8, "08:05"), type: "dossier_supplement", code: B, officer: "ld-tp", note: "Bổ sung bản sao CCCD" },
  { at: at(8, "08:06"), type: "step_done", code: B, officer: "ld-tp" },
  { at: at(8, "08:30"), type: "step_done", code: A, officer: "tn-1" },
  { at: at(8, "10:00"), type: "dossier_supplied", code: B },
  { at: at(8, "10:05"), type: "dossier_returned", code: A, officer: "tn-1" },
  { at: at(8, "10:06"), type: "step_reassign", code: B, officer: "cv-tp", to: "ld-tp" },
  { at: at(8, "10:30"), type: "step_done", code: B, officer: "ld-tp" },
  { at: at(11, "10:00"), type: "tick" },
  {
    at: at(11, "10:10"),
    type: "apology_approved",
    code: B,
    officer: "ld-tp",
    newDue: "2026-12-15T17:30:00+07:00",
  },
  { at: at(11, "10:15"), type: "sms", from: OTHER, text: "TT 261207-0002" },
  { at: at(11, "10:20"), type: "step_done", code: "H30.99.01-261207-0099", officer: "cv-tp" },
];

// The hub writes to the modem in international form (+84…); the scenario names phones as people do.
const local = (phone: string) => phone.replace(/^\+84/, "0");

describe("dossier tracking through simulate (DOSSIERS.md)", () => {
  let events: Line[];
  const of = (type: string, code?: string) =>
    events.filter((e) => e.type === type && (code === undefined || e.code === code));
  const smsTo = (to: string, from: string, until?: string) =>
    events.filter(
      (e) =>
        e.type === "sms_out" &&
        local(String(e.to)) === to &&
        e.at >= from &&
        (until === undefined || e.at <= until),
    );

  beforeAll(() => {
    const run = simulate(scenario);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    events = run.events;
  }, 60_000);

  it("receives a dossier: its code, count start and due instant, the first step, the citizen and the officer told", () => {
    expect(of("dossier_received", A)).toEqual([
      expect.objectContaining({
        at: at(7, "09:00"),
        procedure: "KS",
        service: "TP",
        name: "Nguyễn Văn An",
        phone: CITIZEN,
        countFrom: at(7, "09:00"),
        // One working day of 8 h: 09:00–11:30 and 13:30–17:30 make 6.5 h, then 1.5 h on Tuesday.
        due: at(8, "09:00"),
      }),
    ]);
    expect(of("step_started", A)[0]).toMatchObject({
      at: at(7, "09:00"),
      step: 1,
      role: "specialist",
      officer: "cv-tp",
      due: at(7, "15:00"),
    });
    const receipt = smsTo(CITIZEN, at(7, "09:00"), at(7, "09:00"));
    expect(receipt).toHaveLength(1);
    expect(String(receipt[0]?.text)).toContain("261207-0001");
    expect(smsTo(PHONES["cv-tp"], at(7, "09:00"), at(7, "09:00"))).toHaveLength(1);
  });

  it("warns the step's officer and the service's leader once at 80 % of the budget", () => {
    // Each step of A is warned once: 80 % of its own budget from its own start.
    expect(of("step_warning", A).map((e) => [e.step, e.at])).toEqual([
      [1, at(7, "14:12")],
      [2, at(7, "16:16")],
      [3, at(7, "17:28")],
    ]);
    // 80 % of 4 h from 09:00: 2.5 h to 11:30, then 42 minutes after 13:30.
    expect(of("step_warning", A).filter((e) => e.step === 1)).toEqual([
      expect.objectContaining({
        at: at(7, "14:12"),
        step: 1,
        officer: "cv-tp",
        due: at(7, "15:00"),
        notified: ["cv-tp", "ld-tp"],
      }),
    ]);
  });

  it("refuses XONG from a phone that does not hold the step, and changes nothing", () => {
    expect(events.filter((e) => e.type === "rejected" && e.at === at(7, "14:30"))).toEqual([
      expect.objectContaining({ from: PHONES.ct, reason: "not_allowed" }),
    ]);
    expect(smsTo(PHONES.ct, at(7, "14:30"), at(7, "14:30"))).toHaveLength(1);
    expect(
      events.filter((e) => e.at === at(7, "14:30") && e.type !== "rejected" && e.type !== "sms_out"),
    ).toEqual([]);
  });

  it("finishes a step by XONG from its officer's phone, starts the next and names who was told", () => {
    expect(of("step_done", A)[0]).toMatchObject({
      at: at(7, "14:40"),
      step: 1,
      officer: "cv-tp",
      status: "on_time",
    });
    expect(of("step_started", A)[1]).toMatchObject({
      at: at(7, "14:40"),
      step: 2,
      role: "head",
      officer: "ct",
      due: at(7, "16:40"),
    });
    const reply = smsTo(PHONES["cv-tp"], at(7, "14:40"), at(7, "14:40"));
    expect(reply).toHaveLength(1);
    expect(String(reply[0]?.text)).toMatch(/Dang Van Minh|Đặng Văn Minh/);
    expect(smsTo(PHONES.ct, at(7, "14:40"), at(7, "14:40"))).toHaveLength(1);
  });

  it("answers TT from any phone with the stage and due date, without personal data", () => {
    const reply = smsTo(OTHER, at(7, "14:45"), at(7, "14:45"));
    expect(reply).toHaveLength(1);
    const text = String(reply[0]?.text);
    expect(text).toMatch(/09:00/);
    expect(text).toMatch(/08\/12/);
    expect(text).not.toMatch(/An\b|Nguyen|Nguyễn|0912345678/);
  });

  it("counts a dossier received at or after 15:00 from the next working day", () => {
    expect(of("dossier_received", B)[0]).toMatchObject({ countFrom: at(8, "07:30"), due: at(10, "17:30") });
    expect(of("step_started", B)[0]).toMatchObject({
      step: 1,
      role: "leader",
      officer: "ld-tp",
      due: at(8, "08:30"),
    });
    // The day's sequence goes on across reception officers and counters.
    expect(of("dossier_received", "H30.99.01-261207-0003")).toHaveLength(1);
  });

  it("a step done exactly at its due instant is on time and never told overdue", () => {
    expect(of("step_done", A)[1]).toMatchObject({
      at: at(7, "16:40"),
      step: 2,
      officer: "ct",
      status: "on_time",
    });
    expect(of("step_overdue", A).filter((e) => e.step === 2)).toEqual([]);
  });

  it("a step's budget goes on the next morning, and passing it tells the officer and the leader once", () => {
    // 1 h from 16:40: 50 minutes to 17:30, then 10 minutes after 07:30 on Tuesday.
    expect(of("step_started", A)[2]).toMatchObject({
      step: 3,
      role: "clerk",
      officer: "vt",
      due: at(8, "07:40"),
    });
    expect(of("step_overdue", A)).toEqual([
      expect.objectContaining({ at: at(8, "07:40"), step: 3, officer: "vt", notified: ["vt", "ld-tp"] }),
    ]);
    expect(smsTo(PHONES.vt, at(8, "07:40"), at(8, "07:40"))).toHaveLength(1);
    expect(smsTo(PHONES["ld-tp"], at(8, "07:40"), at(8, "07:40"))).toHaveLength(1);
    expect(of("step_done", A)[2]).toMatchObject({ at: at(8, "08:00"), step: 3, status: "late" });
  });

  it("the last step done makes the result ready, classified against the due instant, and the citizen told", () => {
    expect(of("step_started", A)[3]).toMatchObject({
      step: 4,
      role: "reception",
      officer: "tn-1",
      due: at(8, "09:00"),
    });
    expect(of("dossier_result_ready", A)).toEqual([
      expect.objectContaining({ at: at(8, "08:30"), status: "on_time" }),
    ]);
    expect(smsTo(CITIZEN, at(8, "08:30"), at(8, "08:30"))).toHaveLength(1);
    expect(of("dossier_returned", A)).toEqual([expect.objectContaining({ at: at(8, "10:05") })]);
    expect(of("dossier_late", A)).toEqual([]);
  });

  it("a supplement stops the clock; a step cannot be done meanwhile; receipt restarts the whole legal time", () => {
    expect(of("dossier_paused", B)).toEqual([
      expect.objectContaining({ at: at(8, "08:05"), reason: "supplement" }),
    ]);
    expect(smsTo("0911111111", at(8, "08:05"), at(8, "08:05"))).toHaveLength(1);
    expect(events.filter((e) => e.type === "action_refused" && e.at === at(8, "08:06"))).toEqual([
      expect.objectContaining({ action: "step_done", reason: "not_allowed" }),
    ]);
    // Three working days of 8 h again from 10:00 Tuesday: 5.5 h Tuesday, 16 h Wednesday–Thursday,
    // 2.5 h Friday from 07:30.
    expect(of("dossier_resumed", B)).toEqual([
      expect.objectContaining({ at: at(8, "10:00"), countFrom: at(8, "10:00"), due: at(11, "10:00") }),
    ]);
    // No warning or overdue of the paused clock's old deadline.
    expect(of("step_overdue", B).filter((e) => e.at === at(8, "08:30"))).toEqual([]);
  });

  it("only a leader of the service reassigns a step", () => {
    expect(events.filter((e) => e.type === "action_refused" && e.at === at(8, "10:06"))).toEqual([
      expect.objectContaining({ action: "step_reassign", reason: "not_allowed", officer: "cv-tp" }),
    ]);
    expect(of("step_reassigned", B)).toEqual([]);
  });

  it("a dossier that passes its due instant is late; the leader's apology gives the citizen a new date", () => {
    expect(of("dossier_late", B)).toEqual([
      expect.objectContaining({ at: at(11, "10:00"), due: at(11, "10:00") }),
    ]);
    expect(of("apology_sent", B)).toEqual([
      expect.objectContaining({ at: at(11, "10:10"), newDue: "2026-12-15T17:30:00+07:00" }),
    ]);
    expect(smsTo("0911111111", at(11, "10:10"), at(11, "10:10"))).toHaveLength(1);
    const tt = smsTo(OTHER, at(11, "10:15"), at(11, "10:15"));
    expect(String(tt[0]?.text)).toMatch(/15\/12/);
  });

  it("an unknown dossier code is not_found", () => {
    expect(events.filter((e) => e.type === "action_refused" && e.at === at(11, "10:20"))).toEqual([
      expect.objectContaining({ action: "step_done", reason: "not_found" }),
    ]);
  });

  it("every event carries a valid time and the dossier events are the contract's", () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "dossier_received",
      "step_started",
      "step_done",
      "step_warning",
      "step_overdue",
      "dossier_paused",
      "dossier_resumed",
      "dossier_late",
      "apology_sent",
      "dossier_result_ready",
      "dossier_returned",
      "rejected",
      "action_refused",
    ])
      expect(types).toContain(type);
  });
});
