import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The console's pages: web/ → web-dist/, served by the hub as plain files (docs/console.md). */
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  base: "/",
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("./web-dist", import.meta.url)),
    emptyOutDir: true,
    // The office's browsers: a recent Chrome, Edge or Firefox on a PC, a phone's browser.
    target: "es2020",
    // Everything as a file of its own: the hub's Content-Security-Policy allows no data: URL.
    assetsInlineLimit: 0,
    // The hub's CSP forbids inline scripts: no modulepreload polyfill injected inline.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
