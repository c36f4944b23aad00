import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@motcua/config";
import type { ButtonPress } from "@motcua/gpio";
import type { CounterState } from "@motcua/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { buttonFor, DEFAULT_PINS, indicate, loadCounterFile, loadCredentials, pinsOf } from "../src/index.js";

const short = (button: string): ButtonPress => ({ button, kind: "short", heldMs: 100 });
const long = (button: string): ButtonPress => ({ button, kind: "long", heldMs: 1500 });
const open: CounterState = { counter: "1", status: "open", serving: null, waiting: 2 };
const paused: CounterState = { ...open, status: "paused" };
const serving: CounterState = {
  ...open,
  serving: {
    number: 12,
    label: "TP-012",
    service: "TP",
    kind: "walkin",
    calledAt: "2026-11-25T08:00:00+07:00",
  },
};

describe("keys to buttons", () => {
  it("maps next, recall (held: skip), skip, and pause toggling from the retained state", () => {
    expect(buttonFor(short("next"), open)).toBe("next");
    expect(buttonFor(long("next"), open)).toBe("next");
    expect(buttonFor(short("recall"), serving)).toBe("recall");
    expect(buttonFor(long("recall"), serving)).toBe("skip");
    expect(buttonFor(short("skip"), serving)).toBe("skip");
    expect(buttonFor(short("pause"), open)).toBe("pause");
    expect(buttonFor(short("pause"), paused)).toBe("resume");
    expect(buttonFor(short("pause"), undefined)).toBe("pause");
    expect(buttonFor(short("other"), open)).toBeUndefined();
  });
});

describe("the LED and the display", () => {
  const at = (input: Partial<Parameters<typeof indicate>[0]>) =>
    indicate({ counter: "1", refusing: false, reachable: true, state: open, ...input });

  it("show serving steady, idle off, paused as a double blink", () => {
    expect(at({ state: serving })).toEqual({ led: "on", display: "Quầy 1: TP-012" });
    expect(at({})).toEqual({ led: "off", display: "Quầy 1: —" });
    expect(at({ state: paused })).toEqual({ led: "double-blink", display: "Quầy 1: Tạm dừng" });
  });

  it("put an unreachable hub (slow blink) and a refused press (fast blink) above the state", () => {
    expect(at({ reachable: false, state: serving })).toEqual({
      led: "slow-blink",
      display: "Quầy 1: Mất kết nối",
    });
    expect(at({ reachable: false, refusing: true })).toEqual({
      led: "fast-blink",
      display: "Quầy 1: Mất kết nối",
    });
    expect(at({ refusing: true, state: paused }).led).toBe("fast-blink");
  });
});

describe("the pad's files", () => {
  const dir = mkdtempSync(join(tmpdir(), "motcua-counter-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("take pins over the documented wiring, and a three-key pad", () => {
    expect(pinsOf({})).toEqual(DEFAULT_PINS);
    expect(DEFAULT_PINS).toEqual({
      buttons: { next: 17, recall: 27, skip: 22, pause: 23 },
      leds: { status: 24 },
    });
    const three = loadCounterFile(
      file("three.yaml", "pins:\n  buttons: { next: 5, recall: 6, pause: 13 }\n  led: 19\n"),
    );
    expect(pinsOf(three)).toEqual({ buttons: { next: 5, recall: 6, pause: 13 }, leds: { status: 19 } });
  });

  it("name every bad field", () => {
    const path = file(
      "bad.yaml",
      "gpio: gpiod\ntiming: { longPressMs: 100 }\npins: { buttons: { stop: 4 } }\n",
    );
    try {
      loadCounterFile(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const paths = (error as ConfigError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(["gpio", "timing.longPressMs", "pins.buttons.stop"]));
      expect((error as Error).message).toContain(`${path}:3:20: pins.buttons.stop: unknown field`);
    }
  });

  it("read credentials, and refuse a file without a password", () => {
    expect(loadCredentials(file("ok.cred", "username: counter-1\npassword: s3cret\n"))).toEqual({
      username: "counter-1",
      password: "s3cret",
    });
    expect(() => loadCredentials(file("half.cred", "username: counter-1\n"))).toThrow(ConfigError);
    expect(() => loadCredentials(join(dir, "missing"))).toThrow(/cannot read the file/);
  });
});
