// The display server without a browser: the page's configuration, the sound, the presence,
// a secured hub, and the command line.
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { EXAMPLE_OFFICE_PATH, hashPassword, loadOfficeConfig } from "@motcua/config";
import { LogLines, type TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { clientIdOf, readPresence } from "@motcua/protocol";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../src/build.js";
import { displayOptionsOf, runDisplay } from "../src/cli.js";
import type { PageConfig } from "../src/page-config.js";
import { type RunningDisplay, startDisplay } from "../src/server.js";
import { parseDisplaySettings } from "../src/settings.js";
import { synthesize } from "../src/voice.js";
import { device, hubFor, O } from "./helpers.js";

/** A logger whose lines the test reads (and waits on). */
function capture() {
  const recorded = new LogLines();
  const stream = new Writable({
    write(chunk, _enc, done) {
      recorded.feed(chunk.toString());
      done();
    },
  });
  return { lines: recorded.lines, recorded, log: createLogger({ level: "debug", destination: stream }) };
}

const espeak = await synthesize(parseDisplaySettings({}).voice, "một").then(
  () => true,
  () => false,
);
if (!espeak && !process.env.CI)
  console.warn("server.test.ts: espeak-ng missing, the voice test is skipped (apt-get install espeak-ng)");

const get = async (display: RunningDisplay, path: string) => {
  const res = await fetch(new URL(path, display.url));
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: Buffer.from(await res.arrayBuffer()),
  };
};

function wavSizesAreRight(wav: Buffer): boolean {
  return (
    wav.toString("ascii", 0, 4) === "RIFF" &&
    wav.readUInt32LE(4) === wav.length - 8 &&
    wav.toString("ascii", 36, 40) === "data" &&
    wav.readUInt32LE(40) === wav.length - 44
  );
}

describe("the display server", () => {
  let hub: TestHub;
  let display: RunningDisplay;
  const { lines, log } = capture();

  beforeAll(async () => {
    await ensureBuilt();
    hub = await hubFor();
    display = await startDisplay({ hubWsUrl: hub.wsUrl, port: 0, id: "hall", log });
  }, 60_000);
  afterAll(async () => {
    await display?.stop();
    await hub?.close();
  });

  it("serves the page and tells it the hub and the office", async () => {
    const page = await get(display, "/");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    const script = page.body.toString().match(/src="(\/assets\/[^"]+\.js)"/)?.[1] as string;
    expect((await get(display, script)).status).toBe(200);
    const config = JSON.parse((await get(display, "/config.json")).body.toString()) as PageConfig;
    expect(config).toMatchObject({
      hubUrl: hub.wsUrl,
      display: "hall",
      office: { id: "son-tay", name: "UBND xã Sơn Tây", timeZone: "Asia/Ho_Chi_Minh" },
      counters: [
        { id: "1", name: "Quầy 1" },
        { id: "2", name: "Quầy 2" },
        { id: "3", name: "Quầy 3" },
      ],
      voice: espeak,
      chime: true,
    });
    expect(config.services.map((s) => s.code)).toEqual(["TP", "DD", "XH", "VH"]);
    expect(config.notice).toContain("Giờ làm việc: Buổi sáng 07:30–11:00, Buổi chiều 13:30–17:00");
    expect(config.username).toBeUndefined();
    expect((await get(display, "/%2e%2e/package.json")).status).toBe(404);
    expect((await get(display, "/nothing.js")).status).toBe(404);
  });

  it("serves the chime and speaks a call (a WAV with its real sizes), the same clip again from its cache", async (ctx) => {
    const chime = await get(display, "/voice/chime.wav");
    expect(chime.type).toBe("audio/wav");
    expect(wavSizesAreRight(chime.body)).toBe(true);
    expect((await get(display, "/voice/call.wav?label=TP-012&counter=1;rm")).status).toBe(400);
    expect((await get(display, "/voice/call.wav?counter=1")).status).toBe(400);
    if (!espeak && !process.env.CI) return ctx.skip();
    const first = await get(display, "/voice/call.wav?label=TP-012&counter=1");
    expect(first.status).toBe(200);
    expect(wavSizesAreRight(first.body)).toBe(true);
    // 22 050 samples a second, 16 bits: a sentence of a few seconds.
    const seconds = (first.body.length - 44) / 44_100;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(10);
    const again = await get(display, "/voice/call.wav?label=TP-012&counter=1");
    expect(again.body.equals(first.body)).toBe(true);
  });

  it("announces itself online (retained) and offline when it stops", async () => {
    const watcher = await device(hub.url);
    try {
      await watcher.subscribe(`${O}/device/display-hall/status`);
      const status = (id: string) => `${O}/device/${id}/status`;
      expect(await watcher.next(status("display-hall"), (_p, m) => m.retain)).toBe("online");
      await watcher.subscribe(status("display-hall-2"));
      const other = await startDisplay({ hubWsUrl: hub.wsUrl, port: 0, id: "hall-2", log, build: false });
      await watcher.next<string>(status("display-hall-2"), (p) => p === "online");
      await other.stop();
      await watcher.next<string>(status("display-hall-2"), (p) => p === "offline");
      expect(watcher.raw(status("display-hall-2")).map((p) => readPresence(p))).toEqual([
        "online",
        "offline",
      ]);
      expect(lines.some((l) => l.msg === "display ready")).toBe(true);
    } finally {
      await watcher.close();
    }
  });
});

describe("the display without espeak-ng", () => {
  it("still serves calls, with the chime only, and says why in its log", async () => {
    const { lines, log } = capture();
    const display = await startDisplay({
      hubWsUrl: "ws://127.0.0.1:9",
      port: 0,
      settings: { voice: { program: "/nonexistent/espeak-ng" } },
      presence: false,
      log,
    });
    try {
      expect(display.voice).toBe(false);
      const config = JSON.parse((await get(display, "/config.json")).body.toString()) as PageConfig;
      expect(config.voice).toBe(false);
      expect((await get(display, "/voice/call.wav?label=TP-001&counter=1")).status).toBe(503);
      expect((await get(display, "/voice/chime.wav")).status).toBe(200);
      const warning = lines.find((l) => l.level === 40 && String(l.msg).includes("espeak-ng"));
      expect(warning?.err).toContain("not installed");
    } finally {
      await display.stop();
    }
  });
});

describe("the display on a secured hub", () => {
  it("announces itself with its credential, and gives the page the credential to read the office", async () => {
    const base = loadOfficeConfig();
    const config = {
      ...base,
      security: {
        allowAnonymous: false,
        devices: [
          { id: "display-hall", role: "display" as const, passwordHash: hashPassword("s3cret-hall") },
        ],
      },
    };
    const hub = await hubFor({ config });
    const { log } = capture();
    const display = await startDisplay({
      hubWsUrl: hub.wsUrl,
      port: 0,
      id: "hall",
      config,
      password: "s3cret-hall",
      build: false,
      log,
    });
    const page = JSON.parse((await get(display, "/config.json")).body.toString()) as PageConfig;
    expect(page).toMatchObject({ username: "display-hall", password: "s3cret-hall" });
    // What the page does, over the WebSocket, with that credential.
    const reader = mqtt.connect(page.hubUrl, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      // The display's own client id, as the broker requires of its credential.
      clientId: clientIdOf("son-tay", page.username as string, "reader"),
      username: page.username as string,
      password: page.password as string,
    });
    try {
      const got = new Map<string, string>();
      reader.on("message", (topic, payload) => got.set(topic, payload.toString()));
      await new Promise<void>((resolve, reject) => {
        reader.once("connect", () => resolve());
        reader.once("error", reject);
      });
      await reader.subscribeAsync(`${O}/#`, { qos: 1 });
      await expect.poll(() => got.get(`${O}/device/display-hall/status`)).toBe('"online"');
      expect(JSON.parse(got.get(`${O}/board`) as string)).toMatchObject({ date: "2026-11-25" });
    } finally {
      await reader.endAsync(true);
      await display.stop();
      await hub.close();
    }
  });
});

describe("motcua display (the command line)", () => {
  const io = (signals = new EventEmitter()) => {
    let err = "";
    return {
      io: {
        stderr: new Writable({
          write(chunk, _e, done) {
            err += chunk.toString();
            done();
          },
        }),
        signals: signals as unknown as Pick<NodeJS.Process, "on" | "off">,
      },
      err: () => err,
    };
  };

  it("refuses a wrong flag with the usage, and prints its help", async () => {
    const { log } = capture();
    for (const args of [
      ["--hub", "mqtt://127.0.0.1:1883"],
      ["--port", "http"],
      ["--id", "Hall!"],
      ["extra"],
    ]) {
      const t = io();
      expect(await runDisplay(args, log, t.io)).toBe(2);
      expect(t.err()).toContain("motcua display —");
    }
    const help = io();
    expect(await runDisplay(["--help"], log, help.io)).toBe(0);
    expect(help.err()).toContain("--hub URL");
  });

  it("reads the display: section of the office file, and --notice over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-display-cli-"));
    try {
      const file = join(dir, "office.yaml");
      writeFileSync(
        file,
        `${readFileSync(EXAMPLE_OFFICE_PATH, "utf8")}\ndisplay:\n  notice: Nghỉ lễ Quốc khánh 2/9\n  voice:\n    espeakVoice: vi-vn-x-south\n    speed: 150\n`,
      );
      const { log } = capture();
      const options = displayOptionsOf(["--config", file, "--port", "0"], log);
      expect(options).toMatchObject({
        settings: { notice: "Nghỉ lễ Quốc khánh 2/9", voice: { espeakVoice: "vi-vn-x-south", speed: 150 } },
        host: "127.0.0.1",
        id: "1",
        hubWsUrl: "ws://127.0.0.1:9001",
      });
      expect(displayOptionsOf(["--config", file, "--notice", "Xin chào"], log)).toMatchObject({
        settings: { notice: "Xin chào" },
      });
      writeFileSync(file, `${readFileSync(EXAMPLE_OFFICE_PATH, "utf8")}\ndisplay:\n  voice:\n    speed: 5\n`);
      expect(() => displayOptionsOf(["--config", file], log)).toThrow(/display\.voice\.speed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs until a signal, then stops", async () => {
    const signals = new EventEmitter();
    const t = io(signals);
    const { recorded, log } = capture();
    // It listens for SIGTERM once it is ready: the signal is sent when both are so.
    const listening = new Promise<void>((resolve) =>
      signals.on("newListener", (event) => event === "SIGTERM" && resolve()),
    );
    const running = runDisplay(["--hub", "ws://127.0.0.1:9", "--port", "0"], log, t.io);
    await recorded.next("display ready", { timeoutMs: 20_000 });
    await listening;
    signals.emit("SIGTERM", "SIGTERM");
    expect(await running).toBe(0);
    expect(signals.listenerCount("SIGTERM")).toBe(0);
  });
});
