import type { SKRSContext2D } from "@napi-rs/canvas";
import { type Bitmap, bytesPerRow } from "./escpos.js";
import { ensureTicketFont, TICKET_FONT } from "./font.js";
import { skia } from "./skia.js";

/**
 * Text to 1-bit raster. Vietnamese needs 134 precomposed letters that no common thermal
 * printer's code page holds (Xprinter's and Epson's TCVN/VISCII pages are missing on most
 * units, and differ between those that have them); drawing the text ourselves with a bundled
 * font prints the same on every printer that takes `GS v 0`, which all ESC/POS printers do.
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

const measureCanvas = () => skia().createCanvas(8, 8).getContext("2d");
let measurer: SKRSContext2D | undefined;

function fontOf(style: TextStyle): string {
  return `${style.bold ? "bold " : ""}${style.size}px ${TICKET_FONT}`;
}

function measure(text: string, style: TextStyle): number {
  ensureTicketFont();
  measurer ??= measureCanvas();
  measurer.font = fontOf(style);
  return measurer.measureText(text).width;
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

/** The largest size up to `style.size` at which `text` fits in `width` dots. */
export function fitSize(text: string, style: TextStyle, width: number): number {
  let size = style.size;
  while (size > 8 && measure(text, { ...style, size }) > width) size -= 2;
  return size;
}

/** One line of text drawn across the whole paper width, as a bitmap band. */
export function rasterLine(
  text: string,
  style: TextStyle,
  width: number,
  spaceBefore = 0,
  margin = 0,
): Bitmap {
  ensureTicketFont();
  const lineHeight = Math.ceil(style.size * 1.3);
  const height = lineHeight + spaceBefore;
  const canvas = skia().createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#000";
  ctx.font = fontOf(style);
  ctx.textBaseline = "alphabetic";
  const metrics = ctx.measureText(text);
  const align = style.align ?? "left";
  // Centred on the ink, not on the advance widths: side bearings of T or 1 would push a large
  // number several dots off the middle.
  const x =
    align === "center"
      ? (width + metrics.actualBoundingBoxLeft - metrics.actualBoundingBoxRight) / 2
      : align === "right"
        ? width - margin - metrics.width
        : margin;
  // Baseline at ~78 % of the line: room above for stacked Vietnamese marks (Ấ, Ờ) and below for descenders.
  ctx.fillText(text, Math.max(0, x), spaceBefore + Math.round(lineHeight * 0.78));
  return threshold(ctx.getImageData(0, 0, width, height).data, width, height);
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

/** RGBA to 1 bit: dark where the (anti-aliased) ink covers more than half the dot. */
function threshold(rgba: Uint8ClampedArray, width: number, height: number): Bitmap {
  const rowBytes = bytesPerRow(width);
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((rgba[(y * width + x) * 4] as number) < 128) {
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
