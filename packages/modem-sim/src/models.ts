import type { ModelName } from "./types.js";

/** What differs between the imitated modems: identity, boot banner, vendor start-up commands. */
export interface ModelInfo {
  name: ModelName;
  manufacturer: string;
  /** `AT+CGMM`. */
  model: string;
  /** `AT+CGMR`. */
  revision: string;
  /** The `ATI` answer lines. */
  ati(imei: string): string[];
  /** URCs after power-up, in order: the first at once, the rest after a short delay. */
  bootUrcs: string[];
  /** URCs once the SIM is unlocked (`AT+CPIN="…"`). */
  simReadyUrcs: string[];
  /** `AT+CNMI=?`. */
  cnmiTest: string;
  /** `AT+CPMS=?`. */
  cpmsTest: string;
  /** Default `AT+CMEE` after power-up. */
  cmeeDefault: 0 | 1 | 2;
  /** Answers `AT+QURCCFG` (Quectel). */
  quectel: boolean;
  /** Answers `AT^CURC` and sends `^RSSI`-style URCs until `AT^CURC=0` (Huawei). */
  huawei: boolean;
}

export const MODELS: Record<ModelName, ModelInfo> = {
  EC25: {
    name: "EC25",
    manufacturer: "Quectel",
    model: "EC25",
    revision: "EC25EFAR06A06M4G",
    ati: () => ["Quectel", "EC25", "Revision: EC25EFAR06A06M4G"],
    bootUrcs: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"],
    simReadyUrcs: ["+CPIN: READY", "+QIND: SMS DONE", "+QIND: PB DONE"],
    cnmiTest: "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)",
    cpmsTest: '+CPMS: ("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")',
    cmeeDefault: 1,
    quectel: true,
    huawei: false,
  },
  SIM7600: {
    name: "SIM7600",
    manufacturer: "SIMCOM INCORPORATED",
    model: "SIMCOM_SIM7600E-H",
    revision: "LE20B04SIM7600M22",
    ati: (imei) => [
      "Manufacturer: SIMCOM INCORPORATED",
      "Model: SIMCOM_SIM7600E-H",
      "Revision: SIM7600M22_V2.0",
      `IMEI: ${imei}`,
      "+GCAP: +CGSM,+FCLASS,+DS",
    ],
    bootUrcs: ["RDY", "+CPIN: READY", "SMS DONE", "PB DONE"],
    simReadyUrcs: ["+CPIN: READY", "SMS DONE", "PB DONE"],
    cnmiTest: "+CNMI: (0-2),(0-3),(0-3),(0-2),(0-1)",
    cpmsTest: '+CPMS: ("ME","MT","SM","SR"),("ME","MT","SM","SR"),("ME","MT","SM","SR")',
    cmeeDefault: 0,
    quectel: false,
    huawei: false,
  },
  E3372: {
    name: "E3372",
    manufacturer: "huawei",
    model: "E3372",
    revision: "22.200.15.00.00",
    ati: (imei) => [
      "Manufacturer: huawei",
      "Model: E3372",
      "Revision: 22.200.15.00.00",
      `IMEI: ${imei}`,
      "+GCAP: +CGSM,+DS,+ES",
    ],
    bootUrcs: ["^SYSSTART", "^SIMST: 1,1", "^SRVST: 2"],
    simReadyUrcs: ["^SIMST: 1,1"],
    cnmiTest: "+CNMI: (0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)",
    cpmsTest: '+CPMS: ("ME","MT","SM","SR"),("ME","MT","SM","SR"),("ME","MT","SM","SR")',
    cmeeDefault: 0,
    quectel: false,
    huawei: true,
  },
};

/** Verbose `+CME ERROR` texts (27.007 §9.2.1), as `AT+CMEE=2` shows them. */
export const CME_TEXT: Record<number, string> = {
  0: "phone failure",
  3: "operation not allowed",
  4: "operation not supported",
  10: "SIM not inserted",
  11: "SIM PIN required",
  12: "SIM PUK required",
  13: "SIM failure",
  14: "SIM busy",
  15: "SIM wrong",
  16: "incorrect password",
  20: "memory full",
  21: "invalid index",
  22: "not found",
  30: "no network service",
  50: "Incorrect parameters",
  100: "unknown",
};
