/**
 * The few ESC/POS commands a raster ticket needs, as bytes (Epson "ESC/POS Application
 * Programming Guide"; Xprinter and most clones follow it). Text is never sent as characters:
 * see raster.ts for why.
 */
const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;

/** `ESC @`: clears the print buffer and resets modes (alignment, line spacing…). */
export const init = (): Uint8Array => Uint8Array.of(ESC, 0x40);

export type Align = "left" | "center" | "right";
/** `ESC a n`: justification of the following lines (and, on most printers, raster images). */
export const align = (a: Align): Uint8Array => Uint8Array.of(ESC, 0x61, { left: 0, center: 1, right: 2 }[a]);

/** `ESC d n`: prints the buffer and feeds n lines. */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, clampByte(n));

/** `GS V 66 n`: feeds n dots (to past the cutter) and partially cuts. Printers without a cutter ignore it. */
export const cut = (feedDots = 0): Uint8Array => Uint8Array.of(GS, 0x56, 66, clampByte(feedDots));

/** `DLE EOT n`: real-time status request; n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
export const statusRequest = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(DLE, EOT, n);

/** A 1-bit image: rows of `ceil(width / 8)` bytes, most significant bit leftmost, 1 = black. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export const bytesPerRow = (width: number) => Math.ceil(width / 8);

/**
 * `GS v 0 m xL xH yL yH d…`: prints a raster bit image at normal density (m = 0). Images taller
 * than `maxRows` are split into several commands: cheap printers' receive buffers are small.
 */
export function rasterImage(bitmap: Bitmap, maxRows = 255): Uint8Array[] {
  const rowBytes = bytesPerRow(bitmap.width);
  if (rowBytes > 0xffff || bitmap.data.length !== rowBytes * bitmap.height)
    throw new RangeError(`bitmap of ${bitmap.width}×${bitmap.height} has ${bitmap.data.length} bytes`);
  const out: Uint8Array[] = [];
  for (let top = 0; top < bitmap.height; top += maxRows) {
    const rows = Math.min(maxRows, bitmap.height - top);
    const header = Uint8Array.of(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8);
    out.push(header, bitmap.data.subarray(top * rowBytes, (top + rows) * rowBytes));
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function clampByte(n: number): number {
  return Math.max(0, Math.min(255, Math.round(n)));
}
