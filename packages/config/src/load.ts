import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { migrate } from "./migrate.js";
import { type OfficeConfig, officeSchema } from "./schema.js";

/** Path of the bundled example office (shared/spec/EXAMPLE-OFFICE.md). */
export const EXAMPLE_OFFICE_PATH = fileURLToPath(new URL("../offices/son-tay.yaml", import.meta.url));

/** One problem in a configuration file, with the dotted path of the field it concerns. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** A configuration that cannot be used; `problems` names every bad field. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${source}: invalid configuration\n${problems.map((p) => `  - ${p.path || "(file)"}: ${p.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/** A schema's issues as problems with dotted field paths. */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
}

/** Validates an already parsed document (YAML or JSON), migrating older versions first. */
export function parseOfficeConfig(document: unknown, source = "configuration"): OfficeConfig {
  let migrated: unknown;
  try {
    migrated = migrate(document);
  } catch (error) {
    throw new ConfigError(source, [{ path: "version", message: (error as Error).message }]);
  }
  const result = officeSchema.safeParse(migrated);
  if (!result.success) throw new ConfigError(source, problemsOf(result.error));
  return result.data;
}

/** Parses configuration text; YAML is a superset of JSON, so both are read the same way. */
export function parseOfficeConfigText(text: string, source = "configuration"): OfficeConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(source, [
      { path: "", message: `not valid YAML/JSON: ${(error as Error).message}` },
    ]);
  }
  return parseOfficeConfig(document, source);
}

/**
 * Loads the office configuration from a file (or the bundled example office), then applies
 * environment overrides such as `MOTCUA_RULES__TRAVEL_BUFFER_MINUTES=45`.
 */
export function loadOfficeConfig(
  path: string = EXAMPLE_OFFICE_PATH,
  env: NodeJS.ProcessEnv = {},
): OfficeConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, [
      {
        path: "",
        message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    ]);
  }
  const base = parseOfficeConfigText(text, path);
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
      error.problems.map((p) => {
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

function unwrapped(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (
    s instanceof z.ZodOptional ||
    s instanceof z.ZodDefault ||
    s instanceof z.ZodPrefault ||
    s instanceof z.ZodNullable
  ) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

/** The schema of the field at `path`, or undefined when the configuration has no such field. */
function fieldSchema(path: string[]): z.ZodType | undefined {
  let schema: z.ZodType = officeSchema;
  for (const segment of path) {
    const object = unwrapped(schema);
    if (!(object instanceof z.ZodObject) || !Object.hasOwn(object.shape, segment)) return undefined;
    schema = (object.shape as Record<string, z.ZodType>)[segment] as z.ZodType;
  }
  return unwrapped(schema);
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
    const field = fieldSchema(path);
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

/**
 * Reads a small YAML (or JSON) file of a device — its pad file, its pins, its credentials —
 * with the same errors as the office configuration: the file and what is wrong with it.
 */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [{ path: "", message: `not valid YAML/JSON: ${(error as Error).message}` }]);
  }
}

const credentialsSchema = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });
export type Credentials = z.infer<typeof credentialsSchema>;

/** `--credentials FILE` of every device: `username:` and `password:`, YAML or JSON. */
export function loadCredentials(path: string): Credentials {
  const result = credentialsSchema.safeParse(readYamlFile(path));
  if (!result.success) throw new ConfigError(path, problemsOf(result.error));
  return result.data;
}
