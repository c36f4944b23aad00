import { inflateSync } from "node:zlib";
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
    // The picture, read back: the table, the paper, the raster's ink, the cut's dashes.
    const picture = readPng(png);
    expect([picture.width, picture.height]).toEqual([384 + 32, 162 + 32]);
    expect(picture.grey(0, 0)).toBe(184);
    expect(picture.grey(16, 16 + 20)).toBe(254);
    expect(picture.grey(16 + 384 - 64, 16 + 102)).toBe(16);
    expect(picture.grey(16 + 384 - 65, 16 + 102)).toBe(254);
    expect(picture.grey(16 + 383, 16 + 111)).toBe(16);
    expect([0, 7, 8, 14].map((x) => picture.grey(x, 16 + 162))).toEqual([96, 96, 184, 96]);
    // The text lines are drawn too: some ink in the first line's band, none in an empty one.
    const inked = (y0: number, y1: number) =>
      Array.from({ length: (y1 - y0) * 384 }, (_, i) =>
        picture.grey(16 + (i % 384), y0 + Math.floor(i / 384)),
      ).some((g) => g === 16);
    expect(inked(16, 16 + 30)).toBe(true);
    expect(inked(16 + 30, 16 + 90)).toBe(false);
  });
});

/** A palette PNG's size and its pixels' grey levels (the PNGs renderEscPosPng writes). */
function readPng(png: Buffer) {
  const chunks = new Map<string, Buffer[]>();
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    chunks.set(type, [...(chunks.get(type) ?? []), png.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  const header = chunks.get("IHDR")?.[0] as Buffer;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  expect([header[8], header[9]]).toEqual([2, 3]); // 2 bits a pixel, a palette
  const palette = chunks.get("PLTE")?.[0] as Buffer;
  const rows = inflateSync(Buffer.concat(chunks.get("IDAT") ?? []));
  const stride = Math.ceil(width / 4) + 1;
  expect(rows.length).toBe(stride * height);
  const grey = (x: number, y: number) => {
    expect(rows[y * stride]).toBe(0); // no filter
    const index = ((rows[y * stride + 1 + (x >> 2)] as number) >> (6 - 2 * (x & 3))) & 3;
    return palette[index * 3] as number;
  };
  return { width, height, grey };
}
