import { describe, expect, it } from "vitest";
import {
  classifySender,
  isAlphanumericSender,
  normalizeVietnameseMobile,
  replyAddress,
  senderKey,
} from "../src/index.js";

describe("Vietnamese mobile numbers", () => {
  it("normalises every way of writing one to +84 and its 9 digits", () => {
    for (const written of [
      "0912345678",
      "0912 345 678",
      "091-234-5678",
      "84912345678",
      "+84912345678",
      "+84 912 345 678",
      "(+84) 912.345.678",
      "912345678", // a national type of number, trunk 0 left out
    ])
      expect(normalizeVietnameseMobile(written), written).toBe("+84912345678");
  });

  it("takes every carrier's prefixes (FACTS.md) and nothing else", () => {
    // biome-ignore format: one carrier a line
    const valid = [
      "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", // Viettel
      "081", "082", "083", "084", "085", "088", "091", "094", // Vinaphone
      "070", "076", "077", "078", "079", "089", "090", "093", // MobiFone
      "052", "056", "058", "092", // Vietnamobile
      "059", "099", // Gmobile
      "087", // iTel
      "055", // Reddi
    ];
    for (const prefix of valid)
      expect(normalizeVietnameseMobile(`${prefix}1234567`), prefix).toBe(`+84${prefix.slice(1)}1234567`);
    for (const prefix of ["031", "050", "051", "053", "054", "057", "071", "080", "095", "020", "024"])
      expect(normalizeVietnameseMobile(`${prefix}1234567`), prefix).toBeUndefined();
    expect(normalizeVietnameseMobile("091234567")).toBeUndefined(); // 9 digits with the 0
    expect(normalizeVietnameseMobile("09123456789")).toBeUndefined(); // 11 digits
    expect(normalizeVietnameseMobile("+912345678")).toBeUndefined(); // international 9 digits: India, not Vietnam
  });
});

describe("senders", () => {
  it("recognises alphanumeric senders by their type or their letters", () => {
    expect(isAlphanumericSender("Viettel")).toBe(true);
    expect(isAlphanumericSender("MobiFone")).toBe(true);
    expect(isAlphanumericSender("VNPT-HCM")).toBe(true);
    expect(isAlphanumericSender("12345", "alphanumeric")).toBe(true);
    expect(isAlphanumericSender("+84 912 345 678")).toBe(false);
  });

  it("classifies who may be answered", () => {
    expect(classifySender("+84912345678", "international")).toBe("mobile");
    expect(classifySender("0912345678", "national")).toBe("mobile");
    expect(classifySender("Viettel", "alphanumeric")).toBe("alphanumeric");
    expect(classifySender("191", "unknown")).toBe("short_code");
    expect(classifySender("9029")).toBe("short_code");
    expect(classifySender("+14155550123", "international")).toBe("international");
    expect(classifySender("02438251234", "national")).toBe("other"); // a Hà Nội landline
    expect(classifySender("")).toBe("other");
  });

  it("gives the reply address only for numbers that may be answered", () => {
    expect(replyAddress("0912345678")).toBe("+84912345678");
    expect(replyAddress("+1 415 555 0123")).toBe("+14155550123");
    expect(replyAddress("Viettel")).toBeUndefined();
    expect(replyAddress("8188")).toBeUndefined();
    expect(replyAddress("02438251234")).toBeUndefined();
  });

  it("keys a sender once, however the network wrote the number", () => {
    const forms = ["912345678", "0912345678", "+84912345678", "84912345678"];
    expect(new Set(forms.map((f) => senderKey(f)))).toEqual(new Set(["+84912345678"]));
    expect(senderKey(" 8188 ")).toBe("8188");
    expect(senderKey("Viettel")).toBe("Viettel");
  });
});
