import { describe, expect, it, vi } from "vitest";
import { FakeModem } from "./helpers/fake-modem.js";
import { eventually, QUECTEL_STARTUP, startLink, until } from "./helpers/setup.js";

describe("start-up", () => {
  it("runs the sequence on a Quectel EC25 and reads the whole storage", async () => {
    const fake = new FakeModem({ family: "quectel" });
    const { modem, lines } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands).toContain("AT+CMGL=4"));
    expect(fake.commands).toEqual([...QUECTEL_STARTUP, "AT+CMGL=4"]);
    // ESC first: a prompt left open by an earlier run must not swallow the first AT.
    expect(fake.recording.startsWith(`\x1bAT\rATE0\rAT+CMEE=2\r`)).toBe(true);
    expect(modem.status()).toMatchObject({
      state: "ready",
      family: "quectel",
      model: "Quectel EC25",
      registration: "home",
      signal: { rssi: 20, dbm: -73, bars: 4 },
      storage: { memory: "SM", used: 0, total: 30 },
      outboxLength: 0,
    });
    // Raw traffic at debug level under motcua:modem.
    expect(lines.some((l) => l.ns === "motcua:modem" && l.level === 20 && l.tx === "ATE0\r")).toBe(true);
    expect(lines.some((l) => l.ns === "motcua:modem" && l.level === 20 && l.rx === "+CSQ: 20,99")).toBe(true);
  });

  it("sends Huawei's ^CURC=0 and SIMCom nothing extra", async () => {
    const huawei = new FakeModem({ family: "huawei" });
    const simcom = new FakeModem({ family: "simcom" });
    const a = startLink(huawei);
    const b = startLink(simcom);
    await until(a.modem, "ready");
    await until(b.modem, "ready");
    expect(huawei.commands.slice(3, 7)).toEqual(["AT+CGMI", "AT+CGMM", "AT^CURC=0", "AT+CPIN?"]);
    expect(simcom.commands.slice(3, 6)).toEqual(["AT+CGMI", "AT+CGMM", "AT+CPIN?"]);
    expect(a.modem.status()).toMatchObject({ family: "huawei", model: "huawei E3372" });
    expect(b.modem.status()).toMatchObject({
      family: "simcom",
      model: "SIMCOM INCORPORATED SIMCOM_SIM7600E-H",
    });
  });

  it("waits for a modem still booting: AT until answered, then the RDY banner is not a reboot", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    fake.mute = true;
    const { modem } = startLink(fake, { readyTimeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(3500);
    expect(fake.commands).toEqual(["AT", "AT", "AT", "AT"]);
    fake.mute = false;
    fake.emit("\r\nRDY\r\n");
    await until(modem, "ready");
    expect(fake.commands.filter((c) => c === "ATE0")).toHaveLength(1);
  });

  it("chooses AT+CNMI from AT+CNMI=?: mt=1 always, mode 1 when 2 is missing, only the parameters offered", async () => {
    const fake = new FakeModem({ cnmiSupport: "(0,1),(0,1,2,3),(0,2)" });
    const { modem } = startLink(fake);
    await until(modem, "ready");
    expect(fake.commands).toContain("AT+CNMI=1,1,0");
  });

  it("never sets routed delivery (+CMT): without mt=1 it polls only", async () => {
    const fake = new FakeModem({ cnmiSupport: "(0-2),(0,2,3),(0,2),(0-2),(0,1)" });
    const { modem, lines } = startLink(fake);
    await until(modem, "ready");
    expect(fake.commands.filter((c) => c.startsWith("AT+CNMI="))).toEqual(["AT+CNMI=?"]);
    expect(lines.some((l) => String(l.msg).includes("polling only"))).toBe(true);
  });

  it("falls back to ME when the SIM storage is refused", async () => {
    const fake = new FakeModem();
    fake.on(/^AT\+CPMS="SM"/, "\r\n+CMS ERROR: 302\r\n");
    fake.on(/^AT\+CPMS="ME","ME","ME"$/, "\r\n+CPMS: 2,255,2,255,2,255\r\n\r\nOK\r\n");
    const { modem } = startLink(fake);
    await until(modem, "ready");
    expect(modem.status().storage).toEqual({ memory: "ME", used: 2, total: 255 });
  });

  it("counts LTE-only registration (CREG 0, CEREG 1) as registered", async () => {
    const fake = new FakeModem();
    fake.registration = { creg: 0, cgreg: 2, cereg: 1 };
    const { modem } = startLink(fake);
    await until(modem, "ready");
    expect(fake.commands.slice(7, 10)).toEqual(["AT+CREG?", "AT+CGREG?", "AT+CEREG?"]);
  });

  it("polls registration, then goes on unregistered (no_network) and becomes ready once registered", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    fake.registration = { creg: 2, cgreg: 2, cereg: 2 };
    const { modem } = startLink(fake, {
      registrationTimeoutMs: 10_000,
      registrationPollMs: 2_000,
      statusIntervalMs: 5_000,
    });
    await until(modem, "no_network", 20_000);
    expect(fake.commands.filter((c) => c === "AT+CREG?").length).toBeGreaterThanOrEqual(5);
    // Still reads the storage while unregistered.
    await eventually(() => expect(fake.commands).toContain("AT+CMGL=4"));
    expect(modem.canSend()).toBe(false);
    fake.registration = { creg: 5, cgreg: 5, cereg: 5 };
    await until(modem, "ready", 10_000);
    expect(modem.status().registration).toBe("roaming");
  });
});

describe("SIM PIN and PUK", () => {
  it("sends the configured PIN once and goes on", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem({ cpin: "SIM PIN", pin: "1234" });
    const { modem } = startLink(fake, { pin: "1234" });
    await until(modem, "ready");
    expect(fake.commands.filter((c) => c.startsWith("AT+CPIN="))).toEqual(['AT+CPIN="1234"']);
    expect(fake.commands.filter((c) => c === "AT+CPIN?")).toHaveLength(2);
  });

  it("never sends a refused PIN a second time, even after a reconnection", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem({ cpin: "SIM PIN", pin: "1234" });
    const { modem, lines } = startLink(fake, { pin: "9999" });
    await until(modem, "pin_required");
    expect(fake.commands.filter((c) => c.startsWith("AT+CPIN="))).toEqual(['AT+CPIN="9999"']);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fake.commands.filter((c) => c.startsWith("AT+CPIN="))).toHaveLength(1);
    expect(modem.status().state).toBe("pin_required");
    expect(lines.some((l) => l.level === 60)).toBe(true);
  });

  it("does not send a PIN when none is configured", async () => {
    const fake = new FakeModem({ cpin: "SIM PIN", pin: "1234" });
    const { modem } = startLink(fake);
    await until(modem, "pin_required");
    expect(fake.commands.some((c) => c.startsWith("AT+CPIN="))).toBe(false);
  });

  it("stops at SIM PUK and reports puk_required, never guessing", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem({ cpin: "SIM PUK" });
    const { modem } = startLink(fake, { pin: "1234" });
    await until(modem, "puk_required");
    const count = fake.commands.length;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fake.commands).toHaveLength(count);
    expect(fake.commands.some((c) => c.startsWith("AT+CPIN="))).toBe(false);
    expect(modem.status().lastError?.code).toBe("PUK_REQUIRED");
    expect(fake.stream).toBeDefined();
    expect(fake.stream?.isOpen).toBe(false); // the port is let go
  });

  it("retries while the SIM is not inserted or busy, and recovers by itself", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    fake.on(/^AT\+CPIN\?$/, "\r\n+CME ERROR: SIM not inserted\r\n");
    const { modem } = startLink(fake, { simRetryMinMs: 1000, simRetryMaxMs: 4000 });
    await until(modem, "sim_not_ready");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.commands.filter((c) => c === "AT+CPIN?").length).toBeGreaterThanOrEqual(3);
    fake.on(/^AT\+CPIN\?$/, "\r\n+CPIN: READY\r\n\r\nOK\r\n");
    await until(modem, "ready", 10_000);
    expect(fake.opens).toBe(1); // the port stayed open all along
  });
});
