/**
 * A CSV file as RFC 4180 writes it (CRLF line ends; a field with a comma, a quote or a line
 * break quoted, its quotes doubled), behind a UTF-8 byte-order mark: without it Excel reads the
 * file in the PC's ANSI code page and Vietnamese comes out garbled.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : String(value);
  // A leading =, +, - or @ makes a spreadsheet run the cell as a formula: kept as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
