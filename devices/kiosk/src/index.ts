// The kiosk's notices are the contract's (@motcua/protocol); the old names stay for readers.
export type { KioskHealth, KioskVoid as VoidNotice, VoidReason } from "@motcua/protocol";
export { KIOSK_USAGE, type KioskIo, KioskUsageError, runKiosk } from "./cli.js";
export {
  type KioskEvent,
  type KioskOptions,
  type PressOutcome,
  type RunningKiosk,
  startKiosk,
} from "./kiosk.js";
export { KioskLink } from "./link.js";
export { MESSAGES, printerMessage } from "./messages.js";
export {
  DEFAULT_OTHER_LINES,
  kioskPins,
  LEDS,
  loadPinsFile,
  type PinsFile,
  PRIORITY_BUTTON,
  pinsFileSchema,
  SERVICE_LINES,
} from "./pins.js";
export { type IssuedTicket, ticketContent } from "./ticket.js";
