#!/usr/bin/env node
// @ts-check
// node scripts/build.mjs [--force] [--quiet] [--root DIR]
//
// Transpiles every workspace package's src/ into its dist/ (src/x.ts → dist/x.js), one file at
// a time with esbuild: what `pnpm motcua`, the systemd units and the card's tarball run with
// plain node. Types are not checked here (`pnpm run check` does, with tsc). Files whose output
// is newer than their source are skipped, and dist/ files without a source are removed, so a
// second run does nothing. A source importing a relative path outside its package's src/ is
// refused (exit 1): dist/ would not have that file. Plain JavaScript so that it runs before
// anything is built.
//
//   --force     transpile every file again
//   --quiet     say nothing when everything is up to date
//   --root DIR  the workspace whose packages/* and devices/* to build (default: this one)
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planPackage, STAMP_FILE, workspacePackages } from "./build/plan.mjs";
import {
  ImportOutsideSrcError,
  transpile,
  transpileFingerprint,
  writeAtomically,
} from "./build/transpile.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** One JSON line on stderr, in the shape of the programs' own logs (pino). */
function log(level, fields, msg) {
  const levels = { info: 30, error: 50 };
  process.stderr.write(
    `${JSON.stringify({ level: levels[level], time: new Date().toISOString(), ns: "motcua:build", ...fields, msg })}\n`,
  );
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
  const fingerprint = transpileFingerprint();
  const plans = workspacePackages(root).map((dir) => planPackage(dir, fingerprint, { force: values.force }));
  const work = plans.filter((plan) => plan.stale.length > 0 || plan.orphans.length > 0 || !plan.stampCurrent);
  const files = plans.reduce((sum, plan) => sum + plan.units.length, 0);
  if (work.length === 0) {
    if (!values.quiet) log("info", { packages: plans.length, files, built: 0 }, "build up to date");
    return;
  }
  let built = 0;
  let removed = 0;
  for (const plan of work) {
    for (const orphan of plan.orphans) rmSync(orphan, { force: true });
    if (plan.orphans.length > 0) removeEmptyFolders(join(plan.dir, "dist"));
    removed += plan.orphans.length;
    try {
      if (plan.stale.length > 0) await transpile(plan);
    } catch (error) {
      if (!(error instanceof ImportOutsideSrcError)) throw error;
      for (const { source, import: path } of error.imports)
        log(
          "error",
          { source: relative(root, source), import: path },
          "build refused: a source imports a file outside its package's src/, which dist/ would not have; move that file into src/",
        );
      process.exitCode = 1;
      return;
    }
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
      rebuilt: work.map((plan) => relative(root, plan.dir)),
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
