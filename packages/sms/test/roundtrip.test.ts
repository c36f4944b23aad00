import { describe, expect, it } from "vitest";
import type { DeliverPdu, SubmitPdu } from "../src/index.js";
import { decodeDeliver, decodeSubmit, encodeDeliver, encodeSubmit, segment } from "../src/index.js";
import { EXTENSION, VIETNAMESE } from "./corpus.js";

const TS = "2026-11-22T13:15:03+07:00";

function submitParts(text: string, opts: { referenceBits?: 8 | 16; encoding?: "gsm7" | "ucs2" } = {}) {
  const pdus = encodeSubmit({ to: "+84912345678", text, reference: 42, ...opts });
  return { pdus, decoded: pdus.map((p) => decodeSubmit(p.hex)) };
}

function deliverParts(text: string, opts: { referenceBits?: 8 | 16; encoding?: "gsm7" | "ucs2" } = {}) {
  const pdus = encodeDeliver({ from: "+84912345678", text, timestamp: TS, reference: 42, ...opts });
  return { pdus, decoded: pdus.map((p) => decodeDeliver(p.hex)) };
}

function joined(parts: Array<SubmitPdu | DeliverPdu>): string {
  return parts.map((p) => p.text).join("");
}

/** Every part: SMSC `00`, the length AT+CMGS wants, the concatenation header in order. */
function checkFraming(pdus: { hex: string; tpduLength: number }[], decoded: Array<SubmitPdu | DeliverPdu>) {
  for (const [i, p] of pdus.entries()) {
    expect(p.hex).toMatch(/^00[0-9A-F]+$/);
    expect(p.tpduLength).toBe(p.hex.length / 2 - 1);
    expect(p.tpduLength).toBeLessThanOrEqual(176);
    const c = decoded[i]?.concat;
    if (pdus.length === 1) expect(c).toBeUndefined();
    else expect(c).toMatchObject({ reference: 42, total: pdus.length, sequence: i + 1 });
  }
}

const CASES: Array<[string, string, "gsm7" | "ucs2", number]> = [
  ["plain text", "DK KS 25/11 08:00", "gsm7", 1],
  ["Vietnamese with diacritics", VIETNAMESE, "ucs2", 2],
  ["the extension characters", EXTENSION, "gsm7", 1],
  [
    "every basic GSM-7 character",
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà",
    "gsm7",
    1,
  ],
  ["emoji (surrogate pairs)", "Cảm ơn 🙏😀 hẹn gặp 👍", "ucs2", 1],
  ["160 septets", "a".repeat(160), "gsm7", 1],
  ["161 septets", "a".repeat(161), "gsm7", 2],
  ["153 × 2 septets", "b".repeat(306), "gsm7", 2],
  ["153 × 2 + 1 septets", "b".repeat(307), "gsm7", 3],
  ["70 UCS-2 units", "ệ".repeat(70), "ucs2", 1],
  ["71 UCS-2 units", "ệ".repeat(71), "ucs2", 2],
  ["67 × 2 UCS-2 units", "ư".repeat(134), "ucs2", 2],
  ["67 × 2 + 1 UCS-2 units", "ư".repeat(135), "ucs2", 3],
  ["80 euro signs (160 septets)", "€".repeat(80), "gsm7", 1],
  ["81 euro signs (162 septets)", "€".repeat(81), "gsm7", 2],
  ["empty", "", "gsm7", 1],
];

describe("round trips", () => {
  for (const [name, text, encoding, parts] of CASES) {
    it(`SMS-SUBMIT: ${name}`, () => {
      const { pdus, decoded } = submitParts(text);
      expect(pdus).toHaveLength(parts);
      checkFraming(pdus, decoded);
      for (const d of decoded) {
        expect(d).toMatchObject({
          to: "+84912345678",
          toType: "international",
          encoding,
          messageReference: 0,
        });
      }
      expect(joined(decoded)).toBe(text);
      expect(decoded.map((d) => d.text)).toEqual(segment(text).parts);
    });
    it(`SMS-DELIVER: ${name}`, () => {
      const { pdus, decoded } = deliverParts(text);
      expect(pdus).toHaveLength(parts);
      checkFraming(pdus, decoded);
      for (const d of decoded) {
        expect(d).toMatchObject({ from: "+84912345678", fromType: "international", encoding, timestamp: TS });
      }
      expect(joined(decoded)).toBe(text);
    });
  }

  it("16-bit references: 152 septets / 66 units a part", () => {
    const gsm = submitParts("c".repeat(305), { referenceBits: 16 });
    expect(gsm.decoded.map((d) => d.text.length)).toEqual([152, 152, 1]);
    expect(gsm.decoded[0]?.concat).toEqual({ reference: 42, total: 3, sequence: 1, referenceBits: 16 });
    expect(joined(gsm.decoded)).toBe("c".repeat(305));
    const ucs = deliverParts("ơ".repeat(133), { referenceBits: 16 });
    expect(ucs.decoded.map((d) => d.text.length)).toEqual([66, 66, 1]);
    expect(ucs.decoded[2]?.concat).toEqual({ reference: 42, total: 3, sequence: 3, referenceBits: 16 });
  });

  it("16-bit reference values above 255 survive", () => {
    const pdus = encodeSubmit({
      to: "0912345678",
      text: "x".repeat(200),
      reference: 0xbeef,
      referenceBits: 16,
    });
    expect(pdus.map((p) => decodeSubmit(p.hex).concat?.reference)).toEqual([0xbeef, 0xbeef]);
  });

  it("never splits an escape pair at a part boundary", () => {
    // 152 septets, then € (2 septets) would straddle 153: it moves whole to part 2.
    const text = `${"a".repeat(152)}€${"b".repeat(10)}`;
    for (const { decoded } of [submitParts(text), deliverParts(text)]) {
      expect(decoded.map((d) => d.text)).toEqual(["a".repeat(152), `€${"b".repeat(10)}`]);
    }
    // 151 + € = 153 exactly: it stays.
    const fits = `${"a".repeat(151)}€${"b".repeat(10)}`;
    expect(submitParts(fits).decoded.map((d) => d.text)).toEqual([`${"a".repeat(151)}€`, "b".repeat(10)]);
    // Only extension characters: 76 a part (152 septets), never 76½.
    expect(segment("[]".repeat(80)).parts.map((p) => p.length)).toEqual([76, 76, 8]);
  });

  it("never splits a surrogate pair at a part boundary", () => {
    const text = `${"ạ".repeat(66)}😀${"b".repeat(10)}`;
    const { decoded } = submitParts(text);
    expect(decoded.map((d) => d.text)).toEqual(["ạ".repeat(66), `😀${"b".repeat(10)}`]);
    expect(segment("😀".repeat(40)).parts.map((p) => p.length)).toEqual([66, 14]);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const d of decoded) expect(d.text).not.toMatch(lone);
  });

  it("NFC: decomposed Vietnamese is normalised before encoding and comes back composed", () => {
    const nfd = VIETNAMESE.normalize("NFD");
    expect(nfd).not.toBe(VIETNAMESE);
    const { decoded } = deliverParts(nfd);
    expect(joined(decoded)).toBe(VIETNAMESE);
    expect(segment(nfd)).toEqual(segment(VIETNAMESE));
    // NFC brings some characters into GSM-7: the ohm sign is Ω, "e" + combining acute is é.
    expect(segment("\u2126 e\u0301").encoding).toBe("gsm7");
  });

  it("forced UCS-2 for a GSM-7 text", () => {
    const { decoded } = submitParts("hello", { encoding: "ucs2" });
    expect(decoded[0]).toMatchObject({ encoding: "ucs2", text: "hello" });
  });

  it("refuses forced GSM-7 for a text outside it, an alphanumeric destination, too many parts", () => {
    expect(() => encodeSubmit({ to: "+84912345678", text: "Việt", encoding: "gsm7" })).toThrow(RangeError);
    expect(() => encodeSubmit({ to: "Viettel", text: "x" })).toThrow(RangeError);
    expect(() => encodeSubmit({ to: "+84912345678", text: "x".repeat(153 * 255 + 1) })).toThrow(RangeError);
    expect(encodeSubmit({ to: "+84912345678", text: "x".repeat(153 * 255) })).toHaveLength(255);
    expect(() => encodeSubmit({ to: "1", text: "x".repeat(200), reference: 256 })).toThrow(RangeError);
  });

  it("addresses: international, national digits, short codes, alphanumeric senders", () => {
    const d = (from: string) =>
      decodeDeliver(encodeDeliver({ from, text: "x", timestamp: TS })[0]?.hex ?? "");
    expect(d("+84912345678")).toMatchObject({ from: "+84912345678", fromType: "international" });
    expect(d("0912345678")).toMatchObject({ from: "0912345678", fromType: "unknown" });
    expect(d("8188")).toMatchObject({ from: "8188", fromType: "unknown" });
    expect(d("Viettel")).toMatchObject({ from: "Viettel", fromType: "alphanumeric" });
    expect(d("MobiFone")).toMatchObject({ from: "MobiFone", fromType: "alphanumeric" });
    expect(d("VNPT-Tin-Tu")).toMatchObject({ from: "VNPT-Tin-Tu", fromType: "alphanumeric" });
    expect(() => d("TwelveLetter")).toThrow(RangeError);
    expect(decodeSubmit(encodeSubmit({ to: "0912345678", text: "x" })[0]?.hex ?? "")).toMatchObject({
      to: "0912345678",
      toType: "unknown",
    });
  });

  it("the fixed fields of our SMS-SUBMIT: 11/51, TP-MR 00, 0x91/0x81, TP-VP A7", () => {
    expect(encodeSubmit({ to: "+84912345678", text: "hello" })[0]).toEqual({
      hex: "0011000B914819325476F80000A705E8329BFD06",
      tpduLength: 19,
    });
    const multi = encodeSubmit({ to: "0912345678", text: "x".repeat(161), reference: 1 });
    expect(multi[1]?.hex.slice(0, 30)).toBe("0051000A8190214365870000A70F05");
  });

  it("time stamps: quarter-hour zones, negative ones too", () => {
    for (const ts of [
      "2026-11-22T13:15:03+07:00",
      "2026-01-01T00:00:00-03:30",
      "2027-06-30T23:59:59+05:45",
    ]) {
      const [p] = encodeDeliver({ from: "+84912345678", text: "x", timestamp: ts });
      expect(decodeDeliver(p?.hex ?? "").timestamp).toBe(ts);
    }
    const [z] = encodeDeliver({ from: "1", text: "x", timestamp: "2026-11-22T06:15:03.250Z" });
    expect(decodeDeliver(z?.hex ?? "").timestamp).toBe("2026-11-22T06:15:03+00:00");
    expect(() => encodeDeliver({ from: "1", text: "x", timestamp: "2026-11-22T06:15:03+07:10" })).toThrow(
      RangeError,
    );
    expect(() => encodeDeliver({ from: "1", text: "x", timestamp: "2026-11-22 06:15" })).toThrow(RangeError);
  });

  it("a default reference differs between two multipart messages", () => {
    const a = encodeSubmit({ to: "1", text: "x".repeat(200) });
    const b = encodeSubmit({ to: "1", text: "x".repeat(200) });
    expect(decodeSubmit(a[0]?.hex ?? "").concat?.reference).not.toBe(
      decodeSubmit(b[0]?.hex ?? "").concat?.reference,
    );
  });
});

describe("segment()", () => {
  it("reports encoding, parts and units", () => {
    expect(segment("Hello")).toEqual({ encoding: "gsm7", parts: ["Hello"], units: 5 });
    expect(segment("a€")).toEqual({ encoding: "gsm7", parts: ["a€"], units: 3 });
    expect(segment("Việt")).toEqual({ encoding: "ucs2", parts: ["Việt"], units: 4 });
    expect(segment("😀")).toEqual({ encoding: "ucs2", parts: ["😀"], units: 2 });
    expect(segment("a".repeat(161)).parts.map((p) => p.length)).toEqual([153, 8]);
    expect(segment("ệ".repeat(71)).parts.map((p) => p.length)).toEqual([67, 4]);
    expect(segment("€".repeat(81))).toMatchObject({ units: 162 });
  });
});

describe("decoding rejects broken PDUs", () => {
  it("wrong type, short, not hex", () => {
    const submit = encodeSubmit({ to: "1", text: "hello" })[0]?.hex ?? "";
    const deliver = encodeDeliver({ from: "1", text: "hello", timestamp: TS })[0]?.hex ?? "";
    expect(() => decodeDeliver(submit)).toThrow(/SMS-DELIVER/);
    expect(() => decodeSubmit(deliver)).toThrow(/SMS-SUBMIT/);
    expect(() => decodeDeliver(deliver.slice(0, -4))).toThrow(RangeError);
    expect(() => decodeDeliver("00zz")).toThrow(SyntaxError);
    expect(() => decodeDeliver("")).toThrow(RangeError);
  });
});
