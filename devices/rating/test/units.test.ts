import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@motcua/config";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PINS, loadRatingFile, pinsOf, thanksLed } from "../src/index.js";

describe("the thank-you LED", () => {
  it("thanks steady, blinks twice for the queue's refusal, fast when not taken, slow while unreachable", () => {
    expect(thanksLed({ showing: { kind: "thanks" }, reachable: true })).toBe("on");
    expect(thanksLed({ showing: { kind: "refused", reason: "not_allowed" }, reachable: true })).toBe(
      "double-blink",
    );
    expect(thanksLed({ showing: { kind: "refused", reason: "hub_unreachable" }, reachable: false })).toBe(
      "fast-blink",
    );
    expect(thanksLed({ showing: { kind: "refused", reason: "rate_limited" }, reachable: true })).toBe(
      "fast-blink",
    );
    expect(thanksLed({ showing: undefined, reachable: false })).toBe("slow-blink");
    expect(thanksLed({ showing: undefined, reachable: true })).toBe("off");
  });
});

describe("the rating pad's file", () => {
  const dir = mkdtempSync(join(tmpdir(), "motcua-rating-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("keeps the documented wiring, clear of the counter pad's lines, or takes the file's", () => {
    expect(pinsOf({})).toEqual(DEFAULT_PINS);
    expect(DEFAULT_PINS).toEqual({
      buttons: { very_satisfied: 5, satisfied: 6, unsatisfied: 13 },
      leds: { thanks: 19 },
    });
    const counterLines = [17, 27, 22, 23, 24];
    const lines = [...Object.values(DEFAULT_PINS.buttons), DEFAULT_PINS.leds.thanks];
    expect(lines.filter((l) => counterLines.includes(l))).toEqual([]);
    const own = loadRatingFile(
      file(
        "own.yaml",
        "pins:\n  buttons: { very_satisfied: 20, satisfied: 21, unsatisfied: 26 }\n  led: 16\n",
      ),
    );
    expect(pinsOf(own)).toEqual({
      buttons: { very_satisfied: 20, satisfied: 21, unsatisfied: 26 },
      leds: { thanks: 16 },
    });
    expect(loadRatingFile(file("empty.yaml", ""))).toEqual({});
  });

  it("names every bad field", () => {
    const path = file("bad.yaml", "gpio: gpiod\ncounter: 'quầy 1'\ntiming: { refusalMs: 100 }\nled: 4\n");
    try {
      loadRatingFile(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const paths = (error as ConfigError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(["gpio", "counter", "timing.refusalMs", "led"]));
    }
  });
});
