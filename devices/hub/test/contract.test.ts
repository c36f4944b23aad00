import { boardContent, O, TestClient, TestHub } from "@motcua/hub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

describe("the hub's MQTT contract (embedded aedes)", () => {
  let h: TestHub;
  let clients: TestClient[] = [];
  const client = async () => {
    const c = await TestClient.connect(h.url);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    // Wednesday 25/11/2026, inside the morning session.
    h = await TestHub.start({ now: "2026-11-25T07:44:00+07:00" });
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    await h.close();
  });

  it("gives a late subscriber the whole picture from retained messages alone", async () => {
    const display = await client();
    await display.subscribe(`${O}/#`);
    const board = await display.next(`${O}/board`);
    expect(board).toMatchObject({
      date: "2026-11-25",
      session: "morning",
      waiting: { TP: 0, DD: 0, XH: 0, VH: 0 },
    });
    expect(board.counters).toHaveLength(3);
    for (const id of ["1", "2", "3"]) {
      expect(await display.next(`${O}/counter/${id}/state`)).toEqual({
        counter: id,
        status: "open",
        serving: null,
        waiting: 0,
      });
    }
    expect(display.messages.filter((m) => m.topic === `${O}/board`)[0]?.retain).toBe(true);
    expect(await display.next(`${O}/device/hub/status`)).toBe("online");
  });

  it("answers a kiosk press with a ticket, and a counter's next with a call and new retained states", async () => {
    const kiosk = await client();
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "t-1", service: "TP" });
    const ticket = await kiosk.next(`${O}/kiosk/1/ticket`);
    expect(ticket).toMatchObject({
      requestId: "t-1",
      service: "TP",
      serviceName: "Tư pháp – Hộ tịch",
      number: 1,
      label: "TP-001",
      counters: ["1"],
      waiting: 0,
    });
    expect(ticket.issuedAt).toMatch(/^2026-11-25T07:44:\d\d\+07:00$/);

    const display = await client();
    await display.subscribe(`${O}/#`);
    // The retained board (sent at the subscription) and the live one may come in either order.
    await display.next(`${O}/board`, (_b, m) => m.retain);
    await display.next(`${O}/board`, (b) => (b.waiting as Record<string, number>).TP === 1);
    const pad = await client();
    const before = display.mark();
    await pad.publish(`${O}/counter/1/press`, { id: "n-1", button: "next" });
    const call = await display.next(`${O}/calls`, () => true, { from: before });
    expect(call).toMatchObject({
      number: 1,
      label: "TP-001",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    const state = await display.next(`${O}/counter/1/state`, (s) => s.serving !== null, { from: before });
    expect(state).toMatchObject({
      counter: "1",
      status: "open",
      serving: { label: "TP-001", kind: "walkin" },
      waiting: 0,
    });
    const board = await display.next(`${O}/board`, (b) => (b.waiting as Record<string, number>).TP === 0, {
      from: before,
    });
    expect((board.counters as { serving: unknown }[])[0]?.serving).toMatchObject({ label: "TP-001" });

    // recall repeats the call; the citizen is still the same
    await pad.publish(`${O}/counter/1/press`, { id: "r-1", button: "recall" });
    expect(await display.next(`${O}/calls`, (c) => c.repeat === true)).toMatchObject({
      label: "TP-001",
      counter: "1",
    });
  });

  it("tells a kiosk how many people are ahead of the new ticket, priority tickets first", async () => {
    const kiosk = await client();
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    for (const id of ["a", "b", "c"]) await kiosk.publish(`${O}/kiosk/1/press`, { id, service: "TP" });
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "p", service: "TP", priority: true });
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "d", service: "TP" });
    await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "d");
    const waiting = Object.fromEntries(kiosk.on(`${O}/kiosk/1/ticket`).map((t) => [t.requestId, t.waiting]));
    expect(waiting).toEqual({ a: 0, b: 1, c: 2, p: 0, d: 4 });
  });

  it("gives a redelivered press id no second effect", async () => {
    const kiosk = await client();
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "same", service: "DD" });
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "same", service: "DD" });
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "other", service: "DD" });
    // The answers come in the order of the presses: once "other" is answered, "same" is too.
    await kiosk.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "other");
    // One number for "same", however often it is answered.
    const answers = kiosk.on(`${O}/kiosk/1/ticket`);
    expect(new Set(answers.filter((t) => t.requestId === "same").map((t) => t.label))).toEqual(
      new Set(["DD-001"]),
    );
    expect(answers.filter((t) => t.requestId === "other").map((t) => t.label)).toEqual(["DD-002"]);
    expect(h.issued()).toEqual(["DD-001", "DD-002"]);
    expect(h.hub.stats().duplicates).toBe(1);
    // the same id from another kiosk is another press
    await kiosk.subscribe(`${O}/kiosk/2/ticket`);
    await kiosk.publish(`${O}/kiosk/2/press`, { id: "same", service: "DD" });
    expect(await kiosk.next(`${O}/kiosk/2/ticket`)).toMatchObject({ label: "DD-003" });
  });

  it("refuses bad device messages with a counted reason and changes nothing", async () => {
    const display = await client();
    await display.subscribe(`${O}/#`);
    const board = await display.next(`${O}/board`);
    const picture = boardContent(h.hub.queue.core.board());
    const device = await client();
    await device.publish(`${O}/counter/1/press`, "not json");
    await device.publish(`${O}/counter/1/press`, { id: "x", button: "explode" });
    await device.publish(`${O}/counter/1/press`, { button: "next" });
    await device.publish(`${O}/counter/9/press`, { id: "y", button: "next" });
    await device.publish(`${O}/kiosk/1/press`, { id: "z", service: 42 });
    await device.publish(`${O}/counter/1/press`, [1, 2, 3]);
    // Whatever the refused messages caused would reach the display before the probe's answer.
    const probe = await h.probe(device, [display]);
    expect(h.hub.stats().refused).toMatchObject({ bad_payload: 5, unknown_counter: 1 });
    expect(h.hub.stats().accepted).toBe(1); // the probe
    expect(h.storedIds()).toEqual([probe]);
    expect(boardContent(h.hub.queue.core.board())).toEqual(picture);
    expect(display.on(`${O}/calls`)).toEqual([]);
    expect(display.on(`${O}/board`)).toEqual([board]);
  });

  it("answers a ticket for an unknown service or out of hours with a Vietnamese error", async () => {
    const kiosk = await client();
    await kiosk.subscribe(`${O}/kiosk/7/ticket`);
    await kiosk.publish(`${O}/kiosk/7/press`, { id: "u", service: "ZZ" });
    const answer = await kiosk.next(`${O}/kiosk/7/ticket`);
    expect(answer).toEqual({
      requestId: "u",
      error: { code: "unknown_service", message: expect.stringMatching(/Lĩnh vực/) },
    });
  });

  it("drops a one-megabyte payload at the broker and keeps serving everyone else", async () => {
    const display = await client();
    await display.subscribe(`${O}/#`);
    await display.next(`${O}/board`);
    const flooder = await client();
    flooder.send(`${O}/counter/1/press`, Buffer.alloc(1024 * 1024, 0x7b));
    // The broker hangs up on the flooder.
    await flooder.whenClosed();
    expect(h.hub.stats().refused.too_large).toBe(1);
    const kiosk = await client();
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "after", service: "TP" });
    expect(await kiosk.next(`${O}/kiosk/1/ticket`)).toMatchObject({ label: "TP-001" });
    // The display, listening to everything, hears that answer after anything the flood caused.
    await display.next(`${O}/kiosk/1/ticket`, (t) => t.requestId === "after");
    expect(display.messages.some((m) => m.payload.length > 100_000)).toBe(false);
  });

  it("serves the display over MQTT-over-WebSocket", async () => {
    const ws = await TestClient.connect(h.wsUrl);
    clients.push(ws);
    await ws.subscribe(`${O}/board`);
    expect(await ws.next(`${O}/board`)).toMatchObject({ date: "2026-11-25", session: "morning" });
  });

  it("refuses MQTT 5 clients (aedes speaks 3.1.1)", async () => {
    await expect(TestClient.connect(h.url, { protocolVersion: 5 })).rejects.toThrow();
  });
});

describe("the hub's timers on its clock", () => {
  it("calls an appointment by itself at its time, after a restart in between", async () => {
    const h = await TestHub.start({ now: "2026-11-25T07:44:00+07:00" });
    try {
      // The SMS link is another issue: the booking takes the same path an SMS will.
      h.hub.queue.submit({
        at: h.hub.queue.stamp(),
        type: "sms",
        from: "0912345678",
        text: "DK Nguyen Van A KS nay",
      });
      expect(h.hub.store.bookings()[0]).toMatchObject({
        label: "TP-001",
        time: "2026-11-25T08:50:00+07:00",
      });
      // A second before the appointment, on a clock ten times faster.
      await h.restart({ now: "2026-11-25T08:49:59+07:00", speed: 10 });
      const display = await TestClient.connect(h.url);
      await display.subscribe(`${O}/calls`);
      const call = await display.next(`${O}/calls`);
      expect(call).toEqual({
        number: 1,
        label: "TP-001",
        service: "TP",
        counter: "1",
        kind: "appointment",
        repeat: false,
        at: "2026-11-25T08:50:00+07:00",
      });
      await display.close();
    } finally {
      await h.close();
    }
  });
});
