import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "@motcua/log";

// The wall display's page and the staff console's pages are built the same way: Vite, at most
// one process at a time, into a folder of their own that replaces web-dist/ when complete.

/** A lock left by a killed build is taken over after this long. */
const STALE_LOCK_MS = 180_000;
/** A page that imports a workspace package reads its TypeScript sources, under this condition. */
const SOURCE_CONDITION = "@motcua/source";

/** What the build needs of Vite: the device imports it, so Vite stays the device's dependency. */
export interface Vite {
  build(config: {
    configFile: string;
    logLevel: "warn";
    resolve: { conditions: string[] };
    build: { outDir: string; emptyOutDir: boolean };
  }): Promise<unknown>;
  defaultClientConditions: readonly string[];
}

export interface PageBuildOptions {
  /** The device's package folder: web/, vite.config.ts and web-dist/ are in it. */
  packageDir: string;
  /** What the log lines call the page (`display page`, `console pages`). */
  name: string;
  /** Sources outside web/ and vite.config.ts whose change makes the page stale. */
  extraSources?: readonly string[];
  /** `() => import("vite")`, loaded only when a build is needed (never on a card's normal start). */
  vite: () => Promise<Vite>;
}

export interface PageBuild {
  /** Where the built page is served from (gitignored). */
  readonly distDir: string;
  /** Whether web-dist/ holds the page built from the current sources. */
  isBuilt(distDir?: string): boolean;
  /**
   * Builds the page with Vite when web-dist/ is missing or older than its sources. Several
   * processes may ask at once: one builds (a lock folder), the others wait and take its page.
   */
  ensureBuilt(log?: Logger, options?: { force?: boolean }): Promise<string>;
}

function newestIn(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

export function pageBuild({ packageDir, name, extraSources = [], vite }: PageBuildOptions): PageBuild {
  const distDir = join(packageDir, "web-dist");
  const viteConfig = join(packageDir, "vite.config.ts");
  const sources = [join(packageDir, "web"), viteConfig, ...extraSources];
  const lockDir = join(packageDir, "web-dist.lock");

  const isBuilt = (dir = distDir) => {
    const index = join(dir, "index.html");
    return existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestIn));
  };

  const ensureBuilt = async (log?: Logger, options: { force?: boolean } = {}) => {
    let force = options.force === true;
    for (;;) {
      if (!force && isBuilt()) return distDir;
      try {
        mkdirSync(lockDir);
        break;
      } catch {
        const lock = statSync(lockDir, { throwIfNoEntry: false });
        if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS)
          rmSync(lockDir, { recursive: true, force: true });
        else await new Promise((r) => setTimeout(r, 200));
        // The other process's build is as good as our own.
        force = false;
      }
    }
    const started = performance.now();
    const out = join(packageDir, `web-dist.build-${process.pid}`);
    try {
      log?.info(`building the ${name} (vite)`);
      const { build, defaultClientConditions } = await vite();
      await build({
        configFile: viteConfig,
        logLevel: "warn",
        resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
        build: { outDir: out, emptyOutDir: true },
      });
      rmSync(distDir, { recursive: true, force: true });
      renameSync(out, distDir);
      log?.info({ ms: Math.round(performance.now() - started), dist: distDir }, `${name} built`);
      return distDir;
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(lockDir, { recursive: true, force: true });
    }
  };

  return { distDir, isBuilt, ensureBuilt };
}
