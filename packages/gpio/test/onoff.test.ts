import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ButtonPress, createGpio, detectGpioBase, GpioError, type OnoffModule } from "../src/index.js";

/** A stand-in for onoff's Gpio class: records what the backend does to each line. */
class FakeLine {
  static accessible = true;
  static lines: FakeLine[] = [];
  static failOn: number | undefined;
  readonly writes: (0 | 1)[] = [];
  watcher: ((error: Error | null | undefined, value: 0 | 1) => void) | undefined;
  unexported = false;
  unwatched = false;

  constructor(
    readonly gpio: number,
    readonly direction: string,
    readonly edge?: string,
    readonly options?: { debounceTimeout?: number; activeLow?: boolean },
  ) {
    if (gpio === FakeLine.failOn) throw new Error("EBUSY: resource busy");
    FakeLine.lines.push(this);
  }
  watch(callback: (error: Error | null | undefined, value: 0 | 1) => void) {
    this.watcher = callback;
  }
  unwatchAll() {
    this.unwatched = true;
    this.watcher = undefined;
  }
  readSync(): 0 | 1 {
    return 0;
  }
  writeSync(value: 0 | 1) {
    this.writes.push(value);
  }
  unexport() {
    this.unexported = true;
  }
  /** The debounced level onoff would report (1 = pressed with activeLow). */
  emit(value: 0 | 1) {
    this.watcher?.(null, value);
  }
}

const fake: OnoffModule = { Gpio: FakeLine };
const pins = { buttons: { next: 17, recall: 27 }, leds: { status: 24 } };
const line = (gpio: number) => {
  const found = FakeLine.lines.find((l) => l.gpio === gpio);
  if (!found) throw new Error(`no line ${gpio}`);
  return found;
};

describe("the onoff backend (against a fake onoff)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeLine.lines = [];
    FakeLine.accessible = true;
    FakeLine.failOn = undefined;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is refused off a Pi with a clear error that points to --gpio sim", async () => {
    FakeLine.accessible = false;
    const attempt = createGpio({ backend: "onoff", pins, onoff: fake });
    await expect(attempt).rejects.toBeInstanceOf(GpioError);
    await expect(attempt).rejects.toMatchObject({
      code: "GPIO_UNAVAILABLE",
      message: expect.stringContaining("--gpio sim"),
    });
    expect(FakeLine.lines).toEqual([]);
  });

  // On a Pi this would open real lines.
  it.skipIf(existsSync("/sys/class/gpio/export"))("is refused by the real onoff off a Pi", async () => {
    await expect(createGpio({ backend: "onoff", pins, releaseOnExit: false })).rejects.toMatchObject({
      code: "GPIO_UNAVAILABLE",
      message: expect.stringContaining("--gpio sim"),
    });
  });

  it("opens buttons as debounced edge-interrupt inputs and LEDs as outputs, from the configured pins", async () => {
    const gpio = await createGpio({
      backend: "onoff",
      pins,
      onoff: fake,
      gpioBase: 512,
      releaseOnExit: false,
    });
    expect(line(512 + 17)).toMatchObject({
      direction: "in",
      edge: "both",
      options: { debounceTimeout: 20, activeLow: true },
    });
    expect(line(512 + 27).direction).toBe("in");
    expect(line(512 + 24).direction).toBe("low");
    expect(gpio.buttons.names).toEqual(["next", "recall"]);
    expect(gpio.leds.names).toEqual(["status"]);
    await gpio.close();
  });

  it("turns edges into short and long presses", async () => {
    const gpio = await createGpio({ backend: "onoff", pins, onoff: fake, gpioBase: 0, releaseOnExit: false });
    const presses: ButtonPress[] = [];
    gpio.buttons.onPress((p) => presses.push(p));
    line(17).emit(1);
    await vi.advanceTimersByTimeAsync(80);
    line(17).emit(0);
    line(27).emit(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(presses).toEqual([
      { button: "next", kind: "short", heldMs: 80 },
      { button: "recall", kind: "long", heldMs: 1500 },
    ]);
    line(27).emit(0);
    expect(presses).toHaveLength(2);
    await gpio.close();
  });

  it("takes the debounce and long-press times from the configuration", async () => {
    const gpio = await createGpio({
      backend: "onoff",
      pins,
      onoff: fake,
      gpioBase: 0,
      releaseOnExit: false,
      timing: { debounceMs: 50, longPressMs: 800 },
    });
    const presses: ButtonPress[] = [];
    gpio.buttons.onPress((p) => presses.push(p));
    expect(line(17).options?.debounceTimeout).toBe(50);
    line(17).emit(1);
    await vi.advanceTimersByTimeAsync(800);
    expect(presses).toEqual([{ button: "next", kind: "long", heldMs: 800 }]);
    await gpio.close();
  });

  it("blinks LEDs with timers: slow 1 Hz, fast 5 Hz; steady on and off", async () => {
    const gpio = await createGpio({ backend: "onoff", pins, onoff: fake, gpioBase: 0, releaseOnExit: false });
    const led = line(24);
    gpio.leds.set("status", "on");
    expect(led.writes).toEqual([1]);
    gpio.leds.set("status", "on");
    expect(led.writes).toEqual([1]);
    gpio.leds.set("status", "slow-blink");
    await vi.advanceTimersByTimeAsync(2000);
    expect(led.writes.slice(1)).toEqual([1, 0, 1, 0, 1]);
    led.writes.length = 0;
    gpio.leds.set("status", "fast-blink");
    await vi.advanceTimersByTimeAsync(1000);
    expect(led.writes).toHaveLength(11);
    gpio.leds.set("status", "off");
    led.writes.length = 0;
    await vi.advanceTimersByTimeAsync(2000);
    expect(led.writes).toEqual([]);
    expect(gpio.leds.get("status")).toBe("off");
    await gpio.close();
  });

  it("releases every line on close: LED off, unwatched, unexported; twice is harmless", async () => {
    const gpio = await createGpio({ backend: "onoff", pins, onoff: fake, gpioBase: 0, releaseOnExit: false });
    gpio.leds.set("status", "slow-blink");
    await gpio.close();
    await gpio.close();
    expect(FakeLine.lines.every((l) => l.unexported && l.unwatched)).toBe(true);
    expect(line(24).writes.at(-1)).toBe(0);
    const writes = line(24).writes.length;
    await vi.advanceTimersByTimeAsync(3000);
    expect(line(24).writes).toHaveLength(writes);
  });

  it("releases every line on SIGTERM (and leaves the signal to the program's own handler)", async () => {
    const own = vi.fn();
    process.on("SIGTERM", own);
    try {
      await createGpio({ backend: "onoff", pins, onoff: fake, gpioBase: 0 });
      process.emit("SIGTERM", "SIGTERM");
      expect(FakeLine.lines.every((l) => l.unexported)).toBe(true);
      expect(own).toHaveBeenCalledOnce();
    } finally {
      process.off("SIGTERM", own);
    }
  });

  it("releases the lines already opened when one cannot be opened", async () => {
    FakeLine.failOn = 27;
    await expect(
      createGpio({ backend: "onoff", pins, onoff: fake, gpioBase: 0, releaseOnExit: false }),
    ).rejects.toMatchObject({
      code: "GPIO_UNAVAILABLE",
      message: expect.stringContaining("GPIO27 (recall"),
    });
    expect(line(17).unexported).toBe(true);
  });

  it("refuses pins off the header, and one line used twice", async () => {
    await expect(
      createGpio({ backend: "onoff", pins: { buttons: { next: 40 }, leds: {} }, onoff: fake, gpioBase: 0 }),
    ).rejects.toMatchObject({ code: "GPIO_BAD_PINS" });
    await expect(
      createGpio({
        backend: "onoff",
        pins: { buttons: { next: 17 }, leds: { status: 17 } },
        onoff: fake,
        gpioBase: 0,
      }),
    ).rejects.toMatchObject({
      code: "GPIO_BAD_PINS",
      message: expect.stringContaining('already used by button "next"'),
    });
  });
});

describe("the sysfs number of BCM line 0", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "motcua-sysfs-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const chip = (name: string, label: string, base: number) => {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, "label"), `${label}\n`);
    writeFileSync(join(root, name, "base"), `${base}\n`);
  };

  it("is the base of the Pi's pin controller (512 on a Pi 4 with kernel 6.6, rp1 on a Pi 5)", () => {
    chip("gpiochip570", "raspberrypi-exp-gpio", 570);
    chip("gpiochip512", "pinctrl-bcm2711", 512);
    expect(detectGpioBase(root)).toBe(512);
  });

  it("is 0 on older kernels or with no sysfs GPIO", () => {
    chip("gpiochip0", "pinctrl-bcm2835", 0);
    expect(detectGpioBase(root)).toBe(0);
    expect(detectGpioBase(join(root, "none"))).toBe(0);
  });
});
