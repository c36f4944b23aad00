/**
 * The few ESC/POS commands a raster ticket needs (Epson "ESC/POS Application Programming
 * Guide"; Xprinter and most clones follow it). Text is never sent as characters: see raster.ts.
 *
 * The command bytes come from escpos's own tables (`escpos/commands.js`, `escpos/statuses.js`);
 * only a command's numeric parameters are appended here. escpos's `Printer` object, whose
 * methods write those same tables, is not loaded: its module requires get-pixels, which
 * requires the `request` HTTP client — about 250 ms and 24 MiB resident on a PC, several times
 * the time on a Pi — to buffer bytes that are built here just as well. Where escpos's method
 * is not used (the cut, the raster image) the reason is given beside the command.
 * test/escpos.test.ts compares reset, alignment and raster with what escpos's `Printer` writes.
 */
import commands from "escpos/commands.js";
import statuses from "escpos/statuses.js";

/** An escpos table entry (a string of byte values below 256), then parameter bytes. */
function command(code: string, ...parameters: number[]): Uint8Array {
  const out = new Uint8Array(code.length + parameters.length);
  for (let i = 0; i < code.length; i++) {
    const b = code.charCodeAt(i);
    if (b > 0xff) throw new RangeError(`not a byte in an escpos command: ${b}`);
    out[i] = b;
  }
  out.set(parameters, code.length);
  return out;
}

/**
 * `ESC @`: clears the print buffer and resets modes (alignment, line spacing…). escpos:
 * `hardware("init")`.
 */
export const init = (): Uint8Array => command(commands.HARDWARE.HW_INIT);

export type Align = "left" | "center" | "right";
/**
 * `ESC a n`: justification of the following lines (and, on most printers, raster images).
 * escpos: `align("lt" | "ct" | "rt")`.
 */
export const align = (a: Align): Uint8Array => {
  const { TXT_ALIGN_LT, TXT_ALIGN_CT, TXT_ALIGN_RT } = commands.TEXT_FORMAT;
  return command({ left: TXT_ALIGN_LT, center: TXT_ALIGN_CT, right: TXT_ALIGN_RT }[a]);
};

/**
 * `ESC d n`: prints the buffer and feeds n lines. Not in escpos's tables: its `feed(n)` sends
 * n line feeds (`LF`), the same paper movement in n bytes. The ticket itself never feeds this
 * way (its bands carry their own spacing and the cut feeds to the cutter).
 */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(0x1b, 0x64, clampByte(n));

/**
 * `GS V 66 n`: the printer feeds the paper to its cutter plus n dots, then cuts partially
 * (printers without a cutter ignore it). The command is escpos's `PAPER_CUT_B`, with its n.
 * escpos's `cut(true, lines)` writes other bytes that print differently: `lines` line feeds
 * (3 by default, never none) then `GS V 1`, which cuts where the paper stands: whether
 * those lines carry the ticket's end past the cutter (a gap of a centimetre or more between
 * print head and blade, different on every model) is left to chance. With function B the
 * printer, which knows its own gap, feeds exactly far enough.
 */
export const cut = (feedDots = 0): Uint8Array => command(commands.PAPER.PAPER_CUT_B, clampByte(feedDots));

/** `DLE EOT n` as escpos's status classes send it, by n. */
const STATUS_CLASSES = {
  1: statuses.PrinterStatus,
  2: statuses.OfflineCauseStatus,
  3: statuses.ErrorCauseStatus,
  4: statuses.RollPaperSensorStatus,
} as const;

/**
 * `DLE EOT n`: real-time status request; n = 1 printer, 2 offline cause, 3 error cause, 4
 * paper sensor. The bytes are escpos's (`PrinterStatus.commands()` …); its `getStatus()`
 * is not used because it reads through `adapter.read`, which escpos-usb does not have: the
 * answers are read from the IN endpoint (usb.ts) or the device (device.ts) and decoded in
 * status.ts.
 */
export const statusRequest = (n: 1 | 2 | 3 | 4): Uint8Array => command(STATUS_CLASSES[n].commands().join(""));

/** A 1-bit image: rows of `ceil(width / 8)` bytes, most significant bit leftmost, 1 = black. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export const bytesPerRow = (width: number) => Math.ceil(width / 8);

/**
 * `GS v 0 m xL xH yL yH d…`: prints a raster bit image at normal density (escpos's
 * `GSV0_NORMAL`, m = 0). Images taller than `maxRows` are split into several commands: cheap
 * printers' receive buffers are small.
 *
 * escpos's `raster(image)` writes the same bytes for the same dots (the test checks it), but
 * only from an `escpos.Image`: that loads get-pixels (see above), turns every dot into an
 * object (about 270 ms for a 58 mm ticket on a PC, against under 1 ms here), decides black
 * by its own threshold (anything darker than 200 of 255, which thickens anti-aliased strokes)
 * and sends a tall image as one command.
 */
export function rasterImage(bitmap: Bitmap, maxRows = 255): Uint8Array[] {
  const rowBytes = bytesPerRow(bitmap.width);
  if (rowBytes > 0xffff || bitmap.data.length !== rowBytes * bitmap.height)
    throw new RangeError(`bitmap of ${bitmap.width}×${bitmap.height} has ${bitmap.data.length} bytes`);
  const out: Uint8Array[] = [];
  for (let top = 0; top < bitmap.height; top += maxRows) {
    const rows = Math.min(maxRows, bitmap.height - top);
    const header = command(
      commands.GSV0_FORMAT.GSV0_NORMAL,
      rowBytes & 0xff,
      rowBytes >> 8,
      rows & 0xff,
      rows >> 8,
    );
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
