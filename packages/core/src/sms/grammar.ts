import type { ProcedureConfig } from "@motcua/config";
import { looksLikeDate } from "./dates.js";
import { fold, tokenize } from "./fold.js";

/** A message as the grammar understood it; dates are still words, resolved by the caller. */
export type Command =
  | { kind: "book"; name: string; procedure: string; dateWord: string }
  | { kind: "cancel_code"; code: string }
  | { kind: "cancel"; procedure: string; number: number; label?: string; dateWord: string }
  | { kind: "status"; ref: string }
  /** `XONG <mã hồ sơ>`: an officer finished their step of a dossier (DOSSIERS.md). */
  | { kind: "done"; ref: string }
  | { kind: "help" }
  | {
      kind: "error";
      reason: "syntax" | "unknown_procedure";
      command?: "book" | "cancel" | "status" | "done";
      word?: string;
    };

const KEYWORDS: Record<string, "book" | "cancel" | "status" | "done" | "help"> = {
  xong: "done",
  dk: "book",
  dangky: "book",
  huy: "cancel",
  tt: "status",
  tracuu: "status",
  hd: "help",
  huongdan: "help",
  help: "help",
};

/** Transaction codes: 6 characters of an alphabet without 0/O/1/I. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_RE = /^[2-9A-HJ-NP-Z]{6}$/;
const LABEL_RE = /^([A-Z][A-Z0-9]*?)-?(\d{1,4})$/;

export function isCodeLike(word: string): boolean {
  return CODE_RE.test(word.toUpperCase());
}

/**
 * The words each procedure answers to (RULES.md "Aliases"): its code, its name without
 * diacritics and its short names, all folded. Longest first, so the longest alias wins.
 */
export class ProcedureIndex {
  private readonly byAlias = new Map<string, string>();
  readonly longest: number;

  constructor(procedures: readonly ProcedureConfig[]) {
    for (const p of procedures) {
      for (const alias of [p.code, p.name, ...p.aliases]) {
        // Keys are cut into words exactly as messages are, so "cha, mẹ, con" matches.
        const key = tokenize(alias).map(fold).join(" ");
        if (key && !this.byAlias.has(key)) this.byAlias.set(key, p.code);
      }
    }
    this.longest = Math.max(1, ...[...this.byAlias.keys()].map((k) => k.split(" ").length));
  }

  /** The procedure code an exact phrase (folded words) names. */
  lookup(words: readonly string[]): string | undefined {
    return this.byAlias.get(words.join(" "));
  }

  /** The longest alias that ends `words`: its procedure and how many words it took. */
  matchSuffix(words: readonly string[]): { procedure: string; length: number } | undefined {
    for (let n = Math.min(this.longest, words.length); n >= 1; n--) {
      const procedure = this.lookup(words.slice(words.length - n));
      if (procedure) return { procedure, length: n };
    }
    return undefined;
  }
}

/**
 * Splits off the date at the end of a message: one word (`24/11`, `mai`) or two (`hom nay`,
 * `ngay mai`), with an optional leading `ngay` ("ngay 24/11").
 */
function takeDate(folded: string[]): { dateWord: string; rest: number } | undefined {
  const n = folded.length;
  const last = folded[n - 1];
  if (last === undefined) return undefined;
  const two = n >= 2 ? `${folded[n - 2]} ${last}` : "";
  let dateWord: string;
  let rest: number;
  if (two === "hom nay" || two === "ngay mai") {
    dateWord = two;
    rest = n - 2;
  } else if (looksLikeDate(last)) {
    dateWord = last;
    rest = n - 1;
  } else {
    return undefined;
  }
  if (rest >= 2 && folded[rest - 1] === "ngay") rest -= 1;
  return { dateWord, rest };
}

/**
 * Words citizens put between their name and the procedure ("DK Nguyen Van An lam giay khai sinh
 * 08/12"), folded, longest first. None is a Vietnamese name: "lam" (Lâm) and "dang ky" (Đặng
 * Kỳ) alone are not among them.
 */
const REQUEST_WORDS = ["lam thu tuc", "lam giay", "xin cap", "thu tuc", "giay", "xin"].map((phrase) =>
  phrase.split(" "),
);

/** How many of the folded words before the procedure are the name: request words at its end are not. */
function withoutRequestWords(words: readonly string[]): number {
  let length = words.length;
  for (;;) {
    const phrase = REQUEST_WORDS.find(
      (p) => p.length < length && p.every((w, i) => words[length - p.length + i] === w),
    );
    if (phrase === undefined) return length;
    length -= phrase.length;
  }
}

/** Parses one SMS into a command (RULES.md: DK, HUY, TT, HD). */
export function parseMessage(text: string, procedures: ProcedureIndex): Command {
  const words = tokenize(text);
  const folded = words.map(fold);
  const keyword = KEYWORDS[folded[0] ?? ""];
  const args = folded.slice(1);
  switch (keyword) {
    case "help":
      return { kind: "help" };
    case "book": {
      const date = takeDate(args);
      if (!date) return { kind: "error", reason: "syntax", command: "book" };
      const before = args.slice(0, date.rest);
      const match = procedures.matchSuffix(before);
      if (!match) {
        if (before.length === 0) return { kind: "error", reason: "syntax", command: "book" };
        // No word is quoted back: without a known procedure, the last word is as likely the end
        // of the citizen's name ("DK Nguyen Van An 08/12") as a mistyped code.
        return { kind: "error", reason: "unknown_procedure", command: "book" };
      }
      const nameLength = withoutRequestWords(before.slice(0, before.length - match.length));
      if (nameLength === 0) return { kind: "error", reason: "syntax", command: "book" };
      const name = words.slice(1, 1 + nameLength).join(" ");
      return { kind: "book", name, procedure: match.procedure, dateWord: date.dateWord };
    }
    case "cancel": {
      if (args.length === 1) {
        const code = (args[0] as string).toUpperCase();
        return isCodeLike(code)
          ? { kind: "cancel_code", code }
          : { kind: "error", reason: "syntax", command: "cancel" };
      }
      const date = takeDate(args);
      if (!date || date.rest < 2) return { kind: "error", reason: "syntax", command: "cancel" };
      const numberWord = (args[date.rest - 1] as string).toUpperCase();
      const procedureWords = args.slice(0, date.rest - 1);
      const plain = /^\d{1,4}$/.test(numberWord);
      const labelled = LABEL_RE.exec(numberWord);
      if (!plain && !labelled) return { kind: "error", reason: "syntax", command: "cancel" };
      const procedure = procedures.lookup(procedureWords);
      if (!procedure)
        return {
          kind: "error",
          reason: "unknown_procedure",
          command: "cancel",
          word: words.slice(1, date.rest).join(" "),
        };
      return plain
        ? { kind: "cancel", procedure, number: Number(numberWord), dateWord: date.dateWord }
        : {
            kind: "cancel",
            procedure,
            number: Number(labelled?.[2]),
            label: labelled?.[1],
            dateWord: date.dateWord,
          };
    }
    case "status": {
      if (args.length !== 1) return { kind: "error", reason: "syntax", command: "status" };
      return { kind: "status", ref: (args[0] as string).toUpperCase() };
    }
    case "done": {
      if (args.length !== 1) return { kind: "error", reason: "syntax", command: "done" };
      return { kind: "done", ref: (args[0] as string).toUpperCase() };
    }
    default:
      return { kind: "error", reason: "syntax" };
  }
}

/** A ticket label typed by a citizen (`TP-012`, `tp12`) as service code and number. */
export function parseLabel(ref: string): { service: string; number: number } | undefined {
  const m = LABEL_RE.exec(ref.toUpperCase());
  return m ? { service: m[1] as string, number: Number(m[2]) } : undefined;
}
