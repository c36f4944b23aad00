// RULES.md "Confirmation SMS" (content; GSM-7 without diacritics in one segment by default,
// diacritics as a switch), "HD … within one or two segments", "Replies and events".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isGsm7, smsSegments } from "../src/index.js";
import { ASCII, at, HOLIDAY, MON, ofType, P, phone, replyOf, Sim, WED, withRules } from "./sms-helpers.js";

const NINE = at(MON, "09:00");

// The example office's procedures, their names without diacritics, service counter and average.
const PROCEDURES = [
  { code: "KS", plain: "Dang ky khai sinh", service: "TP", counter: "1" },
  { code: "KT", plain: "Dang ky khai tu", service: "TP", counter: "1" },
  { code: "KH", plain: "Dang ky ket hon", service: "TP", counter: "1" },
  { code: "CT", plain: "Chung thuc ban sao tu ban chinh", service: "TP", counter: "1" },
  { code: "CK", plain: "Chung thuc chu ky", service: "TP", counter: "1" },
  { code: "XN", plain: "Xac nhan tinh trang hon nhan", service: "TP", counter: "1" },
  { code: "HG", plain: "Hoa giai tranh chap dat dai", service: "DD", counter: "2" },
  { code: "XD", plain: "Cap giay phep xay dung nha o rieng le", service: "DD", counter: "2" },
  { code: "TC", plain: "Tro cap xa hoi hang thang", service: "XH", counter: "3" },
] as const;

function expectOneGsmSegment(text: string): void {
  expect(text, text).toMatch(ASCII);
  expect(isGsm7(text), text).toBe(true);
  expect(smsSegments(text), text).toBe(1);
}

describe("the booking confirmation", () => {
  it.each(PROCEDURES)(
    "$code: code, procedure name, number, counter, time, date and how to cancel in one GSM-7 segment",
    (p) => {
      const sim = new Sim();
      // Push the number to three digits of two figures and the time off the hour.
      sim.fill(NINE, 11, `DK Nguyen Van B ${p.code} 25/11`);
      const events = sim.sms(NINE, P, `DK Nguyễn Văn Ánh ${p.code} 25/11`);
      const b = ofType(events, "booked")[0];
      expect(b).toMatchObject({ procedure: p.code, service: p.service, counter: p.counter, number: 12 });
      if (!b) return;
      const reply = replyOf(events);
      expect(reply.to).toBe(P);
      const text = reply.text;
      expectOneGsmSegment(text);
      expect(text).toContain(b.code);
      expect(text.toLowerCase()).toContain(p.plain.toLowerCase());
      expect(text).toContain(`${p.service}-012`);
      expect(text).toMatch(new RegExp(`quay ${p.counter}\\b`, "i"));
      expect(text).toContain(b.time.slice(11, 16));
      expect(text).toContain("25/11");
      expect(text).toContain(`HUY ${b.code}`);
    },
  );

  it.each(PROCEDURES)("$code: still one segment when the booking moved to another day", (p) => {
    const events = new Sim().sms(NINE, P, `DK Nguyen Van A ${p.code} ${HOLIDAY.slice(8, 10)}/11`);
    const b = ofType(events, "booked")[0];
    expect(b?.time).toBe(at(WED, "08:00"));
    const text = replyOf(events).text;
    expectOneGsmSegment(text);
    expect(text).toContain("25/11/2026");
    expect(text).toContain(`HUY ${b?.code}`);
  });

  it("with replyWithDiacritics the reply is Vietnamese with diacritics", () => {
    const sim = new Sim(withRules({ replyWithDiacritics: true }));
    const events = sim.sms(NINE, P, "DK Nguyen Van A KS 25/11");
    const b = ofType(events, "booked")[0];
    const text = replyOf(events).text;
    expect(text).toContain("Đã hẹn");
    expect(text).toContain("Đăng ký khai sinh");
    expect(text).toContain(b?.code);
    expect(text).toContain("TP-001");
    expect(text).toMatch(/quầy 1\b/i);
    expect(text).toContain("08:00");
    expect(text).toContain("25/11");
    expect(text).toContain(`HUY ${b?.code}`);
    expect(isGsm7(text)).toBe(false);
    // Other replies follow the switch too.
    const closed = replyOf(sim.sms(at(MON, "12:00"), P, "DK Nguyen Van A KS 25/11")).text;
    expect(closed).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ]/i);
  });

  it("by default the office name and the procedure name lose their diacritics", () => {
    const text = replyOf(new Sim().sms(NINE, P, "DK Nguyen Van A KS 25/11")).text;
    expect(text).toContain("Da hen");
    expect(text).not.toContain("Đã hẹn");
  });
});

describe("every default reply is GSM-7 without diacritics, one segment (HD: two)", () => {
  it("for each kind of refusal and answer", () => {
    const sim = new Sim();
    const b = sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    sim.book(NINE, P, "DK Nguyen Van A KS 25/11");
    sim.fill(NINE, 14, "DK Nguyen Van B XD 07/12");
    const texts: [string, string, string][] = [
      [NINE, phone(1), "DK Nguyen Van A KS"], // syntax
      [NINE, phone(1), "DK Nguyễn Văn A Khai Sanh 25/11"], // unknown_procedure
      [NINE, phone(1), "DK Nguyen Van A KS 31/02"], // bad_date
      [NINE, phone(1), "DK Nguyen Van A KS 20/11"], // past_date
      [NINE, phone(1), "DK Nguyen Van A KS 20/12"], // too_far
      [NINE, phone(1), "DK Nguyen Van A XD 07/12"], // full
      [NINE, P, "DK Nguyen Van A KS 25/11"], // limit
      [NINE, phone(2), "HUY ZZZZZZ"], // not_found
      [NINE, phone(2), "HUY KS 9 25/11"], // not_found
      [NINE, phone(2), "TT TP-099"], // not_found
      [NINE, phone(2), "HUY"], // syntax
      [NINE, phone(2), "TT"], // syntax
      [NINE, phone(3), `TT ${b.code}`],
      [NINE, P, `HUY ${b.code}`],
      [at(MON, "12:00"), phone(4), "DK Nguyen Van A KS 25/11"], // closed_hours
    ];
    for (const [when, from, text] of texts) expectOneGsmSegment(replyOf(sim.sms(when, from, text)).text);
    for (const text of ["HD", "Xin chào"]) {
      const reply = replyOf(sim.sms(at(MON, "12:01"), phone(5), text)).text;
      expect(reply).toMatch(ASCII);
      expect(smsSegments(reply)).toBeLessThanOrEqual(2);
    }
  });

  it("whatever the citizen typed (Vietnamese words, digits, punctuation)", () => {
    const word = fc.oneof(
      fc.constantFrom(
        "DK",
        "dk",
        "HUY",
        "TT",
        "HD",
        "KS",
        "XD",
        "khai sinh",
        "Đăng ký kết hôn",
        "Nguyễn",
        "Văn",
        "Ánh",
        "Đỗ",
        "Trưởng",
        "25/11",
        "31/02",
        "nay",
        "mai",
        "TP-005",
        "5",
        "“xin”",
        "–",
        "ABCDEF",
      ),
      fc.stringMatching(/^[A-Za-z0-9/.-]{1,25}$/),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 0, maxLength: 8 }), (words) => {
        const text = words.join(" ");
        const sim = new Sim();
        for (const e of ofType(sim.sms(NINE, P, text), "sms_out")) {
          expect(e.text, text).toMatch(ASCII);
          expect(smsSegments(e.text), `${text} → ${e.text}`).toBeLessThanOrEqual(
            e.text.includes("KS, KT") || e.text.includes("KS khai sinh") ? 2 : 1,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  // BUG: a TT with a reference that is not Vietnamese (an emoji, a Chinese character) is quoted
  // back as typed in the not_found reply, which is then UCS-2 (not GSM-7) and two segments.
  // RULES.md: default replies are without diacritics so that one reply fits one GSM-7 segment.
  // The unknown_procedure reply already falls back to a form without the quoted word.
  it("TT with an emoji: the not_found reply is still GSM-7, one segment", () => {
    const events = new Sim().sms(NINE, P, "TT 😀😀");
    expect(ofType(events, "rejected")[0]?.reason).toBe("not_found");
    expectOneGsmSegment(replyOf(events).text);
  });

  it("DK with an emoji as the procedure: the unknown_procedure reply is still GSM-7", () => {
    const events = new Sim().sms(NINE, P, "DK Nguyen Van A 😀 25/11");
    expect(ofType(events, "rejected")[0]?.reason).toBe("unknown_procedure");
    expectOneGsmSegment(replyOf(events).text);
  });
});
