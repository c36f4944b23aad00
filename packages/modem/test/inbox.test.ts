import { encodeDeliver } from "@motcua/sms";
import { describe, expect, it, vi } from "vitest";
import type { Incoming, IncomingMessage } from "../src/index.js";
import { FakeModem } from "./helpers/fake-modem.js";
import { eventually, startLink, until } from "./helpers/setup.js";

/** An onMessage whose persistence the test finishes by hand. */
function heldPersistence() {
  const calls: Array<{ incoming: Incoming; resolve: () => void; reject: (e: Error) => void }> = [];
  const onMessage = (incoming: Incoming) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ incoming, resolve, reject });
    });
  return { calls, onMessage };
}

/** One SMS-DELIVER PDU (hex with its SMSC part). */
const encodeOne = (from: string, text: string) =>
  encodeDeliver({ from, text, timestamp: "2026-11-24T08:00:00+07:00" })[0]?.hex ?? "";

const messages = (received: Incoming[]) => received.filter((m): m is IncomingMessage => m.kind === "message");

describe("reading", () => {
  it("+CMTI → AT+CMGR → onMessage → AT+CMGD only once persistence resolved", async () => {
    const fake = new FakeModem();
    const held = heldPersistence();
    const { modem } = startLink(fake, { onMessage: held.onMessage });
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const [index] = fake.deliver("+84912345678", "DK Nguyen Van A KS 24/11");
    await eventually(() => expect(held.calls).toHaveLength(1));
    expect(fake.commands.at(-1)).toBe(`AT+CMGR=${index}`);
    expect(held.calls[0]?.incoming).toMatchObject({
      kind: "message",
      from: "+84912345678",
      fromType: "international",
      sender: "mobile",
      answerable: true,
      text: "DK Nguyen Van A KS 24/11",
      timestamp: "2026-11-24T08:00:00+07:00",
      parts: 1,
      complete: true,
      index,
      modem: fake.path,
    });
    // Not persisted yet: the message must still be on the SIM.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fake.commands).not.toContain(`AT+CMGD=${index}`);
    expect(fake.storage.size).toBe(1);
    held.calls[0]?.resolve();
    await eventually(() => expect(fake.commands.at(-1)).toBe(`AT+CMGD=${index}`));
    expect(fake.storage.size).toBe(0);
  });

  it("keeps a message on the SIM when onMessage rejects, and hands it over again on the next poll", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    let fail = true;
    const received: Incoming[] = [];
    const { modem } = startLink(fake, {
      pollIntervalMs: 60_000,
      onMessage: async (incoming) => {
        received.push(incoming);
        if (fail) throw new Error("disk full");
      },
    });
    await until(modem, "ready");
    fake.deliver("0912345678", "DK Tran Thi B KT 25/11");
    await eventually(() => expect(received).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.commands.some((c) => c.startsWith("AT+CMGD"))).toBe(false);
    expect(modem.status().state).toBe("ready"); // the loop did not die
    fail = false;
    await vi.advanceTimersByTimeAsync(60_000);
    await eventually(() => expect(fake.storage.size).toBe(0));
    expect(received).toHaveLength(2);
    expect(received[1]?.id).toBe(received[0]?.id);
    expect(messages(received)[1]?.from).toBe("+84912345678"); // national 09… normalised
  });

  it("reads the whole storage on connect (messages that came while the link was down)", async () => {
    const fake = new FakeModem();
    fake.deliver("+84912345678", "DK A KS 24/11", { notify: false });
    fake.deliver("+84987654321", "DK B KT 24/11", { notify: false });
    fake.deliver("+84911111111", "HUY C123", { notify: false });
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(received).toHaveLength(3));
    await eventually(() => expect(fake.storage.size).toBe(0));
    expect(messages(received).map((m) => m.text)).toEqual(["DK A KS 24/11", "DK B KT 24/11", "HUY C123"]);
    expect(fake.commands.filter((c) => c.startsWith("AT+CMGD="))).toEqual([
      "AT+CMGD=0",
      "AT+CMGD=1",
      "AT+CMGD=2",
    ]);
  });

  it("polls the storage periodically: a modem that stopped indicating loses nothing", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem, received } = startLink(fake, { pollIntervalMs: 60_000 });
    await until(modem, "ready");
    await vi.advanceTimersByTimeAsync(100);
    fake.deliver("+84912345678", "DK A KS 24/11", { notify: false });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_100);
    await eventually(() => expect(received).toHaveLength(1));
    expect(fake.commands.filter((c) => c === "AT+CMGL=4")).toHaveLength(2);
  });

  it("reassembles a multipart message arriving out of order; each part is handed over to persist", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    const text =
      "DK Nguyễn Thị Ánh Hồng KS 24/11, xin cho tôi đặt lịch đăng ký khai sinh cho con gái mới sinh, cảm ơn quý cơ quan rất nhiều";
    fake.deliver("+84912345678", text, { reference: 42, order: [1, 0] });
    await eventually(() => expect(received).toHaveLength(2));
    expect(received[0]).toMatchObject({
      kind: "part",
      part: { concat: { reference: 42, total: 2, sequence: 2 } },
    });
    expect(received[1]).toMatchObject({ kind: "message", text, parts: 2, complete: true, answerable: true });
    await eventually(() => expect(fake.storage.size).toBe(0));
  });

  it("puts a completed message's earlier parts back when its persistence fails, so it completes next time", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    let failMessages = true;
    const received: Incoming[] = [];
    const { modem } = startLink(fake, {
      onMessage: async (incoming) => {
        received.push(incoming);
        if (incoming.kind === "message" && failMessages) throw new Error("busy");
      },
    });
    await until(modem, "ready");
    fake.deliver("+84912345678", "x".repeat(200), { reference: 9 });
    await eventually(() => expect(received.map((r) => r.kind)).toEqual(["part", "message"]));
    expect(fake.storage.size).toBe(1); // the second part stays
    failMessages = false;
    await vi.advanceTimersByTimeAsync(60_000);
    await eventually(() => expect(fake.storage.size).toBe(0));
    expect(received.at(-1)).toMatchObject({ kind: "message", text: "x".repeat(200), complete: true });
  });

  it("flags alphanumeric senders so nobody answers them", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    fake.deliver("Viettel", "KM: nap the 50k tang 50%");
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({
      kind: "message",
      from: "Viettel",
      fromType: "alphanumeric",
      sender: "alphanumeric",
      answerable: false,
    });
  });

  it("reads a hand-written PDU (an independent vector) and keeps an undecodable one raw", async () => {
    const fake = new FakeModem();
    // The classic SMS-DELIVER from +31641600986, "How are you?" (SMSC +31624000000).
    fake.store("07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07", 31, false);
    fake.store("0006D60B911326880736F4111011719551401110117195714000", 25, false); // a status report
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(received).toHaveLength(2));
    expect(received[0]).toMatchObject({
      kind: "message",
      from: "+31641600986",
      sender: "international",
      answerable: true,
      text: "How are you?",
    });
    expect(received[1]).toMatchObject({ kind: "undecodable", index: 1 });
    await eventually(() => expect(fake.storage.size).toBe(0));
  });

  it("deletes without handing over again a message whose AT+CMGD was lost", async () => {
    const fake = new FakeModem();
    fake.on(/^AT\+CMGD=0$/, "\r\n+CMS ERROR: 500\r\n");
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    fake.deliver("+84912345678", "DK A KS 24/11");
    await eventually(() => expect(fake.commands).toContain("AT+CMGD=0"));
    fake.on(/^AT\+CMGD=0$/, "\r\nOK\r\n");
    modem.readAll();
    await eventually(() => expect(fake.commands.filter((c) => c === "AT+CMGD=0")).toHaveLength(2));
    expect(received).toHaveLength(1);
  });

  it("reads a burst of +CMTI with one AT+CMGL and deletes it with one AT+CMGD=<i>,1 once all is stored", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const before = fake.commands.length;
    const indexes = Array.from({ length: 10 }, (_, i) =>
      fake.store(encodeOne(`+8491234560${i}`, `DK ${i} KS 24/11`), 24, false),
    );
    fake.emit(indexes.map((i) => `\r\n+CMTI: "SM",${i}\r\n`).join(""));
    await eventually(() => expect(fake.storage.size).toBe(0));
    expect(messages(received).map((m) => m.text)).toEqual(indexes.map((i) => `DK ${i} KS 24/11`));
    expect(fake.commands.slice(before)).toEqual(["AT+CMGL=4", "AT+CMGD=0,1"]);
  });

  it("deletes one by one when a message of the listing could not be stored (it stays)", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake, {
      onMessage: async (incoming) => {
        if (incoming.kind === "message" && incoming.text === "DK 3") throw new Error("disk full");
      },
    });
    await until(modem, "ready");
    for (let i = 0; i < 10; i++) fake.deliver(`+8491234560${i}`, `DK ${i}`, { notify: false });
    modem.readAll();
    await eventually(() => expect(fake.storage.size).toBe(1));
    expect(fake.commands.filter((c) => c.startsWith("AT+CMGD"))).toEqual(
      [0, 1, 2, 4, 5, 6, 7, 8, 9].map((i) => `AT+CMGD=${i}`),
    );
    expect([...fake.storage.keys()]).toEqual([3]);
  });

  it("reads and deletes when the storage is full (CPMS used = total), before the next poll", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem({ total: 5 });
    const { modem, received } = startLink(fake, { pollIntervalMs: 3_600_000, statusIntervalMs: 30_000 });
    await until(modem, "ready");
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 0; i < 5; i++) fake.deliver(`+8491234567${i}`, `DK ${i}`, { notify: false });
    await vi.advanceTimersByTimeAsync(30_000);
    await eventually(() => expect(received).toHaveLength(5));
    await eventually(() => expect(fake.storage.size).toBe(0));
    expect(fake.commands.filter((c) => c === "AT+CMGL=4")).toHaveLength(2);
  });

  it("reads at once on +CMS ERROR: 322 (memory full) or a memory-full indication", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    fake.deliver("+84912345678", "DK A", { notify: false });
    fake.emit('\r\n^SMMEMFULL: "SM"\r\n');
    await eventually(() => expect(received).toHaveLength(1));
  });

  it("gives up an incomplete message after the reassembly timeout and hands it over incomplete", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem, received } = startLink(fake, { reassemblyTimeoutMs: 120_000, pollIntervalMs: 60_000 });
    await until(modem, "ready");
    fake.deliver("+84912345678", "y".repeat(200), { reference: 3, order: [0] });
    await eventually(() => expect(received).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(200_000);
    await eventually(() => expect(received).toHaveLength(2));
    expect(received[1]).toMatchObject({ kind: "message", complete: false, parts: 2, index: undefined });
  });

  it("restores parts persisted before a restart, so a later part completes the message", async () => {
    const fake = new FakeModem();
    const first = startLink(fake);
    await until(first.modem, "ready");
    fake.deliver("+84912345678", "z".repeat(200), { reference: 5, order: [0] });
    await eventually(() => expect(first.received).toHaveLength(1));
    const part = first.received[0];
    if (part?.kind !== "part") throw new Error("expected a part");
    await first.modem.stop();

    const fake2 = new FakeModem();
    const second = startLink(fake2);
    second.modem.restoreParts([part.part]);
    await until(second.modem, "ready");
    // The same message's second part arrives after the restart.
    fake2.deliver("+84912345678", "z".repeat(200), { reference: 5, order: [1] });
    await eventually(() => expect(second.received).toHaveLength(1));
    expect(second.received[0]).toMatchObject({ kind: "message", text: "z".repeat(200), complete: true });
  });
});
