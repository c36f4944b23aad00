import { z } from "zod";
import type { ConfigProblem } from "./errors.js";
import { formatPath } from "./errors.js";

/** Where a path of the checked value was written in its file, when known. */
export type Locator = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

/** Optional, default and the like around a schema: the schema that shapes the value. */
function inner(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodNullable
    )
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** The schema of the value at `path`, as far as plain objects, arrays and records lead. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = inner(schema);
  for (const segment of path) {
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(segment)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
    if (s === undefined) return undefined;
    s = inner(s);
  }
  return s;
}

/** The keys an object (or a record over a fixed set of keys) at `path` takes. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodRecord) {
    const keys = inner(s.keyType as z.ZodType);
    if (keys instanceof z.ZodEnum) return keys.options.map(String);
  }
  return [];
}

/** Edit distance with swapped neighbours counted as one edit: how far a typo is from a key. */
function distance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number) => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** "did you mean …" for a close known key, else the list of known keys when it is short. */
function unknownKeyHint(key: string, known: string[]): string {
  const folded = key.toLowerCase();
  const close = known
    .map((k) => ({ k, d: distance(folded, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(k.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  if (close) return `; did you mean "${close.k}"?`;
  if (known.length > 0 && known.length <= 16) return ` (expected ${known.join(", ")})`;
  return " (check the spelling)";
}

/**
 * A schema's issues as problems: one problem per unknown key, at the key's own path, with the
 * known key it is probably a misspelling of.
 */
export function problemsOf(error: z.ZodError, schema?: z.ZodType, locate?: Locator): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const at = locate?.(path);
    problems.push({ path: formatPath(path), message, ...(at ? { line: at.line, column: at.column } : {}) });
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = schema ? keysAt(schema, issue.path) : [];
      const what = issue.path.length === 0 ? "unknown section" : "unknown field";
      for (const key of issue.keys) add([...issue.path, key], `${what}${unknownKeyHint(key, known)}`);
    } else add(issue.path, issue.message);
  }
  return problems;
}
