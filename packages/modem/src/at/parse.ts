import { ModemError } from "../errors.js";

/** The information lines of a command's answer that start with `prefix` (e.g. `+CSQ:`), without it. */
export function valuesOf(lines: readonly string[], prefix: string): string[] {
  return lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length).trim());
}

function first(lines: readonly string[], prefix: string, command: string): string {
  const value = valuesOf(lines, prefix)[0];
  if (value === undefined)
    throw new ModemError("BAD_RESPONSE", `no ${prefix} line in the answer to ${command}`, { command });
  return value;
}

/** Splits `a,"b,c",3` into `a`, `b,c`, `3` (quotes removed). */
export function fields(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

export interface Signal {
  /** 0–31, or 99 when the modem does not know. */
  rssi: number;
  /** −113 dBm + 2 × rssi; null when unknown. */
  dbm: number | null;
  /** 0–4, as a phone would draw it. */
  bars: number;
}

/** `+CSQ: 18,99` → rssi 18, −77 dBm, 3 bars. */
export function parseCsq(lines: readonly string[]): Signal {
  const rssi = Number(fields(first(lines, "+CSQ:", "AT+CSQ"))[0]);
  if (!Number.isInteger(rssi) || rssi === 99 || rssi < 0 || rssi > 31)
    return { rssi: 99, dbm: null, bars: 0 };
  const bars = rssi < 2 ? 0 : rssi < 10 ? 1 : rssi < 15 ? 2 : rssi < 20 ? 3 : 4;
  return { rssi, dbm: -113 + 2 * rssi, bars };
}

export type Registration = "home" | "roaming" | "searching" | "denied" | "not_registered" | "unknown";

/**
 * `+CREG: 0,1` (or `+CEREG: 2,1,"1A2B",…`) → the registration state. The first field is the
 * URC mode when the answer has more than one field; stat 6/7 (home/roaming, SMS only) count as
 * registered, since SMS is all the link needs.
 */
export function parseRegistration(lines: readonly string[], prefix: string): Registration {
  const f = fields(first(lines, prefix, `AT${prefix.slice(0, -1)}?`));
  const stat = Number(f.length > 1 ? f[1] : f[0]);
  switch (stat) {
    case 1:
    case 6:
      return "home";
    case 5:
    case 7:
      return "roaming";
    case 2:
      return "searching";
    case 3:
      return "denied";
    case 0:
      return "not_registered";
    default:
      return "unknown";
  }
}

export function isRegistered(r: Registration | undefined): boolean {
  return r === "home" || r === "roaming";
}

export interface StorageUse {
  memory: string;
  used: number;
  total: number;
}

/**
 * `+CPMS: 3,50,3,50,3,50` (answer to the set form) or `+CPMS: "SM",3,50,"SM",3,50,…` (the
 * query) → the use of the first storage, where messages are read and deleted.
 */
export function parseCpms(lines: readonly string[], memory: string): StorageUse {
  const f = fields(first(lines, "+CPMS:", "AT+CPMS"));
  const numeric = /^\d+$/.test(f[0] ?? "");
  const used = Number(numeric ? f[0] : f[1]);
  const total = Number(numeric ? f[1] : f[2]);
  if (!Number.isInteger(used) || !Number.isInteger(total))
    throw new ModemError("BAD_RESPONSE", `unreadable +CPMS answer: ${f.join(",")}`, { command: "AT+CPMS" });
  return { memory: numeric ? memory : (f[0] ?? memory), used, total };
}

/** `+CPMS: ("SM","ME"),("SM","ME"),("SM","ME")` → the storages of the first parameter. */
export function parseCpmsSupport(lines: readonly string[]): string[] {
  const value = valuesOf(lines, "+CPMS:")[0] ?? "";
  const group = /^\(([^)]*)\)/.exec(value)?.[1] ?? value;
  return group
    .split(",")
    .map((s) => s.replace(/"/g, "").trim())
    .filter(Boolean);
}

/** `(0-2),(0,1)` or `(0,1,2)` groups → a set of allowed numbers per parameter. */
export function parseRanges(value: string): Set<number>[] {
  const groups = [...value.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] ?? "");
  return groups.map((group) => {
    const allowed = new Set<number>();
    for (const item of group.split(",")) {
      const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(item);
      if (!range) continue;
      const from = Number(range[1]);
      const to = range[2] === undefined ? from : Number(range[2]);
      for (let n = from; n <= to; n++) allowed.add(n);
    }
    return allowed;
  });
}

/**
 * Picks the `AT+CNMI` setting for store-and-notify from the answer to `AT+CNMI=?`: mt=1 (the
 * message is stored and `+CMTI` says where — never 2 or 3, which route `+CMT` and lose the
 * message if it is not acknowledged), mode 2 (buffered while the link is busy) or else 1, no
 * cell broadcasts, no status reports, buffered indications flushed (bfr=0).
 *
 * @returns undefined when the modem cannot notify a stored message (mt=1 missing): polling is
 *   then the only way messages are found.
 */
export function chooseCnmi(lines: readonly string[]): string | undefined {
  const value = valuesOf(lines, "+CNMI:")[0];
  if (value === undefined) return "AT+CNMI=2,1,0,0,0";
  const [mode, mt, bm, ds, bfr] = parseRanges(value);
  if (!mt?.has(1)) return undefined;
  const pick = (set: Set<number> | undefined, wanted: number[]) => wanted.find((n) => set?.has(n));
  const params = [pick(mode, [2, 1, 3]) ?? 1, 1];
  if (bm) params.push(pick(bm, [0]) ?? 0);
  if (ds) params.push(pick(ds, [0]) ?? 0);
  if (bfr) params.push(pick(bfr, [0]) ?? 0);
  return `AT+CNMI=${params.join(",")}`;
}

/** One message of the storage, as `AT+CMGL=4` or `AT+CMGR=<i>` gives it in PDU mode. */
export interface StoredPdu {
  index: number;
  /** 0 received unread, 1 received read, 2 stored unsent, 3 stored sent. */
  stat: number;
  pdu: string;
}

/** The `+CMGL: <index>,<stat>,[<alpha>],<length>` entries of an answer, each with its PDU line. */
export function parseCmgl(lines: readonly string[]): StoredPdu[] {
  const out: StoredPdu[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith("+CMGL:")) continue;
    const f = fields(line.slice(6));
    const pdu = lines[i + 1];
    if (pdu === undefined || !/^[0-9A-Fa-f]+$/.test(pdu)) continue;
    out.push({ index: Number(f[0]), stat: Number(f[1]), pdu: pdu.toUpperCase() });
    i++;
  }
  return out;
}

/** `+CMGR: <stat>,[<alpha>],<length>` and its PDU line; undefined for an empty index. */
export function parseCmgr(lines: readonly string[], index: number): StoredPdu | undefined {
  const at = lines.findIndex((l) => l.startsWith("+CMGR:"));
  if (at < 0) return undefined;
  const pdu = lines[at + 1];
  if (pdu === undefined || !/^[0-9A-Fa-f]+$/.test(pdu)) return undefined;
  const stat = Number(fields((lines[at] as string).slice(6))[0]);
  return { index, stat, pdu: pdu.toUpperCase() };
}

/** `+CMGS: 42` → the message reference the network gave the part. */
export function parseCmgs(lines: readonly string[]): number {
  const value = valuesOf(lines, "+CMGS:")[0];
  const mr = Number(value === undefined ? Number.NaN : fields(value)[0]);
  return Number.isInteger(mr) ? mr : -1;
}

/** `+CPIN: SIM PIN` → `SIM PIN`. */
export function parseCpin(lines: readonly string[]): string {
  return first(lines, "+CPIN:", "AT+CPIN?").toUpperCase();
}
