import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { createGpio, createSimDisplay, type LedPattern, type SimDisplay, type SimGpio } from "@motcua/gpio";
import { hashPassword } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CounterOptions,
  DEFAULT_PINS,
  type PressOutcome,
  type RunningCounter,
  startCounter,
} from "../src/index.js";
import { NOW, O, Observer, sleep, TestHub, testLog, until } from "./harness.js";

interface Pad {
  gpio: SimGpio;
  display: SimDisplay;
  counter: RunningCounter;
  outcomes: PressOutcome[];
  led(): LedPattern;
  /** The LED patterns shown so far, in order. */
  patterns(): LedPattern[];
}

const pads: Pad[] = [];
async function pad(url: string, extra: Partial<CounterOptions> = {}): Promise<Pad> {
  const gpio = await createGpio({ backend: "sim", pins: DEFAULT_PINS });
  const display = createSimDisplay();
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
  counter.onOutcome((o) => outcomes.push(o));
  const p: Pad = {
    gpio,
    display,
    counter,
    outcomes,
    led: () => gpio.leds.get("status"),
    patterns: () => gpio.ledHistory.map((c) => c.pattern),
  };
  pads.push(p);
  return p;
}

/** The pad once the hub is reachable and its counter's retained state has arrived. */
async function readyPad(url: string, extra: Partial<CounterOptions> = {}): Promise<Pad> {
  const p = await pad(url, extra);
  await p.counter.whenReachable(5000);
  await until(() => p.counter.state, 3000, "counter state");
  return p;
}

const callsOf = (o: Observer, from = 0) =>
  o.messages.slice(from).filter((m) => m.topic === `${O}/calls` && JSON.parse(m.payload).counter === "1");

describe(`a counter pad on a live hub (${NOW})`, () => {
  let h: TestHub;
  let obs: Observer;

  beforeEach(async () => {
    h = await TestHub.start();
    obs = await Observer.connect(h.url);
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
    await obs.ticket("TP");

    const from = obs.messages.length;
    p.gpio.press("next");
    const call = await obs.next(`${O}/calls`, (c) => c.counter === "1", 3000, from);
    expect(call).toMatchObject({
      label: "TP-001",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    await until(() => p.led() === "on", 3000, "a steady LED");
    expect(p.display.text).toBe("Quầy 1: TP-001");
    expect(p.counter.state?.serving).toMatchObject({ label: "TP-001" });
    expect(p.outcomes).toEqual([expect.objectContaining({ ok: true, button: "next" })]);
  });

  it("repeats the call with recall, and skips with a long press of recall", async () => {
    const p = await readyPad(h.url);
    await obs.ticket("TP");
    p.gpio.press("next");
    await until(() => p.led() === "on", 3000, "a steady LED");

    const from = obs.messages.length;
    p.gpio.press("recall");
    const repeat = await obs.next(`${O}/calls`, (c) => c.counter === "1", 3000, from);
    expect(repeat).toMatchObject({ label: "TP-001", repeat: true });

    p.gpio.press("recall", { long: true });
    await until(() => p.counter.state?.serving === null, 3000, "an idle counter after the skip");
    await until(() => p.led() === "off", 3000, "the LED off");
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["next", "recall", "skip"]);
  });

  it("a held recall key skips once the long-press threshold passes, before it is released", async () => {
    const p = await readyPad(h.url);
    await obs.ticket("TP");
    p.gpio.press("next");
    await until(() => p.led() === "on", 3000, "a steady LED");
    p.gpio.down("recall");
    await until(() => p.counter.state?.serving === null, 4000, "the skip while the key is held");
    p.gpio.up("recall");
    await sleep(200);
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["next", "skip"]);
  });

  it("pauses and resumes with the pause key, from the retained state; paused shows a double blink", async () => {
    const p = await readyPad(h.url);
    p.gpio.press("pause");
    await until(() => p.counter.state?.status === "paused", 3000, "a paused counter");
    await until(() => p.led() === "double-blink", 3000, "the paused pattern");
    expect(p.display.text).toBe("Quầy 1: Tạm dừng");
    expect(await obs.next(`${O}/counter/1/state`, (s) => s.status === "paused")).toMatchObject({
      counter: "1",
    });

    p.gpio.press("pause");
    await until(() => p.counter.state?.status === "open", 3000, "an open counter");
    await until(() => p.led() === "off", 3000, "the LED off");
    expect(p.outcomes.map((o) => o.ok && o.button)).toEqual(["pause", "resume"]);
  });

  it("announces itself online (retained), and offline when it stops", async () => {
    const p = await readyPad(h.url);
    const late = await Observer.connect(h.url);
    try {
      const presence = await until(
        () => late.messages.find((m) => m.topic === `${O}/device/counter-1/status`),
        3000,
        "presence",
      );
      expect(presence).toMatchObject({ payload: '"online"', retain: true });
    } finally {
      await late.close();
    }
    await p.counter.stop();
    await until(() => obs.raw(`${O}/device/counter-1/status`).at(-1) === '"offline"', 3000, "offline");
  });

  it("refuses a press visibly while the hub is stopped, and never delivers it later", async () => {
    const p = await readyPad(h.url);
    await obs.ticket("TP");
    await h.stop();
    await until(() => !p.counter.reachable, 3000, "the pad noticing");
    await until(() => p.led() === "slow-blink", 3000, "the unreachable pattern");
    expect(p.display.text).toBe("Quầy 1: Mất kết nối");

    const historyBefore = p.gpio.ledHistory.length;
    p.gpio.press("next");
    await until(() => p.outcomes.length === 1, 1000, "the outcome");
    expect(p.outcomes[0]).toMatchObject({ ok: false, button: "next", reason: "hub_unreachable" });
    expect(p.led()).toBe("fast-blink");
    expect(p.display.text).toBe("Quầy 1: Mất kết nối");
    // The error pattern lasts a few seconds, then the unreachable pattern is back.
    await until(() => p.led() === "slow-blink", 4000, "the unreachable pattern again");
    expect(p.patterns().slice(historyBefore)).toEqual(["fast-blink", "slow-blink"]);

    await h.restart();
    await p.counter.whenReachable(5000);
    await until(() => obs.client.connected, 3000, "the observer back");
    const from = obs.messages.length;
    await sleep(1500);
    expect(callsOf(obs, from)).toEqual([]);
    expect(h.hub.stats().accepted).toBe(0);
    expect(p.counter.state?.serving).toBeNull();
    expect(p.led()).toBe("off");

    // The citizen is still waiting: a press made now calls them.
    p.gpio.press("next");
    expect(await obs.next(`${O}/calls`, (c) => c.counter === "1", 3000, from)).toMatchObject({
      label: "TP-001",
    });
  });

  it("withdraws a press whose PUBACK does not come in time: refused, and not resent on reconnection", async () => {
    const p = await readyPad(h.url, { ackTimeoutMs: 500 });
    await obs.ticket("TP");
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
    await until(() => p.outcomes.length === 1, 2000, "the outcome");
    expect(p.outcomes[0]).toMatchObject({ ok: false, button: "next", reason: "no_ack" });
    expect(p.patterns()).toContain("fast-blink");

    aedes.authorizePublish = original;
    await until(() => !p.counter.reachable, 2000, "the reset connection");
    await p.counter.whenReachable(5000);
    const from = obs.messages.length;
    await sleep(1500);
    expect(callsOf(obs, from)).toEqual([]);
    expect(h.hub.stats().accepted).toBe(accepted);

    p.gpio.press("next");
    expect(await obs.next(`${O}/calls`, (c) => c.counter === "1", 3000, from)).toMatchObject({
      label: "TP-001",
    });
  });
});

describe("a counter pad for a counter the office does not have", () => {
  it("warns in its log that the hub sends no state for it", async () => {
    const h = await TestHub.start();
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: "info",
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    try {
      const p = await pad(h.url, { counter: "9", log, noStateWarnMs: 200 });
      await p.counter.whenReachable(5000);
      const warning = await until(
        () => lines.find((l) => String(l.msg).startsWith("no state from the hub")),
        3000,
      );
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
    h = await TestHub.start({ config: secured });
  });
  afterEach(async () => {
    await Promise.all(pads.splice(0).map((p) => p.counter.stop()));
    await h.close();
  });

  it("works with its device credentials and announces itself under its username", async () => {
    const p = await readyPad(h.url, { username: "counter-1", password: "pad-one-secret" });
    expect(p.counter.deviceId).toBe("counter-1");
    p.gpio.press("pause");
    await until(() => p.counter.state?.status === "paused", 3000, "a paused counter");
  });

  it("with a wrong password stays unreachable and refuses presses", async () => {
    const p = await pad(h.url, { username: "counter-1", password: "wrong" });
    await sleep(800);
    expect(p.counter.reachable).toBe(false);
    expect(p.led()).toBe("slow-blink");
    p.gpio.press("next");
    await until(() => p.outcomes.length === 1, 1000, "the outcome");
    expect(p.outcomes[0]).toMatchObject({ ok: false, reason: "hub_unreachable" });
  });
});
