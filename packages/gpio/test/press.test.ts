import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ButtonPress, DEFAULT_TIMING, PressDetector } from "../src/index.js";

describe("press timing (PressDetector)", () => {
  let presses: ButtonPress[];
  let d: PressDetector;

  beforeEach(() => {
    vi.useFakeTimers();
    presses = [];
    d = new PressDetector("next", DEFAULT_TIMING, (p) => presses.push(p));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("documents a long press as 1.5 s", () => {
    expect(DEFAULT_TIMING.longPressMs).toBe(1500);
  });

  it("gives one short press at release", async () => {
    d.level(true);
    await vi.advanceTimersByTimeAsync(120);
    expect(presses).toEqual([]);
    d.level(false);
    expect(presses).toEqual([{ button: "next", kind: "short", heldMs: 120 }]);
  });

  it("gives one long press when the threshold passes, while still held, and nothing at release", async () => {
    d.level(true);
    await vi.advanceTimersByTimeAsync(1499);
    expect(presses).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(presses).toEqual([{ button: "next", kind: "long", heldMs: 1500 }]);
    await vi.advanceTimersByTimeAsync(5000);
    d.level(false);
    expect(presses).toHaveLength(1);
  });

  it("drops a glitch shorter than the minimum press", async () => {
    d.level(true);
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMING.minPressMs - 1);
    d.level(false);
    expect(presses).toEqual([]);
  });

  it("ignores repeated levels (onoff reports the level after every debounced edge)", async () => {
    d.level(false);
    d.level(true);
    await vi.advanceTimersByTimeAsync(50);
    d.level(true);
    await vi.advanceTimersByTimeAsync(50);
    d.level(false);
    d.level(false);
    expect(presses).toEqual([{ button: "next", kind: "short", heldMs: 100 }]);
  });

  it("counts presses one after the other", async () => {
    for (const held of [100, 1600, 200]) {
      d.level(true);
      await vi.advanceTimersByTimeAsync(held);
      d.level(false);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(presses.map((p) => p.kind)).toEqual(["short", "long", "short"]);
  });

  it("forgets a held button on reset, with no press", async () => {
    d.level(true);
    d.reset();
    await vi.advanceTimersByTimeAsync(3000);
    d.level(false);
    expect(presses).toEqual([]);
  });
});
