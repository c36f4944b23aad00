import { connect as connectTcp, type Socket } from "node:net";
import { hashPassword, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { clientIdOf } from "@motcua/protocol";
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";

/*
 * The hub against devices that misbehave, on purpose or by a bug: each fault of issue 10
 * reproduced as a device on the LAN would cause it. "Nothing happened" is shown without
 * sleeping: after the bad message, a good one from the same connection is sent and its effect
 * awaited; the broker and the hub keep one connection's order, so the bad one's effect (had
 * there been any) would have come first.
 */

const NOW = "2026-11-25T07:44:00+07:00";
const example = loadOfficeConfig();

function securedOffice(): OfficeConfig {
  return {
    ...example,
    security: {
      allowAnonymous: false,
      devices: [
        { id: "counter-1", role: "counter", counter: "1", passwordHash: hashPassword("pad-one") },
        { id: "counter-2", role: "counter", counter: "2", passwordHash: hashPassword("pad-two") },
        { id: "kiosk-1", role: "kiosk", kiosk: "1", passwordHash: hashPassword("kiosk-one") },
      ],
    },
  };
}

const hubs: TestHub[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

async function start(
  config?: OfficeConfig,
  options: { rateLimit?: { burst: number; perSecond: number } } = {},
) {
  const h = await TestHub.start({
    now: NOW,
    ...(config ? { config } : {}),
    ...(options.rateLimit ? { more: { rateLimit: options.rateLimit } } : {}),
  });
  hubs.push(h);
  return h;
}

async function client(h: TestHub, options: mqtt.IClientOptions = {}) {
  const c = await TestClient.connect(h.url, options);
  clients.push(c);
  return c;
}

/** The CONNACK return code of a connection attempt (0 accepted). */
function connack(url: string, options: mqtt.IClientOptions): Promise<number> {
  return new Promise((resolve) => {
    const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, ...options });
    c.once("connect", (packet) => {
      c.end(true);
      resolve(packet.returnCode ?? 0);
    });
    c.once("error", (error) => {
      c.end(true);
      resolve((error as { code?: number }).code ?? -1);
    });
  });
}

describe("client ids belong to their devices", () => {
  it("refuses a client that takes the hub's id, and the hub stays online for the pads", async () => {
    const h = await start();
    const watcher = await client(h);
    await watcher.subscribe(`${O}/device/hub/status`);
    await watcher.next(`${O}/device/hub/status`);
    for (let i = 0; i < 3; i++)
      expect(await connack(h.url, { clientId: clientIdOf("son-tay", "hub") })).toBe(2);
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    await pad.publish(`${O}/counter/1/press`, { id: "after-attack", button: "next" });
    expect(await pad.next(`${O}/counter/1/ack`, (a) => a.id === "after-attack")).toMatchObject({ ok: true });
    // The hub never said "offline": its session was never knocked off.
    expect(watcher.on(`${O}/device/hub/status`).every((s) => (s as unknown) === "online")).toBe(true);
  });

  it("lets a device connect only with its own id, and an anonymous client with no device's id", async () => {
    const config = securedOffice();
    const h = await start({ ...config, security: { ...config.security, allowAnonymous: true } });
    const own = clientIdOf("son-tay", "counter-1");
    expect(await connack(h.url, { clientId: own, username: "counter-1", password: "pad-one" })).toBe(0);
    expect(
      await connack(h.url, { clientId: `${own}.second`, username: "counter-1", password: "pad-one" }),
    ).toBe(0);
    // Another device's credential, another device's id, an anonymous client with a device's id.
    expect(await connack(h.url, { clientId: own, username: "kiosk-1", password: "kiosk-one" })).toBe(2);
    expect(await connack(h.url, { clientId: "esp32-pad", username: "counter-1", password: "pad-one" })).toBe(
      2,
    );
    expect(await connack(h.url, { clientId: own })).toBe(2);
    expect(await connack(h.url, { clientId: clientIdOf("son-tay", "hub") })).toBe(2);
    expect(await connack(h.url, { clientId: "mosquitto_pub_123" })).toBe(0);
    expect(h.hub.stats().refused.client_id_taken).toBe(4);
  });

  it("keeps a pad's session when another client tries its id", async () => {
    const h = await start(securedOffice());
    const pad = await client(h, {
      clientId: clientIdOf("son-tay", "counter-1"),
      username: "counter-1",
      password: "pad-one",
    });
    await pad.subscribe(`${O}/counter/1/ack`);
    expect(
      await connack(h.url, {
        clientId: clientIdOf("son-tay", "counter-1"),
        username: "counter-2",
        password: "pad-two",
      }),
    ).toBe(2);
    await pad.publish(`${O}/counter/1/press`, { id: "still-here", button: "next" });
    expect(await pad.next(`${O}/counter/1/ack`, (a) => a.id === "still-here")).toMatchObject({ ok: true });
    // Never knocked off (the test client does not reconnect by itself).
    expect(pad.client.connected).toBe(true);
  });
});

describe("the broker refuses what a device must not send", () => {
  it("drops a connection that announces a 100 MiB packet from its header, before reading the body", async () => {
    const h = await start();
    const port = Number(new URL(h.url).port);
    const socket: Socket = connectTcp(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => undefined);
    // CONNECT (MQTT 3.1.1, clean session, keepalive 10, client id "big").
    socket.write(Buffer.from([0x10, 15, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 10, 0, 3, 0x62, 0x69, 0x67]));
    // PUBLISH QoS 0 declaring 100 MiB (remaining length in four bytes), then a first slice.
    const size = 100 * 1024 * 1024;
    const length = [];
    for (let n = size; n > 0; n = Math.floor(n / 128)) length.push((n % 128) | (n >= 128 ? 0x80 : 0));
    socket.write(Buffer.from([0x30, ...length]));
    let sent = 0;
    const slice = Buffer.alloc(16 * 1024, 0x41);
    // Keep sending until the hub hangs up: it must do so long before the body is complete.
    while (!socket.destroyed && sent < 8 * 1024 * 1024) {
      const more = socket.write(slice);
      sent += slice.length;
      if (!more) await Promise.race([new Promise((r) => socket.once("drain", r)), closed]);
    }
    await closed;
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect(h.hub.stats().refused.too_large).toBe(1);
    // Everyone else is served as before.
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    await pad.publish(`${O}/counter/1/press`, { id: "p", button: "next" });
    expect(await pad.next(`${O}/counter/1/ack`)).toMatchObject({ id: "p", ok: true });
  });

  it("refuses a retained press: not acted on, never stored by the broker, the pad told", async () => {
    const h = await start();
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    const entries = h.hub.store.count();
    await pad.client.publishAsync(`${O}/counter/1/press`, JSON.stringify({ id: "kept", button: "next" }), {
      qos: 1,
      retain: true,
    });
    expect(await pad.next(`${O}/counter/1/ack`, (a) => a.id === "kept")).toMatchObject({
      ok: false,
      error: { code: "retained" },
    });
    expect(h.hub.store.count()).toBe(entries);
    // A later subscriber gets no stored press: a retained one would arrive before this probe's.
    const late = await client(h);
    await late.subscribe(`${O}/counter/+/press`);
    await pad.publish(`${O}/counter/1/press`, { id: "probe", button: "recall" });
    await late.next(`${O}/counter/1/press`, (p) => p.id === "probe");
    expect(late.on(`${O}/counter/1/press`).map((p) => p.id)).toEqual(["probe"]);
    expect(h.hub.stats().refused.retained).toBe(1);
  });

  it("never relays a refused press to other subscribers", async () => {
    const h = await start();
    const watcher = await client(h);
    await watcher.subscribe(`${O}/counter/+/press`);
    const pad = await client(h);
    await pad.publish(`${O}/counter/1/press`, "{not json");
    await pad.publish(`${O}/counter/1/press`, { id: "b", button: "jump" });
    await pad.publish(`${O}/counter/9/press`, { id: "c", button: "next" });
    await pad.publish(`${O}/counter/1/press`, { id: "good", button: "next" });
    await watcher.next(`${O}/counter/1/press`, (p) => p.id === "good");
    expect(watcher.messages.filter((m) => m.topic.endsWith("/press")).map((m) => m.payload)).toEqual([
      JSON.stringify({ id: "good", button: "next" }),
    ]);
    expect(h.hub.stats().refused).toMatchObject({ bad_payload: 2, unknown_counter: 1 });
  });

  it("refuses a payload that is not valid UTF-8 instead of reading it lossily", async () => {
    const h = await start();
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    const bad = Buffer.concat([
      Buffer.from('{"id":"u8","button":"next","x":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    await pad.client.publishAsync(`${O}/counter/1/press`, bad, { qos: 1 });
    await pad.publish(`${O}/counter/1/press`, { id: "fine", button: "next" });
    await pad.next(`${O}/counter/1/ack`, (a) => a.id === "fine");
    expect(pad.on(`${O}/counter/1/ack`).map((a) => a.id)).toEqual(["fine"]);
    expect(h.hub.stats().refused.bad_payload).toBe(1);
    // A presence in invalid UTF-8 is refused too, and its sender disconnected.
    const device = await client(h);
    device.client.publish(`${O}/device/display-x/status`, Buffer.from([0x22, 0xff, 0x22]), {
      qos: 1,
      retain: true,
    });
    await device.whenClosed();
  });
});

describe("answers that survive a resend", () => {
  it("answers a kiosk press sent again with its id with the same ticket, also after a restart", async () => {
    const h = await start();
    const kiosk = await client(h);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "req-1", service: "TP" });
    const first = await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "req-1");
    await h.restart();
    const again = h;
    const kiosk2 = await client(again);
    await kiosk2.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk2.publish(`${O}/kiosk/1/press`, { id: "req-1", service: "TP" });
    const second = await kiosk2.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "req-1");
    expect(second).toMatchObject({ number: first.number, label: first.label, service: "TP" });
    expect(again.hub.stats().duplicates).toBe(1);
    expect(again.hub.store.numbers("2026-11-25", "TP")).toHaveLength(1);
  });

  it("acknowledges a counter press once stored, and a resend with the stored call", async () => {
    const h = await start();
    const kiosk = await client(h);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "t1", service: "TP" });
    await kiosk.next(`${O}/kiosk/1/ticket`);
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    await pad.publish(`${O}/counter/1/press`, { id: "n1", button: "next" });
    const ack = await pad.next(`${O}/counter/1/ack`, (a) => a.id === "n1");
    expect(ack).toMatchObject({ ok: true, duplicate: false, called: { label: "TP-001", kind: "walkin" } });
    await pad.publish(`${O}/counter/1/press`, { id: "n1", button: "next" });
    const again = await pad.next(`${O}/counter/1/ack`, (a) => a.id === "n1" && a.duplicate === true);
    expect(again).toMatchObject({ ok: true, called: { label: "TP-001" }, at: ack.at });
  });
});

describe("a kiosk's void notice", () => {
  it("removes the number it never printed from the queue: never called, not counted as waiting", async () => {
    const h = await start();
    const kiosk = await client(h);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.subscribe(`${O}/board`);
    for (const id of ["a", "b"]) {
      await kiosk.publish(`${O}/kiosk/1/press`, { id, service: "TP" });
      await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === id);
    }
    await kiosk.next(`${O}/board`, (b) => (b.waiting as Record<string, number>).TP === 2);
    await kiosk.publish(`${O}/kiosk/1/void`, {
      requestId: "a",
      service: "TP",
      priority: false,
      reason: "print_failed",
      at: NOW,
    });
    await kiosk.next(`${O}/board`, (b) => (b.waiting as Record<string, number>).TP === 1);
    const pad = await client(h);
    await pad.subscribe(`${O}/counter/1/ack`);
    await pad.publish(`${O}/counter/1/press`, { id: "n", button: "next" });
    expect(await pad.next(`${O}/counter/1/ack`)).toMatchObject({ called: { label: "TP-002" } });
    expect(h.hub.store.numbers("2026-11-25", "TP").map((n) => [n.label, n.status])).toEqual([
      ["TP-001", "voided"],
      ["TP-002", "called"],
    ]);
  });

  it("voids the ticket of a press in the same group commit, and nothing for a press never received", async () => {
    const h = await start();
    const kiosk = await client(h);
    await kiosk.subscribe(`${O}/board`);
    // Sent back to back without waiting: the press and its void are decided in one group.
    kiosk.client.publish(`${O}/kiosk/1/press`, JSON.stringify({ id: "x", service: "DD" }), { qos: 1 });
    kiosk.client.publish(
      `${O}/kiosk/1/void`,
      JSON.stringify({ requestId: "x", service: "DD", priority: false, reason: "unanswered", at: NOW }),
      { qos: 1 },
    );
    await kiosk.publish(`${O}/kiosk/1/void`, {
      requestId: "never-sent",
      service: "DD",
      priority: false,
      reason: "unanswered",
      at: NOW,
    });
    expect(h.hub.store.numbers("2026-11-25", "DD").map((n) => [n.label, n.status])).toEqual([
      ["DD-001", "voided"],
    ]);
    const types = [...h.hub.store.entries()].map((e) => e.input.type);
    expect(types.filter((t) => t === "void")).toHaveLength(1);
  });
});

describe("one device cannot starve the others", () => {
  it("refuses a counter's presses over its rate, tells the pad, and keeps serving the other counters", async () => {
    const h = await start(undefined, { rateLimit: { burst: 5, perSecond: 0.001 } });
    const flood = await client(h);
    await flood.subscribe(`${O}/counter/1/ack`);
    // Every press acknowledged by the broker (PUBACK) means every press was taken or refused.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        flood.client.publishAsync(`${O}/counter/1/press`, JSON.stringify({ id: `f${i}`, button: "recall" }), {
          qos: 1,
        }),
      ),
    );
    await flood.next(`${O}/counter/1/ack`, () => flood.on(`${O}/counter/1/ack`).length >= 10);
    const acks = flood.on(`${O}/counter/1/ack`);
    expect(acks.filter((a) => a.ok === true)).toHaveLength(5);
    // Told of its first refusals; a flood's later ones are only counted, so they cost nothing.
    expect(acks.filter((a) => a.ok === false).map((a) => (a.error as { code: string }).code)).toEqual(
      Array(5).fill("rate_limited"),
    );
    expect(h.hub.stats().refused.rate_limited).toBe(15);
    const other = await client(h);
    await other.subscribe(`${O}/counter/2/ack`);
    await other.publish(`${O}/counter/2/press`, { id: "o", button: "next" });
    expect(await other.next(`${O}/counter/2/ack`)).toMatchObject({ id: "o", ok: true });
  });
});

describe("group commit", () => {
  it("decides presses that arrive together in order, stores each, and answers each once stored", async () => {
    const h = await start();
    const kiosk = await client(h);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const asked = Array.from({ length: 10 }, (_, i) => `g${i}`);
    for (const id of asked)
      kiosk.client.publish(`${O}/kiosk/1/press`, JSON.stringify({ id, service: "XH" }), { qos: 1 });
    for (const id of asked) await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === id);
    // Numbered in the order the presses were sent (the answers may arrive in any order).
    const numberOf = new Map(kiosk.on(`${O}/kiosk/1/ticket`).map((t) => [t.requestId, t.number]));
    expect(asked.map((id) => numberOf.get(id))).toEqual(asked.map((_, i) => i + 1));
    expect(h.hub.store.numbers("2026-11-25", "XH")).toHaveLength(10);
  });
});
