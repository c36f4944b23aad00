/**
 * One problem in a file: the field it concerns as a path (`services[1].counters[0]`, empty for
 * the file as a whole), what is wrong, and where in the file when its text is known (1-based).
 */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * A file (or an environment variable) that cannot be used. Every loader of motcua throws this
 * one type, and its message lists every problem the same way, one a line:
 * `file:line:column: path: problem` (`file: path: problem` where the position is unknown).
 */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    /** The file, or what else was read (`environment MOTCUA_RULES__GRACE`). */
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${source}: invalid configuration\n${problems.map((p) => `  - ${formatProblem(source, p)}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** `file:line:column: path: message`, the one way a problem is written. */
export function formatProblem(source: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? source : `${source}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.path || "(file)"}: ${problem.message}`;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A field's path as people read it: `rules.flood.maxMessages`, `services[1].counters[0]`; a key
 * that is not a plain word in quotes (`buttons["Quầy 1"]`).
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (PLAIN_KEY.test(String(segment))) text += text === "" ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** The segments of a path written by formatPath: `services[1].counters` → services, 1, counters. */
export function parsePath(text: string): PropertyKey[] {
  const segments: PropertyKey[] = [];
  for (const [, word, index, quoted] of text.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (word !== undefined) segments.push(word);
    else if (index !== undefined) segments.push(Number(index));
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string);
  }
  return segments;
}

/** The same problems, each under `prefix` (a section of a larger file). */
export function underPath(prefix: string, problems: ConfigProblem[]): ConfigProblem[] {
  const join = (path: string) =>
    path === "" ? prefix : path.startsWith("[") ? prefix + path : `${prefix}.${path}`;
  return problems.map((p) => ({ ...p, path: join(p.path) }));
}
