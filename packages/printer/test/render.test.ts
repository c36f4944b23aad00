import { describe, expect, it } from "vitest";
import { escpos, layoutEscPos, renderEscPosPng } from "../src/index.js";

describe("the simulated printer's rendering of any ESC/POS stream", () => {
  it("places text lines, feeds, raster images by their alignment, and the cut", () => {
    const image = { width: 64, height: 10, data: new Uint8Array(8 * 10).fill(0xff) };
    const bytes = escpos.concat([
      escpos.init(),
      Buffer.from("SELF TEST\n", "latin1"),
      escpos.feedLines(2),
      Uint8Array.of(0x1b, 0x4a, 12), // ESC J 12: feed 12 dots
      escpos.align("right"),
      ...escpos.rasterImage(image),
      escpos.align("center"),
      Buffer.from("OK", "latin1"),
      escpos.statusRequest(1),
      escpos.cut(20),
    ]);
    const { marks, height } = layoutEscPos(bytes, 384);
    expect(marks).toEqual([
      { kind: "text", y: 0, x: 0, text: "SELF TEST" },
      expect.objectContaining({ kind: "bits", y: 30 + 60 + 12, x: 384 - 64, width: 64, height: 10 }),
      { kind: "text", y: 112, x: (384 - 24) / 2, text: "OK" },
      { kind: "cut", y: 112 + 30 + 20 },
    ]);
    expect(height).toBe(162);
    const png = renderEscPosPng(bytes, 384);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  });
});
