import { type Glyph, ticketAtlas } from "./atlas.js";
import { type Bitmap, bytesPerRow } from "./escpos.js";

/**
 * Text to 1-bit raster. Vietnamese needs 134 precomposed letters that no common thermal
 * printer's code page holds (Xprinter's and Epson's TCVN/VISCII pages are missing on most
 * units, and differ between those that have them); drawing the text ourselves with a bundled
 * font prints the same on every printer that takes `GS v 0`, which all ESC/POS printers do.
 * The glyphs come from the atlas (atlas.ts), drawn by Skia in a child process; composing them
 * here is plain JavaScript, so a kiosk never loads Skia.
 */
export interface TextStyle {
  /** Font size in dots (8 dots per mm on a 203 dpi printer). */
  size: number;
  bold?: boolean;
  align?: "left" | "center" | "right";
}

export interface TextBlock extends TextStyle {
  text: string;
  /** Wrap at word boundaries to the paper width (else the text is shrunk to fit on one line). */
  wrap?: boolean;
  /** Blank dots above the text. */
  spaceBefore?: number;
}

/** Advances per em, scaled: the same at every size, so fitting needs no glyphs drawn. */
function measure(text: string, style: TextStyle): number {
  return ticketAtlas().measure(text, { size: style.size, bold: style.bold ?? false });
}

/** Splits `text` into lines no wider than `width` dots, at spaces (a too-long word stays whole). */
export function wrapText(text: string, style: TextStyle, width: number): string[] {
  // Only plain spaces break a line: a no-break space (U+00A0) keeps `<mã thủ tục>` whole.
  const words = text.split(/[ \t\n]+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line !== "" && measure(candidate, style) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== "") lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** The largest size up to `style.size` at which `text` fits in `width` dots (the line then draws that face). */
export function fitSize(text: string, style: TextStyle, width: number): number {
  let size = style.size;
  while (size > 8 && measure(text, { ...style, size }) > width) size -= 2;
  return size;
}

/** Coverage of `text` laid out from pen 0: each glyph where the rounded pen puts it, summed. */
export interface Composed {
  /** Ink extent in dots from the pen's start (right exclusive); advance when there is no ink. */
  inkLeft: number;
  inkRight: number;
  advance: number;
  place: Array<{ glyph: Glyph; x: number }>;
}

export function composeText(text: string, style: TextStyle): Composed {
  const atlas = ticketAtlas();
  const face = { size: style.size, bold: style.bold ?? false };
  const glyphs = atlas.glyphs(text, face);
  const chars = Array.from(text);
  let pen = 0;
  let inkLeft = Number.POSITIVE_INFINITY;
  let inkRight = Number.NEGATIVE_INFINITY;
  const place: Composed["place"] = [];
  for (const [i, glyph] of glyphs.entries()) {
    if (i > 0) pen += atlas.kern(chars[i - 1] as string, chars[i] as string, face) * face.size;
    const x = Math.round(pen) + glyph.left;
    if (glyph.width > 0) {
      inkLeft = Math.min(inkLeft, x);
      inkRight = Math.max(inkRight, x + glyph.width);
      place.push({ glyph, x });
    }
    pen += glyph.advance;
  }
  if (place.length === 0) return { inkLeft: 0, inkRight: pen, advance: pen, place };
  return { inkLeft, inkRight, advance: pen, place };
}

/** Adds the glyphs' coverage into `cover` (row length `width`) with the pen at (`x`, `baseline`). */
export function paintText(
  composed: Composed,
  cover: Uint8Array,
  width: number,
  height: number,
  x: number,
  baseline: number,
): void {
  for (const { glyph, x: gx } of composed.place) {
    const left = x + gx;
    const top = baseline + glyph.top;
    for (let r = 0; r < glyph.height; r++) {
      const y = top + r;
      if (y < 0 || y >= height) continue;
      for (let c = 0; c < glyph.width; c++) {
        const X = left + c;
        if (X < 0 || X >= width) continue;
        const o = y * width + X;
        // Overlapping glyphs (a mark over a letter) add up, as ink does.
        cover[o] = Math.min(255, (cover[o] as number) + (glyph.coverage[r * glyph.width + c] as number));
      }
    }
  }
}

/** One line of text drawn across the whole paper width, as a bitmap band. */
export function rasterLine(
  text: string,
  style: TextStyle,
  width: number,
  spaceBefore = 0,
  margin = 0,
): Bitmap {
  const lineHeight = Math.ceil(style.size * 1.3);
  const height = lineHeight + spaceBefore;
  const composed = composeText(text, style);
  const align = style.align ?? "left";
  // Centred on the ink, not on the advance widths: side bearings of T or 1 would push a large
  // number several dots off the middle.
  const x =
    align === "center"
      ? Math.round((width - (composed.inkRight - composed.inkLeft)) / 2 - composed.inkLeft)
      : align === "right"
        ? Math.round(width - margin - composed.advance)
        : margin;
  const cover = new Uint8Array(width * height);
  // Baseline at ~78 % of the line: room above for stacked Vietnamese marks (Ấ, Ờ) and below for descenders.
  paintText(composed, cover, width, height, Math.max(0, x), spaceBefore + Math.round(lineHeight * 0.78));
  return threshold(cover, width, height);
}

/** Every line of a block, wrapped or fitted inside `margin` blank dots on each side. */
export function rasterBlock(block: TextBlock, width: number, margin = 8): Bitmap[] {
  const text = block.text.normalize("NFC");
  const room = width - 2 * margin;
  if (block.wrap) {
    return wrapText(text, block, room).map((line, i) =>
      rasterLine(line, block, width, i === 0 ? (block.spaceBefore ?? 0) : 0, margin),
    );
  }
  const size = fitSize(text, block, room);
  return [rasterLine(text, { ...block, size }, width, block.spaceBefore ?? 0, margin)];
}

/** Coverage to 1 bit: dark where the (anti-aliased) ink covers more than half the dot. */
function threshold(cover: Uint8Array, width: number, height: number): Bitmap {
  const rowBytes = bytesPerRow(width);
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((cover[y * width + x] as number) > 127) {
        const i = y * rowBytes + (x >> 3);
        data[i] = (data[i] as number) | (0x80 >> (x & 7));
      }
    }
  }
  return { width, height, data };
}

/** A horizontal rule, `thickness` dots, with `margin` blank dots above and below. */
export function rule(width: number, thickness = 2, margin = 8): Bitmap {
  const rowBytes = bytesPerRow(width);
  const height = thickness + 2 * margin;
  const data = new Uint8Array(rowBytes * height);
  data.fill(0xff, margin * rowBytes, (margin + thickness) * rowBytes);
  return { width, height, data };
}
