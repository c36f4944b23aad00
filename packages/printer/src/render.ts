import { ensureTicketFont, TICKET_FONT } from "./font.js";
import { skia } from "./skia.js";

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

/** The ticket as a PNG: white paper on grey, black dots, the cut as a dashed line. */
export function renderEscPosPng(bytes: Uint8Array, paperDots: number): Buffer {
  const { marks, height } = layoutEscPos(bytes, paperDots);
  const w = paperDots + 2 * MARGIN;
  const h = Math.max(height, 1) + 2 * MARGIN;
  const canvas = skia().createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#b8b8b8";
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = "#fffef8";
  ctx.fillRect(MARGIN, MARGIN, paperDots, Math.max(height, 1));
  const image = ctx.getImageData(0, 0, w, h);
  const px = image.data;
  for (const m of marks) {
    if (m.kind !== "bits") continue;
    const rowBytes = m.width / 8;
    for (let r = 0; r < m.height; r++) {
      for (let c = 0; c < m.width; c++) {
        if (((m.data[r * rowBytes + (c >> 3)] ?? 0) & (0x80 >> (c & 7))) === 0) continue;
        const X = MARGIN + m.x + c;
        const Y = MARGIN + m.y + r;
        if (X >= MARGIN + paperDots || Y >= h) continue;
        const o = (Y * w + X) * 4;
        px[o] = 16;
        px[o + 1] = 16;
        px[o + 2] = 16;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  ensureTicketFont();
  ctx.fillStyle = "#101010";
  ctx.font = `20px ${TICKET_FONT}`;
  for (const m of marks) {
    if (m.kind === "text") ctx.fillText(m.text, MARGIN + m.x, MARGIN + m.y + 22);
    if (m.kind === "cut") {
      ctx.strokeStyle = "#606060";
      ctx.setLineDash([8, 6]);
      ctx.beginPath();
      ctx.moveTo(0, MARGIN + m.y);
      ctx.lineTo(w, MARGIN + m.y);
      ctx.stroke();
    }
  }
  return canvas.encodeSync("png");
}
