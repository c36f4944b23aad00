import type { VoiceSettings } from "./settings.js";

/**
 * Vietnamese names of the Latin letters, as read out in an office ("tê pê" for TP): espeak-ng
 * would otherwise read a run of capitals as a word or as English letters.
 */
const LETTERS: Record<string, string> = {
  A: "a",
  B: "bê",
  C: "xê",
  D: "dê",
  Đ: "đê",
  E: "e",
  F: "ép",
  G: "giê",
  H: "hát",
  I: "i",
  J: "gi",
  K: "ca",
  L: "e lờ",
  M: "em mờ",
  N: "en nờ",
  O: "o",
  P: "pê",
  Q: "quy",
  R: "e rờ",
  S: "ét xì",
  T: "tê",
  U: "u",
  V: "vê",
  W: "vê kép",
  X: "ích xì",
  Y: "i dài",
  Z: "dét",
};

/** What a label or counter id may be: the wire contract's ids and labels (`TP-012`, `A2`). */
export const SPEAKABLE = /^[A-Za-z0-9-]{1,16}$/;

/**
 * A label as it is said: letters one by one by their Vietnamese names, a run of digits as a
 * number without its leading zeros (espeak-ng reads "12" as "mười hai"), a dash as a pause.
 * `TP-012` → "tê pê, 12".
 */
export function spokenLabel(label: string): string {
  const words: string[] = [];
  for (const [run] of label.toUpperCase().matchAll(/[A-ZĐ]+|\d+|[^A-ZĐ\d]+/g)) {
    if (/^\d+$/.test(run)) words.push(String(Number.parseInt(run, 10)));
    else if (/^[A-ZĐ]+$/.test(run)) words.push([...run].map((c) => LETTERS[c] ?? c).join(" "));
    else if (words.length > 0) words[words.length - 1] += ",";
  }
  return words.join(" ").replace(/,$/, "");
}

/** The number alone: `TP-012` → "12". */
function spokenNumber(label: string): string {
  const digits = label.match(/\d+/g);
  return digits ? String(Number.parseInt(digits[digits.length - 1] as string, 10)) : spokenLabel(label);
}

/** The sentence of a call: "Mời công dân số tê pê, 12 đến quầy số 1". */
export function callSentence(label: string, counter: string, voice: Pick<VoiceSettings, "template" | "say">) {
  const number = voice.say === "number" ? spokenNumber(label) : spokenLabel(label);
  return voice.template.replaceAll("{number}", number).replaceAll("{counter}", spokenLabel(counter));
}
