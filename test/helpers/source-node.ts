// How tests and benchmarks start a child `node` on the TypeScript sources rather than on the
// compiled dist/ (scripts/build.mjs): the workspace packages' source export condition, and tsx
// as a loader of a plain node (not tsx's CLI, whose grandchild a SIGKILL would not reach).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The export condition under which every workspace package names its src/ (package.json `exports`). */
export const SOURCE_CONDITION = "@motcua/source";

// Resolved from the repository root (where tsx is a devDependency), whatever the working directory.
const tsxLoader = pathToFileURL(
  createRequire(new URL("../../package.json", import.meta.url)).resolve("tsx"),
).href;

/** node's flags before a .ts entry point: `spawn(process.execPath, [...SOURCE_EXEC_ARGV, file, ...args])`. */
export const SOURCE_EXEC_ARGV: readonly string[] = [
  `--conditions=${SOURCE_CONDITION}`,
  "--import",
  tsxLoader,
];
