import { homedir } from "node:os";
import { join } from "node:path";

// Where an office's store lives, defined once: the hub opens it there, and `motcua user`
// (run beside a hub, or before its first start) must find the same file.

/** `$MOTCUA_DATA`, else `$XDG_DATA_HOME/motcua`, else `~/.local/share/motcua`. */
export function defaultDataDir(): string {
  return (
    process.env.MOTCUA_DATA ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "motcua")
  );
}

/** The store file of `office` in `dataDir` (default {@link defaultDataDir}). */
export function storePath(office: string, dataDir = defaultDataDir()): string {
  return join(dataDir, `${office}.sqlite`);
}
