// Calls test/oracle/gammu_oracle.py (Debian's python3-gammu) from the tests.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Debian's modules live under Debian's python; a pyenv or venv python3 on PATH may not see them. */
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SCRIPT = fileURLToPath(new URL("./gammu_oracle.py", import.meta.url));

export interface GammuUdh {
  type: string;
  id8: number;
  id16: number;
  part: number;
  all: number;
  hex: string;
}

export interface GammuDecoded {
  number: string;
  text: string;
  type: string;
  coding: string;
  class: number;
  datetime: string | null;
  udh: GammuUdh;
  error?: undefined;
}

export interface GammuEncodedPart {
  text: string;
  coding: string;
  udh: GammuUdh;
  reference: number;
  /** The SMS-SUBMIT TPDU gammu.EncodePDU makes of the part, without its SMSC part. */
  tpdu: string;
}

export interface GammuEncodeRequest {
  text: string;
  unicode: boolean;
  bits: 8 | 16;
  number: string;
}

export interface GammuAnswer {
  decode: Array<GammuDecoded | { error: string }>;
  encode: GammuEncodedPart[][];
}

function probe(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import gammu"], { encoding: "utf8" });
  if (r.status === 0) return undefined;
  return `python3-gammu is missing (${PYTHON} cannot import gammu): run scripts/setup.sh as root, or apt-get install python3-gammu`;
}

/** Why the oracle cannot run here, or undefined when it can. */
export const gammuMissing: string | undefined = probe();

/** Under CI a missing oracle fails its tests; elsewhere they are skipped with this message. */
export const skipGammu = gammuMissing !== undefined && !process.env.CI;
if (skipGammu) console.warn(`skipping the python3-gammu oracle tests: ${gammuMissing}`);

export function gammu(request: { decode?: string[]; encode?: GammuEncodeRequest[] }): GammuAnswer {
  const r = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(request),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.status !== 0)
    throw new Error(`gammu_oracle.py failed (${r.status ?? r.signal}): ${r.stderr || r.error}`);
  return JSON.parse(r.stdout) as GammuAnswer;
}

/** Decodes one PDU with gammu; throws when gammu could not. */
export function gammuDecode(hex: string): GammuDecoded {
  const [d] = gammu({ decode: [hex] }).decode;
  if (!d || d.error !== undefined) throw new Error(`gammu.DecodePDU: ${d?.error}`);
  return d;
}
