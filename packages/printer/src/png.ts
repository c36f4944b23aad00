import { deflateSync } from "node:zlib";

/** CRC-32 of PNG chunks (the zlib polynomial), table built on first use. */
let table: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = (table[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of four shades of grey, 2 bits a pixel (palette colour type): `packed` holds the rows as
 * PNG stores them, each a filter byte (0: none) then `ceil(width / 4)` bytes, the leftmost pixel
 * in the high bits; `shades` are the grey levels of indexes 0–3. Four times smaller than an 8-bit
 * image while it is drawn and compressed: the simulated printer draws each ticket in the kiosk's
 * process (node:zlib, no image library).
 */
export function encodeShadesPng(
  packed: Uint8Array,
  width: number,
  height: number,
  shades: readonly [number, number, number, number],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 2; // bit depth
  header[9] = 3; // palette
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", Uint8Array.from(shades.flatMap((g) => [g, g, g]))),
    chunk("IDAT", deflateSync(packed)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** Bytes of one packed row of `width` 2-bit pixels, with its filter byte. */
export const shadesStride = (width: number) => Math.ceil(width / 4) + 1;
