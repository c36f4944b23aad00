// @ts-check
// esbuild's part of the build: one output per source, written beside and renamed.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/**
 * esbuild's options for every file. One output per source, its imports kept as they are: the
 * sources already import each other with .js extensions, and files found next to the code (the
 * example office, the office simulator's page) keep their place relative to dist/ as to src/.
 * The metafile lists each output's imports, for the check that none leaves src/.
 * @type {import("esbuild").BuildOptions}
 */
const OPTIONS = {
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: join(REPO, "tsconfig.json"),
  charset: "utf8",
  logLevel: "silent",
  write: false,
  metafile: true,
};

/**
 * A source importing a relative path outside its package's src/: dist/ mirrors src/ only, so
 * its output would import a file that is not there.
 */
export class ImportOutsideSrcError extends Error {
  /** @param {{ source: string, import: string }[]} imports  absolute source, import as written */
  constructor(imports) {
    super(imports.map((i) => `${i.source} imports ${i.import}, outside src/`).join("; "));
    this.name = "ImportOutsideSrcError";
    this.imports = imports;
  }
}

/** Writes beside, then renames: a program starting meanwhile never reads half a file. */
export function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/**
 * What every output depends on besides its sources: esbuild's version, its options, and
 * tsconfig.json, some of whose options esbuild reads (the target, class fields, JSX).
 */
export function transpileFingerprint() {
  const tsconfig = readFileSync(join(REPO, "tsconfig.json"), "utf8");
  return createHash("sha256")
    .update(JSON.stringify({ esbuild: esbuildVersion(), OPTIONS, tsconfig }))
    .digest("hex");
}

function esbuildVersion() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
}

/**
 * The relative imports leaving src/ that the outputs keep (type-only imports are erased, so
 * they do not count).
 * @param {import("esbuild").Metafile | undefined} metafile
 * @param {string} packageDir  esbuild's working directory: the metafile's paths are relative to it
 */
function importsOutsideSrc(metafile, packageDir) {
  const srcDir = join(packageDir, "src");
  /** @type {{ source: string, import: string }[]} */
  const found = [];
  for (const output of Object.values(metafile?.outputs ?? {})) {
    if (output.entryPoint === undefined) continue;
    const source = join(packageDir, output.entryPoint);
    for (const { path } of output.imports) {
      if (!/^\.\.?\//.test(path)) continue;
      if (!resolve(dirname(source), path).startsWith(srcDir + sep)) found.push({ source, import: path });
    }
  }
  return found;
}

/**
 * Transpiles the plan's stale sources and writes their outputs; writes none of them if one
 * imports from outside src/ (ImportOutsideSrcError).
 * @param {import("./plan.mjs").PackagePlan} plan
 */
export async function transpile(plan) {
  // Loaded only when there is work: the up-to-date check stays a matter of a few stat calls.
  const esbuild = await import("esbuild");
  const srcDir = join(plan.dir, "src");
  const result = await esbuild.build({
    ...OPTIONS,
    entryPoints: plan.stale.map((unit) => unit.source),
    outbase: srcDir,
    outdir: join(plan.dir, "dist"),
    absWorkingDir: plan.dir,
  });
  const outside = importsOutsideSrc(result.metafile, plan.dir);
  if (outside.length > 0) throw new ImportOutsideSrcError(outside);
  for (const file of result.outputFiles ?? []) writeAtomically(file.path, file.contents);
}
