/** An unsolicited result code, as the link acts on it. */
export type Urc =
  /** `+CMTI: "SM",3`: a message was stored at that index (store-and-notify). */
  | { type: "message"; storage: string; index: number; line: string }
  /**
   * The modem (re)started: `RDY` (Quectel, SIMCom), `^SYSSTART`, `+CPIN: READY` or `+CFUN: 1`
   * given unasked. Mid-session this means it rebooted and forgot its settings.
   */
  | { type: "reboot"; line: string }
  /**
   * The SIM went away or locked mid-session (`+CPIN: NOT READY`, `+CPIN: NOT INSERTED`, Huawei
   * `^SIMST: 0` / `255`): the start-up runs again and waits for it.
   */
  | { type: "sim"; line: string }
  /** `+CMT:` / `+CDS:` — a routed message the link never asked for; its PDU line follows. */
  | { type: "routed"; line: string }
  /** Anything else given unasked (`+QIND`, `^RSSI`, `SMS DONE`…): logged, nothing more. */
  | { type: "other"; line: string };

const SIM_LOST = /^(\+CPIN: ?(NOT READY|NOT INSERTED|SIM PIN|SIM PUK)|\^SIMST: ?(0|255)\b)/;
const REBOOT = /^(RDY|\^SYSSTART|\+CPIN: ?READY|\+CFUN: ?1|START)$/;

/**
 * Lines that are unsolicited whenever they come, even while a command waits — unless the
 * command itself asked for that prefix (`AT+CPIN?` answers `+CPIN: READY`).
 */
const UNSOLICITED = [
  /^\+CMTI:/,
  /^\+CDSI:/,
  /^\+CMT:/,
  /^\+CDS:/,
  /^\+CBM:/,
  /^RDY$/,
  /^\^SYSSTART$/,
  /^START$/,
  /^\+CPIN:/,
  /^\+CFUN:/,
  /^\+QIND:/,
  /^\+QUSIM:/,
  /^\+CUSD:/,
  /^\+CRING:/,
  /^RING$/,
  /^\+CLIP:/,
  /^SMS DONE$/,
  /^PB DONE$/,
  /^\+CREG:/,
  /^\+CGREG:/,
  /^\+CEREG:/,
  /^\+CGEV:/,
  /^\^[A-Z]+:/, // Huawei: ^RSSI, ^HCSQ, ^MODE, ^SRVST, ^SIMST, ^BOOT…
  /^\*[A-Z]+:/,
  /^POWERED DOWN$/,
  /^NORMAL POWER DOWN$/,
];

/** Whether a line is an unsolicited result code (given that no command asked for its prefix). */
export function isUnsolicited(line: string): boolean {
  return UNSOLICITED.some((re) => re.test(line));
}

/** Lines after which the modem sends one more line (the PDU) that belongs to the URC. */
export function hasBody(line: string): boolean {
  return /^\+(CMT|CDS|CBM):/.test(line);
}

export function classifyUrc(line: string): Urc {
  const cmti = /^\+CMTI:\s*"?([A-Z]{2})"?\s*,\s*(\d+)/.exec(line);
  if (cmti) return { type: "message", storage: cmti[1] as string, index: Number(cmti[2]), line };
  if (REBOOT.test(line)) return { type: "reboot", line };
  if (SIM_LOST.test(line)) return { type: "sim", line };
  if (hasBody(line)) return { type: "routed", line };
  return { type: "other", line };
}
