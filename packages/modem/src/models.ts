/** The modem families the link knows, told apart by the answers to AT+CGMI / AT+CGMM / ATI. */
export type ModemFamily = "quectel" | "simcom" | "huawei" | "generic";

export interface ModelProfile {
  family: ModemFamily;
  /**
   * Extra start-up lines, sent after echo off and verbose errors; an ERROR is logged, not fatal
   * (older firmware lacks some).
   */
  setup: readonly string[];
  /**
   * What to send when the modem stops answering: a full functionality reset that reboots it
   * (the USB device then goes away and comes back).
   */
  reset: string;
}

const PROFILES: ReadonlyArray<{ match: RegExp; profile: ModelProfile }> = [
  {
    // EC25, EG25, EC21, EM06…: URCs on the AT port we read, not only on the modem's usbmodem port.
    match: /quectel|\bE[CGM]\d\d/i,
    profile: { family: "quectel", setup: ['AT+QURCCFG="urcport","usbat"'], reset: "AT+CFUN=1,1" },
  },
  {
    // E3372 in serial (stick) firmware: ^RSSI/^HCSQ/^MODE reports off, so only URCs we want remain.
    match: /huawei|\bE3\d{3}|\bE[18]\d{3}/i,
    profile: { family: "huawei", setup: ["AT^CURC=0"], reset: "AT^RESET" },
  },
  {
    match: /simcom|\bSIM7[0-9]{3}/i,
    profile: { family: "simcom", setup: [], reset: "AT+CFUN=1,1" },
  },
];

const GENERIC: ModelProfile = { family: "generic", setup: [], reset: "AT+CFUN=1,1" };

/** The profile for a modem's identification text (manufacturer, model and ATI lines joined). */
export function profileFor(identification: string): ModelProfile {
  return PROFILES.find((p) => p.match.test(identification))?.profile ?? GENERIC;
}
