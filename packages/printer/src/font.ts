import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { skia } from "./skia.js";

/**
 * The ticket font: DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` package, which
 * covers Vietnamese fully (194/194 of fontconfig's orthography, every precomposed vowel with
 * its tone mark). Registered under a family name of our own so that no system font can stand
 * in for it: a kiosk Pi has few fonts, and a fallback without Vietnamese would print boxes.
 * Licence: Bitstream Vera (redistribution allowed, name unchanged), DejaVu changes public domain.
 */
export const TICKET_FONT = "MotcuaTicketSans";

let registered = false;

/** The folder of the bundled TTF files. */
export function fontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

/** Registers the ticket font once per process; throws if the font files are missing. */
export function ensureTicketFont(): void {
  if (registered) return;
  const dir = fontDir();
  for (const file of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]) {
    if (!skia().GlobalFonts.registerFromPath(join(dir, file), TICKET_FONT))
      throw new Error(`cannot load the ticket font ${join(dir, file)}`);
  }
  registered = true;
}
