import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pageBuild } from "@motcua/page-build";

// One level under the package from src/ (tsx) as from dist/ (the compiled program).
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * The wall display's page, built at the first `motcua display` start, in the tests' set-up and
 * by `pnpm --filter @motcua/display build`. Besides web/, it bundles what the server tells it
 * (src/page-config.ts) and the protocol's topics and payloads (packages/protocol/src).
 */
const page = pageBuild({
  packageDir: PACKAGE_DIR,
  name: "display page",
  extraSources: [
    join(PACKAGE_DIR, "src", "page-config.ts"),
    join(PACKAGE_DIR, "..", "..", "packages", "protocol", "src"),
  ],
  vite: () => import("vite"),
});

/** Where the built page is served from (gitignored), beside the compiled program's dist/. */
export const DIST_DIR = page.distDir;
export const isBuilt = page.isBuilt;
export const ensureBuilt = page.ensureBuilt;
