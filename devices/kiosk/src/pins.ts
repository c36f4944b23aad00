// The pins file is defined with the other files of motcua in @motcua/config (one schema and one
// loader for every file, which the site check reads too without loading the kiosk).
export {
  KIOSK_LEDS as LEDS,
  KIOSK_OTHER_LINES as DEFAULT_OTHER_LINES,
  KIOSK_SERVICE_LINES as SERVICE_LINES,
  type KioskPinsFile as PinsFile,
  kioskPins,
  kioskPinsFileSchema as pinsFileSchema,
  loadKioskPinsFile as loadPinsFile,
  PRIORITY_BUTTON,
} from "@motcua/config";
