import escposLib from "escpos";
import { describe, expect, it } from "vitest";
import { type Bitmap, escpos, PAPER_DOTS, ticketBitmaps } from "../src/index.js";
import { parseEscPos } from "./escpos-parser.js";
import { sample } from "./sample.js";

/** What escpos's own Printer writes for `build(printer)`. */
function escposBytes(build: (p: InstanceType<typeof escposLib.Printer>) => unknown): Buffer {
  const printer = new escposLib.Printer(null);
  build(printer);
  return printer.buffer.flush();
}

const bytes = (parts: Uint8Array | Uint8Array[]) =>
  Buffer.from(Array.isArray(parts) ? escpos.concat(parts) : parts);

/** A 1-bit bitmap as the RGBA pixels escpos's Image takes (get-pixels' shape: width, height, 4). */
function escposImage(b: Bitmap): InstanceType<typeof escposLib.Image> {
  const rowBytes = escpos.bytesPerRow(b.width);
  const data = new Uint8Array(b.width * b.height * 4);
  for (let y = 0; y < b.height; y++)
    for (let x = 0; x < b.width; x++) {
      const black = ((b.data[y * rowBytes + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0;
      data.fill(black ? 0 : 255, (y * b.width + x) * 4, (y * b.width + x) * 4 + 3);
      data[(y * b.width + x) * 4 + 3] = 255;
    }
  return new escposLib.Image({ data, shape: [b.width, b.height, 4] });
}

describe("the ticket's commands are escpos's", () => {
  it("reset and justification: the bytes of escpos's hardware('init') and align()", () => {
    expect(bytes(escpos.init())).toEqual(escposBytes((p) => p.hardware("init")));
    expect(bytes(escpos.align("left"))).toEqual(escposBytes((p) => p.align("lt")));
    expect(bytes(escpos.align("center"))).toEqual(escposBytes((p) => p.align("ct")));
    expect(bytes(escpos.align("right"))).toEqual(escposBytes((p) => p.align("rt")));
  });

  it("raster images: the bytes of escpos's raster() for the same dots", () => {
    // A width that is not a multiple of 8 (the row's last byte is padded) and a ticket's band.
    const odd: Bitmap = { width: 20, height: 7, data: new Uint8Array(3 * 7).map((_, i) => (i * 37) & 0xf0) };
    const band = ticketBitmaps(sample, PAPER_DOTS["58"])[0] as Bitmap;
    for (const b of [odd, band]) {
      expect(b.height).toBeLessThanOrEqual(255);
      expect(bytes(escpos.rasterImage(b))).toEqual(escposBytes((p) => p.raster(escposImage(b), "normal")));
    }
  });

  it("status requests: escpos's DLE EOT n", () => {
    for (const n of [1, 2, 3, 4] as const) expect([...escpos.statusRequest(n)]).toEqual([0x10, 0x04, n]);
  });

  it("the cut is escpos's PAPER_CUT_B with its feed; escpos's cut() would feed lines and cut in place", () => {
    expect(parseEscPos(escpos.cut(64))).toEqual([{ op: "cut", partial: true, feed: 64, offset: 0 }]);
    expect([...escpos.cut(64)]).toEqual([0x1d, 0x56, 66, 64]);
    // What escpos's method writes instead: text-mode line feeds (3 even when asked for none),
    // then GS V 1 — no feed to the cutter. Not the same paper: see cut() in escpos.ts.
    expect([...escposBytes((p) => p.cut(true, 0))]).toEqual([0x0a, 0x0a, 0x0a, 0x1d, 0x56, 0x01]);
  });
});
