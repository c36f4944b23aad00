// Hex strings ↔ octets, and a reader for walking through a PDU.

export function toHex(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += ((bytes[i] ?? 0) & 0xff).toString(16).padStart(2, "0");
  return out.toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new SyntaxError(`not a hex PDU: ${JSON.stringify(hex.slice(0, 40))}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Reads a PDU octet by octet; throws when it ends too early. */
export class OctetReader {
  #pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get position(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.bytes.length - this.#pos;
  }

  byte(what: string): number {
    const b = this.bytes[this.#pos];
    if (b === undefined) throw new RangeError(`PDU too short: no ${what} at octet ${this.#pos}`);
    this.#pos++;
    return b;
  }

  take(n: number, what: string): Uint8Array {
    if (n > this.remaining) {
      throw new RangeError(
        `PDU too short: ${what} needs ${n} octets at ${this.#pos}, ${this.remaining} left`,
      );
    }
    const out = this.bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.#pos);
    this.#pos = this.bytes.length;
    return out;
  }
}
