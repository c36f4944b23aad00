/**
 * Run in a fresh process by footprint.test.ts: which heavy modules each step of a kiosk's life
 * has loaded, and the resident size then (for information: tsx inflates it). One JSON line per step.
 */

import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPrinter, ticketBytes, type UsbAdapter, UsbPrinter } from "../src/index.js";
import { sample } from "./sample.js";

const HEAVY = {
  skia: /@napi-rs[+/]canvas/,
  escposPrinter: /node_modules\/escpos\/index\.js$|get-pixels|node_modules\/request\//,
  escposUsb: /escpos-usb/,
  libusb: /node_modules\/usb\//,
};
const cache = createRequire(import.meta.url).cache;
const step = (name: string) => {
  const files = Object.keys(cache);
  const loaded = Object.entries(HEAVY)
    .filter(([, pattern]) => files.some((f) => pattern.test(f)))
    .map(([key]) => key);
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(`${JSON.stringify({ step: name, loaded, rssMiB })}\n`);
};

step("import");
const dir = mkdtempSync(join(tmpdir(), "motcua-loads-"));
try {
  const sink = openPrinter(`file:${dir}`);
  await sink.status();
  step("file status");
  await sink.print(ticketBytes(sample, sink.paperDots));
  await sink.close();
  step("file ticket");
  const usb = openPrinter("usb");
  await usb.status();
  await usb.close();
  step("usb status");
  // A USB printer that is there (a stand-in for escpos-usb's device): connected, printed to.
  const device = Object.assign(new EventEmitter(), {
    device: { interfaces: [] },
    open: (done: (e: Error | null) => void) => done(null),
    write: (_data: Buffer, done: (e?: Error) => void) => done(),
    close: () => undefined,
  }) satisfies UsbAdapter;
  const present = new UsbPrinter({ adapter: () => device });
  await present.status();
  await present.print(ticketBytes(sample, present.paperDots));
  await present.close();
  step("usb ticket");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
