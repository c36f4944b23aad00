import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { CODE_ALPHABET } from "./sms/grammar.js";

/**
 * Transaction codes (mã giao dịch) from a seeded generator, drawn in input order, so the same
 * scenario and seed give the same codes. A code already in use is drawn again.
 */
export class CodeGenerator {
  private readonly rng;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  next(inUse: (code: string) => boolean): string {
    for (;;) {
      let code = "";
      for (let i = 0; i < 6; i++) code += CODE_ALPHABET[uniformInt(this.rng, 0, CODE_ALPHABET.length - 1)];
      if (!inUse(code)) return code;
    }
  }
}
