import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import {
  type AtlasRequest,
  BASE_CHARS,
  baseCharsOf,
  decodeFace,
  type EmFile,
  emPath,
  encodeFace,
  type Face,
  facePath,
  type Glyph,
  LABEL_CHARS,
} from "./atlas.js";
import { ensureTicketFont, TICKET_FONT } from "./font.js";
import { skia } from "./skia.js";

/** Run in the atlas child only: Skia draws each glyph alone, as it drew whole lines before. */

const fontOf = (face: Face) => `${face.bold ? "bold " : ""}${face.size}px ${TICKET_FONT}`;

/** Written beside, then renamed: a reader never sees half a file. */
function writeAtomic(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function readJson<T>(path: string): T | undefined {
  try {
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : undefined;
  } catch {
    return undefined; // a damaged file is drawn again
  }
}

function drawGlyph(ch: string, face: Face): Glyph {
  const { createCanvas } = skia();
  const measure = createCanvas(8, 8).getContext("2d");
  measure.font = fontOf(face);
  const m = measure.measureText(ch);
  const pad = 2;
  const ox = pad + Math.ceil(Math.max(0, m.actualBoundingBoxLeft));
  const oy = pad + Math.ceil(Math.max(0, m.actualBoundingBoxAscent));
  const w = ox + Math.ceil(Math.max(0, m.actualBoundingBoxRight)) + pad;
  const h = oy + Math.ceil(Math.max(0, m.actualBoundingBoxDescent)) + pad;
  const canvas = createCanvas(Math.max(1, w), Math.max(1, h));
  const ctx = canvas.getContext("2d");
  ctx.font = fontOf(face);
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = "#000";
  ctx.fillText(ch, ox, oy);
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  // Cropped to the ink: alpha is the coverage.
  let x0 = canvas.width;
  let y0 = canvas.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < canvas.height; y++)
    for (let x = 0; x < canvas.width; x++)
      if ((rgba[(y * canvas.width + x) * 4 + 3] as number) > 0) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  if (x1 < 0) return { advance: m.width, left: 0, top: 0, width: 0, height: 0, coverage: new Uint8Array(0) };
  const cw = x1 - x0 + 1;
  const chh = y1 - y0 + 1;
  const coverage = Buffer.alloc(cw * chh);
  for (let y = 0; y < chh; y++)
    for (let x = 0; x < cw; x++)
      coverage[y * cw + x] = rgba[((y0 + y) * canvas.width + x0 + x) * 4 + 3] as number;
  return { advance: m.width, left: x0 - ox, top: y0 - oy, width: cw, height: chh, coverage };
}

/** Adds what `request` asks for to the atlas files (what they already hold is kept). */
export function buildAtlas(request: AtlasRequest): void {
  mkdirSync(request.dir, { recursive: true });
  const emFile = emPath(request.dir, request.key);
  const em: EmFile = readJson<EmFile>(emFile) ?? { regular: {}, bold: {} };
  const emChars = new Set(
    `${BASE_CHARS}${LABEL_CHARS}${request.chars}${request.faces.map((f) => f.chars).join("")}`,
  );
  // Skia and the font are loaded only when something is missing: a start-up with a full cache
  // costs this child little more than reading the files.
  let canvas: ReturnType<typeof measurer> | undefined;
  const measurer = () => {
    ensureTicketFont();
    return skia().createCanvas(8, 8).getContext("2d");
  };
  const ctxOf = () => {
    canvas ??= measurer();
    return canvas;
  };
  let emChanged = false;
  for (const bold of [false, true]) {
    const table = bold ? em.bold : em.regular;
    if ([...emChars].every((ch) => table[ch] !== undefined)) continue;
    const ctx = ctxOf();
    // Measured at 1000 dots: Skia's advances are linear in the size (no hinting).
    ctx.font = fontOf({ size: 1000, bold });
    for (const ch of emChars)
      if (table[ch] === undefined) {
        table[ch] = ctx.measureText(ch).width / 1000;
        emChanged = true;
      }
  }
  if (em.kern === undefined) {
    // Kerning of the label's characters only (T-P, 1-1…): it decides how large the number fits.
    em.kern = { regular: {}, bold: {} };
    const ctx = ctxOf();
    for (const bold of [false, true]) {
      ctx.font = fontOf({ size: 1000, bold });
      const table = em.kern[bold ? "bold" : "regular"];
      const width = (text: string) => ctx.measureText(text).width;
      for (const a of LABEL_CHARS)
        for (const b of LABEL_CHARS) {
          const k = (width(a + b) - width(a) - width(b)) / 1000;
          if (Math.abs(k) > 1e-6) table[a + b] = k;
        }
    }
    emChanged = true;
  }
  if (emChanged) writeAtomic(emFile, JSON.stringify(em));
  for (const face of request.faces) {
    const path = facePath(request.dir, request.key, face);
    let glyphs = new Map<string, Glyph>();
    try {
      if (existsSync(path)) glyphs = decodeFace(readFileSync(path));
    } catch {
      // a damaged file is drawn again
    }
    const missing = [...new Set(`${baseCharsOf(face)}${face.chars}`)].filter((ch) => !glyphs.has(ch));
    if (missing.length === 0) continue;
    ensureTicketFont();
    for (const ch of missing) glyphs.set(ch, drawGlyph(ch, face));
    writeAtomic(path, encodeFace(glyphs));
  }
}
