// The link over real loopback TCP against a real aedes broker, with real timers: presence and
// the last will, the never-late rule across reconnections, and a hub (itself a DeviceLink, as
// the hub's own client is) answering requests.
import { clientIdOf, HUB_DEVICE, presencePayload, readPresence, topics } from "@motcua/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeviceLink, type DeviceLinkOptions } from "../src/index.js";
import { TestBroker } from "./broker.js";

const OFFICE = "son-tay";
const PRESS = topics.counterPress(OFFICE, "1");
const ACK = topics.counterAck(OFFICE, "1");
const PRESENCE = topics.deviceStatus(OFFICE, "counter-1");

let broker: TestBroker;
let url: string;
const links: DeviceLink[] = [];
let watcher: MqttClient | undefined;
/** What the watcher (the rest of the office) received, in order. */
let seen: { topic: string; payload: string; retain: boolean }[];

async function until<T>(get: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function open(options: Partial<DeviceLinkOptions> = {}): DeviceLink {
  const link = new DeviceLink({
    url,
    office: OFFICE,
    device: "counter-1",
    subscriptions: [ACK],
    reconnectMs: 50,
    ackTimeoutMs: 300,
    ...options,
  });
  links.push(link);
  return link;
}

/** A stand-in hub: the library as the hub's own client uses it, answering each press on `ack`. */
function hub(answer: (press: { id: string }) => object | undefined = (p) => ({ id: p.id, ok: true })) {
  const link = open({ device: HUB_DEVICE, subscriptions: [PRESS] });
  link.onMessage(({ topic, payload }) => {
    if (topic !== PRESS) return;
    const reply = answer(JSON.parse(new TextDecoder().decode(payload)) as { id: string });
    if (reply) void link.publish(ACK, JSON.stringify(reply));
  });
  return link;
}

const presses = () => seen.filter((m) => m.topic === PRESS).map((m) => JSON.parse(m.payload).id as string);

beforeEach(async () => {
  broker = await TestBroker.start();
  url = await broker.listen();
  seen = [];
  watcher = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 50 });
  watcher.on("message", (topic, payload, packet) =>
    seen.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  await watcher.subscribeAsync(`motcua/${OFFICE}/#`, { qos: 1 });
});

afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
  await watcher?.endAsync(true);
  await broker.close();
});

describe("presence", () => {
  it("online (retained) on connection under the device's client id, offline on close", async () => {
    const link = open();
    await link.ready();
    expect(link.clientId).toBe(clientIdOf(OFFICE, "counter-1"));
    await until(() => broker.aedes.connectedClients >= 2, "the pad at the broker");
    const ids = await until(() => seen.some((m) => m.topic === PRESENCE) && seen, "the presence");
    expect(ids.find((m) => m.topic === PRESENCE)?.payload).toBe(presencePayload("online"));
    await link.close();
    await until(() => seen.filter((m) => m.topic === PRESENCE).length === 2, "offline");
    expect(readPresence(seen.filter((m) => m.topic === PRESENCE)[1]?.payload ?? "")).toBe("offline");
  });

  it("the last will says offline when the connection dies without a word", async () => {
    const link = open({ reconnectMs: 60_000 });
    await link.ready();
    await until(() => seen.some((m) => m.topic === PRESENCE), "online");
    // The broker notices the socket gone; the will is published for the pad.
    (link.client.stream as { destroy(): void }).destroy();
    const offline = await until(
      () => seen.find((m) => m.topic === PRESENCE && readPresence(m.payload) === "offline"),
      "the will",
    );
    expect(offline.payload).toBe(presencePayload("offline"));
  });

  it("no presence for a page: nothing announced, no will", async () => {
    const link = open({ device: "display-1", instance: "tab", presence: false });
    await link.ready();
    expect(link.clientId).toBe(clientIdOf(OFFICE, "display-1", "tab"));
    await link.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((m) => m.topic.includes("/device/display-1"))).toEqual([]);
  });
});

describe("never late", () => {
  it("a press made while the hub is unreachable is refused and never delivered later", async () => {
    const pad = open();
    await pad.ready();
    const refused = await pad.request(PRESS, JSON.stringify({ id: "while-away" }));
    expect(refused).toMatchObject({ ok: false, reason: "hub_unreachable" });
    const theHub = hub();
    await pad.whenReachable();
    expect(theHub.connected).toBe(true);
    expect(await pad.request(PRESS, JSON.stringify({ id: "now" }), ackOf("now"))).toMatchObject({ ok: true });
    expect(presses()).toEqual(["now"]);
  });

  it("an unacknowledged press is withdrawn and never resent after the reconnection", async () => {
    hub();
    const pad = open();
    await pad.whenReachable();
    broker.stall = (p) => p.topic === PRESS && p.payload.toString().includes("stalled");
    const outcome = await pad.request(PRESS, JSON.stringify({ id: "stalled" }), ackOf("stalled"));
    expect(outcome).toMatchObject({ ok: false, reason: "no_ack" });
    broker.stall = () => false;
    await until(() => !pad.connected, "the reset");
    await pad.whenReachable();
    expect(await pad.request(PRESS, JSON.stringify({ id: "after" }), ackOf("after"))).toMatchObject({
      ok: true,
    });
    expect(presses()).toEqual(["after"]);
    expect(broker.on(PRESS).filter((p) => p.includes("stalled"))).toHaveLength(1);
  });

  it("a notice published while disconnected is delivered after the reconnection (a late void is wanted)", async () => {
    const pad = open({ reconnectMs: 300 });
    await pad.ready();
    (pad.client.stream as { destroy(): void }).destroy();
    await until(() => !pad.connected, "the loss");
    const VOID = topics.kioskVoid(OFFICE, "1");
    const delivered = pad.publish(VOID, '{"requestId":"r1"}');
    expect(await delivered).toBe(true);
    await until(() => seen.some((m) => m.topic === VOID), "the void at the office");
    expect(seen.filter((m) => m.topic === VOID).map((m) => m.payload)).toEqual(['{"requestId":"r1"}']);
  });
});

describe("answers", () => {
  it("the hub's answer resolves the request: stored, or refused with its code", async () => {
    hub((p) =>
      p.id === "fast"
        ? { id: p.id, ok: false, error: { code: "rate_limited", message: "Bấm quá nhanh" } }
        : { id: p.id, ok: true },
    );
    const pad = open();
    await pad.whenReachable();
    expect(await pad.request(PRESS, JSON.stringify({ id: "one" }), ackOf("one"))).toMatchObject({
      ok: true,
      answer: { id: "one", ok: true },
    });
    expect(await pad.request(PRESS, JSON.stringify({ id: "fast" }), ackOf("fast"))).toMatchObject({
      ok: true,
      answer: { ok: false, error: { code: "rate_limited" } },
    });
  });

  it("no answer in time: refused, and the hub going away meanwhile abandons the request", async () => {
    hub(() => undefined);
    const pad = open();
    await pad.whenReachable();
    expect(
      await pad.request(PRESS, JSON.stringify({ id: "mute" }), { ...ackOf("mute"), timeoutMs: 200 }),
    ).toMatchObject({
      ok: false,
      reason: "no_answer",
    });
    const waiting = pad.request(PRESS, JSON.stringify({ id: "cut" }), { ...ackOf("cut"), timeoutMs: 5000 });
    await until(() => presses().includes("cut"), "the press at the hub");
    broker.cut();
    expect(await waiting).toMatchObject({ ok: false, reason: "connection_lost" });
  });
});

function ackOf(id: string) {
  return {
    topic: ACK,
    read: (payload: Uint8Array) => {
      const ack = JSON.parse(new TextDecoder().decode(payload)) as { id: string; ok: boolean };
      return ack.id === id ? ack : undefined;
    },
  };
}
