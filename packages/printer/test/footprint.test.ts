import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// A fresh plain node (tsx as its loader), so that nothing the test runner loaded counts.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const script = fileURLToPath(new URL("./loads.ts", import.meta.url));

describe("what the printer package loads, and when", () => {
  it("Skia never (its glyphs come from a child), libusb with the first USB look-up, escpos's Printer never", () => {
    const out = execFileSync(process.execPath, ["--import", tsx, script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    const steps = Object.fromEntries(
      out
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { step: string; loaded: string[] })
        .map((s) => [s.step, s.loaded]),
    );
    // Importing the package (openPrinter, the types) and a status check load nothing heavy.
    expect(steps.import).toEqual([]);
    expect(steps["file status"]).toEqual([]);
    // A ticket drawn and its PNG written, without Skia in this process, and nothing of USB.
    expect(steps["file ticket"]).toEqual([]);
    expect(steps["usb status"]).toEqual(["escposUsb", "libusb"]);
    expect(steps["usb ticket"]).toEqual(["escposUsb", "libusb"]);
  });
});
