import {
  boardContent,
  type Json,
  nextEvent,
  O,
  parseJson,
  retained,
  sameJson,
  TestClient,
  TestHub,
} from "@motcua/hub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  findMosquittoTools,
  MosquittoBroker,
  MosquittoSub,
  missingTools,
  mosquittoPub,
  run,
} from "./helpers/mosquitto.js";

/*
 * The contract of PROTOCOL.md held against parties that are not ours: Debian's mosquitto_pub
 * and mosquitto_sub as devices talking to the embedded aedes broker, and Debian's Mosquitto
 * as the external broker (`--broker`) between our hub and mqtt.js devices, including a broker
 * restart that loses every retained message. Each test starts its own hub (and broker).
 */

const NOW = "2026-11-25T07:44:00+07:00"; // a Wednesday, inside the morning session

const tools = findMosquittoTools();
const missing = missingTools(tools);
const inCI = Boolean(process.env.CI);
if (missing.length > 0 && !inCI) {
  console.warn(
    `mosquitto.test.ts skipped: ${missing.join(", ")} not installed (scripts/setup.sh installs them as root: apt-get install mosquitto mosquitto-clients)`,
  );
}
// Under CI a missing tool is a failure, never a silent skip.
const suite = describe.skipIf(missing.length > 0 && !inCI);
function requireTools(): void {
  if (missing.length > 0)
    throw new Error(
      `${missing.join(", ")} missing under CI: scripts/setup.sh must install mosquitto and mosquitto-clients`,
    );
}

suite("Debian's mosquitto_pub and mosquitto_sub against the embedded aedes hub", () => {
  let h: TestHub;
  let clients: TestClient[] = [];
  const subs: MosquittoSub[] = [];
  const port = () => h.port;
  const sub = (topic: string) => {
    const s = new MosquittoSub(tools, port(), topic, 1, 5);
    subs.push(s);
    return s;
  };
  const client = async (...filters: string[]) => {
    const c = await TestClient.connect(h.url);
    clients.push(c);
    if (filters.length > 0) await c.subscribe(...filters);
    return c;
  };

  beforeEach(async () => {
    requireTools();
    h = await TestHub.start({ now: NOW });
  });
  afterEach(async () => {
    for (const s of subs.splice(0)) s.kill();
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    await h.close();
  });

  it("gives a late mosquitto_sub the retained board", async () => {
    const { code, stdout, stderr } = await run(tools.sub as string, [
      ...["-h", "127.0.0.1", "-p", String(port()), "-V", "mqttv311"],
      ...["-C", "1", "-W", "5", "-F", "%r %p", "-t", `${O}/board`],
    ]);
    expect(code, stderr).toBe(0);
    const [flag, ...rest] = stdout.trim().split(" ");
    expect(flag).toBe("1");
    const board = parseJson(rest.join(" "));
    expect(board).toMatchObject({
      date: "2026-11-25",
      session: "morning",
      waiting: { TP: 0, DD: 0, XH: 0, VH: 0 },
      appointments: [],
    });
    expect(board?.counters).toHaveLength(3);
  });

  it("answers a kiosk press made with mosquitto_pub -q 1 on the kiosk's ticket topic", async () => {
    const answer = sub(`${O}/kiosk/1/ticket`);
    await answer.subscribed;
    const pub = await mosquittoPub(tools, port(), `${O}/kiosk/1/press`, '{"id":"mq-kiosk-1","service":"DD"}');
    expect(pub.code, pub.stderr).toBe(0);
    const messages = await answer.done;
    expect(messages, `${answer.log}\n${h.log.text()}`).toHaveLength(1);
    expect(messages[0]?.retained).toBe(false);
    expect(parseJson(messages[0]?.payload ?? "")).toMatchObject({
      requestId: "mq-kiosk-1",
      service: "DD",
      number: 1,
      label: "DD-001",
      counters: ["2"],
      waiting: 0,
    });
    expect(h.storedIds()).toEqual(["mq-kiosk-1"]);
  });

  it("announces a counter's next made with mosquitto_pub on calls, and retains the counter's state", async () => {
    const kiosk = await client(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "mq-ticket", service: "DD" });
    await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "mq-ticket");
    const calls = sub(`${O}/calls`);
    await calls.subscribed;
    const states = await client(`${O}/counter/2/state`);
    const pub = await mosquittoPub(
      tools,
      port(),
      `${O}/counter/2/press`,
      '{"id":"mq-next-1","button":"next"}',
    );
    expect(pub.code, pub.stderr).toBe(0);
    const messages = await calls.done;
    expect(messages, calls.log).toHaveLength(1);
    expect(parseJson(messages[0]?.payload ?? "")).toMatchObject({
      number: 1,
      label: "DD-001",
      service: "DD",
      counter: "2",
      kind: "walkin",
      repeat: false,
    });
    // Once the new state is published (the hub coalesces retained updates over a few ms), the
    // broker holds it: a late mosquitto_sub gets it from the retained message alone.
    await states.next(`${O}/counter/2/state`, (s) => s.serving !== null);
    const state = sub(`${O}/counter/2/state`);
    const [kept] = await state.done;
    expect(kept?.retained, state.log).toBe(true);
    expect(parseJson(kept?.payload ?? "")).toMatchObject({
      counter: "2",
      status: "open",
      serving: { label: "DD-001", service: "DD", kind: "walkin" },
    });
  });
});

suite("the whole contract through an external Debian mosquitto broker (--broker)", () => {
  let broker: MosquittoBroker;
  let h: TestHub;
  let clients: TestClient[] = [];
  /** Everything of the office, as seen from the start of each test. */
  let office: TestClient;
  const url = () => broker.url;
  const client = async (...filters: string[]) => {
    const c = await TestClient.connect(url());
    clients.push(c);
    if (filters.length > 0) await c.subscribe(...filters);
    return c;
  };
  /** The hub's own picture, as JSON. */
  const hubBoard = () => boardContent(h.hub.queue.core.board());
  const hubState = (id: string) =>
    h.hub.queue.core.counterStates().find((c) => c.counter === id) as unknown as Json;
  /**
   * What a subscriber arriving now gets on `topic`, once the hub has published what `match`
   * accepts: the broker stores a retained message before it forwards it, so once `office`
   * has heard it, a late subscriber gets it.
   */
  const retainedOnce = async (topic: string, match: (payload: Json) => boolean = () => true) => {
    await office.next(topic, match);
    return retained(url(), topic);
  };
  /** The retained board, once it shows the hub's current picture. */
  const retainedBoard = () => retainedOnce(`${O}/board`, (b) => sameJson(boardContent(b), hubBoard()));
  /** Presses and waits for the hub's answer (a kiosk's ticket, a counter's ack). */
  const press = async (device: TestClient, topic: string, payload: Json) => {
    const answers = topic.replace(/\/press$/, topic.includes("/kiosk/") ? "/ticket" : "/ack");
    if (!device.hears(answers)) await device.subscribe(answers);
    const from = device.mark();
    await device.publish(topic, payload);
    return device.next(answers, (a) => a.requestId === payload.id || a.id === payload.id, { from });
  };

  beforeEach(async () => {
    requireTools();
    broker = await MosquittoBroker.start(tools.broker as string);
    h = await TestHub.start({ now: NOW, brokerUrl: broker.url });
    office = await client(`${O}/#`);
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    await h.close();
    await broker.close();
  });

  it("runs with no embedded broker and gives a late subscriber the retained picture", async () => {
    expect(h.hub.broker).toBeUndefined();
    expect(h.hub.mqttUrl).toBe(url());
    const board = await retainedOnce(`${O}/board`);
    expect(board).toMatchObject({
      date: "2026-11-25",
      session: "morning",
      waiting: { TP: 0, DD: 0, XH: 0, VH: 0 },
    });
    expect(await retainedOnce(`${O}/counter/1/state`)).toEqual({
      counter: "1",
      status: "open",
      serving: null,
      waiting: 0,
    });
    expect(await retainedOnce(`${O}/device/hub/status`)).toBe("online");
  });

  it("answers a kiosk press with a ticket and updates the retained board", async () => {
    const kiosk = await client(`${O}/kiosk/1/ticket`, `${O}/kiosk/2/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    expect(await kiosk.next(`${O}/kiosk/1/ticket`)).toMatchObject({
      requestId: "ext-t1",
      service: "TP",
      serviceName: "Tư pháp – Hộ tịch",
      number: 1,
      label: "TP-001",
      counters: ["1"],
      waiting: 0,
    });
    await kiosk.publish(`${O}/kiosk/2/press`, { id: "ext-t2", service: "TP", priority: false });
    expect(await kiosk.next(`${O}/kiosk/2/ticket`)).toMatchObject({
      requestId: "ext-t2",
      label: "TP-002",
      waiting: 1,
    });
    // Only the asking kiosk hears its answer.
    expect(kiosk.on(`${O}/kiosk/1/ticket`)).toHaveLength(1);
    expect(kiosk.on(`${O}/kiosk/2/ticket`)).toHaveLength(1);
    expect((await retainedBoard()).waiting).toEqual({ TP: 2, DD: 0, XH: 0, VH: 0 });
  });

  it("announces a counter's next on calls and updates the retained counter state and board", async () => {
    const kiosk = await client();
    await press(kiosk, `${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    await press(kiosk, `${O}/kiosk/1/press`, { id: "ext-t2", service: "TP" });
    const display = await client(`${O}/calls`, `${O}/counter/1/state`);
    const from = display.mark();
    const pad = await client();
    await pad.publish(`${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    expect(await display.next(`${O}/calls`, () => true, { from })).toMatchObject({
      number: 1,
      label: "TP-001",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    await display.next(`${O}/counter/1/state`, (s) => s.serving !== null, { from });
    const state = await retainedOnce(`${O}/counter/1/state`, (s) => sameJson(s, hubState("1")));
    expect(state).toMatchObject({ counter: "1", status: "open", serving: { label: "TP-001" }, waiting: 1 });
    const board = await retainedBoard();
    expect(board.waiting).toEqual({ TP: 1, DD: 0, XH: 0, VH: 0 });
    expect((board.counters as Json[])[0]).toEqual(state);
    expect(boardContent(board)).toEqual(hubBoard());
  });

  it("gives a duplicate press id no second effect", async () => {
    const device = await client();
    await press(device, `${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    await press(device, `${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    const watcher = await client(`${O}/calls`, `${O}/kiosk/1/ticket`);
    const from = watcher.mark();
    const before = { stats: h.hub.stats(), ids: h.storedIds(), board: hubBoard() };
    await device.publish(`${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    await device.publish(`${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    // Handled after both resends: what they caused has reached the watcher before its answer.
    const probe = await h.probe(device, [watcher]);
    expect(h.hub.stats().duplicates).toBe(before.stats.duplicates + 2);
    expect(h.hub.stats().accepted).toBe(before.stats.accepted + 1); // the probe
    expect(h.storedIds()).toEqual([...before.ids, probe]);
    expect(watcher.on(`${O}/calls`, from)).toEqual([]);
    // The ticket may be answered again, with the same number: no second one.
    for (const answer of watcher.on(`${O}/kiosk/1/ticket`, from))
      expect(answer).toMatchObject({ requestId: "ext-t1", label: "TP-001" });
    expect(hubBoard()).toEqual(before.board);
  });

  it("refuses bad payloads, counts them, and changes nothing", async () => {
    // Once the hub's first picture is at the broker, a new subscriber gets it retained, first.
    const pictureTopics = [`${O}/board`, ...["1", "2", "3"].map((c) => `${O}/counter/${c}/state`)];
    for (const topic of pictureTopics) await office.next(topic);
    const watcher = await client(`${O}/calls`, `${O}/kiosk/+/ticket`, `${O}/board`, `${O}/counter/+/state`);
    for (const topic of pictureTopics) await watcher.next(topic, (_p, m) => m.retain);
    const boardBefore = boardContent(await retainedBoard());
    const from = watcher.mark();
    const before = { refused: h.hub.stats().refused, ids: h.storedIds() };
    const device = await client();
    const bad: [string, string][] = [
      [`${O}/counter/1/press`, "not json {"],
      [`${O}/counter/1/press`, JSON.stringify({ id: "bad-1", button: "explode" })],
      [`${O}/counter/9/press`, JSON.stringify({ id: "bad-2", button: "next" })],
      [`${O}/kiosk/1/press`, JSON.stringify({ service: "TP" })],
      [`${O}/kiosk/1/press`, JSON.stringify(["TP"])],
      [`${O}/counter/1/press`, JSON.stringify({ id: "", button: "next" })],
    ];
    for (const [topic, payload] of bad) await device.publish(topic, payload);
    const probe = await h.probe(device, [watcher]);
    const refused = h.hub.stats().refused;
    expect((refused.bad_payload ?? 0) - (before.refused.bad_payload ?? 0)).toBe(5);
    expect((refused.unknown_counter ?? 0) - (before.refused.unknown_counter ?? 0)).toBe(1);
    expect(h.storedIds()).toEqual([...before.ids, probe]);
    expect(watcher.received(`${O}/#`, from).filter((m) => !m.topic.includes("/kiosk/probe/"))).toEqual([]);
    expect(hubBoard()).toEqual(boardBefore);
    expect(boardContent(await retained(url(), `${O}/board`))).toEqual(boardBefore);
  });

  it("reconnects by itself after the broker restarts empty, and republishes every retained message", async () => {
    const device = await client();
    await press(device, `${O}/kiosk/1/press`, { id: "ext-t1", service: "TP" });
    await press(device, `${O}/kiosk/1/press`, { id: "ext-t2", service: "TP" });
    await press(device, `${O}/counter/1/press`, { id: "ext-n1", button: "next" });
    const boardBefore = boardContent(await retainedBoard());
    const stateBefore = await retainedOnce(`${O}/counter/1/state`, (s) => sameJson(s, hubState("1")));

    const reconnected = nextEvent(h.hub.link.client, "connect", 8000);
    await broker.restart(); // same port, no persistence: nothing retained survives
    await reconnected.catch((error: Error) => {
      throw new Error(`the hub did not reconnect (${error.message}); broker log:\n${broker.output}`);
    });
    // A client of the new broker sees the picture come back, then finds it retained.
    office = await client(`${O}/#`);
    expect(
      boardContent(await retainedOnce(`${O}/board`, (b) => sameJson(boardContent(b), boardBefore))),
    ).toEqual(boardBefore);
    expect(await retainedOnce(`${O}/counter/1/state`, (s) => sameJson(s, stateBefore))).toEqual(stateBefore);
    for (const id of ["2", "3"])
      expect(await retainedOnce(`${O}/counter/${id}/state`)).toMatchObject({ counter: id, serving: null });
    expect(await retainedOnce(`${O}/device/hub/status`)).toBe("online");

    // And it takes presses again, carrying on where it was.
    const kiosk = await client(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "ext-t3", service: "TP" });
    expect(await kiosk.next(`${O}/kiosk/1/ticket`)).toMatchObject({ requestId: "ext-t3", label: "TP-003" });
    expect(h.storedIds()).toEqual(["ext-t1", "ext-t2", "ext-n1", "ext-t3"]);
  });
});
