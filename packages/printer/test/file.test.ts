import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadImage } from "@napi-rs/canvas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FilePrinter, openPrinter, PrinterError, ticketBytes } from "../src/index.js";
import { dot, parseEscPos, type Raster } from "./escpos-parser.js";
import { sample } from "./sample.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-printer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tickets = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".escpos"))
    .sort();

describe("the simulated printer (file:DIR)", () => {
  it("keeps each ticket's exact bytes in a new file", async () => {
    const printer = openPrinter(`file:${dir}`) as FilePrinter;
    const a = ticketBytes(sample);
    const b = ticketBytes({ ...sample, label: "TP-002" });
    const ra = await printer.print(a);
    const rb = await printer.print(b);
    expect(ra.bytes).toBe(a.length);
    expect(tickets()).toHaveLength(2);
    expect(ra.file).not.toBe(rb.file);
    expect(Buffer.from(readFileSync(ra.file as string)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(readFileSync(rb.file as string)).equals(Buffer.from(b))).toBe(true);
    await printer.close();
    await expect(printer.print(a)).rejects.toMatchObject({ code: "PRINTER_CLOSED" });
  });

  it("renders each ticket to a PNG of the paper's width that shows exactly the printed dots", async () => {
    for (const [paper, dots] of [
      ["58", 384],
      ["80", 576],
    ] as const) {
      const printer = openPrinter(`file:${join(dir, paper)}`, { paper });
      const bytes = ticketBytes(sample, dots);
      const result = await printer.print(bytes);
      await printer.close();
      const image = await loadImage(readFileSync(result.png as string));
      const cmds = parseEscPos(bytes);
      const images = cmds.filter((c): c is Raster => c.op === "raster");
      const cut = cmds.at(-1) as { feed: number };
      const paperHeight = images.reduce((n, r) => n + r.height, 0) + cut.feed;
      expect(image.width).toBe(dots + 32);
      expect(image.height).toBe(paperHeight + 32);

      // Every dot of the number line, black or white, is the same in the picture.
      const { createCanvas } = await import("@napi-rs/canvas");
      const canvas = createCanvas(image.width, image.height);
      const ctx = canvas.getContext("2d");
      ctx.drawImage(image, 0, 0);
      const px = ctx.getImageData(0, 0, image.width, image.height).data;
      const number = images.reduce((a, b) => (b.height > a.height ? b : a));
      const top = images.slice(0, images.indexOf(number)).reduce((n, r) => n + r.height, 0);
      let mismatches = 0;
      let black = 0;
      for (let y = 0; y < number.height; y++)
        for (let x = 0; x < number.width; x++) {
          const dark = (px[((16 + top + y) * image.width + 16 + x) * 4] as number) < 128;
          if (dark !== dot(number, x, y)) mismatches++;
          if (dark) black++;
        }
      expect(mismatches).toBe(0);
      expect(black).toBeGreaterThan(1000);
    }
  });

  it("simulates paper out, cover open and unplugged, from the test or from a FAULT file", async () => {
    const printer = new FilePrinter(dir);
    expect(await printer.status()).toMatchObject({ condition: "ok", answered: true, paperLow: false });
    printer.setFault("paper_out");
    expect((await printer.status()).condition).toBe("paper_out");
    await expect(printer.print(ticketBytes(sample))).rejects.toBeInstanceOf(PrinterError);
    await expect(printer.print(ticketBytes(sample))).rejects.toMatchObject({ code: "PRINTER_PAPER_OUT" });
    printer.setFault("cover_open");
    expect((await printer.status()).condition).toBe("cover_open");
    printer.setFault("unplugged");
    expect(await printer.status()).toMatchObject({ condition: "unplugged", answered: false });
    await expect(printer.print(ticketBytes(sample))).rejects.toMatchObject({ code: "PRINTER_UNPLUGGED" });
    printer.setFault("paper_low");
    expect(await printer.status()).toMatchObject({ condition: "ok", paperLow: true });
    await printer.print(ticketBytes(sample));
    printer.setFault(undefined);
    expect(tickets()).toHaveLength(1);

    writeFileSync(join(dir, "FAULT"), "cover_open\n");
    expect((await printer.status()).condition).toBe("cover_open");
    writeFileSync(join(dir, "FAULT"), "ok\n");
    expect((await printer.status()).condition).toBe("ok");
    await printer.close();
  });
});

describe("openPrinter", () => {
  it("reads the --printer values", () => {
    expect(openPrinter("usb").name).toBe("usb");
    expect(openPrinter("usb:0416:5011").name).toBe("usb:0416:5011");
    expect(openPrinter("usb:/dev/usb/lp0").name).toBe("usb:/dev/usb/lp0");
    expect(openPrinter(`file:${dir}`, { paper: "80" }).paperDots).toBe(576);
    expect(() => openPrinter("lpt1")).toThrow(PrinterError);
    expect(() => openPrinter("file:")).toThrow(/expected usb/);
  });
});
