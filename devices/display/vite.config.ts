import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The page: web/ → web-dist/ (devices/display/README.md, "Building the page"). */
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  base: "/",
  // The page is one screen of a kiosk: no public folder, nothing copied but what it imports.
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("./web-dist", import.meta.url)),
    emptyOutDir: true,
    // Chromium on the display Pi (Debian's, a recent one).
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      // The page reads the hub's messages with @motcua/protocol's schemas, so zod is in it
      // (~100 KB); the protocol's modules have no side effects, so what the page does not use
      // of them stays out.
      treeshake: { moduleSideEffects: (id: string) => !id.includes("/packages/protocol/src/") },
    },
  },
});
