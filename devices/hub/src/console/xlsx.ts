import type { ReportTable } from "@motcua/dossier";
import type { Cell, Sheet } from "write-excel-file/node";

// Spreadsheets (xlsx) of the console's reports, written with write-excel-file (docs/console.md,
// "Báo cáo": why this library). It is imported on the first export only: a hub that never
// exports a report never loads it, which counts on a Raspberry Pi's memory.

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface XlsxSheet {
  /** The sheet's tab (at most 31 characters, no `[]:*?/\`). */
  name: string;
  /** Lines above the table: the office, the report's name, its period. */
  titles: readonly string[];
  table: ReportTable;
}

/** A cell's text or number as the library takes it; a string is always text, never a formula. */
function cell(value: string | number | null, bold = false): Cell {
  if (value === null) return null;
  const style = bold ? ({ fontWeight: "bold", wrap: true, alignVertical: "top" } as const) : {};
  return typeof value === "number" ? { value, type: Number, ...style } : { value, type: String, ...style };
}

/** The workbook of `sheets`, one table each under its title lines, the header in bold. */
export async function xlsxOf(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const { default: writeXlsxFile } = await import("write-excel-file/node");
  const book = sheets.map((sheet): Sheet<Buffer> => {
    const width = sheet.table.header.length;
    const titles: Cell[][] = sheet.titles.map((t, i) => [
      cell(t, i === 1),
      ...Array<Cell>(width - 1).fill(null),
    ]);
    const data: Cell[][] = [
      ...titles,
      Array<Cell>(width).fill(null),
      sheet.table.header.map((h) => cell(h, true)),
      ...sheet.table.rows.map((row) => row.map((v) => cell(v))),
    ];
    // Wide enough for the longest cell of each column (headings wrap), within reason.
    const columns = sheet.table.header.map((h, i) => {
      const longest = Math.max(
        Math.min(h.length, 16),
        ...sheet.table.rows.map((row) => String(row[i] ?? "").length),
      );
      return { width: Math.min(Math.max(longest + 2, 6), 48) };
    });
    return { data, sheet: sheet.name.slice(0, 31), columns, stickyRowsCount: titles.length + 2 };
  });
  return writeXlsxFile(book).toBuffer();
}
