import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@motcua/log";

// One level under the package from src/ (tsx) as from dist/ (the compiled program).
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
/**
 * Where the built pages are (gitignored), read by the hub's console as plain files
 * (devices/hub/src/console/static.ts): the hub never loads Vite or Preact itself.
 */
export const DIST_DIR = join(PACKAGE_DIR, "web-dist");
/** The pages' sources: the app is self-contained (its API types are its own, no zod in it). */
const SOURCES = [join(PACKAGE_DIR, "web"), join(PACKAGE_DIR, "vite.config.ts")];
const LOCK_DIR = join(PACKAGE_DIR, "web-dist.lock");
const STALE_LOCK_MS = 180_000;

function newestIn(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

/** Whether web-dist/ holds the pages built from the current sources (web/, vite.config.ts). */
export function isBuilt(distDir = DIST_DIR): boolean {
  const index = join(distDir, "index.html");
  return existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.map(newestIn));
}

/**
 * Builds the pages with Vite when web-dist/ is missing or older than its sources: by
 * scripts/setup.sh and scripts/build.mjs (so `pnpm start`, `pnpm test` and `pnpm motcua hub`
 * serve current pages), by the image build (`node devices/console/dist/build-cli.js`) and in
 * the browser tests' set-up. Several processes may ask at once: one builds (a lock folder), the
 * others wait for it. The build goes to a folder of its own and replaces web-dist/ when complete.
 */
export async function ensureBuilt(log?: Logger, options: { force?: boolean } = {}): Promise<string> {
  for (;;) {
    if (!options.force && isBuilt()) return DIST_DIR;
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      const lock = statSync(LOCK_DIR, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS)
        rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
      options = { ...options, force: false };
    }
  }
  const started = performance.now();
  const out = join(PACKAGE_DIR, `web-dist.build-${process.pid}`);
  try {
    log?.info("building the console's pages (vite)");
    const { build } = await import("vite");
    await build({
      configFile: join(PACKAGE_DIR, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: out, emptyOutDir: true },
    });
    rmSync(DIST_DIR, { recursive: true, force: true });
    renameSync(out, DIST_DIR);
    log?.info({ ms: Math.round(performance.now() - started), dist: DIST_DIR }, "console pages built");
    return DIST_DIR;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}
