import { hashPassword, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { LogLines, O, TestClient, TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOW, type Pad, serveCitizen, startPad } from "./harness.js";

const pads: Pad[] = [];
async function readyPad(url: string, extra: Parameters<typeof startPad>[1] = {}): Promise<Pad> {
  const p = await startPad(url, { thanksMs: 400, refusalMs: 400, ...extra });
  pads.push(p);
  await p.rating.whenReachable(5000);
  await p.until(() => p.led() === "off", "the LED off: the hub reachable");
  return p;
}

describe(`a rating pad on a live hub (${NOW})`, () => {
  let h: TestHub;
  let obs: TestClient;

  beforeEach(async () => {
    h = await TestHub.start({ now: NOW });
    obs = await TestClient.connect(h.url, { reconnectPeriod: 100 });
    await obs.subscribe(`${O}/#`);
  });
  afterEach(async () => {
    await Promise.all(pads.splice(0).map((p) => p.rating.stop()));
    await obs.close();
    await h.close();
  });

  it("records one rating for the citizen the counter served, lights the thank-you LED, and refuses a second one", async () => {
    const p = await readyPad(h.url);
    const label = await serveCitizen(obs, "1");
    const shown = p.gpio.ledHistory.length;

    p.gpio.press("very_satisfied");
    const first = await p.until(() => p.outcomes[0], "the rating's outcome");
    expect(first).toMatchObject({ ok: true, value: "very_satisfied", label, duplicate: false });
    expect(p.led()).toBe("on");
    expect(h.storedEvents("rated")).toEqual([
      expect.objectContaining({ type: "rated", counter: "1", label, service: "TP", value: "very_satisfied" }),
    ]);
    expect(h.storedInputs("rating").map((i) => i.id)).toEqual([first.id]);

    // The light goes out by itself; the same citizen pressing again is refused, and told.
    await p.until(() => p.led() === "off", "the thank-you light out");
    p.gpio.press("unsatisfied");
    const second = await p.until(() => p.outcomes[1], "the second rating's outcome");
    expect(second).toMatchObject({ ok: false, value: "unsatisfied", reason: "not_allowed" });
    expect(p.led()).toBe("double-blink");
    await p.until(() => p.led() === "off", "the refusal over");
    expect(p.patterns().slice(shown)).toEqual(["on", "off", "double-blink", "off"]);
    // Stored, but it rated nobody: still exactly one `rated` for that citizen.
    expect(h.storedEvents("rated")).toHaveLength(1);
    expect(h.storedEvents("action_refused")).toEqual([
      expect.objectContaining({ action: "rating", reason: "not_allowed" }),
    ]);
  });

  it("takes one rating for a double press: the second press, while the light thanks, is ignored", async () => {
    const p = await readyPad(h.url, { thanksMs: 5000 });
    await serveCitizen(obs, "1");
    p.gpio.press("satisfied");
    await p.until(() => p.led() === "on", "the thank-you light");
    p.gpio.press("satisfied");
    // Nothing is sent for it: a probe through the hub comes back before any second rating could.
    await h.probe(obs);
    expect(p.outcomes).toHaveLength(1);
    expect(h.storedInputs("rating")).toHaveLength(1);
  });

  it("refuses a rating when the counter has served nobody yet (a distinct blink)", async () => {
    const p = await readyPad(h.url);
    p.gpio.press("satisfied");
    const outcome = await p.until(() => p.outcomes[0], "the outcome");
    expect(outcome).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(p.led()).toBe("double-blink");
    expect(h.storedEvents("rated")).toEqual([]);
  });

  it("refuses a rating visibly while the hub is stopped, and never delivers it later", async () => {
    const p = await readyPad(h.url);
    const label = await serveCitizen(obs, "1");
    await h.stop();
    await p.until(() => p.led() === "slow-blink", "the unreachable pattern");
    expect(p.rating.reachable).toBe(false);

    p.gpio.press("unsatisfied");
    const dropped = await p.until(() => p.outcomes[0], "the outcome", 1000);
    expect(dropped).toMatchObject({ ok: false, value: "unsatisfied", reason: "hub_unreachable" });
    expect(p.led()).toBe("fast-blink");
    await p.until(() => p.led() === "slow-blink", "the unreachable pattern again");

    await h.restart();
    await p.rating.whenReachable(5000);
    await p.until(() => p.led() === "off", "the LED off: the hub back");
    // The citizen rates again. Had the refused rating been kept, it would have gone out first on
    // this connection, been recorded, and this one refused as a second rating.
    p.gpio.press("satisfied");
    const now = await p.until(() => p.outcomes[1], "the new rating's outcome");
    expect(now).toMatchObject({ ok: true, value: "satisfied", label });
    expect(h.storedInputs("rating").map((i) => i.id)).toEqual([now.id]);
    expect(h.storedEvents("rated")).toEqual([expect.objectContaining({ label, value: "satisfied" })]);
  });

  it("withdraws a rating whose PUBACK does not come in time: refused, and not resent on reconnection", async () => {
    const p = await readyPad(h.url, { ackTimeoutMs: 500 });
    const label = await serveCitizen(obs, "1");
    const aedes = h.hub.broker?.aedes;
    if (!aedes) throw new Error("embedded broker expected");
    const original = aedes.authorizePublish;
    // The hub stalls on this pad's ratings: no PUBACK ever comes for them.
    aedes.authorizePublish = (client, packet, done) => {
      if (packet.topic === `${O}/counter/1/rating`) return;
      original.call(aedes, client, packet, done);
    };
    p.gpio.press("unsatisfied");
    expect(await p.until(() => p.outcomes[0], "the outcome", 2000)).toMatchObject({
      ok: false,
      reason: "no_ack",
    });
    expect(p.led()).toBe("fast-blink");
    aedes.authorizePublish = original;
    await p.until(() => !p.rating.reachable, "the reset connection", 2000);
    await p.rating.whenReachable(5000);
    await p.until(() => p.led() === "off", "the LED off again");

    // Had the withdrawn rating been kept, it would go out first on the new connection and this
    // one would be refused as the citizen's second.
    p.gpio.press("very_satisfied");
    const now = await p.until(() => p.outcomes[1], "the new rating's outcome");
    expect(now).toMatchObject({ ok: true, value: "very_satisfied", label });
    expect(h.storedInputs("rating").map((i) => i.id)).toEqual([now.id]);
  });

  it("gets the stored answer again for a rating sent twice with one id", async () => {
    const label = await serveCitizen(obs, "1");
    for (const duplicate of [false, true]) {
      const from = obs.mark();
      await obs.publish(`${O}/counter/1/rating`, { id: "r-1", value: "satisfied" });
      const ack = await obs.next(`${O}/counter/1/ack`, (a) => a.id === "r-1", { from });
      expect(ack).toMatchObject({ ok: true, duplicate, rated: { label, value: "satisfied" } });
    }
    expect(h.storedEvents("rated")).toHaveLength(1);
  });

  it("announces itself online as rating-{c}, and offline when it stops", async () => {
    const p = await readyPad(h.url);
    expect(p.rating.deviceId).toBe("rating-1");
    await obs.next<string>(`${O}/device/rating-1/status`, (s) => s === "online");
    const from = obs.mark();
    await p.rating.stop();
    await obs.next<string>(`${O}/device/rating-1/status`, (s) => s === "offline", { from });
  });
});

describe("a rating pad for a counter the office does not have", () => {
  it("warns in its log that the hub sends no state for it", async () => {
    const h = await TestHub.start({ now: NOW });
    const lines = new LogLines();
    const log = createLogger({ level: "info", destination: { write: (line: string) => lines.feed(line) } });
    try {
      const p = await startPad(h.url, { counter: "9", log, noStateWarnMs: 200 });
      pads.push(p);
      await p.rating.whenReachable(5000);
      const warning = await lines.next((l) => String(l.msg).startsWith("no state from the hub"), {
        timeoutMs: 3000,
      });
      expect(warning).toMatchObject({ counter: "9", office: "son-tay", level: 40 });
    } finally {
      await Promise.all(pads.splice(0).map((p) => p.rating.stop()));
      await h.close();
    }
  });
});

describe("a rating pad on a secured hub", () => {
  let h: TestHub;
  const open: TestClient[] = [];
  const example = loadOfficeConfig();
  const secured: OfficeConfig = {
    ...example,
    security: {
      allowAnonymous: false,
      devices: [
        { id: "counter-1", role: "counter", counter: "1", passwordHash: hashPassword("pad-one-secret") },
        { id: "rating-1", role: "rating", counter: "1", passwordHash: hashPassword("rating-one-secret") },
        { id: "kiosk-1", role: "kiosk", kiosk: "1", passwordHash: hashPassword("kiosk-secret") },
      ],
    },
  };
  const as = async (username: string, password: string) => {
    const c = await TestClient.connect(h.url, { username, password });
    open.push(c);
    return c;
  };

  beforeEach(async () => {
    h = await TestHub.start({ now: NOW, config: secured });
  });
  afterEach(async () => {
    await Promise.all(pads.splice(0).map((p) => p.rating.stop()));
    await Promise.all(open.splice(0).map((c) => c.close()));
    await h.close();
  });

  it("rates with its own credential", async () => {
    const p = await readyPad(h.url, { username: "rating-1", password: "rating-one-secret" });
    const kiosk = await as("kiosk-1", "kiosk-secret");
    await kiosk.subscribe(`${O}/#`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "k-1", service: "TP" });
    const counter = await as("counter-1", "pad-one-secret");
    await counter.subscribe(`${O}/counter/1/ack`);
    await counter.publish(`${O}/counter/1/press`, { id: "p-1", button: "next" });
    await counter.next(`${O}/counter/1/ack`, (a) => a.id === "p-1");
    p.gpio.press("very_satisfied");
    expect(await p.until(() => p.outcomes[0], "the outcome")).toMatchObject({ ok: true, label: "TP-001" });
  });

  it("may rate only its own counter, and the officer's pad may not rate at all", async () => {
    const rating = await as("rating-1", "rating-one-secret");
    rating.send(`${O}/counter/2/rating`, { id: "r-2", value: "satisfied" });
    await rating.whenClosed();
    const rating2 = await as("rating-1", "rating-one-secret");
    rating2.send(`${O}/counter/1/press`, { id: "r-p", button: "next" });
    await rating2.whenClosed();
    const counter = await as("counter-1", "pad-one-secret");
    counter.send(`${O}/counter/1/rating`, { id: "c-r", value: "very_satisfied" });
    await counter.whenClosed();
    // Each was dropped by the broker: a kiosk's probe, sent after them, is all the hub stored.
    const kiosk = await as("kiosk-1", "kiosk-secret");
    const probe = await h.probe(kiosk, [kiosk], { kiosk: "1" });
    expect(h.storedIds()).toEqual([probe]);
    expect(h.hub.stats().refused.not_allowed).toBeGreaterThanOrEqual(3);
  });

  it("with a wrong password stays unreachable and refuses presses", async () => {
    const p = await startPad(h.url, { username: "rating-1", password: "wrong" });
    pads.push(p);
    await h.until(() => h.hub.stats().refused.bad_credentials === 1, "the pad's connection refused");
    expect(p.led()).toBe("slow-blink");
    p.gpio.press("satisfied");
    expect(await p.until(() => p.outcomes[0], "the outcome", 1000)).toMatchObject({
      ok: false,
      reason: "hub_unreachable",
    });
    expect(p.led()).toBe("fast-blink");
  });
});
