// The link's rules with fake timers: the PUBACK and answer deadlines, the reconnection period,
// refusals. The broker is a real aedes reached in process; only the clocks are fake.
import { clientIdOf, presencePayload, topics } from "@motcua/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeviceLink, type DeviceLinkOptions } from "../src/index.js";
import { TestBroker } from "./broker.js";

const OFFICE = "son-tay";
const PRESS = topics.counterPress(OFFICE, "1");
const ACK = topics.counterAck(OFFICE, "1");
const HUB = topics.deviceStatus(OFFICE, "hub");

let broker: TestBroker;
let link: DeviceLink | undefined;

/** Lets the in-process streams and the broker work: they run on real immediates. */
async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await flush(1);
  }
  throw new Error(`never: ${what}`);
}

async function connected(options: Partial<DeviceLinkOptions> = {}): Promise<DeviceLink> {
  link = new DeviceLink({
    url: "in-process",
    stream: broker.connect,
    office: OFFICE,
    device: "counter-1",
    subscriptions: [ACK],
    reconnectMs: 1000,
    ackTimeoutMs: 3000,
    ...options,
  });
  await until(() => link?.connected === true, "the connection");
  return link;
}

async function hubOnline(l: DeviceLink): Promise<void> {
  await broker.retain(HUB, presencePayload("online"));
  await until(() => l.reachable, "the hub's presence");
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  broker = await TestBroker.start();
});

afterEach(async () => {
  const closing = link?.close();
  await vi.advanceTimersByTimeAsync(2000);
  await closing;
  link = undefined;
  vi.useRealTimers();
  await broker.close();
});

describe("a request (a press), with fake timers", () => {
  it("is refused at once, and nothing is sent, while the hub's presence is unknown or offline", async () => {
    const l = await connected();
    expect(l.clientId).toBe(clientIdOf(OFFICE, "counter-1"));
    expect(l.hub).toBe("unknown");
    expect(await l.request(PRESS, '{"id":"a"}')).toEqual({ ok: false, ms: 0, reason: "hub_unreachable" });
    await broker.retain(HUB, presencePayload("offline"));
    await until(() => l.hub === "offline", "the hub's offline");
    expect(await l.request(PRESS, '{"id":"b"}')).toMatchObject({ ok: false, reason: "hub_unreachable" });
    expect(broker.on(PRESS)).toEqual([]);
    await hubOnline(l);
    expect(await l.request(PRESS, '{"id":"c"}')).toMatchObject({ ok: true });
    expect(broker.on(PRESS)).toEqual(['{"id":"c"}']);
  });

  it("with no PUBACK in time is withdrawn, the connection reset, and never sent again", async () => {
    const l = await connected();
    await hubOnline(l);
    broker.stall = (p) => p.topic === PRESS;
    const outcome = l.request(PRESS, '{"id":"late"}');
    await flush();
    expect(Object.keys(l.client.outgoing)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(l.connected).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ ok: false, reason: "no_ack" });
    expect(Object.keys(l.client.outgoing)).toEqual([]);
    await until(() => !l.connected, "the reset");
    broker.stall = () => false;
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => l.connected, "the reconnection");
    await flush();
    // Asked once, stalled, and never again: not resent on the new connection.
    expect(broker.on(PRESS)).toEqual(['{"id":"late"}']);
  });

  it("is abandoned when the connection closes before its PUBACK, and not resent", async () => {
    const l = await connected();
    await hubOnline(l);
    broker.stall = (p) => p.topic === PRESS;
    const outcome = l.request(PRESS, '{"id":"cut"}');
    await flush();
    broker.cut();
    expect(await outcome).toMatchObject({ ok: false, reason: "connection_lost" });
    expect(l.reachable).toBe(false);
    expect(l.hub).toBe("unknown");
    broker.stall = () => false;
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => l.reachable, "the reconnection and the hub's presence");
    await flush();
    expect(broker.on(PRESS)).toEqual(['{"id":"cut"}']);
  });

  it("waits for the hub's answer, within its own time limit", async () => {
    const l = await connected();
    await hubOnline(l);
    const answer = {
      topic: ACK,
      read: (p: Uint8Array) => {
        const ack = JSON.parse(new TextDecoder().decode(p)) as { id: string; ok: boolean };
        return ack.id === "x" ? ack : undefined;
      },
      timeoutMs: 2000,
    };
    const unanswered = l.request(PRESS, '{"id":"x"}', answer);
    await flush();
    await vi.advanceTimersByTimeAsync(1999);
    await broker.send(ACK, '{"id":"someone-else","ok":true}');
    await flush();
    await vi.advanceTimersByTimeAsync(1);
    // PUBACK'd, so nothing to withdraw: the connection stays.
    expect(await unanswered).toMatchObject({ ok: false, reason: "no_answer" });
    expect(l.connected).toBe(true);

    const answered = l.request(PRESS, '{"id":"x"}', answer);
    await flush();
    await broker.send(ACK, '{"id":"x","ok":false}');
    expect(await answered).toMatchObject({ ok: true, answer: { id: "x", ok: false } });
  });

  it("takes an answer that overtakes the PUBACK, and keeps it out of the message listeners", async () => {
    const l = await connected();
    await hubOnline(l);
    const seen: string[] = [];
    l.onMessage((m) => seen.push(m.topic));
    // The hub answers from inside the broker's hook, before the broker acknowledges.
    broker.stall = (p) => {
      if (p.topic !== PRESS) return false;
      setImmediate(() => void broker.send(ACK, '{"id":"q"}'));
      return true;
    };
    const outcome = l.request(PRESS, '{"id":"q"}', { topic: ACK, read: (p) => p.byteLength });
    await flush();
    expect(await outcome).toMatchObject({ ok: true });
    expect(seen).not.toContain(ACK);
    // Answered: a slow PUBACK no longer resets anything.
    await vi.advanceTimersByTimeAsync(3000);
    expect(l.connected).toBe(true);
  });
});

describe("the connection, with fake timers", () => {
  it("reconnects after the period, not before, and subscribes again each time", async () => {
    const l = await connected({ reconnectMs: 5000 });
    const retained: boolean[] = [];
    l.onMessage((m) => {
      if (m.topic === ACK) retained.push(m.retained);
    });
    await broker.retain(ACK, '{"id":"r"}');
    await until(() => retained.length === 1, "the first delivery");
    expect(broker.streams).toBe(1);
    broker.cut();
    await until(() => !l.connected, "the loss");
    await vi.advanceTimersByTimeAsync(4999);
    expect(broker.streams).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => l.connected, "the reconnection");
    expect(broker.streams).toBe(2);
    await until(() => retained.length === 2, "the retained message again");
    // Sent again on the new subscription, flagged retained: the picture as it stands.
    expect(retained[1]).toBe(true);
  });

  it("is refused after close(), which says offline and ends within its bounds", async () => {
    const l = await connected();
    await hubOnline(l);
    const closing = l.close();
    await vi.advanceTimersByTimeAsync(2000);
    await closing;
    expect(l.connected).toBe(false);
    expect(broker.on(topics.deviceStatus(OFFICE, "counter-1"))).toEqual([
      presencePayload("online"),
      presencePayload("offline"),
    ]);
    expect(await l.request(PRESS, "{}")).toMatchObject({ ok: false, reason: "hub_unreachable" });
  });
});
