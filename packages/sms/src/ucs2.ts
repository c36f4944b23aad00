// UCS-2 user data (TS 23.038 §6.2.3): UTF-16 code units, big-endian. Characters outside the
// BMP travel as surrogate pairs (two units), as handsets send and show them.

export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/** An odd last octet (a broken PDU) is dropped. */
export function decodeUcs2(octets: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < octets.length; i += 2) units.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  let out = "";
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}
