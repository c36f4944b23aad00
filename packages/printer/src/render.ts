import { encodeShadesPng, shadesStride } from "./png.js";
import { composeText, paintText } from "./raster.js";

/**
 * What the simulated printer "prints": the ESC/POS bytes interpreted the way a thermal printer
 * does (raster images, feeds, cut, plain ASCII text in its 12×24 font, justification), drawn
 * on a paper-coloured strip so a person can look at the ticket. Unknown commands are skipped.
 */
const LINE_DOTS = 30;
const MARGIN = 16;

type Mark =
  | { kind: "bits"; y: number; x: number; width: number; height: number; data: Uint8Array }
  | { kind: "text"; y: number; x: number; text: string }
  | { kind: "cut"; y: number };

export function layoutEscPos(bytes: Uint8Array, paperDots: number): { marks: Mark[]; height: number } {
  const marks: Mark[] = [];
  let y = 0;
  let alignment = 0;
  let text = "";
  const flushText = (feed: boolean) => {
    if (text !== "" || feed) {
      const width = text.length * 12;
      const x = alignment === 1 ? (paperDots - width) / 2 : alignment === 2 ? paperDots - width : 0;
      if (text !== "") marks.push({ kind: "text", y, x: Math.max(0, x), text });
      y += LINE_DOTS;
      text = "";
    }
  };
  let i = 0;
  const at = (k: number) => bytes[i + k] ?? 0;
  while (i < bytes.length) {
    const b = at(0);
    if (b === 0x1b) {
      const c = at(1);
      if (c === 0x40) {
        alignment = 0;
        i += 2;
      } else if (c === 0x61) {
        alignment = at(2) % 48;
        i += 3;
      } else if (c === 0x64) {
        flushText(false);
        y += at(2) * LINE_DOTS;
        i += 3;
      } else if (c === 0x4a) {
        flushText(false);
        y += at(2);
        i += 3;
      } else if (c === 0x74 || c === 0x21 || c === 0x45 || c === 0x2d || c === 0x33 || c === 0x4d) i += 3;
      else i += 2;
    } else if (b === 0x1d) {
      const c = at(1);
      if (c === 0x76 && at(2) === 0x30) {
        flushText(false);
        const rowBytes = at(4) | (at(5) << 8);
        const rows = at(6) | (at(7) << 8);
        const width = rowBytes * 8;
        const x = alignment === 1 ? (paperDots - width) / 2 : alignment === 2 ? paperDots - width : 0;
        marks.push({
          kind: "bits",
          y,
          x: Math.max(0, x),
          width,
          height: rows,
          data: bytes.subarray(i + 8, i + 8 + rowBytes * rows),
        });
        y += rows;
        i += 8 + rowBytes * rows;
      } else if (c === 0x56) {
        flushText(false);
        const m = at(2);
        const n = m === 65 || m === 66 ? at(3) : 0;
        y += n;
        marks.push({ kind: "cut", y });
        i += m === 65 || m === 66 ? 4 : 3;
      } else if (c === 0x21) i += 3;
      else i += 2;
    } else if (b === 0x10 && at(1) === 0x04) {
      i += 3;
    } else if (b === 0x0a) {
      flushText(true);
      i += 1;
    } else {
      if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
      i += 1;
    }
  }
  flushText(false);
  return { marks, height: y };
}

/** Grey levels of the picture: the table around the paper, the paper, ink, the cut's dashes. */
const SHADES = [184, 254, 16, 96] as const;
const [, PAPER, INK, CUT] = [0, 1, 2, 3] as const; // 0: the table

/** The ticket as a PNG: white paper on grey, black dots, the cut as a dashed line (greyscale, no Skia). */
export function renderEscPosPng(bytes: Uint8Array, paperDots: number): Buffer {
  const { marks, height } = layoutEscPos(bytes, paperDots);
  const w = paperDots + 2 * MARGIN;
  const paperHeight = Math.max(height, 1);
  const h = paperHeight + 2 * MARGIN;
  // Drawn straight into the PNG's rows, 2 bits a pixel (index 0, the table, everywhere at first).
  const stride = shadesStride(w);
  const rows = new Uint8Array(stride * h);
  const set = (X: number, Y: number, shade: number) => {
    const o = Y * stride + 1 + (X >> 2);
    const shift = 6 - 2 * (X & 3);
    rows[o] = ((rows[o] as number) & ~(3 << shift)) | (shade << shift);
  };
  for (let y = MARGIN; y < MARGIN + paperHeight; y++)
    for (let x = MARGIN; x < MARGIN + paperDots; x++) set(x, y, PAPER);
  const ink = (X: number, Y: number) => {
    if (X >= MARGIN && X < MARGIN + paperDots && Y >= 0 && Y < h) set(X, Y, INK);
  };
  for (const m of marks) {
    if (m.kind === "bits") {
      const rowBytes = m.width / 8;
      for (let r = 0; r < m.height; r++)
        for (let c = 0; c < m.width; c++)
          if (((m.data[r * rowBytes + (c >> 3)] ?? 0) & (0x80 >> (c & 7))) !== 0)
            ink(MARGIN + m.x + c, MARGIN + m.y + r);
    } else if (m.kind === "text") {
      // Plain text the printer would print in its own font: drawn with the ticket's glyphs.
      const lineHeight = LINE_DOTS;
      const cover = new Uint8Array(paperDots * lineHeight);
      paintText(composeText(m.text, { size: 20 }), cover, paperDots, lineHeight, Math.round(m.x), 22);
      for (let r = 0; r < lineHeight; r++)
        for (let c = 0; c < paperDots; c++)
          if ((cover[r * paperDots + c] as number) > 127) ink(MARGIN + c, MARGIN + m.y + r);
    } else {
      const y = MARGIN + m.y;
      if (y < h) for (let x = 0; x < w; x++) if (x % 14 < 8) set(x, y, CUT);
    }
  }
  return encodeShadesPng(rows, w, h, SHADES);
}
