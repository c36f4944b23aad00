// @ts-check
// What the build has to do in one package: which sources to transpile, which files of dist/
// no source accounts for any more. Reads the file system, writes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** dist/'s record of how it was built: a different fingerprint rebuilds every file. */
export const STAMP_FILE = ".build.json";

/**
 * @typedef {{ source: string, output: string }} Unit   absolute paths, src/x.ts → dist/x.js
 * @typedef {{ fingerprint?: string }} Stamp
 * @typedef {{
 *   dir: string,
 *   name: string,
 *   units: Unit[],
 *   stale: Unit[],
 *   orphans: string[],
 *   stampCurrent: boolean,
 * }} PackagePlan
 */

/** Every workspace package with TypeScript sources: packages/* and devices/*, each with src/. */
export function workspacePackages(root) {
  /** @type {string[]} */
  const dirs = [];
  for (const group of ["packages", "devices"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const dir = join(groupDir, entry.name);
      if (entry.isDirectory() && existsSync(join(dir, "package.json")) && existsSync(join(dir, "src")))
        dirs.push(dir);
    }
  }
  return dirs.sort();
}

/** The output of one source: the same path under dist/, .ts → .js (.mts → .mjs, .cts → .cjs). */
export function outputOf(packageDir, source) {
  const path = relative(join(packageDir, "src"), source);
  return join(packageDir, "dist", path.replace(/\.([mc]?)tsx?$/, ".$1js"));
}

/** @param {string} file */
function isSource(file) {
  return /\.([mc]?)tsx?$/.test(file) && !/\.d\.([mc]?)ts$/.test(file);
}

/**
 * Files under dir, recursively, as absolute paths.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** @param {string} path */
function mtimeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * A file another build is writing right now (build.mjs writes beside, then renames); one
 * left behind by a killed build is an orphan once it is a minute old.
 * @param {string} file
 */
function isRecentPartial(file) {
  return file.endsWith(".partial") && Date.now() - (mtimeOf(file) ?? 0) < 60_000;
}

/**
 * @param {string} packageDir
 * @returns {Stamp}
 */
function readStamp(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, "dist", STAMP_FILE), "utf8"));
  } catch {
    return {};
  }
}

/**
 * @param {string} packageDir
 * @param {string} fingerprint  what else the outputs depend on (esbuild's version, its options)
 * @param {{ force?: boolean }} [options]
 * @returns {PackagePlan}
 */
export function planPackage(packageDir, fingerprint, options = {}) {
  const units = filesUnder(join(packageDir, "src"))
    .filter(isSource)
    .sort()
    .map((source) => ({ source, output: outputOf(packageDir, source) }));
  const stamp = readStamp(packageDir);
  const stampCurrent = !options.force && stamp.fingerprint === fingerprint;
  const stale = stampCurrent
    ? units.filter(({ source, output }) => {
        const built = mtimeOf(output);
        // A source newer than its output, or equally new (a coarse clock), builds it again.
        return built === undefined || built <= (mtimeOf(source) ?? Number.POSITIVE_INFINITY);
      })
    : units;
  const expected = new Set(units.map((unit) => unit.output));
  expected.add(join(packageDir, "dist", STAMP_FILE));
  const orphans = filesUnder(join(packageDir, "dist")).filter(
    (file) => !expected.has(file) && !isRecentPartial(file),
  );
  const name = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).name ?? packageDir;
  return { dir: packageDir, name, units, stale, orphans, stampCurrent };
}
