// The queue core decides with the SMS codec's rules (packages/core/src/sms/codec.ts restates
// them until @motcua/core depends on @motcua/sms): the GSM-7 alphabet and who may be answered
// must be the same on both sides, or the core would answer someone the modem never texts.
import * as core from "@motcua/core";
import * as sms from "@motcua/sms";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const SENDERS = [
  "0912345678",
  "912345678",
  "84912345678",
  "+84912345678",
  "+84 912 345 678",
  "(+84) 912.345.678",
  "091-234-5678",
  "0862000000",
  "0952000000",
  "8188",
  "191",
  "9029",
  "Viettel",
  "VNPT-HCM",
  "02438251234",
  "+14155550123",
  "+31641600986",
  "+912345678",
  "09123456789",
  "",
  " ",
];

describe("the core and the codec decide alike", () => {
  it("on who may be answered, where the reply goes and the sender's key", () => {
    const randomDigits = fc.sample(fc.stringMatching(/^\+?(84|0)?[0-9 ]{3,13}$/), { numRuns: 500, seed: 11 });
    for (const from of [...SENDERS, ...randomDigits]) {
      expect(core.replyAddress(from), from).toBe(sms.replyAddress(from));
      expect(core.senderKey(from), from).toBe(sms.senderKey(from));
    }
  });

  it("on the GSM-7 alphabet, character by character", () => {
    for (let cp = 0; cp < 0x3000; cp++) {
      const ch = String.fromCodePoint(cp);
      expect(core.isGsm7(ch), `U+${cp.toString(16)}`).toBe(sms.isGsm7(ch));
    }
    for (const ch of ["😀", "中", "€", "\f", "ẹ"]) expect(core.isGsm7(ch), ch).toBe(sms.isGsm7(ch));
  });

  it("on the segments a reply takes", () => {
    const texts = fc.sample(
      fc.string({ unit: fc.constantFrom("a", "é", "ạ", "€", "[", " ", "😀"), maxLength: 400 }),
      {
        numRuns: 300,
        seed: 7,
      },
    );
    for (const text of texts) expect(core.smsSegments(text), text).toBe(sms.segment(text).parts.length);
  });
});
