import { hashPassword, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import {
  createGpio,
  createSimDisplay,
  type LedPattern,
  type PressTiming,
  type SimDisplay,
  type SimGpio,
} from "@motcua/gpio";
import { LogLines, O, Signal, TestClient, TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CounterOptions,
  DEFAULT_PINS,
  type PressOutcome,
  type RunningCounter,
  startCounter,
} from "../src/index.js";
import { NOW, testLog, ticket } from "./harness.js";

interface Pad {
  gpio: SimGpio;
  display: SimDisplay;
  counter: RunningCounter;
  outcomes: PressOutcome[];
  led(): LedPattern;
  /** The LED patterns shown so far, in order. */
  patterns(): LedPattern[];
  /** Waits until `check` holds, checked again whenever the pad's LED, display or outcomes change. */
  until<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
}

const pads: Pad[] = [];
async function pad(
  url: string,
  extra: Partial<CounterOptions> = {},
  timing: Partial<PressTiming> = {},
): Promise<Pad> {
  const gpio = await createGpio({ backend: "sim", pins: DEFAULT_PINS, timing });
  const display = createSimDisplay();
  // What the officer sees is what a test waits on: every LED and display update is a signal.
  const changed = new Signal();
  const setLed = gpio.leds.set.bind(gpio.leds);
  gpio.leds.set = (name, pattern) => {
    setLed(name, pattern);
    changed.notify();
  };
  const show = display.show.bind(display);
  display.show = (text) => {
    show(text);
    changed.notify();
  };
  const counter = startCounter({
    hubUrl: url,
    office: "son-tay",
    counter: "1",
    gpio,
    display,
    log: testLog(),
    reconnectMs: 100,
    ...extra,
  });
  const outcomes: PressOutcome[] = [];
  counter.onOutcome((o) => {
    outcomes.push(o);
    changed.notify();
  });
  const p: Pad = {
    gpio,
    display,
    counter,
    outcomes,
    led: () => gpio.leds.get("status"),
    patterns: () => gpio.ledHistory.map((c) => c.pattern),
    until: (check, what, timeoutMs) => changed.until(check, what, timeoutMs),
  };
  pads.push(p);
  return p;
}

/** The pad once the hub is reachable and its counter's retained state has arrived. */
async function readyPad(
  url: string,
  extra: Partial<CounterOptions> = {},
  timing: Partial<PressTiming> = {},
): Promise<Pad> {
  const p = await pad(url, extra, timing);
  await p.counter.whenReachable(5000);
  await p.until(() => p.counter.state, "the counter's state");
  return p;
}

const callsOf = (o: TestClient, from = 0) => o.on(`${O}/calls`, from).filter((c) => c.counter === "1");

/** The ids of the counter presses the hub has stored. */
const storedPresses = (h: TestHub) => h.storedInputs("press").map((i) => i.id);

describe(`a counter pad on a live hub (${NOW})`, () => {
  let h: TestHub;
  let obs: TestClient;

  beforeEach(async () => {
    h = await TestHub.start({ now: NOW });
    // The office's view; it comes back by itself when the hub restarts.
    obs = await TestClient.connect(h.url, { reconnectPeriod: 100 });
    await obs.subscribe(`${O}/#`);
  });
  afterEach(async () => {
    await Promise.all(pads.splice(0).map((p) => p.counter.stop()));
    await obs.close();
    await h.close();
  });

  it("calls the next citizen with the next key; the LED goes steady and the display shows the number", async () => {
    const p = await readyPad(h.url);
    expect(p.led()).toBe("off");
    expect(p.display.text).toBe("Quầy 1: —");
    await ticket(obs, "TP");

    const from = obs.mark();
    p.gpio.press("next");
    const call = await obs.next(`${O}/calls`, (c) => c.counter === "1", { from });
    expect(call).toMatchObject({
      label: "TP-001",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    await p.until(() => p.led() === "on", "a steady LED");
    expect(p.display.text).toBe("Quầy 1: TP-001");
    expect(p.counter.state?.serving).toMatchObject({ label: "TP-001" });
    await p.until(() => p.outcomes.length === 1, "the press's outcome");
    expect(p.outcomes).toEqual([expect.objectContaining({ ok: true, button: "next" })]);
  });

  it("repeats the call with recall, and skips with a long press of recall", async () => {
    const p = await readyPad(h.url);
    await ticket(obs, "TP");
    p.gpio.press("next");
    await p.until(() => p.led() === "on", "a steady LED");

    const from = obs.mark();
    p.gpio.press("recall");
    const repeat = await obs.next(`${O}/calls`, (c) => c.counter === "1", { from });
    expect(repeat).toMatchObject({ label: "TP-001", repeat: true });

    p.gpio.press("recall", { long: true });
    await p.until(() => p.counter.state?.serving === null, "an idle counter after the skip");
    await p.until(() => p.led() === "off", "the LED off");
    await p.until(() => p.outcomes.length === 3, "three outcomes");
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["next", "recall", "skip"]);
  });

  it("a held recall key skips once the long-press threshold passes, before it is released", async () => {
    const p = await readyPad(h.url, {}, { longPressMs: 300 });
    await ticket(obs, "TP");
    p.gpio.press("next");
    await p.until(() => p.led() === "on", "a steady LED");
    p.gpio.down("recall");
    await p.until(() => p.counter.state?.serving === null, "the skip while the key is held");
    p.gpio.up("recall");
    // The release presses nothing: a press made after it is the next one the pad sends.
    p.gpio.press("pause");
    await p.until(() => p.outcomes.some((o) => o.button === "pause"), "the pause's outcome");
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["next", "skip", "pause"]);
  });

  it("pauses and resumes with the pause key, from the retained state; paused shows a double blink", async () => {
    const p = await readyPad(h.url);
    p.gpio.press("pause");
    await p.until(() => p.counter.state?.status === "paused", "a paused counter");
    await p.until(() => p.led() === "double-blink", "the paused pattern");
    expect(p.display.text).toBe("Quầy 1: Tạm dừng");
    expect(await obs.next(`${O}/counter/1/state`, (s) => s.status === "paused")).toMatchObject({
      counter: "1",
    });

    p.gpio.press("pause");
    await p.until(() => p.counter.state?.status === "open", "an open counter");
    await p.until(() => p.led() === "off", "the LED off");
    await p.until(() => p.outcomes.length === 2, "two outcomes");
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["pause", "resume"]);
  });

  it("announces itself online (retained), and offline when it stops", async () => {
    const p = await readyPad(h.url);
    const late = await TestClient.connect(h.url);
    try {
      await late.subscribe(`${O}/#`);
      await late.next(`${O}/device/counter-1/status`);
      expect(late.received(`${O}/device/counter-1/status`)[0]).toMatchObject({
        payload: '"online"',
        retain: true,
      });
    } finally {
      await late.close();
    }
    const from = obs.mark();
    await p.counter.stop();
    await obs.next<string>(`${O}/device/counter-1/status`, (s) => s === "offline", { from });
  });

  it("refuses a press visibly while the hub is stopped, and never delivers it later", async () => {
    // A short refusal pattern: how long it lasts is not what this test is about.
    const p = await readyPad(h.url, { refusalShowMs: 300 });
    await ticket(obs, "TP");
    await h.stop();
    await p.until(() => p.led() === "slow-blink", "the unreachable pattern");
    expect(p.counter.reachable).toBe(false);
    expect(p.display.text).toBe("Quầy 1: Mất kết nối");

    const historyBefore = p.gpio.ledHistory.length;
    p.gpio.press("next");
    await p.until(() => p.outcomes.length === 1, "the outcome", 1000);
    expect(p.outcomes[0]).toMatchObject({ ok: false, button: "next", reason: "hub_unreachable" });
    expect(p.led()).toBe("fast-blink");
    expect(p.display.text).toBe("Quầy 1: Mất kết nối");
    // The error pattern lasts a moment, then the unreachable pattern is back.
    await p.until(() => p.led() === "slow-blink", "the unreachable pattern again");
    expect(p.patterns().slice(historyBefore)).toEqual(["fast-blink", "slow-blink"]);

    const mark = obs.mark();
    await h.restart();
    await p.counter.whenReachable(5000);
    await p.until(() => p.led() === "off", "the LED off: the hub back, nobody served");
    expect(p.counter.state?.serving).toBeNull();
    // The office's view is subscribed again once the retained picture comes back to it.
    await obs.next(`${O}/board`, (_b, m) => m.retain, { from: mark });

    // The citizen is still waiting: a press made now calls them. Had the refused press been
    // kept, it would have gone out first on this connection and been stored before this one.
    const from = obs.mark();
    p.gpio.press("next");
    expect(await obs.next(`${O}/calls`, (c) => c.counter === "1", { from })).toMatchObject({
      label: "TP-001",
    });
    const now = await p.until(() => p.outcomes[1], "the new press's outcome");
    expect(now).toMatchObject({ ok: true, button: "next" });
    expect(storedPresses(h)).toEqual([now.id]);
    expect(h.hub.stats().accepted).toBe(1);
    expect(callsOf(obs, from)).toHaveLength(1);
  });

  it("withdraws a press whose PUBACK does not come in time: refused, and not resent on reconnection", async () => {
    const p = await readyPad(h.url, { ackTimeoutMs: 500, refusalShowMs: 300 });
    await ticket(obs, "TP");
    const broker = h.hub.broker;
    if (!broker) throw new Error("embedded broker expected");
    const aedes = broker.aedes;
    const original = aedes.authorizePublish;
    // The hub stalls on this pad's presses: no PUBACK ever comes for them.
    aedes.authorizePublish = (client, packet, done) => {
      if (packet.topic === `${O}/counter/1/press`) return;
      original.call(aedes, client, packet, done);
    };
    const accepted = h.hub.stats().accepted;

    p.gpio.press("next");
    await p.until(() => p.outcomes.length === 1, "the outcome", 2000);
    expect(p.outcomes[0]).toMatchObject({ ok: false, button: "next", reason: "no_ack" });
    expect(p.patterns()).toContain("fast-blink");

    aedes.authorizePublish = original;
    await p.until(() => !p.counter.reachable, "the reset connection", 2000);
    await p.counter.whenReachable(5000);

    // Had the withdrawn press been kept, it would go out first on the new connection.
    const from = obs.mark();
    p.gpio.press("next");
    expect(await obs.next(`${O}/calls`, (c) => c.counter === "1", { from })).toMatchObject({
      label: "TP-001",
    });
    const now = await p.until(() => p.outcomes[1], "the new press's outcome");
    expect(now).toMatchObject({ ok: true, button: "next" });
    expect(storedPresses(h)).toEqual([now.id]);
    expect(h.hub.stats().accepted).toBe(accepted + 1);
    expect(callsOf(obs, from)).toHaveLength(1);
  });
});

describe("a counter pad for a counter the office does not have", () => {
  it("warns in its log that the hub sends no state for it", async () => {
    const h = await TestHub.start({ now: NOW });
    const lines = new LogLines();
    const log = createLogger({ level: "info", destination: { write: (line: string) => lines.feed(line) } });
    try {
      const p = await pad(h.url, { counter: "9", log, noStateWarnMs: 200 });
      await p.counter.whenReachable(5000);
      const warning = await lines.next((l) => String(l.msg).startsWith("no state from the hub"), {
        timeoutMs: 3000,
      });
      expect(warning).toMatchObject({ counter: "9", office: "son-tay", level: 40 });
    } finally {
      await Promise.all(pads.splice(0).map((p) => p.counter.stop()));
      await h.close();
    }
  });
});

describe("a counter pad on a secured hub", () => {
  let h: TestHub;
  const example = loadOfficeConfig();
  const secured: OfficeConfig = {
    ...example,
    security: {
      allowAnonymous: false,
      devices: [
        { id: "counter-1", role: "counter", counter: "1", passwordHash: hashPassword("pad-one-secret") },
      ],
    },
  };

  beforeEach(async () => {
    h = await TestHub.start({ now: NOW, config: secured });
  });
  afterEach(async () => {
    await Promise.all(pads.splice(0).map((p) => p.counter.stop()));
    await h.close();
  });

  it("works with its device credentials and announces itself under its username", async () => {
    const p = await readyPad(h.url, { username: "counter-1", password: "pad-one-secret" });
    expect(p.counter.deviceId).toBe("counter-1");
    p.gpio.press("pause");
    await p.until(() => p.counter.state?.status === "paused", "a paused counter");
  });

  it("with a wrong password stays unreachable and refuses presses", async () => {
    const p = await pad(h.url, { username: "counter-1", password: "wrong" });
    await h.until(() => h.hub.stats().refused.bad_credentials === 1, "the pad's connection refused");
    expect(p.counter.reachable).toBe(false);
    expect(p.led()).toBe("slow-blink");
    p.gpio.press("next");
    await p.until(() => p.outcomes.length === 1, "the outcome", 1000);
    expect(p.outcomes[0]).toMatchObject({ ok: false, reason: "hub_unreachable" });
  });
});
