// RULES.md "Booking by SMS", "Aliases", "Replies and events", "Asking by SMS"; docs/rules.md "SMS".
import { describe, expect, it } from "vitest";
import { smsSegments } from "../src/index.js";
import {
  ASCII,
  at,
  expectRejected,
  expectRejectedWithReply,
  MON,
  office,
  ofType,
  P,
  replyOf,
  Sim,
  WED,
} from "./sms-helpers.js";

const NINE = at(MON, "09:00");
const WED_0800 = at(WED, "08:00");
const CODES = ["KS", "KT", "KH", "CT", "CK", "XN", "HG", "XD", "TC"];

function bookOne(text: string) {
  return new Sim().book(NINE, P, text);
}

describe("DK grammar", () => {
  it("is case- and diacritics-insensitive; the name keeps its diacritics as typed", () => {
    const b = bookOne("dk nguyễn văn a Khai Sinh 25/11");
    expect(b).toMatchObject({
      procedure: "KS",
      service: "TP",
      name: "nguyễn văn a",
      phone: P,
      number: 1,
      label: "TP-001",
      counter: "1",
      time: WED_0800,
    });
  });

  it("accepts a procedure name typed with diacritics, and the keyword in any case", () => {
    const b = bookOne("Dk Lê Thị Ánh Đăng ký kết hôn 25/11");
    expect(b).toMatchObject({ procedure: "KH", name: "Lê Thị Ánh", time: WED_0800 });
  });

  it("matches decomposed (NFD) Vietnamese as well as precomposed", () => {
    const b = bookOne("DK Lê Văn C Đăng ký khai tử 25/11".normalize("NFD"));
    expect(b.procedure).toBe("KT");
    expect(b.name.normalize("NFC")).toBe("Lê Văn C");
  });

  it("ignores extra spaces", () => {
    const b = bookOne("   DK    Nguyen   Van  A    KS     25/11   ");
    expect(b).toMatchObject({ procedure: "KS", name: "Nguyen Van A", time: WED_0800 });
  });

  it("finds the procedure by its code, in any case", () => {
    expect(bookOne("DK Nguyen Van A xd 25/11")).toMatchObject({
      procedure: "XD",
      service: "DD",
      label: "DD-001",
      counter: "2",
      time: WED_0800,
    });
  });

  it("finds the procedure by its name without diacritics", () => {
    expect(bookOne("DK Tran Thi B hoa giai tranh chap dat dai 25/11")).toMatchObject({
      procedure: "HG",
      name: "Tran Thi B",
      service: "DD",
    });
    expect(bookOne("DK Tran Thi B tro cap xa hoi hang thang 25/11")).toMatchObject({
      procedure: "TC",
      name: "Tran Thi B",
      service: "XH",
      counter: "3",
      label: "XH-001",
    });
  });

  it.each([
    ["khai sinh", "KS"],
    ["khai tu", "KT"],
    ["ket hon", "KH"],
    ["chung thuc ban sao", "CT"],
    ["sao y", "CT"],
    ["chung thuc chu ky", "CK"],
    ["xac nhan hon nhan", "XN"],
    ["hoa giai", "HG"],
    ["giay phep xay dung", "XD"],
    ["tro cap", "TC"],
  ])("finds the procedure by its short name %s", (alias, code) => {
    expect(bookOne(`DK Pham Van D ${alias} 25/11`)).toMatchObject({ procedure: code, name: "Pham Van D" });
  });

  it("takes the longest alias before the date; the name is what stands between DK and it", () => {
    // "khai sinh" and "dang ky khai sinh" both end the words: the longer one is the procedure.
    expect(bookOne("DK Nguyen Dang Ky Khai Sinh 25/11")).toMatchObject({ procedure: "KS", name: "Nguyen" });
    // The full name of CT contains its short name "chung thuc ban sao"; words before it are the name.
    expect(bookOne("DK Chung Van Thuc Chung thuc ban sao tu ban chinh 25/11")).toMatchObject({
      procedure: "CT",
      name: "Chung Van Thuc",
    });
    expect(bookOne("DK Ban Van Sao chung thuc ban sao 25/11")).toMatchObject({
      procedure: "CT",
      name: "Ban Van Sao",
    });
  });

  it("a DK without a date is syntax, with a reply showing the form", () => {
    const sim = new Sim();
    const text = expectRejectedWithReply(sim.sms(NINE, P, "DK Nguyen Van A KS"), "syntax");
    expect(text).toMatch(/DK/);
    expect(text).toMatch(ASCII);
  });

  it("a DK without a name is syntax", () => {
    expectRejectedWithReply(new Sim().sms(NINE, P, "DK KS 25/11"), "syntax");
  });

  it("an unknown procedure is unknown_procedure, with a reply listing the codes", () => {
    const text = expectRejectedWithReply(
      new Sim().sms(NINE, P, "DK Nguyen Van A Khai Sanh 25/11"),
      "unknown_procedure",
    );
    for (const code of CODES) expect(text).toMatch(new RegExp(`\\b${code}\\b`));
  });
});

describe("HD and messages the grammar does not understand", () => {
  it("HD answers the syntax and every procedure code within two segments, with no rejected event", () => {
    for (const word of ["HD", "hd", "Hd"]) {
      const events = new Sim().sms(NINE, P, word);
      expect(ofType(events, "rejected")).toEqual([]);
      const reply = replyOf(events);
      expect(reply.to).toBe(P);
      expect(reply.text).toMatch(/DK/);
      expect(reply.text).toMatch(/HUY/);
      for (const code of CODES) expect(reply.text).toMatch(new RegExp(`\\b${code}\\b`));
      expect(smsSegments(reply.text)).toBeLessThanOrEqual(2);
      expect(reply.text).toMatch(ASCII);
    }
  });

  it("HD is answered outside session hours too", () => {
    const events = new Sim().sms(at("2026-11-22", "21:00"), P, "HD");
    expect(ofType(events, "rejected")).toEqual([]);
    replyOf(events);
  });

  it.each([["Xin chao"], ["DKY Nguyen Van A KS 25/11"], [""], ["?"]])(
    "an unknown message %j is syntax with the help reply (syntax and codes)",
    (text) => {
      const sim = new Sim();
      const help = replyOf(new Sim().sms(NINE, P, "HD")).text;
      const reply = expectRejectedWithReply(sim.sms(NINE, P, text), "syntax");
      expect(reply).toBe(help);
    },
  );
});

describe("docs/rules.md: what the grammar adds", () => {
  it.each([
    ["DANGKY Nguyen Van A KS 25/11"],
    ["DK: Nguyen Van A, KS, 25/11"],
    ["DK Nguyen Van A; KS; 25/11"],
    ["DK Nguyen Van A KS ngay 25/11"],
    ["DK Nguyen Van A KS 25/11/26"],
  ])("%s books KS on 25/11 for Nguyen Van A", (text) => {
    expect(bookOne(text)).toMatchObject({ procedure: "KS", name: "Nguyen Van A", time: WED_0800 });
  });

  it.each([["hom nay"], ["ngay mai"]])("two-word date %s", (word) => {
    // On Wednesday 25/11 at 07:30: today → case 1 (08:30); tomorrow → Thursday 08:00.
    const b = new Sim().book(at(WED, "07:30"), P, `DK Nguyen Van A KS ${word}`);
    expect(b.time).toBe(word === "hom nay" ? at(WED, "08:30") : at("2026-11-26", "08:00"));
  });

  it("TRACUU and HUONGDAN / HELP are TT and HD", () => {
    const sim = new Sim();
    const b = sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    const tt = sim.sms(at(MON, "09:01"), P, `TRACUU ${b.code}`);
    expect(ofType(tt, "rejected")).toEqual([]);
    expect(replyOf(tt).text).toContain("TP-001");
    for (const word of ["HUONGDAN", "help"]) {
      const events = sim.sms(at(MON, "09:02"), P, word);
      expect(ofType(events, "rejected")).toEqual([]);
      expect(replyOf(events).text).toMatch(/\bKS\b/);
    }
  });

  it("checks the procedure before the date, and the date before the hours", () => {
    expectRejected(new Sim().sms(NINE, P, "DK Nguyen Van A XYZ 31/02"), "unknown_procedure");
    const sunday = at("2026-11-22", "20:00");
    expectRejected(new Sim().sms(sunday, P, "DK Nguyen Van A KS 31/02"), "bad_date");
    expectRejected(new Sim().sms(sunday, P, "DK Nguyen Van A KS 20/11"), "past_date");
    expectRejected(new Sim().sms(sunday, P, "DK Nguyen Van A KS 20/12"), "too_far");
    expectRejected(new Sim().sms(sunday, P, "DK Nguyen Van A KS 25/11"), "closed_hours");
  });

  it("an alphanumeric sender is never answered and produces no event", () => {
    const sim = new Sim();
    expect(sim.sms(NINE, "Viettel", "DK Nguyen Van A KS 25/11")).toEqual([]);
    expect(sim.sms(NINE, "Viettel", "HD")).toEqual([]);
  });

  it("replies go back to the sender exactly as the network wrote it", () => {
    for (const from of ["+84912345678", "84912345678", "0912345678"]) {
      const events = new Sim().sms(NINE, from, "DK Nguyen Van A KS 25/11");
      expect(replyOf(events).to).toBe(from);
      expect(ofType(events, "booked")[0]?.phone).toBe(from);
    }
  });
});

it("the example office has the procedures these tests name", () => {
  expect(office.procedures.map((p) => p.code)).toEqual(CODES);
});
