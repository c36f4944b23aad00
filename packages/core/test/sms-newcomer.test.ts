// What a citizen texting for the first time trips on (issue 11): a DK with no procedure, a
// procedure written as a phrase ("lam giay khai sinh"), and a date the office is closed.
import { describe, expect, it } from "vitest";
import {
  ASCII,
  at,
  bookedOf,
  expectRejectedWithReply,
  HOLIDAY,
  MON,
  P,
  phone,
  replyOf,
  Sim,
} from "./sms-helpers.js";

const NINE = at(MON, "09:00");
const CODES = ["KS", "KT", "KH", "CT", "CK", "XN", "HG", "XD", "TC"];

function expectOneSegmentPlain(text: string): void {
  expect(text).toMatch(ASCII);
  expect(text.length, text).toBeLessThanOrEqual(160);
}

describe("a DK without a procedure", () => {
  it("is answered with the form and the procedure codes, never with the name quoted as a procedure", () => {
    const text = expectRejectedWithReply(
      new Sim().sms(NINE, P, "DK Nguyen Van An 08/12"),
      "unknown_procedure",
    );
    expect(text).toContain("DK <ho ten> <ma thu tuc> <ngay>");
    for (const code of CODES) expect(text).toMatch(new RegExp(`\\b${code}\\b`));
    expect(text).not.toContain('"An"');
    expectOneSegmentPlain(text);
  });
});

describe("a procedure written as a phrase", () => {
  it.each([
    ["DK Nguyen Van An lam giay khai sinh 02/12", "Nguyen Van An", "KS"],
    ["DK Nguyễn Văn An làm giấy khai sinh 02/12", "Nguyễn Văn An", "KS"],
    ["DK Nguyen Van An lam thu tuc ket hon 02/12", "Nguyen Van An", "KH"],
    ["DK Tran Thi Binh xin giay xac nhan hon nhan 02/12", "Tran Thi Binh", "XN"],
    ["DK Le Van Cuong thu tuc Dang ky khai tu 02/12", "Le Van Cuong", "KT"],
    ["DK Pham Van Duc giay phep xay dung 02/12", "Pham Van Duc", "XD"],
  ])("%s books %s for %s", (text, name, procedure) => {
    const booked = bookedOf(new Sim().sms(NINE, P, text));
    expect(booked).toMatchObject({ name, procedure });
  });

  it("keeps names that look like request words (Lâm, Đặng Kỳ)", () => {
    expect(bookedOf(new Sim().sms(NINE, P, "DK Nguyen Van Lam khai sinh 25/11")).name).toBe("Nguyen Van Lam");
    expect(bookedOf(new Sim().sms(NINE, P, "DK Nguyen Dang Ky KS 25/11")).name).toBe("Nguyen Dang Ky");
  });
});

describe("a date the office does not work", () => {
  it("a Sunday: says the office does not work that day, and books the next working day", () => {
    const events = new Sim().sms(NINE, P, "DK Nguyen Van A KS 29/11");
    expect(bookedOf(events).time).toBe(at("2026-11-30", "08:00"));
    const text = replyOf(events).text;
    expect(text).toContain("Ngay 29/11 (Chu nhat) khong lam viec.");
    expect(text).toContain("ngay 30/11/2026");
    expect(text).not.toContain("kin");
    expectOneSegmentPlain(text);
  });

  it("a Saturday, with the longest procedure name: still one segment, the notice kept", () => {
    const events = new Sim().sms(NINE, P, "DK Nguyen Van A XD 28/11");
    const text = replyOf(events).text;
    expect(text).toContain("Ngay 28/11 (Thu bay) khong lam viec.");
    expect(text).toContain("ngay 30/11/2026");
    expectOneSegmentPlain(text);
  });

  it("a public holiday: says it is a holiday", () => {
    const text = replyOf(new Sim().sms(NINE, P, `DK Nguyen Van A KS ${HOLIDAY.slice(8)}/11`)).text;
    expect(text).toContain("Ngay 24/11 nghi le, khong lam viec.");
    expect(text).toContain("ngay 25/11/2026");
    expectOneSegmentPlain(text);
  });

  it("a working day with no slot left: says it is full, which is not the same as closed", () => {
    const sim = new Sim();
    // 10 appointments a session, two sessions (EXAMPLE-OFFICE.md: 50 % of 21).
    sim.fill(NINE, 20, "DK Nguyen Van B KS 25/11");
    const events = sim.sms(NINE, phone(1), "DK Nguyen Van A KS 25/11");
    expect(bookedOf(events).time).toBe(at("2026-11-26", "08:00"));
    const text = replyOf(events).text;
    expect(text).toContain("Ngay 25/11 da het cho hen.");
    expect(text).not.toContain("khong lam viec");
    expectOneSegmentPlain(text);
  });
});
