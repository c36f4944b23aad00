import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { facePath } from "../src/atlas.js";
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

  it("keeps in memory the glyphs asked for, not their whole face", () => {
    const label = { size: 112, bold: true };
    new GlyphAtlas(dir).glyphs("TP-001", label); // drawn (a child), with every label character
    const atlas = new GlyphAtlas(dir);
    const glyphs = atlas.glyphs("TP-001", label);
    expect(atlas.builds).toBe(0);
    const used = new Set(glyphs).size;
    expect(used).toBe(5); // T, P, -, 0, 1
    expect(atlas.coverageBytes).toBe([...new Set(glyphs)].reduce((n, g) => n + g.width * g.height, 0));
    expect(atlas.coverageBytes).toBeLessThan(statSync(facePath(dir, atlas.key, label)).size / 3);
    // Another character of the face is read from the file when first asked for, with no child.
    const [nine] = atlas.glyphs("9", label);
    expect(atlas.builds).toBe(0);
    expect(nine?.coverage).toEqual(new GlyphAtlas(dir).glyphs("TP-9", label)[3]?.coverage);
    expect(nine?.coverage.some((v) => v > 0)).toBe(true);
  });
});
