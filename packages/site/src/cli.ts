import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError } from "@motcua/config";
import { describeSite, ROLE_FILE_NAMES, type RoleFile, roleFiles } from "./derive.js";
import { loadSite, SITE_FILE_PATHS } from "./load.js";
import { SITE_ROLES, type SiteRole } from "./schema.js";

export const CHECK_USAGE = `usage: check.ts [--role ${SITE_ROLES.join("|")}] [--write DIR] [FILE...]

Checks a card's site file (motcua.yaml) and the office configuration it names, as the programs
will read them, and says what the card will be. With several FILEs the first that exists is
read; with none, ${SITE_FILE_PATHS.join(" then ")}.

  --role ROLE   refuse a card of another role (what each unit's ExecStartPre asks)
  --write DIR   also write the files the unit starts with into DIR (env, credentials, the pad's
                file, the kiosk's pins; host name, Wi-Fi, time source and pull-ups for the system)

Exit status: 0 when the card is ready, 1 when something is wrong (every problem is listed
with its field), 2 for a wrong flag.`;

export interface CheckIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** `check.ts`: returns the exit code. */
export async function runCheck(
  args: string[],
  io: CheckIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let values: { role?: string; write?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        role: { type: "string" },
        write: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr.write(`check.ts: ${(error as Error).message}\n\n${CHECK_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (values.role !== undefined && !(SITE_ROLES as readonly string[]).includes(values.role)) {
    io.stderr.write(`check.ts: --role must be one of ${SITE_ROLES.join(", ")}\n\n${CHECK_USAGE}\n`);
    return 2;
  }
  const paths = positionals.length > 0 ? positionals : [...SITE_FILE_PATHS];
  try {
    const loaded = await loadSite(paths, {
      env: io.env,
      ...(values.role !== undefined ? { role: values.role as SiteRole } : {}),
    });
    if (values.write !== undefined) writeRoleFiles(values.write, await roleFiles(loaded, values.write));
    for (const warning of loaded.warnings) io.stderr.write(`${loaded.path}: warning: ${warning}\n`);
    io.stdout.write(`${loaded.path}: ok: ${describeSite(loaded)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Writes the files (each atomically, secrets 0600) and removes those of ours not written this time. */
export function writeRoleFiles(dir: string, files: RoleFile[]): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const file of files) {
    const path = join(dir, file.name);
    const temporary = join(dir, `.${file.name}.${process.pid}`);
    writeFileSync(temporary, file.content, { mode: file.mode });
    chmodSync(temporary, file.mode);
    renameSync(temporary, path);
  }
  const written = new Set(files.map((f) => f.name));
  for (const name of ROLE_FILE_NAMES) if (!written.has(name)) rmSync(join(dir, name), { force: true });
}
