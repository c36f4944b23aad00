// The audit's CSV (RFC 4180 for Excel): quoting, doubled quotes, line breaks, the BOM, formulas.
import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../src/console/csv.js";

describe("toCsv", () => {
  it("starts with a UTF-8 BOM, ends every line with CRLF, and keeps Vietnamese as it is", () => {
    const text = toCsv(["a", "b"], [["Nguyễn Thị Ạ", 3]]);
    expect(text).toBe("\uFEFFa,b\r\nNguyễn Thị Ạ,3\r\n");
    expect([...Buffer.from(text, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("quotes a field with a comma, a quote or a line break, doubling its quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('nói "xin chào"')).toBe('"nói ""xin chào"""');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvField("dòng 1\r\ndòng 2")).toBe('"dòng 1\r\ndòng 2"');
    expect(csvField("plain")).toBe("plain");
  });

  it("writes nothing for a missing value, and numbers as they are", () => {
    expect(
      toCsv(
        ["seq", "x"],
        [
          [undefined, null],
          [12, 0],
        ],
      ),
    ).toBe("\uFEFFseq,x\r\n,\r\n12,0\r\n");
  });

  it("keeps a cell a spreadsheet would run as a formula as text", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+84912345678")).toBe("'+84912345678");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
});
