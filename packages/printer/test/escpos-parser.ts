/**
 * An ESC/POS parser written from Epson's command reference, independent of the generator:
 * the tests decode the printer's byte stream with it instead of matching the generator's own
 * helpers. Strict: a byte it does not know is an error, so nothing unexpected slips through.
 */
export type Command =
  | { op: "init"; offset: number }
  | { op: "align"; align: "left" | "center" | "right"; offset: number }
  | { op: "feed-lines"; lines: number; offset: number }
  | { op: "feed-dots"; dots: number; offset: number }
  | {
      op: "raster";
      mode: number;
      rowBytes: number;
      width: number;
      height: number;
      bits: Uint8Array;
      offset: number;
    }
  | { op: "cut"; partial: boolean; feed: number; offset: number }
  | { op: "status-request"; n: number; offset: number }
  | { op: "text"; text: string; offset: number }
  | { op: "newline"; offset: number };

export type Raster = Extract<Command, { op: "raster" }>;

export class ParseError extends Error {}

export function parseEscPos(bytes: Uint8Array): Command[] {
  const out: Command[] = [];
  let i = 0;
  const need = (n: number, what: string) => {
    if (i + n > bytes.length) throw new ParseError(`${what} at ${i}: truncated (needs ${n} bytes)`);
  };
  const u8 = (k: number) => bytes[i + k] as number;
  while (i < bytes.length) {
    const offset = i;
    const b = u8(0);
    if (b === 0x1b) {
      need(2, "ESC");
      const c = u8(1);
      if (c === 0x40) {
        out.push({ op: "init", offset });
        i += 2;
      } else if (c === 0x61) {
        need(3, "ESC a");
        const n = u8(2);
        const align =
          n === 0 || n === 48
            ? "left"
            : n === 1 || n === 49
              ? "center"
              : n === 2 || n === 50
                ? "right"
                : undefined;
        if (!align) throw new ParseError(`ESC a with bad n=${n} at ${offset}`);
        out.push({ op: "align", align, offset });
        i += 3;
      } else if (c === 0x64) {
        need(3, "ESC d");
        out.push({ op: "feed-lines", lines: u8(2), offset });
        i += 3;
      } else if (c === 0x4a) {
        need(3, "ESC J");
        out.push({ op: "feed-dots", dots: u8(2), offset });
        i += 3;
      } else throw new ParseError(`unknown ESC 0x${c.toString(16)} at ${offset}`);
    } else if (b === 0x1d) {
      need(2, "GS");
      const c = u8(1);
      if (c === 0x76) {
        need(8, "GS v 0");
        if (u8(2) !== 0x30) throw new ParseError(`GS v with function 0x${u8(2).toString(16)} at ${offset}`);
        const mode = u8(3);
        if (mode > 3 && !(mode >= 48 && mode <= 51))
          throw new ParseError(`GS v 0 bad mode ${mode} at ${offset}`);
        const rowBytes = u8(4) + 256 * u8(5);
        const height = u8(6) + 256 * u8(7);
        const size = rowBytes * height;
        need(8 + size, "GS v 0 image");
        out.push({
          op: "raster",
          mode,
          rowBytes,
          width: rowBytes * 8,
          height,
          bits: bytes.slice(i + 8, i + 8 + size),
          offset,
        });
        i += 8 + size;
      } else if (c === 0x56) {
        need(3, "GS V");
        const m = u8(2);
        if (m === 0 || m === 48 || m === 1 || m === 49) {
          out.push({ op: "cut", partial: m % 48 === 1, feed: 0, offset });
          i += 3;
        } else if (m === 65 || m === 66) {
          need(4, "GS V m n");
          out.push({ op: "cut", partial: m === 66, feed: u8(3), offset });
          i += 4;
        } else throw new ParseError(`GS V with bad m=${m} at ${offset}`);
      } else throw new ParseError(`unknown GS 0x${c.toString(16)} at ${offset}`);
    } else if (b === 0x10) {
      need(3, "DLE");
      if (u8(1) !== 0x04) throw new ParseError(`unknown DLE 0x${u8(1).toString(16)} at ${offset}`);
      out.push({ op: "status-request", n: u8(2), offset });
      i += 3;
    } else if (b === 0x0a) {
      out.push({ op: "newline", offset });
      i += 1;
    } else if (b >= 0x20) {
      let j = i;
      while (j < bytes.length && (bytes[j] as number) >= 0x20 && bytes[j] !== 0x7f) j++;
      out.push({ op: "text", text: Buffer.from(bytes.subarray(i, j)).toString("latin1"), offset });
      i = j;
    } else throw new ParseError(`unknown control byte 0x${b.toString(16)} at ${offset}`);
  }
  return out;
}

/** Whether the dot at (x, y) of a raster image is black. */
export function dot(r: Raster, x: number, y: number): boolean {
  return (((r.bits[y * r.rowBytes + (x >> 3)] as number) >> (7 - (x & 7))) & 1) === 1;
}

/** The bounding box of the black dots of an image, or undefined when it is blank. */
export function inkBox(
  r: Raster,
): { left: number; right: number; top: number; bottom: number; dots: number } | undefined {
  let left = Number.POSITIVE_INFINITY;
  let right = -1;
  let top = Number.POSITIVE_INFINITY;
  let bottom = -1;
  let dots = 0;
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++)
      if (dot(r, x, y)) {
        dots++;
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  return dots === 0 ? undefined : { left, right, top, bottom, dots };
}
