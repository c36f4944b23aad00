export { buttonNames, KIOSK_USAGE, type KioskIo, KioskUsageError, runKiosk } from "./cli.js";
export {
  type KioskEvent,
  type KioskOptions,
  LEDS,
  PRIORITY_BUTTON,
  type PressOutcome,
  type RunningKiosk,
  startKiosk,
} from "./kiosk.js";
export { KioskLink } from "./link.js";
export { MESSAGES, printerMessage } from "./messages.js";
export {
  type ButtonPress,
  createSimPanel,
  createTextDisplay,
  type Display,
  type KioskPanel,
  type LedPattern,
  type SimPanel,
} from "./panel.js";
export { type IssuedTicket, ticketContent } from "./ticket.js";
export { type KioskHealth, kioskTopics, type VoidNotice, type VoidReason } from "./topics.js";
