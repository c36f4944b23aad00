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
 * A source that imports from outside src/ is bundled instead, for that import only
 * (INLINE_OPTIONS, keepImportsOf).
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
};
/** @type {import("esbuild").BuildOptions} */
const INLINE_OPTIONS = { ...OPTIONS, bundle: true, packages: "external", metafile: true };

/** A relative import or re-export in a source (type-only ones too: they are harmless here). */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g;

/**
 * Whether a source imports a file from outside src/ (the wall display's server imports the
 * page-config it shares with its page in web/): dist/ has no copy of it.
 * @param {string} source
 * @param {string} srcDir
 */
function importsFromOutside(source, srcDir) {
  const text = readFileSync(source, "utf8");
  return [...text.matchAll(RELATIVE_IMPORT)].some(
    (match) => !resolve(dirname(source), match[1] ?? ".").startsWith(srcDir + sep),
  );
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
    .update(JSON.stringify({ esbuild: esbuildVersion(), OPTIONS, INLINE_OPTIONS, tsconfig }))
    .digest("hex");
}

function esbuildVersion() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
}

/**
 * Keeps an import of another file of src/ an import (that file has its own output). A relative
 * import leaving src/ is left to esbuild, which compiles it into the importing file.
 * @param {string} srcDir
 * @returns {import("esbuild").Plugin}
 */
function keepImportsOf(srcDir) {
  return {
    name: "keep-imports-of-src",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const inside = resolve(args.resolveDir, args.path).startsWith(srcDir + sep);
        return inside ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

/**
 * Transpiles the plan's stale sources; returns, for each, the files from outside src/ compiled
 * into it (paths relative to the package).
 * @param {import("./plan.mjs").PackagePlan} plan
 * @returns {Promise<Record<string, string[]>>}
 */
export async function transpile(plan) {
  // Loaded only when there is work: the up-to-date check stays a matter of a few stat calls.
  const esbuild = await import("esbuild");
  const srcDir = join(plan.dir, "src");
  const sources = plan.stale.map((unit) => unit.source);
  const inlining = sources.filter((source) => importsFromOutside(source, srcDir));
  const where = { outbase: srcDir, outdir: join(plan.dir, "dist"), absWorkingDir: plan.dir };
  const [plain, inlined] = await Promise.all([
    esbuild.build({ ...OPTIONS, ...where, entryPoints: sources.filter((s) => !inlining.includes(s)) }),
    inlining.length === 0
      ? undefined
      : esbuild.build({
          ...INLINE_OPTIONS,
          ...where,
          entryPoints: inlining,
          plugins: [keepImportsOf(srcDir)],
        }),
  ]);
  for (const file of [...(plain.outputFiles ?? []), ...(inlined?.outputFiles ?? [])])
    writeAtomically(file.path, file.contents);
  return inlinedInputs(inlined?.metafile);
}

/**
 * For each entry of a bundling build, the other files compiled into its output.
 * @param {import("esbuild").Metafile | undefined} metafile
 * @returns {Record<string, string[]>}
 */
function inlinedInputs(metafile) {
  /** @type {Record<string, string[]>} */
  const inlined = {};
  for (const output of Object.values(metafile?.outputs ?? {})) {
    const entry = output.entryPoint;
    const others = Object.keys(output.inputs).filter((input) => input !== entry);
    if (entry !== undefined && others.length > 0) inlined[entry] = others;
  }
  return inlined;
}
