import { fileURLToPath } from "node:url";
import { pageBuild } from "@motcua/page-build";

// One level under the package from src/ (tsx) as from dist/ (the compiled program).
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * The console's pages (self-contained: their API types are their own, no zod in them), read by
 * the hub as plain files (devices/hub/src/console/static.ts): the hub never loads Vite or Preact.
 * Built by scripts/setup.sh and scripts/build.mjs (so `pnpm start`, `pnpm test` and `pnpm motcua
 * hub` serve current pages), by the image build (`node devices/console/dist/build-cli.js`) and in
 * the browser tests' set-up.
 */
const page = pageBuild({ packageDir: PACKAGE_DIR, name: "console pages", vite: () => import("vite") });

/** Where the built pages are (gitignored). */
export const DIST_DIR = page.distDir;
export const isBuilt = page.isBuilt;
export const ensureBuilt = page.ensureBuilt;
