import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, loadOfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CounterProcess, NOW, ticket } from "./harness.js";

/*
 * The counter's real program (runCounter, through devices/counter/src/bin.ts) as a child
 * process: standard input drives its simulated keys, its presence outlives a SIGKILL as the
 * broker's last will.
 */
describe("the counter program (--gpio sim)", () => {
  let h: TestHub;
  let obs: TestClient;
  const dir = mkdtempSync(join(tmpdir(), "motcua-counter-cli-"));
  const presence = (counter: string) => `${O}/device/counter-${counter}/status`;

  beforeEach(async () => {
    h = await TestHub.start({ now: NOW });
    obs = await TestClient.connect(h.url);
    await obs.subscribe(`${O}/#`);
  });
  afterEach(async () => {
    await obs.close();
    await h.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("announces itself online, calls on a typed `next`, and is announced offline by its will when killed", async () => {
    await ticket(obs, "TP");
    const pad = new CounterProcess(["--hub", h.url, "--counter", "1", "--gpio", "sim"]);
    try {
      await pad.logged("hub presence");
      await obs.next<string>(presence("1"), (p) => p === "online", { timeoutMs: 5000 });
      const from = obs.mark();
      pad.type("next");
      const call = await obs.next(`${O}/calls`, (c) => c.counter === "1", { from, timeoutMs: 5000 });
      expect(call).toMatchObject({ label: "TP-001", repeat: false });
      await pad.printed("[màn hình] Quầy 1: TP-001");
      expect((await pad.logged("press accepted")).button).toBe("next");

      pad.type("resume");
      await pad.logged("nothing to resume: the counter is open");
      pad.type("dance");
      expect(
        (await pad.logged('unknown key: type one of next, recall, skip, pause, resume, or "long recall"'))
          .line,
      ).toBe("dance");
    } finally {
      pad.kill("SIGKILL");
    }
    const from = obs.mark();
    expect((await pad.exited).signal).toBe("SIGKILL");
    // The last will: the broker announces it once it sees the connection die.
    await obs.next<string>(presence("1"), (p) => p === "offline", { from, timeoutMs: 5000 });
  });

  it("stops cleanly on SIGTERM: offline announced, exit 0", async () => {
    const pad = new CounterProcess(["--hub", h.url, "--counter", "2", "--gpio", "sim"]);
    await pad.logged("hub presence");
    await obs.next<string>(presence("2"), (p) => p === "online", { timeoutMs: 5000 });
    pad.type("pause");
    await obs.next(`${O}/counter/2/state`, (s) => s.status === "paused", { timeoutMs: 5000 });
    const from = obs.mark();
    pad.kill("SIGTERM");
    expect(await pad.exited).toEqual({ code: 0, signal: null });
    expect(pad.lines.map((l) => l.msg)).toContain("counter pad stopped");
    // Offline, retained for whoever looks later.
    expect(await obs.next<string>(presence("2"), () => true, { from })).toBe("offline");
  });

  it("refuses a typed press while the hub is unreachable, in its log and on its display", async () => {
    // Nothing listens on this port.
    const pad = new CounterProcess(["--hub", "mqtt://127.0.0.1:9", "--counter", "1", "--gpio", "sim"]);
    try {
      await pad.logged("counter pad started");
      pad.type("next");
      const refusal = await pad.logged(
        "press refused: the hub is unreachable, the press is dropped (press again once the LED stops blinking)",
      );
      expect(refusal).toMatchObject({ button: "next", reason: "hub_unreachable", level: 40 });
      expect(pad.stderr).toContain("[màn hình] Quầy 1: Mất kết nối");
    } finally {
      pad.kill("SIGTERM");
    }
    expect((await pad.exited).code).toBe(0);
  });

  it("reads its hub, counter and credentials from its files (a secured hub)", async () => {
    const example = loadOfficeConfig();
    const secured = await TestHub.start({
      now: NOW,
      config: {
        ...example,
        security: {
          allowAnonymous: false,
          devices: [
            { id: "counter-3", role: "counter", counter: "3", passwordHash: hashPassword("pad-3-secret") },
          ],
        },
      },
    });
    const credentials = join(dir, "counter-3.credentials");
    writeFileSync(credentials, "username: counter-3\npassword: pad-3-secret\n", { mode: 0o600 });
    const config = join(dir, "counter-3.yaml");
    writeFileSync(config, `hub: ${secured.url}\ncounter: "3"\ngpio: sim\ncredentials: ${credentials}\n`);
    const pad = new CounterProcess(["--config", config]);
    try {
      await pad.logged("hub presence");
      pad.type("pause");
      expect((await pad.logged("press accepted")).button).toBe("pause");
      pad.kill("SIGTERM");
      expect((await pad.exited).code).toBe(0);
    } finally {
      pad.kill("SIGKILL");
      await secured.close();
    }
  });

  it("exits 2 with a clear message for --gpio onoff off a Pi, a missing --counter, or a bad file", async () => {
    const onoff = new CounterProcess(["--hub", h.url, "--counter", "1", "--gpio", "onoff"]);
    expect((await onoff.exited).code).toBe(2);
    expect(onoff.stderr).toContain("Use --gpio sim");

    const missing = new CounterProcess(["--hub", h.url, "--gpio", "sim"]);
    expect((await missing.exited).code).toBe(2);
    expect(missing.stderr).toContain("--counter ID is required");

    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "counter: '1'\npins:\n  buttons:\n    next: 40\n  colour: red\n");
    const badFile = new CounterProcess(["--config", bad, "--gpio", "sim"]);
    expect((await badFile.exited).code).toBe(2);
    expect(badFile.stderr).toMatch(/pins\.buttons\.next: .*27/);
    expect(badFile.stderr).toContain(`${bad}:5:3: pins.colour: unknown field`);
  });
});
