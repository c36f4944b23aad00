import { tpduLength } from "./codec.js";
import type { ModelInfo } from "./models.js";
import type { FailSpec, InjectSms, NetworkState, SentMessage, SentPart, StoredSms } from "./types.js";

export type Memory = "SM" | "ME";

/** Settings a power cycle or `AT+CFUN=1,1` resets: what the link must set again after a reboot. */
export interface Settings {
  /** `ATE`. */
  echo: boolean;
  /** `ATV`: verbose result codes (`OK`) or numeric (`0`). */
  verbose: boolean;
  /** `AT+CMEE`: 0 plain `ERROR`, 1 numeric, 2 verbose. */
  cmee: 0 | 1 | 2;
  /** `AT+CMGF`: 0 PDU, 1 text. */
  cmgf: 0 | 1;
  /** `AT+CSCS`. */
  cscs: string;
  /** `AT+CNMI`: mode, mt, bm, ds, bfr. */
  cnmi: [number, number, number, number, number];
  /** `AT+CPMS`: mem1 (read, list, delete), mem2 (write, send), mem3 (receive). */
  cpms: [Memory, Memory, Memory];
  /** `AT+CREG` / `AT+CGREG` / `AT+CEREG` `<n>`. */
  creg: number;
  cgreg: number;
  cereg: number;
  /** `AT+CMMS`. */
  cmms: number;
  /** `AT+CFUN`: 1 full, 0 or 4 radio off. */
  cfun: number;
  /** `AT+COPS=3,<format>`: 0 long name, 1 short, 2 numeric. */
  copsFormat: 0 | 1 | 2;
  /** `AT+CSDH` (text mode headers). */
  csdh: number;
  /** Quectel `AT+QURCCFG="urcport"`: URCs reach this port only when it is `usbat`. */
  urcport: string;
  /** Huawei `AT^CURC`: periodic `^RSSI`-style URCs when 1. */
  curc: number;
  /** `AT+CUSD`: 1 presents USSD results as `+CUSD:` URCs (27.007 §7.15). */
  cusd: number;
}

export function defaultSettings(model: ModelInfo): Settings {
  return {
    echo: true,
    verbose: true,
    cmee: model.cmeeDefault,
    cmgf: 0,
    cscs: "GSM",
    cnmi: [0, 0, 0, 0, 0],
    cpms: ["SM", "SM", "SM"],
    creg: 0,
    cgreg: 0,
    cereg: 0,
    cmms: 0,
    cfun: 1,
    copsFormat: 0,
    csdh: 0,
    urcport: "usbat",
    curc: 1,
    cusd: 0,
  };
}

/** One PDU of a message in storage. */
interface Slot {
  stat: 0 | 1 | 2 | 3;
  hex: string;
  from?: string;
  text?: string;
}

/** A PDU the network holds until the modem can take it (registered, SIM ready, storage free). */
export interface PendingPart {
  hex: string;
  from: string;
  /** The whole message's text (for `storage()`). */
  text: string;
}

/** SIM lock state as `AT+CPIN?` reports it. */
export type PinState = "READY" | "SIM PIN" | "SIM PUK";

/**
 * What the modem and its SIM hold: storage (which survives a reboot, like a SIM does), network and
 * SIM conditions, the PIN counter, the sent log, and the volatile settings.
 */
export class ModemState {
  readonly model: ModelInfo;
  settings: Settings;
  readonly memories: Record<Memory, (Slot | undefined)[]>;
  /** Lowest storage index (0 on the EC25, SIM7600 and E3372). */
  readonly firstIndex = 0;
  network: NetworkState = "registered";
  /** `AT+CSQ` `<rssi>` (0–31, 99 unknown). */
  rssi = 24;
  simPresent = true;
  /** The SIM's PIN (undefined: no PIN lock). */
  pin: string | undefined;
  pinState: PinState;
  /** The SIM's SMS service is initialised (`SMS DONE` sent): set at boot's end and after the PIN. */
  smsReady: boolean;
  /** Wrong PINs entered since the last right one (3 locks the SIM: `SIM PUK`). */
  pinFailures = 0;
  /** Every `AT+CPIN="…"` the simulator saw, right or wrong. */
  pinAttempts = 0;
  /** `storageFull(true)`: the storage reports full whatever it holds. */
  forcedFull = false;
  /** Faults waiting for their command (`fail()`), each with the count left. */
  readonly failures: (FailSpec & { times: number })[] = [];
  /** `hang(true)`: the modem reads nothing and answers nothing. */
  hung = false;
  /** Powered but still booting: input is dropped, nothing is written. */
  booting = false;
  /** `cmtiDuringNextSend()`: the SMS to deliver while the next `AT+CMGS` runs. */
  midSend: { sms: InjectSms; at: "prompt" | "sending" } | undefined;
  /** The network's queue towards this modem. */
  readonly pending: PendingPart[] = [];
  readonly sent: SentMessage[] = [];
  readonly sentParts: SentPart[] = [];
  /** Multipart messages with parts missing: key to → reference/total. */
  private readonly partialSends = new Map<string, SentPart[]>();
  /** TP-MR counter of the modem (the modem, not the client, numbers submits). */
  private mr = 0;
  readonly imei = "866758041234567";
  readonly imsi = "452040123456789";
  readonly iccid = "89840480001234567890";
  smsc = "+84980200030";
  /** `AT+CPBS` (the phonebook is empty; only gammu asks). */
  phonebook = "SM";
  operator = "Viettel";

  constructor(model: ModelInfo, options: { pin?: string; storageSize?: number; meSize?: number }) {
    this.model = model;
    this.settings = defaultSettings(model);
    this.memories = {
      SM: new Array<Slot | undefined>(options.storageSize ?? 25).fill(undefined),
      ME: new Array<Slot | undefined>(options.meSize ?? 255).fill(undefined),
    };
    this.pin = options.pin;
    this.pinState = options.pin === undefined ? "READY" : "SIM PIN";
    this.smsReady = this.pinState === "READY";
  }

  /** Power cycle: volatile settings back to defaults, the SIM locked again when it has a PIN. */
  powerCycle(): void {
    this.settings = defaultSettings(this.model);
    if (this.pinState === "READY" && this.pin !== undefined) this.pinState = "SIM PIN";
    this.smsReady = false;
  }

  /** The SIM can be used for SMS (present and unlocked). */
  get simUsable(): boolean {
    return this.simPresent && this.pinState === "READY";
  }

  /** The modem can receive from the network (SIM usable, radio on, registered). */
  get canReceive(): boolean {
    return (
      this.simUsable &&
      this.smsReady &&
      this.settings.cfun === 1 &&
      (this.network === "registered" || this.network === "roaming")
    );
  }

  total(memory: Memory): number {
    return this.memories[memory].length;
  }

  used(memory: Memory): number {
    if (this.forcedFull) return this.total(memory);
    return this.memories[memory].filter((slot) => slot !== undefined).length;
  }

  /** Stores a PDU in the first free slot; undefined when full. */
  store(memory: Memory, slot: Slot): number | undefined {
    if (this.forcedFull) return undefined;
    const slots = this.memories[memory];
    const free = slots.indexOf(undefined);
    if (free < 0) return undefined;
    slots[free] = slot;
    return free + this.firstIndex;
  }

  /** The slot at a client-visible index; "range" when outside the storage. */
  slot(memory: Memory, index: number): Slot | undefined | "range" {
    const position = index - this.firstIndex;
    const slots = this.memories[memory];
    if (!Number.isInteger(position) || position < 0 || position >= slots.length) return "range";
    return slots[position];
  }

  remove(memory: Memory, index: number): void {
    this.memories[memory][index - this.firstIndex] = undefined;
  }

  /** Filled slots of a storage, in index order. */
  list(memory: Memory): { index: number; slot: Slot }[] {
    const out: { index: number; slot: Slot }[] = [];
    this.memories[memory].forEach((slot, position) => {
      if (slot !== undefined) out.push({ index: position + this.firstIndex, slot });
    });
    return out;
  }

  /** Everything stored, SIM first. */
  storage(): StoredSms[] {
    const out: StoredSms[] = [];
    for (const memory of ["SM", "ME"] as const) {
      for (const { index, slot } of this.list(memory)) {
        out.push({
          memory,
          index,
          stat: slot.stat,
          hex: slot.hex,
          tpduLength: tpduLength(slot.hex),
          ...(slot.from !== undefined ? { from: slot.from } : {}),
          ...(slot.text !== undefined ? { text: slot.text } : {}),
        });
      }
    }
    return out;
  }

  nextMessageReference(): number {
    const mr = this.mr;
    this.mr = (this.mr + 1) % 256;
    return mr;
  }

  /** Records an accepted SMS-SUBMIT; returns the whole message when this part completes it. */
  recordSent(part: SentPart): SentMessage | undefined {
    this.sentParts.push(part);
    const concat = part.pdu.concat;
    if (concat === undefined || concat.total <= 1) {
      const message = { to: part.pdu.to, text: part.pdu.text, pdus: [part.hex], parts: [part], at: part.at };
      this.sent.push(message);
      return message;
    }
    const key = `${part.pdu.to}/${concat.referenceBits}/${concat.reference}/${concat.total}`;
    const parts = this.partialSends.get(key) ?? [];
    if (!parts.some((p) => p.pdu.concat?.sequence === concat.sequence)) parts.push(part);
    if (parts.length < concat.total) {
      this.partialSends.set(key, parts);
      return undefined;
    }
    this.partialSends.delete(key);
    parts.sort((a, b) => (a.pdu.concat?.sequence ?? 0) - (b.pdu.concat?.sequence ?? 0));
    const message = {
      to: part.pdu.to,
      text: parts.map((p) => p.pdu.text).join(""),
      pdus: parts.map((p) => p.hex),
      parts,
      at: part.at,
    };
    this.sent.push(message);
    return message;
  }
}
