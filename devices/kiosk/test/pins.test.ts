import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadOfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { kioskPins, loadPinsFile } from "../src/index.js";

const config = loadOfficeConfig();

describe("the kiosk's wiring", () => {
  it("by default: one button per service in the office's order, then priority, and three LEDs", () => {
    expect(kioskPins(config)).toEqual({
      buttons: { TP: 5, DD: 6, XH: 13, VH: 19, priority: 12 },
      leds: { ready: 17, fault: 27, priority: 22 },
    });
  });

  it("a pins file chooses the buttons (a service may have none) and moves LEDs", () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-pins-"));
    try {
      const path = join(dir, "pins.yaml");
      writeFileSync(path, "buttons: { TP: 23, DD: 24 }\nleds: { fault: 25 }\nactiveLow: false\n");
      const file = loadPinsFile(path);
      expect(file.activeLow).toBe(false);
      expect(kioskPins(config, file)).toEqual({
        buttons: { TP: 23, DD: 24 },
        leds: { ready: 17, fault: 25, priority: 22 },
      });
      writeFileSync(path, "buttons: { TP: 99 }\n");
      expect(() => loadPinsFile(path)).toThrow(ConfigError);
      expect(() => kioskPins(config, { buttons: { KS: 5 } })).toThrow(/no service KS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an office with more services than the default wiring needs a pins file", () => {
    const services = Array.from({ length: 9 }, (_, i) => ({
      code: `S${i}`,
      name: `Dịch vụ ${i}`,
      averageMinutes: 10,
      counters: ["1"],
    }));
    expect(() => kioskPins({ ...config, services })).toThrow(/give a pins file/);
  });
});
