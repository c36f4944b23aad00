import { addDays, daysBetween, isoDate, isRealDate } from "../calendar.js";

export type DateResult = { date: string } | { error: "bad_date" | "past_date" };

const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/;
const WORDS: Record<string, number> = { nay: 0, homnay: 0, "hom nay": 0, mai: 1, "ngay mai": 1 };

/** Whether a folded word is meant as a date (so a wrong one is `bad_date`, not `syntax`). */
export function looksLikeDate(word: string): boolean {
  return word in WORDS || NUMERIC.test(word);
}

/**
 * Resolves a date word (already folded) against today, per RULES.md "Dates": an undated
 * `dd/mm` is this year's if today or later, a past date if it passed within `pastDays`
 * (inclusive), otherwise next year's.
 */
export function resolveDate(word: string, today: string, pastDays: number): DateResult {
  const relative = WORDS[word];
  if (relative !== undefined) return { date: addDays(today, relative) };
  const m = NUMERIC.exec(word);
  if (!m) return { error: "bad_date" };
  const day = Number(m[1]);
  const month = Number(m[2]);
  const thisYear = Number(today.slice(0, 4));
  if (m[3] !== undefined) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (!isRealDate(year, month, day)) return { error: "bad_date" };
    const date = isoDate(year, month, day);
    return date < today ? { error: "past_date" } : { date };
  }
  if (!isRealDate(thisYear, month, day)) {
    // 29/02 in a common year: next year's only if that one is real and this one would be past.
    return { error: "bad_date" };
  }
  const candidate = isoDate(thisYear, month, day);
  if (candidate >= today) return { date: candidate };
  if (daysBetween(candidate, today) <= pastDays) return { error: "past_date" };
  if (!isRealDate(thisYear + 1, month, day)) return { error: "bad_date" };
  return { date: isoDate(thisYear + 1, month, day) };
}
