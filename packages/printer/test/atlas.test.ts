import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GlyphAtlas } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "motcua-atlas-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the glyph atlas cache", () => {
  it("draws once, is read back from disk, and draws again only for a missing character", () => {
    const face = { size: 22, bold: false };
    const first = new GlyphAtlas(dir);
    const glyphs = first.glyphs("Số thứ tự", face);
    expect(first.builds).toBe(1);
    expect(glyphs.map((g) => g.advance > 0)).toEqual(Array(9).fill(true));
    // The hook above ố: its ink rises above the o's.
    const [, o] = first.glyphs("So", face);
    expect((glyphs[1] as { top: number }).top).toBeLessThan((o as { top: number }).top);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // A new process (a new atlas object) finds everything on disk: no child.
    const again = new GlyphAtlas(dir);
    again.glyphs("Số thứ tự 0123", face);
    expect(again.measure("Trước bạn còn", { size: 26, bold: true })).toBeGreaterThan(0);
    expect(again.builds).toBe(0);

    // A character the atlas lacks (an office named in another script) draws it, once.
    const greek = again.glyphs("Ωmega", face);
    expect(again.builds).toBe(1);
    expect((greek[0] as { width: number }).width).toBeGreaterThan(0);
    again.glyphs("Ω", face);
    expect(again.builds).toBe(1);
    expect(new GlyphAtlas(dir).glyphs("Ω", face)[0]?.coverage).toEqual(greek[0]?.coverage);
  });
});
