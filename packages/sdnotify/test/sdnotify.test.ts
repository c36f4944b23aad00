import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  notify,
  notifyReady,
  notifyStatus,
  notifyStopping,
  SYSTEMD_NOTIFY,
  startWatchdog,
  watchdogIntervalMs,
} from "../src/index.js";

function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const tools = has(SYSTEMD_NOTIFY, ["--help"]) && has("python3", ["-c", "import socket"]);
if (!tools && process.env.CI !== undefined)
  throw new Error("CI: systemd-notify (package systemd) or python3 missing (scripts/setup.sh)");

describe("without a service manager", () => {
  it("does nothing when NOTIFY_SOCKET is unset: no program is run", async () => {
    const log = { warn: vi.fn() };
    const options = { env: {}, program: "/nonexistent/systemd-notify", log };
    expect(await notifyReady("up", options)).toBe(false);
    expect(await notifyStopping(undefined, options)).toBe(false);
    const stop = startWatchdog({ ...options, env: { WATCHDOG_USEC: "1000" } });
    await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it("resolves false and warns once when the sender is missing", async () => {
    const log = { warn: vi.fn() };
    const options = { env: { NOTIFY_SOCKET: "/run/none.sock" }, program: "/nonexistent/systemd-notify", log };
    expect(await notifyReady(undefined, options)).toBe(false);
    expect(await notifyStatus("still here", options)).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it("refuses a variable name that is not one", () => {
    expect(() => notify({ "ready=1\nX": 1 }, { env: {} })).not.toThrow(); // nothing is sent without a socket
    expect(() => notify({ "bad key": 1 }, { env: { NOTIFY_SOCKET: "/x" }, program: "/nonexistent" })).toThrow(
      /not a variable name/,
    );
  });
});

describe("the watchdog interval", () => {
  const socket = { NOTIFY_SOCKET: "/run/systemd/notify" };
  it("is half of WATCHDOG_USEC, in milliseconds", () => {
    expect(watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "30000000" })).toBe(15_000);
    expect(watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "1000" })).toBe(1);
  });
  it("is undefined without a socket, a watchdog, or for another process", () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: "30000000" })).toBeUndefined();
    expect(watchdogIntervalMs(socket)).toBeUndefined();
    expect(watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "0" })).toBeUndefined();
    expect(watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "30s" })).toBeUndefined();
    expect(
      watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "30000000", WATCHDOG_PID: "1" }, 42),
    ).toBeUndefined();
    expect(watchdogIntervalMs({ ...socket, WATCHDOG_USEC: "30000000", WATCHDOG_PID: "42" }, 42)).toBe(15_000);
  });
});

// A stand-in for systemd's notify socket: a unix datagram listener (python3, since Node has
// none) printing each datagram as a JSON string on its own line.
const LISTENER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("listening"), flush=True)
while True:
    print(json.dumps(s.recv(65536).decode()), flush=True)
`;

describe.skipIf(!tools)("over a unix datagram socket, as systemd receives it", () => {
  let dir: string;
  let listener: ChildProcess;
  const datagrams: string[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "motcua-sdnotify-"));
    const path = join(dir, "notify.sock");
    listener = spawn("python3", ["-c", LISTENER, path], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: listener.stdout as NodeJS.ReadableStream });
    await new Promise<void>((resolve) => {
      lines.on("line", (line) => {
        const text = JSON.parse(line) as string;
        if (text === "listening") resolve();
        // systemd-notify follows each message with BARRIER=1 and waits for it to be read.
        else if (text !== "BARRIER=1") datagrams.push(text);
      });
    });
    env = { ...process.env, NOTIFY_SOCKET: path };
  });

  afterAll(() => {
    listener?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(predicate: () => boolean, ms = 3_000) {
    const end = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > end) throw new Error(`timed out; received ${JSON.stringify(datagrams)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("sends READY=1 with the status", async () => {
    expect(await notifyReady("hub: MQTT on 1883\nWebSocket on 9001", { env })).toBe(true);
    await waitFor(() => datagrams.includes("READY=1\nSTATUS=hub: MQTT on 1883 WebSocket on 9001"));
  });

  it("pings WATCHDOG=1 at once and then every half of WATCHDOG_USEC", async () => {
    const before = datagrams.filter((d) => d === "WATCHDOG=1").length;
    const stop = startWatchdog({ env: { ...env, WATCHDOG_USEC: "400000" } }); // a ping every 200 ms
    await new Promise((r) => setTimeout(r, 1_000));
    stop();
    await new Promise((r) => setTimeout(r, 100));
    const pings = datagrams.filter((d) => d === "WATCHDOG=1").length - before;
    expect(pings).toBeGreaterThanOrEqual(3); // 1 at once + ~5; loose for a busy machine
    expect(pings).toBeLessThanOrEqual(7);
    await new Promise((r) => setTimeout(r, 500));
    expect(datagrams.filter((d) => d === "WATCHDOG=1").length - before).toBe(pings); // stopped
  });

  it("sends STOPPING=1", async () => {
    expect(await notifyStopping("SIGTERM", { env })).toBe(true);
    await waitFor(() => datagrams.includes("STOPPING=1\nSTATUS=SIGTERM"));
  });
});
