// Which office configuration a hub runs under, across restarts (docs/configuration.md, "The
// file and the console"). The configuration in force is the event log's: the one the log began
// under, then each `config` input in order. The file wins only when it changed since the hub
// last read it.
import { createHash } from "node:crypto";
import type { OfficeConfig } from "@motcua/config";

/** Store meta: the configuration the event log began under (replay starts from it). */
export const CONFIG_BASE_KEY = "configBase";
/** Store meta: the hash of the office file's configuration the hub last started with. */
export const CONFIG_FILE_HASH_KEY = "configFileHash";

/** JSON with every object's keys in order: the same configuration always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The hash of a configuration as loaded (defaults filled, environment overrides applied), so
 * that comments, quoting, key order or a field written out at its default do not count as a
 * change of the file.
 */
export function configHash(config: OfficeConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}

export function sameConfig(a: OfficeConfig, b: OfficeConfig): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
