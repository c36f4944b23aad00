export { AtlasError, GlyphAtlas, ticketAtlas } from "./atlas.js";
export { DevicePrinter, type DevicePrinterOptions } from "./device.js";
export type { Bitmap } from "./escpos.js";
export * as escpos from "./escpos.js";
export { FilePrinter, type FilePrinterOptions, type SimulatedFault } from "./file.js";
export { ensureTicketFont, fontDir, TICKET_FONT } from "./font.js";
export { type OpenPrinterOptions, openPrinter, PRINTER_SPECS } from "./open.js";
export { fitSize, rasterBlock, rasterLine, type TextBlock, type TextStyle, wrapText } from "./raster.js";
export { layoutEscPos, renderEscPosPng } from "./render.js";
export { decodeStatus, encodeStatus, isStatusByte, type StatusBytes } from "./status.js";
export {
  localTime,
  PAPER_DOTS,
  type PaperWidth,
  prepareTicketGlyphs,
  type TicketContent,
  ticketBitmaps,
  ticketBlocks,
  ticketBytes,
} from "./ticket.js";
export * from "./types.js";
export { type UsbAdapter, type UsbEndpoint, UsbPrinter, type UsbPrinterOptions } from "./usb.js";
