import type { SubmitPdu } from "@motcua/sms";

/** The modem families the simulator can imitate (their identity strings, banners and vendor commands). */
export type ModelName = "EC25" | "SIM7600" | "E3372";

/** Registration as reported by `+CREG` / `+CGREG` / `+CEREG` (`<stat>` 1, 2, 3 and 5). */
export type NetworkState = "registered" | "searching" | "denied" | "roaming";

/** An SMS arriving from the network, as a test describes it. */
export interface InjectSms {
  /** The sender as the network writes it: `+84912345678`, `0912345678` or an alphanumeric name (`Viettel`). */
  from: string;
  /** The text; GSM-7 when every character fits, else UCS-2; cut into several PDUs when long. */
  text: string;
  /** The service centre time stamp, ISO-8601 with its offset; default now, in `+07:00`. */
  timestamp?: string;
}

/** What happened to an injected SMS. */
export interface InjectResult {
  /** Storage indices of the parts stored now (a `+CMTI` was emitted for each when `CNMI` asks for it). */
  stored: number[];
  /** Parts the network keeps for later (storage full, SIM not ready, no network, modem unplugged). */
  queued: number;
  /** Parts routed straight to the link as `+CMT` (when `AT+CNMI=…,2,…`), not stored. */
  routed: number;
}

/** One SMS-SUBMIT PDU the simulator accepted on `AT+CMGS`. */
export interface SentPart {
  /** The PDU as written by the client (hex, with its SMSC part). */
  hex: string;
  /** The PDU decoded by `@motcua/sms`. */
  pdu: SubmitPdu;
  /** TP-MR the modem answered with `+CMGS: <mr>`. */
  messageReference: number;
  /** Epoch ms of the `+CMGS` answer. */
  at: number;
}

/** A message the simulator "sent to the network": single parts at once, multipart once complete. */
export interface SentMessage {
  to: string;
  /** The whole text, parts joined in sequence order. */
  text: string;
  /** The hex PDUs of the parts, in sequence order. */
  pdus: string[];
  /** The decoded parts, in sequence order. */
  parts: SentPart[];
  /** Epoch ms of the `+CMGS` answer to the last part. */
  at: number;
}

/** A stored SMS (one PDU) as `storage()` shows it. */
export interface StoredSms {
  /** The storage the message is in. */
  memory: "SM" | "ME";
  /** The index `+CMTI`, `AT+CMGR` and `AT+CMGD` use. */
  index: number;
  /** 0 REC UNREAD, 1 REC READ, 2 STO UNSENT, 3 STO SENT. */
  stat: 0 | 1 | 2 | 3;
  /** The PDU hex with its SMSC part, as `AT+CMGL` gives it. */
  hex: string;
  /** Octets after the SMSC part (the `<length>` of `+CMGL` / `+CMGR`). */
  tpduLength: number;
  /** What was injected (absent for a message written with `AT+CMGW`). */
  from?: string;
  text?: string;
}

/** An error a command answers with: plain `ERROR`, `+CMS ERROR: <n>` or `+CME ERROR: <n>` (verbose with `AT+CMEE=2`). */
export type AtError = "ERROR" | { cms: number } | { cme: number };

/** A fault: the next command matching `command` (any command when absent) answers `error` instead. */
export interface FailSpec {
  /** Matched against the command line without the `AT` prefix, e.g. `/^\+CMGS=/`. */
  command?: RegExp;
  error: AtError;
  /** How many matching commands fail (default 1). */
  times?: number;
}

/** A pino-compatible logger (only `debug`, `info` and `warn` are used); raw AT traffic goes to `debug`. */
export interface SimLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}
