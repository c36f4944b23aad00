import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@motcua/log";

// One level under the package from src/ (tsx) as from dist/ (the compiled program).
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
/**
 * Where the built page is served from (gitignored): web-dist/, beside the compiled program's
 * dist/, which scripts/build.mjs owns whole.
 */
export const DIST_DIR = join(PACKAGE_DIR, "web-dist");
const WEB_DIR = join(PACKAGE_DIR, "web");
const VITE_CONFIG = join(PACKAGE_DIR, "vite.config.ts");
/**
 * Sources outside web/ that the page bundles: what the server tells it (src/page-config.ts) and
 * the protocol's topics and payloads (the workspace's packages/protocol/src).
 */
const SHARED_SOURCES = [
  join(PACKAGE_DIR, "src", "page-config.ts"),
  join(PACKAGE_DIR, "..", "..", "packages", "protocol", "src"),
];
const LOCK_DIR = join(PACKAGE_DIR, "web-dist.lock");
/** The page imports @motcua/protocol: its TypeScript sources, under this export condition. */
const SOURCE_CONDITION = "@motcua/source";
const STALE_LOCK_MS = 180_000;

function newestIn(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

function newestSource(): number {
  return Math.max(...[VITE_CONFIG, WEB_DIR, ...SHARED_SOURCES].map(newestIn));
}

/** Whether web-dist/ holds a page built from the current sources (web/, what it bundles, vite.config.ts). */
export function isBuilt(distDir = DIST_DIR): boolean {
  const index = join(distDir, "index.html");
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
}

/**
 * Builds the page with Vite when web-dist/ is missing or older than its sources: at the first
 * `motcua display` start, in the tests' set-up, and by `pnpm --filter @motcua/display build`.
 * Several processes may ask at once: one builds (a lock folder), the others wait for it.
 * The build goes to a folder of its own and replaces web-dist/ when complete.
 */
export async function ensureBuilt(log?: Logger, options: { force?: boolean } = {}): Promise<string> {
  for (;;) {
    if (!options.force && isBuilt()) return DIST_DIR;
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      // Another process builds: wait for it, then take its page (a lock left by a killed
      // build is taken over after a while).
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
    log?.info("building the display page (vite)");
    const { build, defaultClientConditions } = await import("vite");
    await build({
      configFile: VITE_CONFIG,
      logLevel: "warn",
      resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
      build: { outDir: out, emptyOutDir: true },
    });
    rmSync(DIST_DIR, { recursive: true, force: true });
    renameSync(out, DIST_DIR);
    log?.info({ ms: Math.round(performance.now() - started), dist: DIST_DIR }, "display page built");
    return DIST_DIR;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}
