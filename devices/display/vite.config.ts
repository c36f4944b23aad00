import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The page: web/ → dist/ (devices/display/README.md, "Building the page"). */
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  base: "/",
  // The page is one screen of a kiosk: no public folder, nothing copied but what it imports.
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Chromium on the display Pi (Debian's, a recent one).
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      // The page takes only types and a helper or two from @motcua/protocol: its modules have
      // no side effects, so the zod schemas it does not use stay out of the page (~95 KB).
      treeshake: { moduleSideEffects: (id: string) => !id.includes("/packages/protocol/src/") },
    },
  },
});
