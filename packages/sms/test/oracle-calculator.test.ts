// ORACLE 2: the npm package sms-segments-calculator (Twilio's segment calculator), written
// independently of ours. It is given NFC text (see "NFC" below) and compared on encoding, units
// and segments.
//
// Where it differs from 3GPP TS 23.038 / 23.040 on purpose, the case is written down here and the
// 3GPP value asserted:
// - It never cuts a grapheme cluster (a flag = two regional indicators, an emoji ZWJ sequence,
//   CR LF) across segments. 3GPP counts septets / UCS-2 units only: a part holds 153 septets or 67
//   units, the receiver joins the parts before showing them, and gammu cuts as we do. So with
//   clusters of several code points we may need fewer segments, never more.
// - It does not normalise: U+2126 OHM SIGN is UCS-2 for it, while NFC makes it Ω (GSM-7 0x15).
import fc from "fast-check";
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import type { Segmentation } from "../src/index.js";
import { segment } from "../src/index.js";
import { TEXTS, textArb } from "./corpus.js";

interface Theirs {
  encoding: "gsm7" | "ucs2";
  segments: number;
  units: number;
  /** Units of each segment, its header left out. */
  perSegment: number[];
}

function calculator(text: string): Theirs {
  const m = new SegmentedMessage(text);
  const encoding = m.encodingName === "GSM-7" ? "gsm7" : "ucs2";
  const bitsPerUnit = encoding === "gsm7" ? 7 : 16;
  const perSegment = m.segments.map((s) => s.messageSizeInBits() / bitsPerUnit);
  return {
    encoding,
    segments: m.segmentsCount,
    units: perSegment.reduce((a, b) => a + b, 0),
    perSegment,
  };
}

function unitsPerPart(s: Segmentation): number[] {
  return s.parts.map((p) => segment(p).units);
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
/** Whether some grapheme cluster has more than one code point (the calculator keeps those whole). */
function hasMultiCodePointCluster(text: string): boolean {
  for (const { segment: g } of graphemes.segment(text)) if ([...g].length > 1) return true;
  return false;
}

function compare(raw: string): void {
  const text = raw.normalize("NFC");
  const ours = segment(text);
  const theirs = calculator(text);
  const where = JSON.stringify(text);
  expect(ours.encoding, where).toBe(theirs.encoding);
  expect(ours.units, where).toBe(theirs.units);
  if (hasMultiCodePointCluster(text)) {
    expect(ours.parts.length, where).toBeLessThanOrEqual(theirs.segments);
  } else {
    expect(ours.parts.length, where).toBe(theirs.segments);
    if (ours.parts.length > 1) expect(unitsPerPart(ours), where).toEqual(theirs.perSegment);
  }
}

describe("oracle: sms-segments-calculator", () => {
  for (const [name, text] of TEXTS) {
    it(`agrees on ${name}`, () => compare(text));
  }

  it("agrees on boundary lengths and counts", () => {
    const cases: Array<[string, "gsm7" | "ucs2", number, number[]]> = [
      ["a".repeat(160), "gsm7", 1, [160]],
      ["a".repeat(161), "gsm7", 2, [153, 8]],
      ["a".repeat(306), "gsm7", 2, [153, 153]],
      ["a".repeat(307), "gsm7", 3, [153, 153, 1]],
      ["ệ".repeat(70), "ucs2", 1, [70]],
      ["ệ".repeat(71), "ucs2", 2, [67, 4]],
      ["ệ".repeat(134), "ucs2", 2, [67, 67]],
      ["ệ".repeat(135), "ucs2", 3, [67, 67, 1]],
      [`${"a".repeat(152)}€${"b".repeat(10)}`, "gsm7", 2, [152, 12]], // € not cut: 152, not 153
      ["😀".repeat(35), "ucs2", 1, [70]],
      ["😀".repeat(36), "ucs2", 2, [66, 6]],
    ];
    for (const [text, encoding, segments, perSegment] of cases) {
      const theirs = calculator(text);
      expect(theirs, text).toMatchObject({ encoding, segments, perSegment });
      expect(segment(text).encoding, text).toBe(encoding);
      expect(unitsPerPart(segment(text)), text).toEqual(perSegment);
    }
  });

  it("agrees on every BMP character's encoding and size (of its NFC form)", () => {
    const gsm7ByNfc: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      const nfc = ch.normalize("NFC");
      const ours = segment(ch);
      const theirs = calculator(nfc);
      const where = `U+${cp.toString(16).toUpperCase()}`;
      expect([ours.encoding, ours.units], where).toEqual([theirs.encoding, theirs.units]);
      if (nfc !== ch && ours.encoding === "gsm7") gsm7ByNfc.push(where);
    }
    // The characters that only NFC brings into GSM-7 (the calculator, given them raw, says UCS-2).
    expect(gsm7ByNfc).toEqual([
      "U+37E", // GREEK QUESTION MARK → ";"
      "U+2126", // OHM SIGN → Ω
      "U+212A", // KELVIN SIGN → K
      "U+212B", // ANGSTROM SIGN → Å
    ]);
    for (const where of gsm7ByNfc) {
      expect(calculator(String.fromCodePoint(Number.parseInt(where.slice(2), 16))).encoding).toBe("ucs2");
    }
  });

  it("disagreement, asserted per 3GPP: flags cut between their regional indicators", () => {
    // 33 flags = 66 regional indicators = 132 UTF-16 units: two parts of at most 67 units.
    const flags = "🇻🇳".repeat(33);
    expect(calculator(flags)).toMatchObject({ encoding: "ucs2", segments: 3, units: 132 });
    const ours = segment(flags);
    expect(ours).toMatchObject({ encoding: "ucs2", units: 132 });
    expect(unitsPerPart(ours)).toEqual([66, 66]); // 16½ flags a part: surrogate pairs stay whole
  });

  it("disagreement, asserted per 3GPP: an emoji ZWJ sequence cut at a code point", () => {
    // 👨‍👩‍👧 is 8 units (3 surrogate pairs, 2 ZWJ); 10 of them = 80 units: the calculator puts
    // 8 whole families (64 units) in the first segment, we fill it to 67 units.
    const families = "👨‍👩‍👧".repeat(10);
    expect(calculator(families)).toMatchObject({ segments: 2, perSegment: [64, 16] });
    expect(unitsPerPart(segment(families))).toEqual([67, 13]);
  });

  it("disagreement, asserted per 3GPP and TS 23.038 NFC: the ohm sign is Ω in GSM-7", () => {
    expect(calculator("\u2126").encoding).toBe("ucs2");
    expect(segment("\u2126")).toEqual({ encoding: "gsm7", parts: ["Ω"], units: 1 });
  });

  it("agrees on random texts from a mix of alphabets (property)", () => {
    fc.assert(
      fc.property(textArb, (t) => compare(t)),
      { numRuns: 500 },
    );
  });
});
