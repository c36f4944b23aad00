// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and the
// packing of septets into octets (TS 23.038 §6.1.2.1.1, with the fill bits of TS 23.040 §9.2.3.24).

/** The escape to the extension table. */
export const ESC = 0x1b;

/** The basic table, indexed by septet; 0x1B (escape) is "" here. */
// biome-ignore format: one row of the table per line
const BASIC: readonly string[] = [
  "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å",
  "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", "", "Æ", "æ", "ß", "É",
  " ", "!", '"', "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
  "¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
  "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§",
  "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
  "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à",
];

/** The extension table: the septet after an escape → its character. */
const EXTENSION: ReadonlyMap<number, string> = new Map([
  [0x0a, "\f"],
  [0x14, "^"],
  [0x28, "{"],
  [0x29, "}"],
  [0x2f, "\\"],
  [0x3c, "["],
  [0x3d, "~"],
  [0x3e, "]"],
  [0x40, "|"],
  [0x65, "€"],
]);

const BASIC_CODE = new Map<string, number>();
BASIC.forEach((ch, code) => {
  if (ch !== "") BASIC_CODE.set(ch, code);
});
const EXTENSION_CODE = new Map<string, number>();
for (const [code, ch] of EXTENSION) EXTENSION_CODE.set(ch, code);

/** The characters of the extension table (each costs two septets). */
export const GSM7_EXTENSION_CHARS: readonly string[] = [...EXTENSION.values()];

/** Septets one character (a code point) takes: 1, 2 (escape pair), or undefined when not in GSM-7. */
export function gsm7Septets(ch: string): 1 | 2 | undefined {
  if (BASIC_CODE.has(ch)) return 1;
  if (EXTENSION_CODE.has(ch)) return 2;
  return undefined;
}

/** Whether every character of `text` is in the default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsm7Septets(ch) === undefined) return false;
  return true;
}

/** Text → septets; throws on a character outside GSM-7. */
export function encodeGsm7(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const basic = BASIC_CODE.get(ch);
    if (basic !== undefined) {
      out.push(basic);
      continue;
    }
    const ext = EXTENSION_CODE.get(ch);
    if (ext === undefined) {
      const cp = ch.codePointAt(0) ?? 0;
      throw new RangeError(
        `not in the GSM 7-bit alphabet: U+${cp.toString(16).toUpperCase().padStart(4, "0")}`,
      );
    }
    out.push(ESC, ext);
  }
  return out;
}

/**
 * Septets → text. An escape followed by a septet the extension table lacks shows that septet's
 * basic character (TS 23.038 §6.2.1.1); a lone escape at the end is dropped.
 */
export function decodeGsm7(septets: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < septets.length; i++) {
    const s = (septets[i] ?? 0) & 0x7f;
    if (s === ESC) {
      if (i + 1 >= septets.length) break;
      const next = (septets[++i] ?? 0) & 0x7f;
      out += EXTENSION.get(next) ?? (next === ESC ? " " : BASIC[next]);
      continue;
    }
    out += BASIC[s];
  }
  return out;
}

/**
 * Packs septets into octets, least significant bit first, after `fillBits` zero bits (the padding
 * that puts the first septet on a septet boundary after a user data header).
 */
export function packSeptets(septets: ArrayLike<number>, fillBits = 0): Uint8Array {
  const totalBits = fillBits + septets.length * 7;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (let i = 0; i < septets.length; i++) {
    const s = (septets[i] ?? 0) & 0x7f;
    const byte = bit >> 3;
    const shift = bit & 7;
    out[byte] = (out[byte] ?? 0) | ((s << shift) & 0xff);
    if (shift > 1) out[byte + 1] = (out[byte + 1] ?? 0) | (s >> (8 - shift));
    bit += 7;
  }
  return out;
}

/** Unpacks `count` septets from `octets`, skipping `fillBits` bits first. */
export function unpackSeptets(octets: ArrayLike<number>, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < count; i++) {
    const byte = bit >> 3;
    const shift = bit & 7;
    let v = (octets[byte] ?? 0) >> shift;
    if (shift > 1) v |= (octets[byte + 1] ?? 0) << (8 - shift);
    out.push(v & 0x7f);
    bit += 7;
  }
  return out;
}
