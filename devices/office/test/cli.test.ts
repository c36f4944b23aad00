// `motcua office` as a newcomer meets it: --help, where the clock starts, a port another
// program holds. The office itself (hub, pads, kiosk, display, page) is office.test.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadOfficeConfig } from "@motcua/config";
import { PortInUseError, startHub } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { clockNote, officeStart, runOffice } from "../src/cli.js";

const config = loadOfficeConfig();
// The hub's own ports clash before its simulated modem starts; the pages' ports after it, and
// the modem simulator needs socat (scripts/setup.sh installs it; CI must have it).
const hasSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
const clashing =
  hasSocat || process.env.CI
    ? ["--mqtt-port", "--ws-port", "--port", "--display-port", "--console-port"]
    : ["--mqtt-port", "--ws-port"];
const silent = createLogger({ level: "silent" });

/** A stream that keeps what is written to it. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join("") });
}

describe("office --help", () => {
  it("prints its usage, every flag, and exits 0", async () => {
    const out = sink();
    const stdout = sink();
    expect(await runOffice(["--help"], silent, out, stdout)).toBe(0);
    expect(stdout.text()).toMatch(/^Usage: pnpm motcua office/);
    for (const flag of [
      "--config",
      "--port",
      "--display-port",
      "--console-port",
      "--mqtt-port",
      "--ws-port",
      "--now",
      "--speed",
    ])
      expect(stdout.text()).toContain(flag);
    expect(out.text()).toBe("");
  });
});

describe("a wrong flag", () => {
  it("is named in one line with the way to the usage, and the office exits 2", async () => {
    const out = sink();
    expect(await runOffice(["--speed", "0"], silent, out, sink())).toBe(2);
    expect(out.text()).toBe(
      "motcua office: --speed must be a positive number\n\npnpm motcua office --help shows its flags.\n",
    );
  });
});

describe("where the office's clock starts", () => {
  // Example office: Monday–Friday, 07:30–11:00 and 13:30–17:00, Asia/Ho_Chi_Minh.
  const at = (iso: string) => Date.parse(iso);

  it("starts now when the office is open now", async () => {
    const open = at("2026-11-25T09:00:00+07:00");
    expect(await officeStart(config, undefined, open)).toEqual({ now: open });
    expect(clockNote(config, { now: open })).toBeUndefined();
  });

  it("starts at the next opening in the evening, at a weekend and at lunch, and says so", async () => {
    const friday = at("2026-11-27T20:15:00+07:00");
    const start = await officeStart(config, undefined, friday);
    expect(start).toEqual({ now: at("2026-11-30T07:30:00+07:00"), movedFrom: friday });
    expect((await officeStart(config, undefined, at("2026-11-29T10:00:00+07:00"))).now).toBe(
      at("2026-11-30T07:30:00+07:00"),
    );
    expect((await officeStart(config, undefined, at("2026-11-25T12:00:00+07:00"))).now).toBe(
      at("2026-11-25T13:30:00+07:00"),
    );
    const note = clockNote(config, start);
    expect(note?.banner).toBe(
      "The office is closed now (Thứ Sáu 27/11/2026 20:15): the clock starts at its next opening, Thứ Hai 30/11/2026 07:30. --now ISO chooses another time.",
    );
    expect(note?.page).toContain("Thứ Hai 30/11/2026 07:30");
  });

  it("takes --now as given, even outside hours", async () => {
    const evening = "2026-11-27T20:15:00+07:00";
    expect(await officeStart(config, evening, at("2026-11-25T09:00:00+07:00"))).toEqual({ now: at(evening) });
    await expect(officeStart(config, "friday evening")).rejects.toThrow(/--now must be an ISO time/);
  });
});

describe("a port another program holds", () => {
  let holder: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
    holder = undefined;
  });

  /** Occupies a free port of 127.0.0.1 (where the office listens) and returns it. */
  const occupy = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      holder = server;
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });

  it.each(clashing)(
    "is named in one line with %s, and the office exits 1",
    async (flag) => {
      const taken = await occupy();
      const ports = ["--port", "--display-port", "--console-port", "--mqtt-port", "--ws-port"].flatMap(
        (f) => [f, f === flag ? String(taken) : "0"],
      );
      const out = sink();
      const data = mkdtempSync(join(tmpdir(), "motcua-port-clash-"));
      onTestFinished(() => rmSync(data, { recursive: true, force: true }));
      const code = await runOffice(
        [...ports, "--data", data, "--now", "2026-11-25T07:40:00+07:00", "--sms-delay", "20"],
        silent,
        out,
        sink(),
      );
      expect(code).toBe(1);
      expect(out.text()).toBe(
        `motcua office: port ${taken} is already in use by another program (another motcua?): stop it, or choose another port with ${flag} N\n`,
      );
    },
    30_000,
  );

  it("is named by the hub itself, for `motcua hub` as for the office", async () => {
    const taken = await occupy();
    const dataDir = mkdtempSync(join(tmpdir(), "motcua-port-clash-"));
    const started = startHub({ config, dataDir, mqttPort: taken, wsPort: 0, log: silent });
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(started).rejects.toBeInstanceOf(PortInUseError);
    await expect(started).rejects.toThrow(
      `port ${taken} (MQTT) is already in use by another program: choose another with --mqtt-port N`,
    );
  });
});
