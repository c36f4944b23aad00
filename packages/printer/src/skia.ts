import { createRequire } from "node:module";

type Skia = typeof import("@napi-rs/canvas");
let loaded: Skia | undefined;

/**
 * @napi-rs/canvas (Skia), loaded when a ticket is first drawn or rendered, not when this
 * package is imported: the native addon adds about 17 MiB resident and 40 ms on a PC, which a
 * kiosk's start-up, its status checks and every other importer (`openPrinter`, the types)
 * need not pay. `require` keeps the first `ticketBytes()` synchronous; the package is CommonJS.
 */
export function skia(): Skia {
  loaded ??= createRequire(import.meta.url)("@napi-rs/canvas") as Skia;
  return loaded;
}
