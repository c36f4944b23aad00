#!/usr/bin/env node
/**
 * A technician's printer check, no hub needed:
 *   node --import tsx packages/printer/src/check.ts usb:/dev/usb/lp0           # the status only
 *   node --import tsx packages/printer/src/check.ts usb --print --paper 80     # and a sample ticket
 * Prints the status as one JSON line; exit 0 when the printer is ready, 1 when not, 2 on a bad flag.
 */
import { parseArgs } from "node:util";
import { openPrinter, PRINTER_SPECS } from "./open.js";
import { ticketBytes } from "./ticket.js";
import { PrinterError } from "./types.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { print: { type: "boolean", default: false }, paper: { type: "string", default: "58" } },
  });
  const spec = positionals[0];
  if (spec === undefined || (values.paper !== "58" && values.paper !== "80")) {
    process.stderr.write(`usage: check.ts ${PRINTER_SPECS} [--print] [--paper 58|80]\n`);
    return 2;
  }
  const printer = openPrinter(spec, { paper: values.paper });
  try {
    const status = await printer.status();
    process.stdout.write(`${JSON.stringify({ printer: printer.name, ...status })}\n`);
    if (status.condition !== "ok") return 1;
    if (values.print) {
      const now = localIsoNow();
      const result = await printer.print(
        ticketBytes(
          {
            officeName: "Kiểm tra máy in",
            serviceName: "Tư pháp – Hộ tịch",
            label: "TP-000",
            counters: ["Quầy 1"],
            waiting: 0,
            estimatedAt: now,
            issuedAt: now,
            smsNumber: "0912345678",
          },
          printer.paperDots,
        ),
      );
      process.stdout.write(`${JSON.stringify({ printed: result })}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof PrinterError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  } finally {
    await printer.close();
  }
}

process.exit(await main());

/** This machine's time in the contract's form, with its own offset (`…T07:31:00+07:00`). */
function localIsoNow(): string {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const local = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const pad = (n: number) => String(Math.floor(n)).padStart(2, "0");
  return `${local}${sign}${pad(Math.abs(offset) / 60)}:${pad(Math.abs(offset) % 60)}`;
}
