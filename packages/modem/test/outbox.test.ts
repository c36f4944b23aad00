import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "@motcua/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  classifySendError,
  MemoryOutboxStore,
  ModemError,
  ModemPool,
  Outbox,
  type OutboxStore,
  SMS_PRIORITY,
} from "../src/index.js";
import { FakeModem } from "./helpers/fake-modem.js";
import { testLogger } from "./helpers/log.js";
import { eventually, startLink, until } from "./helpers/setup.js";

const { log } = testLogger("silent");
const pools: ModemPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) {
    const stopping = pool.stop();
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(120_000);
    await stopping;
  }
});

const LONG =
  "Đặt lịch thành công: Nguyễn Thị Ánh, thủ tục Đăng ký khai sinh, ngày 24/11 lúc 09:00, quầy 2, số TP-012. Mã giao dịch C12345.";

/** A modem link on a fake modem, sending from `store` through a one-modem pool. */
async function sender(store: OutboxStore = new MemoryOutboxStore(), fake = new FakeModem()) {
  const outbox = new Outbox(store, { log });
  const { modem } = startLink(fake);
  await until(modem, "ready");
  const pool = new ModemPool({ outbox, modems: [modem], log });
  pools.push(pool);
  return { outbox, modem, pool, fake, store };
}

describe("classifySendError", () => {
  it("retries the retryable CMS errors, fails the permanent ones, gives back what is the modem's fault", () => {
    const cms = (n: number) => new ModemError("CMS_ERROR", `+CMS ERROR: ${n}`, { cms: n });
    for (const n of [38, 41, 42, 47, 314, 331, 332, 500]) expect(classifySendError(cms(n))).toBe("retry");
    for (const n of [1, 8, 10, 21, 27, 28, 29, 30, 50, 96, 111, 304, 321])
      expect(classifySendError(cms(n))).toBe("fail");
    for (const n of [310, 311, 313, 316, 320, 322, 330]) expect(classifySendError(cms(n))).toBe("give_back");
    expect(classifySendError(new ModemError("TIMEOUT", "t"))).toBe("retry");
    expect(classifySendError(new ModemError("AT_ERROR", "ERROR"))).toBe("retry");
    expect(classifySendError(new ModemError("CLOSED", "c"))).toBe("give_back");
    expect(classifySendError(new ModemError("NOT_READY", "n"))).toBe("give_back");
    expect(classifySendError(new ModemError("CME_ERROR", "+CME ERROR: 10", { cme: 10 }))).toBe("give_back");
    expect(classifySendError(new TypeError("cannot encode"))).toBe("fail");
  });
});

describe("outbox", () => {
  it("stores every message before anything is sent, with its number normalised", () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { log });
    const record = outbox.enqueue({ to: "0912 345 678", text: "Đã đặt lịch" });
    expect(store.smsById(record.id)).toMatchObject({ to: "+84912345678", status: "pending", priority: 0 });
    expect(outbox.length()).toBe(1);
  });

  it("refuses recipients that must never be texted", () => {
    const outbox = new Outbox(new MemoryOutboxStore(), { log });
    for (const to of ["Viettel", "191", "8188", "024 3825 1234", ""])
      expect(() => outbox.enqueue({ to, text: "x" })).toThrow(
        expect.objectContaining({ code: "INVALID_NUMBER" }),
      );
  });

  it("sends booking replies before reminders, then first in first out", async () => {
    const { outbox, pool, fake } = await sender();
    outbox.enqueue({ to: "0911111111", text: "reminder 1", priority: SMS_PRIORITY.reminder });
    outbox.enqueue({ to: "0922222222", text: "reply 1", priority: SMS_PRIORITY.reply });
    outbox.enqueue({ to: "0933333333", text: "notice 1", priority: SMS_PRIORITY.notice });
    outbox.enqueue({ to: "0944444444", text: "reply 2" });
    pool.start();
    await eventually(() => expect(fake.sent).toHaveLength(4));
    expect(fake.sent.map((p) => p.text)).toEqual(["reply 1", "reply 2", "notice 1", "reminder 1"]);
    expect(outbox.length()).toBe(0);
  });

  it("retries a retryable CMS error with exponential backoff, then sends", async () => {
    vi.useFakeTimers();
    const { outbox, pool, fake, store } = await sender();
    fake.sendErrors.push("+CMS ERROR: 42", "+CMS ERROR: 332");
    const { id } = outbox.enqueue({ to: "0912345678", text: "Đã đặt lịch" });
    const cmgs = () => fake.commands.filter((c) => c.startsWith("AT+CMGS=")).length;
    pool.start();
    await eventually(() => expect(cmgs()).toBe(1));
    await eventually(() => expect(store.smsById(id)?.attempts).toBe(1));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(cmgs()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_100);
    await eventually(() => expect(cmgs()).toBe(2));
    await eventually(() => expect(store.smsById(id)?.attempts).toBe(2));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(cmgs()).toBe(2); // the second wait is twice the first
    await vi.advanceTimersByTimeAsync(1_100);
    await eventually(() => expect(store.smsById(id)?.status).toBe("sent"));
    expect(fake.sent).toHaveLength(1);
    expect(store.smsById(id)).toMatchObject({
      attempts: 2,
      lastError: expect.stringMatching(/\+CMS ERROR: 332$/),
    });
  });

  it("fails for good on a permanent CMS error, and never tries again", async () => {
    vi.useFakeTimers();
    const { outbox, pool, fake, store } = await sender();
    fake.sendErrors.push("+CMS ERROR: 1");
    const bad = outbox.enqueue({ to: "0912345678", text: "x" });
    const good = outbox.enqueue({ to: "0987654321", text: "y" });
    pool.start();
    await eventually(() => expect(store.smsById(good.id)?.status).toBe("sent"));
    expect(store.smsById(bad.id)).toMatchObject({ status: "failed", attempts: 0 });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fake.commands.filter((c) => c.startsWith("AT+CMGS="))).toHaveLength(2);
  });

  it("fails a message after its last allowed attempt", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { log, retry: { baseMs: 1_000, maxAttempts: 3 } });
    const { modem } = startLink(fake);
    await until(modem, "ready");
    const pool = new ModemPool({ outbox, modems: [modem], log });
    pools.push(pool);
    fake.sendErrors.push("+CMS ERROR: 41", "+CMS ERROR: 41", "+CMS ERROR: 41", "+CMS ERROR: 41");
    const { id } = outbox.enqueue({ to: "0912345678", text: "x" });
    pool.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.smsById(id)).toMatchObject({ status: "failed", attempts: 2 });
    expect(fake.commands.filter((c) => c.startsWith("AT+CMGS="))).toHaveLength(3);
  });

  it("gives a message back without counting an attempt when the SIM fails (+CMS ERROR: 310)", async () => {
    vi.useFakeTimers();
    const { outbox, pool, fake, store } = await sender();
    fake.sendErrors.push("+CMS ERROR: 310");
    const { id } = outbox.enqueue({ to: "0912345678", text: "x" });
    pool.start();
    await eventually(() => expect(store.smsById(id)?.status).toBe("sent"), 30_000);
    expect(store.smsById(id)?.attempts).toBe(0);
    expect(fake.commands.filter((c) => c === "ATE0")).toHaveLength(2); // the modem was initialised again
  });

  it("keeps one person's messages in order", async () => {
    vi.useFakeTimers();
    const { outbox, pool, fake } = await sender();
    fake.sendErrors.push("+CMS ERROR: 42");
    outbox.enqueue({ to: "0912345678", text: "first" });
    outbox.enqueue({ to: "0912345678", text: "second" });
    outbox.enqueue({ to: "0987654321", text: "other" });
    pool.start();
    await vi.advanceTimersByTimeAsync(40_000);
    await eventually(() => expect(fake.sent).toHaveLength(3));
    expect(fake.sent.map((p) => p.text)).toEqual(["other", "first", "second"]);
  });
});

describe("no re-send after a restart once +CMGS answered (SQLite store)", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a message marked sent is not sent again; a multipart one resumes after its answered parts", async () => {
    dir = mkdtempSync(join(tmpdir(), "motcua-modem-"));
    const path = join(dir, "store.sqlite");
    // The real Store is the OutboxStore the hub uses.
    const store1 = openStore({ path });
    const first = await sender(store1);
    const done = first.outbox.enqueue({ to: "0912345678", text: "Đã đặt lịch KS" });
    const long = first.outbox.enqueue({ to: "0987654321", text: LONG });
    // The first part of the long message is answered, then the process dies before the second's answer.
    first.fake.onSent = (pdu) => {
      if (pdu.concat?.sequence === 1) first.fake.holdSends = true;
    };
    first.pool.start();
    await eventually(() => expect(store1.smsById(long.id)?.partsSent).toBe(1));
    expect(store1.smsById(done.id)?.status).toBe("sent");
    const sentBefore = first.fake.sent.length;
    expect(sentBefore).toBe(2);
    // "Crash": the link goes, the store is closed with the state it had.
    await first.modem.stop();
    await first.pool.stop();
    store1.close();

    const store2 = openStore({ path });
    const second = await sender(store2);
    second.pool.start();
    await eventually(() => expect(store2.smsById(long.id)?.status).toBe("sent"));
    expect(second.fake.sent).toHaveLength(1);
    expect(second.fake.sent[0]).toMatchObject({
      to: "+84987654321",
      concat: { reference: long.id & 0xff, total: 2, sequence: 2 },
    });
    expect(store2.smsById(done.id)?.status).toBe("sent");
    expect(store2.outboxLength()).toBe(0);
    store2.close();
  });
});
