import { describe, expect, it } from "vitest";
import { smsSegments } from "../src/texts.js";
import { iso, Office, ofType, smsTo } from "./desk-office.js";

const CODE = "H30.99.01-261207-0001";

function received(): Office {
  const office = new Office();
  office.receive("2026-12-07 09:00");
  return office;
}

function snapshot(office: Office) {
  return structuredClone({
    records: [...office.desk.records()],
    tasks: office.config.officers.map((o) => office.desk.tasksOf(o.id)),
  });
}

describe("XONG", () => {
  it("from the step officer's phone, in any form, finishes the step and names the next officer told", () => {
    const office = received();
    const events = office.xong("2026-12-07 10:00", "+84 912 000 104", "h30.99.01-261207-0001");
    expect(events.map((e) => e.type)).toEqual(["step_done", "step_started", "sms_out", "sms_out"]);
    expect(events[0]).toMatchObject({ step: 1, officer: "cv-tp", status: "on_time" });
    expect(smsTo(events, "+84912000109")).toHaveLength(1);
    expect(smsTo(events, "+84912000104")).toEqual([
      "Da xong buoc 1 ho so 261207-0001. Da bao buoc 2 Ky duyet cho Dang Van Minh.",
    ]);
  });

  it("the last step's XONG says the result is ready and the citizen was told", () => {
    const office = received();
    office.xong("2026-12-07 10:00", "0912000104", "261207-0001");
    office.xong("2026-12-07 10:10", "0912000109", "261207-0001");
    office.xong("2026-12-07 10:20", "0912000110", "261207-0001");
    const events = office.xong("2026-12-07 10:30", "0912000101", "261207-0001");
    expect(ofType(events, "dossier_result_ready")).toMatchObject([{ status: "early" }]);
    expect(smsTo(events, "+84987654321")[0]).toMatch(/da co ket qua/);
    expect(smsTo(events, "+84912000101")[0]).toMatch(/da co ket qua, da nhan cong dan den nhan/);
  });

  it("from any other phone is refused not_allowed with a reply saying why, and changes nothing", () => {
    const office = received();
    const before = snapshot(office);
    const stranger = office.xong("2026-12-07 10:00", "0987000000", "261207-0001");
    expect(stranger).toEqual([
      { at: iso("2026-12-07 10:00"), type: "rejected", from: "0987000000", reason: "not_allowed" },
      {
        at: iso("2026-12-07 10:00"),
        type: "sms_out",
        to: "+84987000000",
        text: expect.stringMatching(/khong phai cua can bo nao/),
      },
    ]);
    const head = office.xong("2026-12-07 10:01", "0912000109", "261207-0001");
    expect(head[0]).toMatchObject({ type: "rejected", reason: "not_allowed" });
    expect(head[1]).toMatchObject({
      to: "+84912000109",
      text: expect.stringMatching(/buoc 1 cua ho so khong phai cua ban/),
    });
    expect(snapshot(office)).toEqual(before);
    // A sender that cannot be answered gets the rejection in the log and no reply.
    expect(office.xong("2026-12-07 10:02", "Viettel", "261207-0001")).toEqual([
      { at: iso("2026-12-07 10:02"), type: "rejected", from: "Viettel", reason: "not_allowed" },
    ]);
    expect(snapshot(office)).toEqual(before);
  });

  it("for an unknown code is not_found, and for a paused dossier not_allowed", () => {
    const office = received();
    expect(office.xong("2026-12-07 10:00", "0912000104", "261207-0042")[0]).toMatchObject({
      reason: "not_found",
    });
    office.do("2026-12-07 10:10", { type: "dossier_supplement", code: CODE, officer: "cv-tp" });
    const paused = office.xong("2026-12-07 10:20", "0912000104", "261207-0001");
    expect(paused[0]).toMatchObject({ reason: "not_allowed" });
    expect(paused[1]).toMatchObject({ text: expect.stringMatching(/cho bo sung giay to/) });
  });
});

describe("TT", () => {
  it("answers any phone with the stage, due date and whether on time, and nothing personal", () => {
    const office = received();
    const texts: string[] = [];
    const ask = (local: string) => {
      const [text] = smsTo(office.tt(local, "0933333333", "261207-0001"), "+84933333333");
      texts.push(text as string);
      return text;
    };
    expect(ask("2026-12-07 09:30")).toBe(
      "Ho so 261207-0001: dang o buoc 1/4: Tham dinh, du thao ket qua. Hen tra 09:00 08/12/2026, dung han.",
    );
    office.do("2026-12-07 10:00", { type: "step_done", code: CODE, officer: "cv-tp" });
    expect(ask("2026-12-07 10:05")).toMatch(
      /dang o buoc 2\/4: Ky duyet\. Hen tra 09:00 08\/12\/2026, dung han/,
    );
    office.do("2026-12-07 10:10", { type: "dossier_supplement", code: CODE, officer: "ct" });
    expect(ask("2026-12-07 10:15")).toMatch(/tam dung: cho bo sung giay to/);
    office.do("2026-12-07 10:20", { type: "dossier_supplied", code: CODE });
    for (const [who, t] of [
      ["ct", "2026-12-07 10:30"],
      ["vt", "2026-12-07 10:40"],
      ["tn-1", "2026-12-07 10:50"],
    ] as const)
      office.do(t, { type: "step_done", code: CODE, officer: who });
    expect(ask("2026-12-07 11:00")).toMatch(/da co ket qua \(truoc han\), moi den nhan/);
    office.do("2026-12-07 11:10", { type: "dossier_returned", code: CODE, officer: "tn-1" });
    expect(ask("2026-12-07 11:20")).toMatch(/da tra ket qua/);
    for (const text of texts) {
      expect(text).not.toMatch(/Nguyen|An\b|0987654321|Dang Van Minh|Le Thi Hoa|Nguyen Thi Lan|0912/);
      expect(smsSegments(text)).toBe(1);
    }
  });

  it("a late dossier says so", () => {
    const office = received();
    office.advance("2026-12-08 10:00");
    expect(smsTo(office.tt("2026-12-08 10:00", "0933333333", "261207-0001"), "+84933333333")[0]).toMatch(
      /Hen tra 09:00 08\/12\/2026, da qua han/,
    );
  });

  it("an unknown code is not_found with a reply, and changes nothing", () => {
    const office = received();
    const before = snapshot(office);
    expect(office.tt("2026-12-07 10:00", "0933333333", "261207-0002")).toEqual([
      { at: iso("2026-12-07 10:00"), type: "rejected", from: "0933333333", reason: "not_found" },
      {
        at: iso("2026-12-07 10:00"),
        type: "sms_out",
        to: "+84933333333",
        text: expect.stringMatching(/Khong tim thay ho so 261207-0002/),
      },
    ]);
    expect(snapshot(office)).toEqual(before);
  });
});

describe("SMS about a dossier", () => {
  it("fit one segment each, and the record counts them and its hand-overs", () => {
    const office = received();
    office.xong("2026-12-07 10:00", "0912000104", "261207-0001");
    office.advance("2026-12-08 10:00");
    const sent = ofType(office.log, "sms_out");
    for (const e of sent) expect(smsSegments(e.text)).toBe(1);
    const record = office.desk.get("261207-0001");
    expect(record?.smsSegments).toBe(sent.length);
    // cv-tp at receipt, ct after XONG.
    expect(record?.handovers).toBe(2);
  });
});
