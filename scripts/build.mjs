#!/usr/bin/env node
// @ts-check
// node scripts/build.mjs [--force] [--quiet]
//
// Transpiles every workspace package's src/ into its dist/ (src/x.ts → dist/x.js), one file at
// a time with esbuild: what `pnpm motcua`, the systemd units and the card's tarball run with
// plain node. Types are not checked here (`pnpm run check` does, with tsc). Files whose output
// is newer than their source are skipped, and dist/ files without a source are removed, so a
// second run does nothing. Plain JavaScript so that it runs before anything is built.
//
//   --force  transpile every file again
//   --quiet  say nothing when everything is up to date
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planPackage, STAMP_FILE, workspacePackages } from "./build/plan.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * esbuild's options for every file. Per file, not bundled: the sources already import each
 * other with .js extensions, and files found next to the code (the example office, the office
 * simulator's page) keep their place relative to dist/ as to src/.
 * @type {import("esbuild").BuildOptions}
 */
const OPTIONS = {
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: join(ROOT, "tsconfig.json"),
  charset: "utf8",
  logLevel: "silent",
  write: false,
};

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

/** @param {import("./build/plan.mjs").PackagePlan} plan */
async function transpile(esbuild, plan) {
  const result = await esbuild.build({
    ...OPTIONS,
    entryPoints: plan.stale.map((unit) => unit.source),
    outbase: join(plan.dir, "src"),
    outdir: join(plan.dir, "dist"),
  });
  for (const file of result.outputFiles ?? []) writeAtomically(file.path, file.contents);
}

async function main() {
  const { values } = parseArgs({
    options: { force: { type: "boolean", default: false }, quiet: { type: "boolean", default: false } },
  });
  const started = performance.now();
  const fingerprint = JSON.stringify({ esbuild: esbuildVersion(), options: OPTIONS });
  const plans = workspacePackages(ROOT).map((dir) => planPackage(dir, fingerprint, { force: values.force }));
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
  for (const plan of work) {
    for (const orphan of plan.orphans) rmSync(orphan, { force: true });
    if (plan.orphans.length > 0) removeEmptyFolders(join(plan.dir, "dist"));
    removed += plan.orphans.length;
    if (plan.stale.length > 0) await transpile(esbuild, plan);
    built += plan.stale.length;
    writeAtomically(join(plan.dir, "dist", STAMP_FILE), `${JSON.stringify({ fingerprint }, null, 2)}\n`);
  }
  log(
    "info",
    {
      packages: plans.length,
      files,
      built,
      removed,
      rebuilt: work.map((plan) => relative(ROOT, plan.dir)),
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
