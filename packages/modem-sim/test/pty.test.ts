// The simulator on a real pseudo-terminal made by socat, driven through serialport the way the
// modem link drives a modem: AT and OK, an SMS in and out, then the modem unplugged and back.
import type { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { decodeDeliver, encodeSubmit } from "@motcua/sms";
import { ReadlineParser, SerialPort } from "serialport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModemSimulator, startModemSimulator } from "../src/index.js";
import { RawClient, toolGate } from "./helpers.js";

const gate = toolGate(["socat"]);

function open(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115200 }, (error) =>
      error ? reject(error) : resolve(port),
    );
  });
}

function close(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

/** Resolves once the port's read waits on the poller for bytes, rather than being in flight. */
async function readParked(port: SerialPort): Promise<void> {
  const { poller } = port.port as unknown as { poller: EventEmitter };
  while (poller.listenerCount("readable") === 0) await new Promise((resolve) => setImmediate(resolve));
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(gate.run)("on a socat PTY with serialport", () => {
  let sim: ModemSimulator;
  const ports: SerialPort[] = [];
  const pids: number[] = [];

  beforeAll(async () => {
    if (gate.missing.length > 0) throw new Error(`CI: ${gate.missing.join(", ")} missing (scripts/setup.sh)`);
    sim = await startModemSimulator({ sendDelayMs: 20 });
    if (sim.socatPid !== undefined) pids.push(sim.socatPid);
  });

  afterAll(async () => {
    for (const port of ports) await close(port);
    await sim?.close();
    for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  });

  it("answers AT with OK through serialport and its ReadlineParser", async () => {
    const port = await open(sim.path);
    ports.push(port);
    const lines = port.pipe(new ReadlineParser({ delimiter: "\r\n" }));
    const got: string[] = [];
    const ok = new Promise<void>((resolve) =>
      lines.on("data", (line: string) => {
        got.push(line);
        if (line === "OK") resolve();
      }),
    );
    port.write("AT\r");
    await ok;
    // Echo is on at power-up: the command comes back before the answer.
    expect(got).toEqual(["AT\r", "OK"]);
    port.unpipe(lines);
    await close(port);
  });

  it("receives and sends an SMS over the PTY", async () => {
    const port = await open(sim.path);
    ports.push(port);
    const client = new RawClient(port);
    await client.command("ATE0");
    await client.command("AT+CMEE=1");
    await client.command("AT+CMGF=0");
    await client.command("AT+CNMI=2,1,0,0,0");
    sim.inject({ from: "+84912345678", text: "Đặt lịch 15/12 lúc 9 giờ" });
    expect(await client.waitFor(/\+CMTI: "SM",(\d+)\r\n/)).toContain('+CMTI: "SM",0');
    const listed = (await client.command("AT+CMGL=4")).split("\r\n");
    expect(listed[1]).toMatch(/^\+CMGL: 0,0,,\d+$/);
    expect(decodeDeliver(listed[2] ?? "").text).toBe("Đặt lịch 15/12 lúc 9 giờ");
    expect(await client.command("AT+CMGD=0")).toBe("\r\nOK\r\n");

    const [pdu] = encodeSubmit({ to: "+84912345678", text: "Đã nhận: 15/12 9:00" });
    expect(await client.command(`AT+CMGS=${pdu?.tpduLength}`)).toBe("\r\n> ");
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/OK\r\n/)).toMatch(/^\r\n\+CMGS: \d+\r\n\r\nOK\r\n$/);
    expect(sim.sent.at(-1)).toMatchObject({ to: "+84912345678", text: "Đã nhận: 15/12 9:00" });
    await close(port);
  });

  it("unplug: the link's port closes with disconnected=true and the path goes; replug: the same path works", async () => {
    const port = await open(sim.path);
    ports.push(port);
    const client = new RawClient(port);
    expect(await client.command("AT")).toMatch(/OK\r\n$/);
    // Wait until serialport's next read is parked on its poller: a read in flight when the PTY
    // hangs up returns 0 bytes and serialport retries it forever instead of reporting the
    // disconnect (the modem link's status queries time out then; this test wants the close).
    await readParked(port);
    const closed = new Promise<{ disconnected?: boolean } | null>((resolve) =>
      port.once("close", (error: { disconnected?: boolean } | null) => resolve(error)),
    );
    const socat = sim.socatPid;
    await sim.unplug();
    expect((await closed)?.disconnected).toBe(true);
    expect(existsSync(sim.path)).toBe(false);
    expect(alive(socat)).toBe(false);
    // An SMS while unplugged waits at the network.
    expect(sim.inject({ from: "+84912345678", text: "while unplugged" }).queued).toBe(1);
    await expect(open(sim.path)).rejects.toThrow();

    await sim.replug({ bannerAfterMs: 300 });
    if (sim.socatPid !== undefined) pids.push(sim.socatPid);
    const again = await open(sim.path);
    ports.push(again);
    const fresh = new RawClient(again);
    // Booting: no answer yet; then the banner.
    fresh.write("AT\r");
    expect(await fresh.waitFor(/PB DONE\r\n/, 2000)).toBe(
      "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n",
    );
    // The modem has rebooted: echo is on again.
    expect(await fresh.command("AT")).toBe("AT\r\r\nOK\r\n");
    await fresh.command("ATE0");
    expect(await fresh.command("AT+CMGL=4")).toMatch(/^\r\n\+CMGL: 0,0,,\d+\r\n[0-9A-F]+\r\n\r\nOK\r\n$/);
    expect(sim.storage().map((e) => e.text)).toEqual(["while unplugged"]);
    await close(again);
  });

  it("close() leaves no socat behind", async () => {
    const other = await startModemSimulator({ sendDelayMs: 1 });
    const pid = other.socatPid;
    expect(alive(pid)).toBe(true);
    await other.close();
    expect(alive(pid)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
  });
});
