import { DevicePrinter } from "./device.js";
import { FilePrinter } from "./file.js";
import { PAPER_DOTS, type PaperWidth } from "./ticket.js";
import { type Printer, PrinterError } from "./types.js";
import { UsbPrinter } from "./usb.js";

export interface OpenPrinterOptions {
  /** `58` (384 dots, default) or `80` (576 dots). */
  paper?: PaperWidth;
}

export const PRINTER_SPECS = "usb | usb:VID:PID | usb:/dev/usb/lp0 | file:DIR";

/**
 * The printer a `--printer` value names:
 * - `usb`: the first USB printer-class device, through libusb (escpos-usb);
 * - `usb:0416:5011`: the USB printer with these hexadecimal vendor and product ids;
 * - `usb:/dev/usb/lp0` (any path): a character device, e.g. the kernel's usblp driver;
 * - `file:DIR`: the simulated printer, bytes and PNGs in DIR.
 */
export function openPrinter(spec: string, options: OpenPrinterOptions = {}): Printer {
  const paperDots = PAPER_DOTS[options.paper ?? "58"];
  if (spec.startsWith("file:") && spec.length > 5) return new FilePrinter(spec.slice(5), { paperDots });
  if (spec === "usb") return new UsbPrinter({ paperDots });
  if (spec.startsWith("usb:/")) return new DevicePrinter(spec.slice(4), { paperDots });
  const ids = /^usb:([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$/.exec(spec);
  if (ids)
    return new UsbPrinter({
      vid: parseInt(ids[1] as string, 16),
      pid: parseInt(ids[2] as string, 16),
      paperDots,
    });
  throw new PrinterError("PRINTER_BAD_SPEC", `unknown printer "${spec}": expected ${PRINTER_SPECS}`);
}
