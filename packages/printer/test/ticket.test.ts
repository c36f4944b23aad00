import { describe, expect, it } from "vitest";
import { PAPER_DOTS, type TicketContent, ticketBytes } from "../src/index.js";
import { type Command, inkBox, parseEscPos, type Raster } from "./escpos-parser.js";
import { sample } from "./sample.js";

const rasters = (cmds: Command[]) => cmds.filter((c): c is Raster => c.op === "raster");

describe.each([
  ["58", PAPER_DOTS["58"]],
  ["80", PAPER_DOTS["80"]],
] as const)("a ticket on %s mm paper", (_mm, dots) => {
  const bytes = ticketBytes(sample, dots);
  const cmds = parseEscPos(bytes);

  it("starts with a reset, is drawn only as raster images, and ends with a cut", () => {
    expect(cmds[0]?.op).toBe("init");
    expect(cmds.find((c) => c.op === "align")).toMatchObject({ align: "center" });
    const last = cmds.at(-1);
    expect(last).toMatchObject({ op: "cut", partial: true });
    // No character goes to the printer as text: nothing depends on a code page.
    expect(cmds.filter((c) => c.op === "text" || c.op === "newline")).toEqual([]);
    const images = rasters(cmds);
    expect(images.length).toBeGreaterThanOrEqual(10);
    for (const r of images) {
      expect(r.mode).toBe(0);
      expect(r.width).toBe(dots);
      expect(r.height).toBeGreaterThan(0);
      expect(r.height).toBeLessThanOrEqual(255);
      expect(r.bits.length).toBe((dots / 8) * r.height);
    }
    // The parser accounted for every byte.
    const end = last?.offset ?? 0;
    expect(end + 4).toBe(bytes.length);
  });

  it("prints the number large, in the middle of the paper, inside the margins", () => {
    const images = rasters(cmds);
    const number = images.reduce((a, b) => (b.height > a.height ? b : a));
    const others = images.filter((r) => r !== number);
    for (const r of others) expect(number.height).toBeGreaterThan(2 * r.height);
    const box = inkBox(number);
    expect(box).toBeDefined();
    if (!box) return;
    // Glyphs of roughly 100 dots (13 mm on 58 mm paper) and more.
    expect(box.bottom - box.top).toBeGreaterThan(0.18 * dots);
    // Centred: equal blank space on both sides, within a few dots; not touching the edges.
    expect(Math.abs(box.left - (dots - 1 - box.right))).toBeLessThanOrEqual(4);
    expect(box.left).toBeGreaterThanOrEqual(4);
    expect(box.right - box.left).toBeGreaterThan(dots / 2);
    // Solid strokes: a bold number blackens a good share of its box.
    const area = (box.right - box.left + 1) * (box.bottom - box.top + 1);
    expect(box.dots / area).toBeGreaterThan(0.25);
    // The number comes after the office name, the service name and the caption.
    expect(images.indexOf(number)).toBeGreaterThanOrEqual(3);
  });

  it("has no blank text lines and a rule across the paper", () => {
    const images = rasters(cmds);
    for (const r of images) expect(inkBox(r)).toBeDefined();
    const rules = images.filter((r) => {
      const box = inkBox(r);
      return box !== undefined && box.left === 0 && box.right === dots - 1 && box.bottom - box.top < 4;
    });
    expect(rules.length).toBe(2);
  });
});

describe("ticket content", () => {
  const numberOf = (t: TicketContent) => {
    const images = rasters(parseEscPos(ticketBytes(t)));
    return images.reduce((a, b) => (b.height > a.height ? b : a));
  };

  it("the number line depends on the label, and only on it", () => {
    const a = numberOf(sample);
    const again = numberOf({ ...sample, waiting: 9, counters: ["Quầy 2"] });
    const b = numberOf({ ...sample, label: "TP-002" });
    expect(Buffer.from(again.bits).equals(Buffer.from(a.bits))).toBe(true);
    expect(Buffer.from(b.bits).equals(Buffer.from(a.bits))).toBe(false);
  });

  it("a priority ticket has one line more; no SMS number, the SMS line still prints", () => {
    const base = rasters(parseEscPos(ticketBytes(sample))).length;
    expect(rasters(parseEscPos(ticketBytes({ ...sample, priority: true }))).length).toBe(base + 1);
    const without = { ...sample };
    delete without.smsNumber;
    const lines = rasters(parseEscPos(ticketBytes(without)));
    expect(lines.length).toBeGreaterThanOrEqual(base - 1);
    expect(inkBox(lines.at(-1) as Raster)).toBeDefined();
  });

  it("a long office name wraps instead of being cut off", () => {
    const long = { ...sample, officeName: "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế" };
    expect(rasters(parseEscPos(ticketBytes(long))).length).toBeGreaterThan(
      rasters(parseEscPos(ticketBytes(sample))).length,
    );
  });

  it("decomposed Vietnamese (NFD) prints exactly like precomposed (NFC)", () => {
    const nfd = { ...sample, serviceName: sample.serviceName.normalize("NFD") };
    expect(Buffer.from(ticketBytes(nfd)).equals(Buffer.from(ticketBytes(sample)))).toBe(true);
  });
});
