#!/usr/bin/env node
// @ts-check
// node scripts/build.mjs [--force] [--quiet] [--root DIR]
//
// Transpiles every workspace package's src/ into its dist/ (src/x.ts → dist/x.js), one file at
// a time with esbuild: what `pnpm motcua`, the systemd units and the card's tarball run with
// plain node. Types are not checked here (`pnpm run check` does, with tsc). Files whose output
// is newer than their source are skipped, and dist/ files without a source are removed, so a
// second run does nothing. Plain JavaScript so that it runs before anything is built.
//
//   --force     transpile every file again
//   --quiet     say nothing when everything is up to date
//   --root DIR  the workspace whose packages/* and devices/* to build (default: this one)
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planPackage, STAMP_FILE, workspacePackages } from "./build/plan.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));

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

/** One JSON line on stderr, in the shape of the programs' own logs (pino). */
function log(level, fields, msg) {
  const levels = { info: 30, error: 50 };
  process.stderr.write(
    `${JSON.stringify({ level: levels[level], time: new Date().toISOString(), ns: "motcua:build", ...fields, msg })}\n`,
  );
}

/** Writes beside, then renames: a program starting meanwhile never reads half a file. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/** Removes the folders under dir that removing orphans left empty (dir itself stays). */
function removeEmptyFolders(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    removeEmptyFolders(path);
    if (readdirSync(path).length > 0) continue;
    try {
      rmdirSync(path);
    } catch {
      // A build running beside this one is filling it again: then it stays.
    }
  }
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
 * @param {import("./build/plan.mjs").PackagePlan} plan
 * @returns {Promise<Record<string, string[]>>}
 */
async function transpile(esbuild, plan) {
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

async function main() {
  const { values } = parseArgs({
    options: {
      force: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      root: { type: "string", default: REPO },
    },
  });
  const root = values.root;
  const started = performance.now();
  // esbuild reads some of tsconfig.json's options too (the target, class fields, JSX).
  const tsconfig = readFileSync(join(REPO, "tsconfig.json"), "utf8");
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ esbuild: esbuildVersion(), OPTIONS, INLINE_OPTIONS, tsconfig }))
    .digest("hex");
  const plans = workspacePackages(root).map((dir) => planPackage(dir, fingerprint, { force: values.force }));
  const work = plans.filter((plan) => plan.stale.length > 0 || plan.orphans.length > 0 || !plan.stampCurrent);
  const files = plans.reduce((sum, plan) => sum + plan.units.length, 0);
  if (work.length === 0) {
    if (!values.quiet) log("info", { packages: plans.length, files, built: 0 }, "build up to date");
    return;
  }
  // Loaded only when there is work: the up-to-date check stays a matter of a few stat calls.
  const esbuild = await import("esbuild");
  let built = 0;
  let removed = 0;
  /** @type {string[]} */
  const inlinedNow = [];
  for (const plan of work) {
    for (const orphan of plan.orphans) rmSync(orphan, { force: true });
    if (plan.orphans.length > 0) removeEmptyFolders(join(plan.dir, "dist"));
    removed += plan.orphans.length;
    const inlined = plan.stale.length > 0 ? await transpile(esbuild, plan) : {};
    built += plan.stale.length;
    for (const files of Object.values(inlined))
      inlinedNow.push(...files.map((f) => relative(root, join(plan.dir, f))));
    // What was inlined before stays recorded for the sources not built again, if they remain.
    const rebuilt = new Set(plan.stale.map((unit) => relative(plan.dir, unit.source)));
    const sources = new Set(plan.units.map((unit) => relative(plan.dir, unit.source)));
    const kept = Object.entries(plan.inlined).filter(
      ([source]) => sources.has(source) && !rebuilt.has(source),
    );
    const stamp = { fingerprint, inlined: { ...Object.fromEntries(kept), ...inlined } };
    writeAtomically(join(plan.dir, "dist", STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
  }
  log(
    "info",
    {
      packages: plans.length,
      files,
      built,
      removed,
      rebuilt: work.map((plan) => relative(root, plan.dir)),
      ...(inlinedNow.length > 0 ? { inlined: [...new Set(inlinedNow)] } : {}),
      ms: Math.round(performance.now() - started),
    },
    "built",
  );
}

main().catch((error) => {
  // esbuild's errors carry the file and line of each problem.
  const messages = error?.errors?.map((e) => `${e.location?.file}:${e.location?.line}: ${e.text}`);
  log("error", { err: messages ?? String(error?.stack ?? error) }, "build failed");
  process.exitCode = 1;
});
