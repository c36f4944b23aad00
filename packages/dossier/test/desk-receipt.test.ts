import { loadOfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { DossierDesk } from "../src/desk.js";
import { smsSegments } from "../src/texts.js";
import { iso, Office, ofType, smsTo } from "./desk-office.js";

const CITIZEN = "+84987654321";

describe("receiving a dossier", () => {
  it("gives the day's codes in order and a new sequence each office day", () => {
    const office = new Office();
    expect(office.receive("2026-12-07 08:00")).toBe("H30.99.01-261207-0001");
    expect(office.receive("2026-12-07 10:00", "HG")).toBe("H30.99.01-261207-0002");
    expect(office.receive("2026-12-08 07:45")).toBe("H30.99.01-261208-0001");
    // A Saturday is dated as received, and counts from Monday.
    const saturday = office.receive("2026-12-12 09:00");
    expect(saturday).toBe("H30.99.01-261212-0001");
    expect(office.desk.get(saturday)?.countFrom).toBe(Date.parse(iso("2026-12-14 07:30")));
  });

  it("counts from the next working day at or after 15:00, from the receipt itself before", () => {
    const office = new Office();
    const early = office.receive("2026-12-07 14:59");
    const late = office.receive("2026-12-07 15:00");
    const [a, b] = [office.desk.get(early), office.desk.get(late)];
    expect(a?.countFrom).toBe(Date.parse(iso("2026-12-07 14:59")));
    // 2 h 31 min on Monday, 4 h on Tuesday morning, 1 h 29 min after lunch.
    expect(a?.due).toBe(Date.parse(iso("2026-12-08 14:59")));
    expect(b?.countFrom).toBe(Date.parse(iso("2026-12-08 07:30")));
    // Eight hours from Tuesday 07:30 end at 17:30, the period's end, not the next morning.
    expect(b?.due).toBe(Date.parse(iso("2026-12-08 17:30")));
    const started = ofType(office.log, "step_started").find((e) => e.code === late);
    expect(started).toMatchObject({ step: 1, officer: "cv-tp", due: iso("2026-12-08 11:30") });
  });

  it("in the lunch break counts from 13:30 of the same day", () => {
    const office = new Office();
    const code = office.receive("2026-12-07 12:00");
    expect(office.desk.get(code)?.countFrom).toBe(Date.parse(iso("2026-12-07 13:30")));
  });

  it("texts the citizen the code, procedure, due date and how to ask, in one segment without diacritics", () => {
    const office = new Office();
    office.receive("2026-12-07 09:00", "XD");
    const [text] = smsTo(office.log, CITIZEN);
    expect(text).toBeDefined();
    expect(text).toMatch(/261207-0001/);
    expect(text).toContain("TT 261207-0001");
    expect(text).toMatch(/\d\d:\d\d \d\d\/12\/2026/);
    expect(text).not.toMatch(/[^\x20-\x7e]/);
    expect(smsSegments(text as string)).toBe(1);
  });

  it("every procedure's receipt fits one segment, the whole code kept where it fits", () => {
    const office = new Office();
    for (const p of office.config.procedures) office.receive("2026-12-07 09:00", p.code);
    const receipts = smsTo(office.log, CITIZEN);
    expect(receipts).toHaveLength(office.config.procedures.length);
    for (const text of receipts) {
      expect(smsSegments(text)).toBe(1);
      expect(text).toMatch(/^(UBND xa Son Tay: )?Da tiep nhan ho so (H30\.99\.01-)?261207-00\d\d /);
    }
    expect(receipts.filter((t) => t.includes("H30.99.01-"))).toHaveLength(receipts.length);
  });

  it("tells the first step's officer by SMS, and nobody else", () => {
    const office = new Office();
    office.receive("2026-12-07 09:00");
    const sent = ofType(office.log, "sms_out").map((e) => e.to);
    expect(sent).toEqual([CITIZEN, "+84912000104"]);
    const [started] = ofType(office.log, "step_started");
    expect(office.desk.noticesOf(started as never)).toEqual([
      {
        officer: "cv-tp",
        notice: {
          kind: "step",
          code: "H30.99.01-261207-0001",
          step: 1,
          due: iso("2026-12-07 15:00"),
          at: iso("2026-12-07 09:00"),
        },
      },
    ]);
  });

  it("without a phone texts no citizen and records phone as empty", () => {
    const office = new Office();
    const { events } = office.input("2026-12-07 09:00", {
      type: "dossier_receive",
      officer: "tn-1",
      procedure: "KS",
      name: "Trần Thị Bình",
    });
    expect(ofType(events, "dossier_received")[0]?.phone).toBe("");
    expect(ofType(events, "sms_out").map((e) => e.to)).toEqual(["+84912000104"]);
  });

  it("without SMS notices tells officers on MQTT only", () => {
    const config = loadOfficeConfig();
    const office = new Office({ ...config, dossiers: { ...config.dossiers, smsNotices: false } });
    const code = office.receive("2026-12-07 09:00");
    expect(ofType(office.log, "sms_out").map((e) => e.to)).toEqual([CITIZEN]);
    expect(office.desk.get(code)?.handovers).toBe(1);
  });

  it("recognises dossier references but not appointment codes or numbers", () => {
    expect(DossierDesk.isDossierRef("H30.99.01-261207-0001")).toBe(true);
    expect(DossierDesk.isDossierRef("h30.99.01-261207-0001")).toBe(true);
    expect(DossierDesk.isDossierRef("261207-0001")).toBe(true);
    expect(DossierDesk.isDossierRef("ABCDEF")).toBe(false);
    expect(DossierDesk.isDossierRef("TP-003")).toBe(false);
    expect(DossierDesk.isDossierRef("261207")).toBe(false);
  });
});
