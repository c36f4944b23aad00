import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ButtonPress,
  type CommandLine,
  createConsoleDisplay,
  createGpio,
  createSimDisplay,
  GpioError,
  parsePressLine,
  readCommandLines,
} from "../src/index.js";

const pins = { buttons: { next: 17, recall: 27 }, leds: { status: 24 } };

describe("the simulated backend", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("presses buttons from code, short or long", async () => {
    const gpio = await createGpio({ backend: "sim", pins });
    const presses: ButtonPress[] = [];
    gpio.buttons.onPress((p) => presses.push(p));
    gpio.press("next");
    gpio.press("recall", { long: true });
    expect(presses.map((p) => [p.button, p.kind])).toEqual([
      ["next", "short"],
      ["recall", "long"],
    ]);
    expect(() => gpio.press("skip")).toThrow(GpioError);
  });

  it("holds buttons through the same timing as real ones", async () => {
    vi.useFakeTimers();
    const gpio = await createGpio({ backend: "sim", pins, timing: { longPressMs: 1000 } });
    const presses: ButtonPress[] = [];
    gpio.buttons.onPress((p) => presses.push(p));
    gpio.down("recall");
    await vi.advanceTimersByTimeAsync(1000);
    gpio.up("recall");
    gpio.down("next");
    await vi.advanceTimersByTimeAsync(200);
    gpio.up("next");
    expect(presses.map((p) => [p.button, p.kind])).toEqual([
      ["recall", "long"],
      ["next", "short"],
    ]);
  });

  it("records every LED pattern change, and turns LEDs off on close", async () => {
    const gpio = await createGpio({ backend: "sim", pins });
    gpio.leds.set("status", "on");
    gpio.leds.set("status", "on");
    gpio.leds.set("status", "fast-blink");
    expect(gpio.leds.get("status")).toBe("fast-blink");
    await gpio.close();
    expect(gpio.ledHistory.map((c) => c.pattern)).toEqual(["on", "fast-blink", "off"]);
    gpio.press("next");
    expect(() => gpio.leds.set("nope", "on")).not.toThrow();
  });

  it("keeps other listeners going when one throws", async () => {
    const gpio = await createGpio({ backend: "sim", pins });
    const seen: string[] = [];
    gpio.buttons.onPress(() => {
      throw new Error("boom");
    });
    const off = gpio.buttons.onPress((p) => seen.push(p.button));
    gpio.press("next");
    off();
    gpio.press("next");
    expect(seen).toEqual(["next"]);
  });
});

describe("command lines from a terminal", () => {
  it("reads one command a line, skipping blanks and comments", async () => {
    const input = new PassThrough();
    const seen: CommandLine[] = [];
    const reader = readCommandLines(input, (c) => seen.push(c));
    input.end("next\n\n  # a comment\r\nlong recall\r\npriority TP\n");
    await reader.done;
    expect(seen.map((c) => c.words)).toEqual([["next"], ["long", "recall"], ["priority", "TP"]]);
  });

  it("parses presses: a name, or a long press either way round", () => {
    const line = (text: string) => parsePressLine({ line: text, words: text.split(" ") });
    expect(line("next")).toEqual({ button: "next", long: false });
    expect(line("long recall")).toEqual({ button: "recall", long: true });
    expect(line("Recall long")).toEqual({ button: "recall", long: true });
    expect(line("long")).toBeUndefined();
    expect(line("next please now")).toBeUndefined();
  });
});

describe("the small display", () => {
  it("records its texts (sim) or writes each new one as a line (console)", () => {
    const sim = createSimDisplay();
    sim.show("Quầy 1: TP-012");
    sim.show("Quầy 1: TP-012");
    sim.show("Quầy 1: Mất kết nối");
    expect(sim.history.map((h) => h.text)).toEqual(["Quầy 1: TP-012", "Quầy 1: Mất kết nối"]);
    const out = new PassThrough();
    const console = createConsoleDisplay(out);
    console.show("Quầy 1: TP-012");
    console.show("Quầy 1: TP-012");
    expect(out.read()?.toString()).toBe("[màn hình] Quầy 1: TP-012\n");
    expect(console.text).toBe("Quầy 1: TP-012");
  });
});
