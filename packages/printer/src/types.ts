/**
 * What a ticket printer can be doing, as far as printing a ticket goes. `ok` means a ticket
 * handed over now will come out.
 */
export const PRINTER_CONDITIONS = ["ok", "paper_out", "cover_open", "offline", "unplugged", "error"] as const;
export type PrinterCondition = (typeof PRINTER_CONDITIONS)[number];

/** The printer's real-time status (ESC/POS `DLE EOT n`), read just before a ticket is asked for. */
export interface PrinterStatus {
  condition: PrinterCondition;
  /** The roll's near-end sensor: a few tickets are left. Printing still works. */
  paperLow: boolean;
  /**
   * Whether the printer itself answered the status request. A unidirectional printer (or
   * cable) never answers; its condition is then `ok` by assumption, so the kiosk still prints.
   */
  answered: boolean;
  /** A short human reason for logs (the errno, "no answer to DLE EOT", …). */
  detail?: string;
}

/** Why a ticket could not be handed to the printer. */
export type PrinterErrorCode =
  | "PRINTER_UNPLUGGED"
  | "PRINTER_PAPER_OUT"
  | "PRINTER_COVER_OPEN"
  | "PRINTER_OFFLINE"
  | "PRINTER_WRITE_FAILED"
  | "PRINTER_CLOSED"
  | "PRINTER_BAD_SPEC";

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PrinterError";
  }
}

/** The error a print fails with when the printer is in `condition`. */
export function errorFor(condition: Exclude<PrinterCondition, "ok">, detail?: string): PrinterError {
  const code: Record<typeof condition, PrinterErrorCode> = {
    paper_out: "PRINTER_PAPER_OUT",
    cover_open: "PRINTER_COVER_OPEN",
    offline: "PRINTER_OFFLINE",
    unplugged: "PRINTER_UNPLUGGED",
    error: "PRINTER_WRITE_FAILED",
  };
  return new PrinterError(
    code[condition],
    `printer ${condition.replace("_", " ")}${detail ? `: ${detail}` : ""}`,
  );
}

/** What a successful print handed over. */
export interface PrintResult {
  bytes: number;
  /** The file backend: where the exact bytes went (and the PNG, once rendered). */
  file?: string;
  png?: string;
}

/**
 * A ticket printer. One object per physical (or simulated) printer; calls are serialised by
 * the caller (the kiosk prints one ticket at a time).
 */
export interface Printer {
  /** For logs: `usb:0416:5011`, `usb:/dev/usb/lp0`, `file:/var/tmp/tickets`. */
  readonly name: string;
  /** Dots per line: 384 for 58 mm paper, 576 for 80 mm. Tickets are laid out for it. */
  readonly paperDots: number;
  /**
   * Reads the real-time status. Never rejects: a printer that cannot be reached is
   * `unplugged`, one that does not answer is `ok` with `answered: false`.
   */
  status(): Promise<PrinterStatus>;
  /**
   * Hands the whole ticket to the printer. Resolves once the last byte is handed over (to the
   * USB endpoint, the kernel, or the file); rejects with a PrinterError.
   */
  print(bytes: Uint8Array): Promise<PrintResult>;
  /** Releases the device. Later calls reject with PRINTER_CLOSED. */
  close(): Promise<void>;
}
