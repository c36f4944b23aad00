import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigProblem, parsePath } from "./errors.js";
import { type Locator, problemsOf } from "./issues.js";

/** A YAML (or JSON) text, parsed, that can say where each of its fields was written. */
export interface YamlText {
  source: string;
  value: unknown;
  locate: Locator;
}

/** The node of the nearest field of `path` that the document has: the key, for a map entry. */
function nearestNode(contents: Node | null, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = contents;
  let found: Node | undefined = contents ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment),
      );
      if (!pair) break;
      found = (pair.key as Node | null) ?? found;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      found = item as Node;
      node = item;
    } else break;
  }
  return found;
}

/** Parses YAML or JSON text (JSON is YAML); a syntax error is a ConfigError with its line and column. */
export function parseYamlText(text: string, source: string): YamlText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: "", message: `not valid YAML: ${error.message}`, line, column: col };
      }),
    );
  }
  return {
    source,
    value: document.toJS({ maxAliasCount: 100 }),
    locate: (path) => {
      const start = nearestNode(document.contents, path)?.range?.[0];
      if (start === undefined) return undefined;
      const { line, col } = lineCounter.linePos(start);
      return { line, column: col };
    },
  };
}

/** Reads and parses a YAML (or JSON) file; a file that cannot be read is a ConfigError too. */
export function readYamlFile(path: string): YamlText {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(path, [{ path: "", message: `cannot read the file: ${reason}` }]);
  }
  return parseYamlText(text, path);
}

/** Problems found outside the schema (checks against another file), placed where the file has their field. */
export function placed(problems: ConfigProblem[], locate: Locator): ConfigProblem[] {
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const at = locate(parsePath(p.path));
    return at ? { ...p, line: at.line, column: at.column } : p;
  });
}

/** Checks a value with a schema; every problem named by its path (and position, given `locate`). */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  locate?: Locator,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigError(source, problemsOf(result.error, schema, locate));
  return result.data;
}

export interface LoadYamlOptions {
  /** What an empty file stands for: `{}` for files whose every field is optional. */
  empty?: unknown;
}

/**
 * The one loader of motcua's files: reads the file, parses its YAML (or JSON) and checks it
 * with `schema`. Every failure — unreadable, not YAML, not valid — is one ConfigError naming
 * the file, the field and, where known, the line and column.
 */
export function loadYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
  options: LoadYamlOptions = {},
): z.output<S> {
  const { value, locate } = readYamlFile(path);
  return validate(schema, value ?? options.empty ?? null, path, locate);
}
