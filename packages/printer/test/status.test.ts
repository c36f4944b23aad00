import { describe, expect, it } from "vitest";
import { decodeStatus, encodeStatus, PRINTER_CONDITIONS } from "../src/index.js";

// Answers as Epson's reference lists them: fixed bits 1 and 4 set (0x12), the rest per cause.
describe("DLE EOT answers", () => {
  it("a printer with nothing to say is ok", () => {
    expect(decodeStatus({ printer: 0x16, offline: 0x12, paper: 0x12 })).toEqual({
      condition: "ok",
      paperLow: false,
      answered: true,
    });
  });

  it("paper end, from the roll sensor or the offline cause", () => {
    expect(decodeStatus({ printer: 0x1e, offline: 0x32, paper: 0x7e }).condition).toBe("paper_out");
    expect(decodeStatus({ printer: 0x1e, offline: 0x32 }).condition).toBe("paper_out");
    expect(decodeStatus({ paper: 0x72 }).condition).toBe("paper_out");
  });

  it("cover open, offline, errors", () => {
    expect(decodeStatus({ printer: 0x1e, offline: 0x16, paper: 0x12 }).condition).toBe("cover_open");
    expect(decodeStatus({ printer: 0x1e, offline: 0x12, paper: 0x12 }).condition).toBe("offline");
    expect(decodeStatus({ printer: 0x1e, offline: 0x52 }).condition).toBe("error");
    expect(decodeStatus({ printer: 0x12, error: 0x1a }).condition).toBe("error");
  });

  it("paper near end prints but warns", () => {
    expect(decodeStatus({ printer: 0x12, offline: 0x12, paper: 0x1e })).toMatchObject({
      condition: "ok",
      paperLow: true,
    });
  });

  it("bytes that are not status answers are ignored; no answer at all is ok, unanswered", () => {
    expect(decodeStatus({ printer: 0xff, offline: 0x00 })).toMatchObject({
      condition: "ok",
      answered: false,
    });
    expect(decodeStatus({})).toMatchObject({ condition: "ok", answered: false });
  });

  it("the simulated printer's answers decode to its condition", () => {
    for (const c of PRINTER_CONDITIONS.filter((c) => c !== "unplugged")) {
      expect(decodeStatus(encodeStatus(c)).condition).toBe(c);
      expect(decodeStatus(encodeStatus(c, true)).paperLow).toBe(true);
    }
  });
});
