import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, type ConfigProblem, formatPath } from "./errors.js";
import { type Locator, schemaAt } from "./issues.js";
import { migrateOffice } from "./migrate.js";
import { type OfficeConfig, officeSchema } from "./schema.js";
import { MigrationError, pathInFile } from "./versions.js";
import { loadYamlFile, parseYamlText, readYamlFile, validate, type YamlText } from "./yaml-file.js";

/** Path of the bundled example office (docs/example-office.md). */
export const EXAMPLE_OFFICE_PATH = fileURLToPath(new URL("../offices/son-tay.yaml", import.meta.url));
/** Its office id, for a device that needs no more of it (a pad would otherwise parse the file). */
export const EXAMPLE_OFFICE_ID = "son-tay";

/**
 * Migrates a parsed office document to the current version and validates it. A problem in a
 * field that a migration moved is reported where the file wrote it (its line, its old name).
 */
function checkOffice(document: unknown, source: string, locate?: Locator): OfficeConfig {
  let migrated: ReturnType<typeof migrateOffice>;
  try {
    migrated = migrateOffice(document);
  } catch (error) {
    if (error instanceof MigrationError) throw error.inFile(source, locate);
    throw error;
  }
  const { moves, fromVersion } = migrated;
  const locateInFile: Locator | undefined = locate && ((path) => locate(pathInFile(moves, path)));
  try {
    return validate(officeSchema, migrated.document, source, locateInFile);
  } catch (error) {
    if (!(error instanceof ConfigError) || moves.length === 0) throw error;
    // Name the field as the file wrote it, so the technician finds it in an older file.
    throw new ConfigError(
      source,
      error.problems.map((p) => {
        const move = moves.find((m) => {
          const to = formatPath(m.to);
          return p.path === to || p.path.startsWith(`${to}.`) || p.path.startsWith(`${to}[`);
        });
        return move
          ? {
              ...p,
              message: `${p.message} (written ${formatPath(move.from)} in this version-${fromVersion} file)`,
            }
          : p;
      }),
    );
  }
}

/** Validates an already parsed document (YAML or JSON), migrating older versions first. */
export function parseOfficeConfig(document: unknown, source = "configuration"): OfficeConfig {
  return checkOffice(document, source);
}

/** Parses configuration text; YAML is a superset of JSON, so both are read the same way. */
export function parseOfficeConfigText(text: string, source = "configuration"): OfficeConfig {
  const parsed: YamlText = parseYamlText(text, source);
  return checkOffice(parsed.value, source, parsed.locate);
}

/**
 * Loads the office configuration from a file (or the bundled example office), then applies
 * environment overrides such as `MOTCUA_RULES__TRAVEL_BUFFER_MINUTES=45`.
 */
export function loadOfficeConfig(
  path: string = EXAMPLE_OFFICE_PATH,
  env: NodeJS.ProcessEnv = {},
): OfficeConfig {
  const file = readYamlFile(path);
  const base = checkOffice(file.value, path, file.locate);
  const overridden = applyEnvOverrides(base, env);
  if (overridden === base) return base;
  try {
    return parseOfficeConfig(overridden, `${path} with environment overrides`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Say which variable set the refused value, so the technician knows where to look.
    const keys = new Map(overrideEntries(env).map(([key]) => [fieldPathOf(key).join("."), key]));
    throw new ConfigError(
      error.source,
      error.problems.map((p: ConfigProblem) => {
        const key = keys.get(p.path);
        return key ? { path: p.path, message: `${p.message} (set by ${key})` } : p;
      }),
    );
  }
}

const ENV_PREFIX = "MOTCUA_";

function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function overrideEntries(env: NodeJS.ProcessEnv): [string, string][] {
  return Object.entries(env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && entry[0].startsWith(ENV_PREFIX) && /^MOTCUA_(OFFICE|RULES)__/.test(entry[0]),
  );
}

function fieldPathOf(key: string): string[] {
  return key.slice(ENV_PREFIX.length).split("__").map(camel);
}

/**
 * `MOTCUA_A__B_C=value` sets field `a.bC`. A text field takes the value as it is (so an SMS
 * number such as `0912345678` stays text); any other field reads it as YAML, so numbers and
 * booleans keep their type. Only `office.*` and `rules.*` may be overridden: lists stay in the
 * file. A variable that names no field, or a value that is not YAML, is refused.
 */
export function applyEnvOverrides(config: OfficeConfig, env: NodeJS.ProcessEnv): OfficeConfig {
  const entries = overrideEntries(env);
  if (entries.length === 0) return config;
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const [key, value] of entries) {
    const path = fieldPathOf(key);
    const field = schemaAt(officeSchema, path);
    if (!field) {
      throw new ConfigError(`environment ${key}`, [
        { path: path.join("."), message: "no such field in the configuration (check the spelling)" },
      ]);
    }
    let node = copy;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next !== "object" || next === null) {
        throw new ConfigError(`environment ${key}`, [{ path: path.join("."), message: "no such section" }]);
      }
      node = next as Record<string, unknown>;
    }
    let parsed: unknown = value;
    if (!(field instanceof z.ZodString)) {
      try {
        parsed = parseYaml(value);
      } catch {
        throw new ConfigError(`environment ${key}`, [
          { path: path.join("."), message: `cannot read "${value}" as a value (set by ${key})` },
        ]);
      }
    }
    node[path.at(-1) as string] = parsed;
  }
  return copy as unknown as OfficeConfig;
}

const credentialsSchema = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });
export type Credentials = z.infer<typeof credentialsSchema>;

/** `--credentials FILE` of every device: `username:` and `password:`, YAML or JSON. */
export function loadCredentials(path: string): Credentials {
  return loadYamlFile(path, credentialsSchema);
}

/** A device's broker login as its flags and `--credentials FILE` give it (none: no login). */
export interface DeviceLogin {
  username?: string;
  password?: string;
}

/**
 * The one rule of every device's login: `--username` and `--password` before the credentials
 * file's; a password alone logs in as the device's own name (`counter-1`), when it has one.
 * Returns what is wrong, in the words of the flags, when a name has no password.
 */
export function deviceLogin(options: {
  credentials?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  /** The device's own broker name (`counter-1`), used when only a password is given. */
  name?: string;
}): DeviceLogin | string {
  const file = options.credentials !== undefined ? loadCredentials(options.credentials) : undefined;
  const username =
    options.username ?? file?.username ?? (options.password !== undefined ? options.name : undefined);
  const password = options.password ?? file?.password;
  if (username !== undefined && password === undefined)
    return "--username needs --password (or use --credentials FILE)";
  return {
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}
