import { describe, expect, it, vi } from "vitest";
import type { IncomingMessage, ModemStatus } from "../src/index.js";
import { FakeModem } from "./helpers/fake-modem.js";
import { eventually, startLink, until } from "./helpers/setup.js";

describe("faults", () => {
  it("unplugged: disconnected, reopens with backoff until the device is back, re-initialises and reads all", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const statuses: ModemStatus[] = [];
    const { modem, received } = startLink(fake, { reopenMinMs: 1_000, reopenMaxMs: 8_000 });
    await until(modem, "ready");
    modem.onStatus((s) => statuses.push(s));
    fake.unplug();
    await until(modem, "disconnected");
    // Messages keep arriving at the SIM while the link is down.
    fake.deliver("+84912345678", "DK A KS 24/11", { notify: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.opens).toBe(1);
    expect(modem.status().lastError?.code).toBe("OPEN_FAILED");
    fake.plug();
    await vi.advanceTimersByTimeAsync(8_000); // within the longest backoff
    await until(modem, "ready");
    expect(fake.opens).toBe(2);
    await eventually(() => expect(received).toHaveLength(1));
    expect((received[0] as IncomingMessage).text).toBe("DK A KS 24/11");
    expect(fake.storage.size).toBe(0);
    const states = statuses.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(["disconnected", "initialising", "ready"]);
  });

  it("unplugged in the middle of a send: the send fails with CLOSED and the link comes back", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem } = startLink(fake, { reopenMinMs: 500 });
    await until(modem, "ready");
    fake.holdSends = true;
    const outcome = modem.send({ to: "+84912345678", text: "x", reference: 1 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    fake.unplug();
    expect(await outcome).toMatchObject({ code: "CLOSED" });
    fake.holdSends = false;
    fake.plug();
    await until(modem, "ready");
    await modem.send({ to: "+84912345678", text: "x", reference: 1 });
    expect(fake.sent).toHaveLength(1);
  });

  it("a modem that stops answering: the command times out, the reset string is sent, the port reopened", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem } = startLink(fake, {
      statusIntervalMs: 30_000,
      resetDelayMs: 10_000,
      commandTimeoutMs: 5_000,
    });
    await until(modem, "ready");
    fake.mute = true;
    await vi.advanceTimersByTimeAsync(30_000 + 5_000);
    await until(modem, "resetting");
    expect(fake.commands.at(-1)).toBe("AT+CFUN=1,1");
    expect(modem.status().lastError?.code).toBe("TIMEOUT");
    fake.mute = false;
    await vi.advanceTimersByTimeAsync(10_000);
    await until(modem, "ready");
    expect(fake.opens).toBe(2);
  });

  it("resets a Huawei with AT^RESET", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem({ family: "huawei" });
    const { modem } = startLink(fake, { statusIntervalMs: 30_000, commandTimeoutMs: 5_000 });
    await until(modem, "ready");
    fake.mute = true;
    await vi.advanceTimersByTimeAsync(35_000);
    await until(modem, "resetting");
    expect(fake.commands.at(-1)).toBe("AT^RESET");
  });

  it("keeps resetting a modem that never answers, without throwing out of its loop", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    fake.mute = true;
    const { modem } = startLink(fake, { readyTries: 3, readyTimeoutMs: 1_000, resetDelayMs: 2_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.opens).toBeGreaterThan(5);
    expect(["resetting", "initialising"]).toContain(modem.status().state);
    fake.mute = false;
    await until(modem, "ready", 20_000);
  });

  it("a reboot banner mid-session (RDY, +CPIN: READY) re-initialises on the same port", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    fake.echo = true; // a rebooted modem echoes again
    fake.emit("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n");
    await eventually(() => expect(fake.commands.filter((c) => c === "ATE0")).toHaveLength(2));
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.filter((c) => c === "AT+CMGL=4")).toHaveLength(2));
    expect(fake.commands.filter((c) => c.startsWith("AT+CNMI=2"))).toHaveLength(2);
    expect(fake.opens).toBe(1);
  });

  it("a SIM pulled mid-session: initialised again, sim_not_ready until it is back", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem } = startLink(fake, { simRetryMinMs: 1_000, simRetryMaxMs: 2_000 });
    await until(modem, "ready");
    fake.on(/^AT\+CPIN\?$/, "\r\n+CME ERROR: 10\r\n");
    fake.emit("\r\n+CPIN: NOT READY\r\n");
    await until(modem, "sim_not_ready");
    fake.on(/^AT\+CPIN\?$/, "\r\n+CPIN: READY\r\n\r\nOK\r\n");
    await until(modem, "ready", 10_000);
    expect(fake.opens).toBe(1);
  });

  it("losing registration: no_network, nothing sent, ready again when the network is back", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem } = startLink(fake, { statusIntervalMs: 10_000 });
    await until(modem, "ready");
    fake.registration = { creg: 2, cgreg: 2, cereg: 2 };
    fake.csq = "99,99";
    await vi.advanceTimersByTimeAsync(10_000);
    await until(modem, "no_network");
    expect(modem.status().signal).toEqual({ rssi: 99, dbm: null, bars: 0 });
    expect(modem.canSend()).toBe(false);
    fake.registration = { creg: 1, cgreg: 1, cereg: 1 };
    fake.csq = "12,99";
    await vi.advanceTimersByTimeAsync(10_000);
    await until(modem, "ready");
    expect(modem.status().signal).toEqual({ rssi: 12, dbm: -89, bars: 2 });
  });

  it("a routed +CMT the link never asked for is still handed over", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    fake.emit(
      '\r\n+CMT: "",24\r\n07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07\r\n',
    );
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ kind: "message", text: "How are you?", index: undefined });
  });

  it("stop() ends the loop and lets go of the port", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await modem.stop();
    expect(modem.status().state).toBe("stopped");
    expect(fake.stream?.isOpen).toBe(false);
  });
});
