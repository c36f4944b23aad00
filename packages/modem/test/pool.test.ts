import { afterEach, describe, expect, it, vi } from "vitest";
import {
  MemoryOutboxStore,
  ModemError,
  ModemPool,
  type ModemStatus,
  Outbox,
  type OutgoingSms,
  type PartSent,
  type PoolMember,
} from "../src/index.js";
import { FakeModem } from "./helpers/fake-modem.js";
import { testLogger } from "./helpers/log.js";
import { eventually, startLink, until } from "./helpers/setup.js";

const { log } = testLogger("silent");

/** A modem stand-in that takes `delayMs` a message, like a real one (6–10 a minute). */
class StandIn implements PoolMember {
  readonly sent: Array<OutgoingSms & { at: number }> = [];
  ready = true;
  failNext: ModemError | undefined;
  readonly #listeners = new Set<(s: ModemStatus) => void>();
  outboxLength = 0;

  constructor(
    readonly path: string,
    readonly delayMs: number,
  ) {}

  canSend(): boolean {
    return this.ready;
  }

  async send(message: OutgoingSms, onPartSent: PartSent): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      this.setReady(false);
      throw failure;
    }
    this.sent.push({ ...message, at: Date.now() });
    onPartSent(1, 1, this.sent.length);
  }

  setReady(ready: boolean): void {
    this.ready = ready;
    for (const l of this.#listeners) l(this.status());
  }

  onStatus(listener: (s: ModemStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): ModemStatus {
    return {
      path: this.path,
      state: this.ready ? "ready" : "disconnected",
      since: "",
      outboxLength: this.outboxLength,
    };
  }

  setOutboxLength(length: number): void {
    this.outboxLength = length;
  }
}

/** A stand-in that, like the modem link, takes a second message while it sends one (in turn). */
class PipelinedStandIn extends StandIn {
  readonly pipelined = true;
  given = 0;
  mostAtOnce = 0;
  #turn: Promise<void> = Promise.resolve();

  override async send(message: OutgoingSms, onPartSent: PartSent): Promise<void> {
    this.given++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.given);
    const turn = this.#turn.then(() => super.send(message, onPartSent));
    this.#turn = turn.catch(() => {});
    try {
      await turn;
    } finally {
      this.given--;
    }
  }
}

const pools: ModemPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) {
    const stopping = pool.stop();
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(120_000);
    await stopping;
  }
  vi.useRealTimers();
});

function pool(members: PoolMember[], store = new MemoryOutboxStore()) {
  const outbox = new Outbox(store, { log });
  const p = new ModemPool({ outbox, modems: members, log });
  pools.push(p);
  return { outbox, pool: p, store };
}

describe("modem pool", () => {
  it("shares one outbox: three modems send 30 messages in a third of the time, each exactly once", async () => {
    vi.useFakeTimers();
    const members = [new StandIn("a", 8_000), new StandIn("b", 8_000), new StandIn("c", 8_000)];
    const { outbox, pool: p, store } = pool(members);
    for (let i = 0; i < 30; i++)
      outbox.enqueue({ to: `09123456${String(i).padStart(2, "0")}`, text: `reply ${i}` });
    const start = Date.now();
    p.start();
    await vi.advanceTimersByTimeAsync(80_000);
    const all = members.flatMap((m) => m.sent);
    expect(all).toHaveLength(30);
    expect(new Set(all.map((m) => m.text)).size).toBe(30);
    for (const m of members) expect(m.sent).toHaveLength(10);
    expect(Math.max(...all.map((m) => m.at)) - start).toBe(80_000);
    expect(store.outboxLength()).toBe(0);
    expect(members[0]?.outboxLength).toBe(0);
  });

  it("a modem that is down gives its message back and another sends it, no attempt counted", async () => {
    vi.useFakeTimers();
    const a = new StandIn("a", 1_000);
    const b = new StandIn("b", 1_000);
    b.ready = false;
    const { outbox, pool: p, store } = pool([a, b]);
    a.failNext = new ModemError("CLOSED", "the port closed");
    const { id } = outbox.enqueue({ to: "0912345678", text: "x" });
    p.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.ready).toBe(false);
    expect(store.smsById(id)).toMatchObject({ status: "pending", attempts: 0 });
    b.setReady(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.sent.map((m) => m.text)).toEqual(["x"]);
    expect(store.smsById(id)).toMatchObject({ status: "sent", attempts: 0 });
    expect(a.sent).toHaveLength(0);
  });

  it("waits while no modem can send, and sends once one can", async () => {
    vi.useFakeTimers();
    const a = new StandIn("a", 500);
    a.ready = false;
    const { outbox, pool: p } = pool([a]);
    p.start();
    outbox.enqueue({ to: "0912345678", text: "x" });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(a.sent).toHaveLength(0);
    a.setReady(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(a.sent).toHaveLength(1);
  });

  it("sends a reminder at its time, not before", async () => {
    vi.useFakeTimers();
    const a = new StandIn("a", 0);
    const { outbox, pool: p } = pool([a]);
    p.start();
    outbox.enqueue({ to: "0912345678", text: "nhắc lịch", notBefore: Date.now() + 3_600_000 });
    await vi.advanceTimersByTimeAsync(3_599_000);
    expect(a.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(1); // the send itself
    expect(a.sent).toHaveLength(1);
  });

  it("publishes the modems' statuses with the outbox length", async () => {
    const a = new StandIn("a", 0);
    a.ready = false;
    const { outbox, pool: p } = pool([a]);
    const seen: number[] = [];
    p.onStatus((s) => seen.push(s.outboxLength));
    p.start();
    outbox.enqueue({ to: "0912345678", text: "x" });
    outbox.enqueue({ to: "0912345679", text: "y" });
    expect(p.status()).toMatchObject({
      outboxLength: 2,
      modems: [{ path: "a", state: "disconnected", outboxLength: 2 }],
    });
    expect(seen.at(-1)).toBe(2);
  });

  it("gives a pipelined modem its next message while it sends one: no wait between them", async () => {
    vi.useFakeTimers();
    const a = new PipelinedStandIn("a", 1_000);
    const { outbox, pool: p, store } = pool([a]);
    for (let i = 0; i < 5; i++)
      outbox.enqueue({ to: `09123456${String(i).padStart(2, "0")}`, text: `r${i}` });
    const start = Date.now();
    p.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.sent.map((m) => m.text)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(Math.max(...a.sent.map((m) => m.at)) - start).toBe(5_000);
    expect(a.mostAtOnce).toBe(2);
    expect(store.outboxLength()).toBe(0);
  });

  it("at the end of a burst, a free modem takes a message rather than one modem holding two", async () => {
    vi.useFakeTimers();
    const members = [
      new PipelinedStandIn("a", 1_000),
      new PipelinedStandIn("b", 1_000),
      new PipelinedStandIn("c", 1_000),
    ];
    const { outbox, pool: p } = pool(members);
    for (let i = 0; i < 3; i++)
      outbox.enqueue({ to: `09123456${String(i).padStart(2, "0")}`, text: `r${i}` });
    p.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(members.map((m) => m.sent.length)).toEqual([1, 1, 1]);
  });

  it("two real links on fake modems share the outbox", async () => {
    const fakes = [new FakeModem(), new FakeModem({ family: "simcom" })];
    const links = fakes.map((f) => startLink(f));
    for (const l of links) await until(l.modem, "ready");
    const { outbox, pool: p } = pool(links.map((l) => l.modem));
    for (let i = 0; i < 10; i++)
      outbox.enqueue({ to: `09876543${String(i).padStart(2, "0")}`, text: `reply ${i}` });
    p.start();
    await eventually(() => expect(fakes.flatMap((f) => f.sent)).toHaveLength(10));
    expect(fakes.every((f) => f.sent.length > 0)).toBe(true);
    expect(links[0]?.modem.status().outboxLength).toBe(0);
  });
});
