// ORACLE 1: Debian's python3-gammu (libgammu), an implementation independent of ours.
// (a) gammu.DecodePDU reads our SMS-SUBMIT and SMS-DELIVER PDUs: number, text, concatenation.
// (b) gammu.EncodeSMS cuts the same texts: the same number of parts, the same text in each, and
//     gammu.EncodePDU makes byte-for-byte our TPDU of each part (given gammu's reference).
// Missing python3-gammu fails these tests under CI and skips them elsewhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeliverPdu, EncodedPdu, SubmitPdu } from "../src/index.js";
import { decodeDeliver, decodeSubmit, encodeDeliver, encodeSubmit, segment } from "../src/index.js";
import { TEXTS, textArb } from "./corpus.js";
import type { GammuDecoded, GammuEncodeRequest } from "./oracle/gammu.js";
import { gammu, gammuMissing, skipGammu } from "./oracle/gammu.js";

/**
 * gammu quirk (libgammu's DecodeUnicodeSpecialNOKIAChars / EncodeUnicodeSpecialNOKIAChars, a
 * Nokia phonebook convention applied to every UCS-2 SMS): it writes "~" as U+0001 and reads
 * U+007E as "~~" (cutting the text's last character, since its length stays), so a UCS-2 text
 * with "~" cannot be compared. 3GPP TS 23.038 §6.2.3 has U+007E for "~" (and in GSM-7 gammu
 * agrees: "~" is the escape pair 1B 3D there, compared below).
 */
function gammuUcs2Tilde(encoding: string, text: string): boolean {
  return encoding === "ucs2" && text.includes("~");
}

const CODING = { gsm7: "Default_No_Compression", ucs2: "Unicode_No_Compression", binary: "8bit" } as const;

function decodedByGammu(hexes: string[]): GammuDecoded[] {
  return gammu({ decode: hexes }).decode.map((d, i) => {
    if (d.error !== undefined) throw new Error(`gammu.DecodePDU failed on ${hexes[i]}: ${d.error}`);
    return d;
  });
}

/** What gammu must have read from one of our PDUs, given what we decode from it ourselves. */
function expectAgreement(g: GammuDecoded, ours: SubmitPdu | DeliverPdu, hex: string): void {
  const where = `PDU ${hex}`;
  expect(g.number, where).toBe("to" in ours ? ours.to : ours.from);
  expect(g.type, where).toBe("to" in ours ? "Submit" : "Deliver");
  if (!gammuUcs2Tilde(ours.encoding, ours.text)) expect(g.text, where).toBe(ours.text);
  expect(g.coding, where).toBe(CODING[ours.encoding]);
  if (ours.concat) {
    const sixteen = ours.concat.referenceBits === 16;
    expect(g.udh.type, where).toBe(sixteen ? "ConcatenatedMessages16bit" : "ConcatenatedMessages");
    expect(sixteen ? g.udh.id16 : g.udh.id8, where).toBe(ours.concat.reference);
    expect([g.udh.part, g.udh.all], where).toEqual([ours.concat.sequence, ours.concat.total]);
  } else {
    expect(g.udh.type, where).toBe("NoUDH");
  }
  if ("timestamp" in ours) expect(g.datetime, where).toBe(ours.timestamp.slice(0, 19));
}

describe.skipIf(skipGammu)("oracle: Debian python3-gammu", () => {
  it("is installed", () => {
    expect(gammuMissing).toBeUndefined();
  });

  it("(a) gammu.DecodePDU reads our SMS-SUBMIT and SMS-DELIVER PDUs as we do", () => {
    const pdus: Array<{ pdu: EncodedPdu; ours: SubmitPdu | DeliverPdu }> = [];
    const senders = ["+84912345678", "0912345678", "Viettel", "8188"];
    for (const [i, [, text]] of TEXTS.entries()) {
      for (const referenceBits of [8, 16] as const) {
        const reference = referenceBits === 16 ? 0x1234 + i : 200 + i;
        const to = i % 2 === 0 ? "+84912345678" : "0987654321";
        for (const pdu of encodeSubmit({ to, text, reference, referenceBits })) {
          pdus.push({ pdu, ours: decodeSubmit(pdu.hex) });
        }
        const from = senders[i % senders.length] ?? "";
        const timestamp = i % 3 === 0 ? "2026-11-22T13:15:03+07:00" : "2027-02-28T23:59:59-03:30";
        for (const pdu of encodeDeliver({ from, text, timestamp, reference, referenceBits })) {
          pdus.push({ pdu, ours: decodeDeliver(pdu.hex) });
        }
      }
      // Forced UCS-2 for GSM-7 text.
      for (const pdu of encodeSubmit({ to: "+84912345678", text, encoding: "ucs2", reference: 7 })) {
        pdus.push({ pdu, ours: decodeSubmit(pdu.hex) });
      }
    }
    const answers = decodedByGammu(pdus.map((p) => p.pdu.hex));
    expect(answers).toHaveLength(pdus.length);
    for (const [i, { pdu, ours }] of pdus.entries())
      expectAgreement(answers[i] as GammuDecoded, ours, pdu.hex);
  });

  it("(b) gammu.EncodeSMS cuts each text as we do, and gammu.EncodePDU makes our very TPDUs", () => {
    const requests: GammuEncodeRequest[] = [];
    for (const [, text] of TEXTS) {
      const unicode = segment(text).encoding === "ucs2";
      for (const bits of [8, 16] as const) {
        requests.push({ text, unicode, bits, number: "+84912345678" });
        requests.push({ text, unicode, bits, number: "0912345678" });
      }
    }
    compareEncodings(requests);
  });

  it("(a)+(b) on random texts from a mix of alphabets", () => {
    // One gammu call for the whole sample (a python process per run would take ~0.1 s).
    const texts = fc.sample(textArb, { numRuns: 300, seed: 20261122 }).map((t) => t.normalize("NFC"));
    const requests = texts.map(
      (text, i): GammuEncodeRequest => ({
        text,
        unicode: segment(text).encoding === "ucs2",
        bits: i % 3 === 0 ? 16 : 8,
        number: i % 2 === 0 ? "+84912345678" : "0912345678",
      }),
    );
    compareEncodings(requests);
  });
});

function compareEncodings(all: GammuEncodeRequest[]): void {
  const requests = all.filter((r) => !gammuUcs2Tilde(r.unicode ? "ucs2" : "gsm7", r.text));
  expect(requests.length).toBeGreaterThan(all.length * 0.8);
  const answers = gammu({ encode: requests }).encode;
  const ourHexes: string[] = [];
  const ourDecoded: SubmitPdu[] = [];
  for (const [i, req] of requests.entries()) {
    const theirs = answers[i] ?? [];
    const where = `${JSON.stringify(req.text)} (${req.unicode ? "UCS-2" : "GSM-7"}, ${req.bits}-bit reference)`;
    const reference = theirs[0]?.reference ?? 0;
    const ours = encodeSubmit({ to: req.number, text: req.text, reference, referenceBits: req.bits });
    expect(ours.length, where).toBe(theirs.length);
    expect(
      ours.map((p) => decodeSubmit(p.hex).text),
      where,
    ).toEqual(theirs.map((p) => p.text));
    expect(
      ours.map((p) => p.hex.slice(2)),
      where,
    ).toEqual(theirs.map((p) => p.tpdu));
    for (const p of ours) {
      ourHexes.push(p.hex);
      ourDecoded.push(decodeSubmit(p.hex));
    }
  }
  // And gammu reads all of ours back as we do.
  const decoded = decodedByGammu(ourHexes);
  for (const [i, g] of decoded.entries()) {
    expectAgreement(g, ourDecoded[i] as SubmitPdu, ourHexes[i] ?? "");
  }
}
