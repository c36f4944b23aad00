import type { PrinterCondition, PrinterStatus } from "./types.js";

/**
 * Decoding of the `DLE EOT n` answers (Epson ESC/POS, "Transmit real-time status"). Every
 * answer byte has bits 1 and 4 set and bits 0 and 7 clear, which tells an answer from noise.
 */
export interface StatusBytes {
  /** n = 1, printer status: bit 3 offline. */
  printer?: number;
  /** n = 2, offline cause: bit 2 cover open, bit 5 stopped at paper end, bit 6 error. */
  offline?: number;
  /** n = 3, error cause: bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable. */
  error?: number;
  /** n = 4, roll paper sensor: bits 2–3 near end, bits 5–6 paper end. */
  paper?: number;
}

export const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;
const bit = (b: number | undefined, n: number) => b !== undefined && (b & (1 << n)) !== 0;

/** The condition the answers show; fields left out were not answered. */
export function decodeStatus(bytes: StatusBytes): PrinterStatus {
  const valid = (b: number | undefined) => (b !== undefined && isStatusByte(b) ? b : undefined);
  const printer = valid(bytes.printer);
  const offline = valid(bytes.offline);
  const error = valid(bytes.error);
  const paper = valid(bytes.paper);
  const answered = [printer, offline, error, paper].some((b) => b !== undefined);
  const paperLow = bit(paper, 2) || bit(paper, 3);
  let condition: PrinterCondition = "ok";
  if (bit(paper, 5) || bit(paper, 6) || bit(offline, 5)) condition = "paper_out";
  else if (bit(offline, 2)) condition = "cover_open";
  else if (bit(offline, 6) || bit(error, 3) || bit(error, 5) || bit(error, 6)) condition = "error";
  else if (bit(printer, 3)) condition = "offline";
  return answered
    ? { condition, paperLow, answered }
    : { condition: "ok", paperLow: false, answered: false, detail: "no answer to DLE EOT" };
}

/** What a printer in `condition` answers: the simulated printer speaks it, the tests decode it. */
export function encodeStatus(condition: PrinterCondition, paperLow = false): StatusBytes {
  const base = 0x12;
  const offlineNow = condition !== "ok";
  return {
    printer: base | (offlineNow ? 1 << 3 : 0),
    offline:
      base |
      (condition === "cover_open" ? 1 << 2 : 0) |
      (condition === "paper_out" ? 1 << 5 : 0) |
      (condition === "error" ? 1 << 6 : 0),
    error: base | (condition === "error" ? 1 << 5 : 0),
    paper: base | (paperLow || condition === "paper_out" ? 0x0c : 0) | (condition === "paper_out" ? 0x60 : 0),
  };
}
