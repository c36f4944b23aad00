// Dossier codes (Thông tư 01/2018 art. 19): `<unit code>-<YYMMDD>-<NNNN>`, the office date of
// receipt and the office's sequence of that day. SMS commands may give only the last two parts.

/** The whole code, or its last two parts, any case: what `XONG` and `TT` accept. */
const REF = /^(?:[A-Z0-9][A-Z0-9.]{0,23}-)?(\d{6}-\d{4,})$/i;

/** `H30.99.01-261207-0001` for unit `H30.99.01`, office date `2026-12-07`, sequence 1. */
export function dossierCode(unitCode: string, date: string, sequence: number): string {
  return `${unitCode}-${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}-${String(sequence).padStart(4, "0")}`;
}

/** Whether a word names a dossier (whole code or `261207-0001`), not an appointment or a number. */
export function isDossierRef(ref: string): boolean {
  return REF.test(ref.trim());
}

/** `261207-0001`: the short form SMS texts use; the same for the whole code and for itself. */
export function shortRef(ref: string): string {
  const m = REF.exec(ref.trim());
  return m?.[1] ?? ref.trim();
}
