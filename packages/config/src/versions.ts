import { ConfigError, formatPath } from "./errors.js";
import type { Locator } from "./issues.js";

/** A problem found while bringing a document to the current version, at a path of the file. */
export class MigrationError extends Error {
  constructor(
    readonly path: readonly PropertyKey[],
    message: string,
  ) {
    super(message);
  }

  /** The same problem as a ConfigError of `source`, at the line of the field when known. */
  inFile(source: string, locate?: Locator): ConfigError {
    const at = locate?.(this.path);
    return new ConfigError(source, [
      {
        path: formatPath(this.path),
        message: this.message,
        ...(at ? { line: at.line, column: at.column } : {}),
      },
    ]);
  }
}

/** A field a step moved: where the file has it, and where the current format has it. */
export interface Move {
  from: readonly PropertyKey[];
  to: readonly PropertyKey[];
}

/** One step: a document of version N becomes one of version N + 1, saying which fields moved. */
export type MigrationStep = (doc: Record<string, unknown>, moves: Move[]) => Record<string, unknown>;

export interface Migrated {
  document: unknown;
  /** The version the file was written in (a missing `version` is 1). */
  fromVersion: number;
  moves: Move[];
}

/**
 * Brings a document to version `current`, one step at a time. A file without `version` is
 * version 1, the first format; a version newer than `current` is refused.
 */
export function migrateVersions(
  document: unknown,
  current: number,
  steps: Readonly<Record<number, MigrationStep>>,
): Migrated {
  if (typeof document !== "object" || document === null || Array.isArray(document))
    return { document, fromVersion: current, moves: [] };
  let doc: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  const version = doc.version ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version))
    throw new MigrationError(["version"], `must be a whole number: the file's format (${current} today)`);
  if (version > current)
    throw new MigrationError(
      ["version"],
      `version ${version} is newer than this motcua understands (${current}); update motcua`,
    );
  const moves: Move[] = [];
  for (let v = version; v < current; v++) {
    const step = steps[v];
    if (!step)
      throw new MigrationError(["version"], `no migration from version ${v} (the first format is 1)`);
    doc = step(doc, moves);
  }
  doc.version = current;
  return { document: doc, fromVersion: version, moves };
}

/** The path a field of the migrated document had in the file itself. */
export function pathInFile(moves: readonly Move[], path: readonly PropertyKey[]): readonly PropertyKey[] {
  for (const move of moves) {
    if (move.to.length <= path.length && move.to.every((segment, i) => segment === path[i]))
      return [...move.from, ...path.slice(move.to.length)];
  }
  return path;
}
