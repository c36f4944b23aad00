/**
 * Folds Vietnamese text for matching: no diacritics (đ → d too), lower case, single spaces.
 * Phones send precomposed or decomposed letters alike; NFD then dropping marks covers both.
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Splits a message into words. Commas, semicolons and colons separate words like spaces
 * ("DK: Nguyen Van A, KS, 24/11"); dots and dashes stay, since they can be part of a date,
 * but a full stop or mark ending a word goes ("… KS 24/11.").
 */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFC")
    .replace(/[,;:]+/g, " ")
    .split(/\s+/)
    .map((t) => t.replace(/[.!?]+$/, ""))
    .filter((t) => t.length > 0);
}
