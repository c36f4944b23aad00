// The link against the modem simulator (@motcua/modem-sim) on a socat pseudo-terminal, with the
// real serialport: a booking SMS in, the reply out, and the modem unplugged and back.
import { execFileSync } from "node:child_process";
import { type ModemSimulator, startModemSimulator } from "@motcua/modem-sim";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Incoming,
  type IncomingMessage,
  MemoryOutboxStore,
  Modem,
  ModemPool,
  Outbox,
  serialModemPort,
} from "../src/index.js";
import { testLogger } from "./helpers/log.js";
import { eventually, until } from "./helpers/setup.js";

function hasSocat(): boolean {
  try {
    execFileSync("socat", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const socat = hasSocat();
if (!socat && process.env.CI !== undefined) throw new Error("CI: socat missing (scripts/setup.sh)");

const REPLY =
  "Đã đặt lịch: Nguyễn Văn An, Đăng ký khai sinh, 24/11 lúc 09:00, quầy 2, số TP-012. Mã C12345. Mang CCCD.";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The simulator, a link on its PTY, an outbox and a pool: what the hub wires together. */
async function wire(simOptions: Parameters<typeof startModemSimulator>[0] = {}) {
  const sim: ModemSimulator = await startModemSimulator({ sendDelayMs: 20, ...simOptions });
  cleanup.push(() => sim.close());
  const { log } = testLogger(process.env.MOTCUA_TEST_LOG ? "debug" : "info");
  const outbox = new Outbox(new MemoryOutboxStore(), { log, retry: { baseMs: 200 } });
  const received: Incoming[] = [];
  const modem = new Modem({
    port: serialModemPort({ path: sim.path }),
    log,
    reopenMinMs: 100,
    reopenMaxMs: 500,
    // A PTY whose socat died does not always close on the slave side (a USB unplug does):
    // then the next status command's timeout finds the modem gone. Short here, 30 s / 10 s by default.
    statusIntervalMs: 1_000,
    commandTimeoutMs: 2_000,
    resetDelayMs: 200,
    onMessage: async (incoming) => {
      received.push(incoming);
      // The hub would hand the text to the core; here every booking gets the same answer.
      if (incoming.kind === "message" && incoming.answerable)
        outbox.enqueue({ to: incoming.from, text: REPLY, key: incoming.id });
    },
  });
  const pool = new ModemPool({ outbox, modems: [modem], log });
  modem.start();
  pool.start();
  cleanup.push(async () => {
    await pool.stop();
    await modem.stop();
  });
  return { sim, modem, outbox, received };
}

const messages = (received: Incoming[]) => received.filter((m): m is IncomingMessage => m.kind === "message");

describe.runIf(socat)("against the modem simulator on a socat PTY", () => {
  it("answers a booking SMS end to end with the real serialport", async () => {
    const { sim, modem, received } = await wire();
    await until(modem, "ready", 10_000);
    sim.inject({ from: "+84912345678", text: "DK Nguyen Van An KS 24/11" });
    await eventually(() => expect(messages(received)).toHaveLength(1), 10_000);
    expect(messages(received)[0]).toMatchObject({ from: "+84912345678", text: "DK Nguyen Van An KS 24/11" });
    const sent = await sim.waitForSent((m) => m.to === "+84912345678");
    expect(sent.text).toBe(REPLY);
    expect(sent.parts.length).toBe(2); // UCS-2, back to back
    await eventually(() => expect(sim.storage()).toEqual([]), 10_000);
    expect(sim.commands).toContain("AT+CMMS=2");
    await eventually(() =>
      expect(modem.status()).toMatchObject({ state: "ready", family: "quectel", outboxLength: 0 }),
    );
  });

  it("never answers an operator notice", async () => {
    const { sim, modem, received } = await wire();
    await until(modem, "ready", 10_000);
    sim.inject({ from: "Viettel", text: "KM: nap the 50k tang 50%" });
    await eventually(() => expect(messages(received)).toHaveLength(1), 10_000);
    expect(messages(received)[0]).toMatchObject({ sender: "alphanumeric", answerable: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.sent).toEqual([]);
  });

  it("unplugged and plugged back: reopens, re-initialises, reads what came meanwhile and sends what waited", async () => {
    const { sim, modem, received, outbox } = await wire();
    await until(modem, "ready", 10_000);
    sim.inject({ from: "+84911111111", text: "DK A KS 24/11" });
    await sim.waitForSent((m) => m.to === "+84911111111");
    await eventually(() => expect(outbox.length()).toBe(0)); // its +CMGS answer read, too

    await sim.unplug();
    await eventually(() => expect(["disconnected", "resetting"]).toContain(modem.status().state), 10_000);
    sim.inject({ from: "+84922222222", text: "DK B KT 24/11" });
    sim.inject({ from: "+84933333333", text: "DK C KH 25/11" });
    outbox.enqueue({ to: "0944444444", text: "Nhắc lịch: 24/11 lúc 09:00" });
    await new Promise((resolve) => setTimeout(resolve, 500));

    await sim.replug();
    await until(modem, "ready", 15_000);
    await eventually(() => expect(messages(received)).toHaveLength(3), 15_000);
    for (const to of ["+84922222222", "+84933333333", "+84944444444"])
      await sim.waitForSent((m) => m.to === to, 15_000);
    // Nothing lost, nothing doubled.
    expect(messages(received).map((m) => m.text)).toEqual([
      "DK A KS 24/11",
      "DK B KT 24/11",
      "DK C KH 25/11",
    ]);
    expect(sim.sent.map((m) => m.to).sort()).toEqual([
      "+84911111111",
      "+84922222222",
      "+84933333333",
      "+84944444444",
    ]);
    await eventually(() => expect(outbox.length()).toBe(0));
  });

  it("retries a send the network refused for a while (+CMS ERROR: 42)", async () => {
    const { sim, modem } = await wire();
    await until(modem, "ready", 10_000);
    sim.fail({ command: /^\+CMGS=/, error: { cms: 42 } });
    sim.inject({ from: "+84912345678", text: "DK D KS 24/11" });
    const sent = await sim.waitForSent((m) => m.to === "+84912345678");
    expect(sent.text).toBe(REPLY);
    expect(sim.sent).toHaveLength(1);
  });

  it("a reboot mid-session: initialised again, and messages still come in", async () => {
    const { sim, modem, received } = await wire();
    await until(modem, "ready", 10_000);
    const ate0 = () => sim.commands.filter((c) => c === "ATE0").length;
    expect(ate0()).toBe(1);
    sim.reboot();
    await eventually(() => expect(ate0()).toBe(2), 10_000);
    await until(modem, "ready", 10_000);
    sim.inject({ from: "+84955555555", text: "DK E KS 24/11" });
    await eventually(() => expect(messages(received)).toHaveLength(1), 10_000);
  });
});
