import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, loadOfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOW, RatingProcess, serveCitizen } from "./harness.js";

/*
 * The rating pad's real program (runRating, through devices/rating/src/bin.ts) as a child
 * process: standard input presses its simulated keys, standard error shows its light.
 */
describe("the rating program (--gpio sim)", () => {
  let h: TestHub;
  let obs: TestClient;
  const dir = mkdtempSync(join(tmpdir(), "motcua-rating-cli-"));
  const presence = (counter: string) => `${O}/device/rating-${counter}/status`;

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

  it("rates on a typed key, shows its light, and stops cleanly on SIGTERM", async () => {
    const label = await serveCitizen(obs, "2", "DD");
    const pad = new RatingProcess(["--hub", h.url, "--counter", "2", "--gpio", "sim"]);
    try {
      await pad.logged("hub presence");
      await obs.next<string>(presence("2"), (p) => p === "online", { timeoutMs: 5000 });
      pad.type("very_satisfied");
      expect(await pad.logged("rating recorded")).toMatchObject({ value: "very_satisfied", label });
      await pad.printed("[đèn] on: Cảm ơn quý khách đã đánh giá");
      expect(h.storedEvents("rated")).toEqual([
        expect.objectContaining({ counter: "2", label, value: "very_satisfied" }),
      ]);
      pad.type("tuyệt vời");
      expect((await pad.logged("unknown key: type one of very_satisfied, satisfied, unsatisfied")).line).toBe(
        "tuyệt vời",
      );
      const from = obs.mark();
      pad.kill("SIGTERM");
      expect(await pad.exited).toEqual({ code: 0, signal: null });
      expect(await obs.next<string>(presence("2"), () => true, { from })).toBe("offline");
    } finally {
      pad.kill("SIGKILL");
    }
  });

  it("refuses a typed rating while the hub is unreachable, on its light and in its log", async () => {
    // Nothing listens on this port.
    const pad = new RatingProcess(["--hub", "mqtt://127.0.0.1:9", "--counter", "1", "--gpio", "sim"]);
    try {
      await pad.printed("[đèn] slow-blink: Mất kết nối");
      pad.type("satisfied");
      expect(await pad.logged("rating refused: the hub is unreachable, the rating is dropped")).toMatchObject(
        {
          reason: "hub_unreachable",
          value: "satisfied",
        },
      );
      await pad.printed("[đèn] fast-blink: Không ghi nhận");
    } finally {
      pad.kill("SIGKILL");
    }
  });

  it("reads its hub, counter and credentials from its file (a secured hub)", async () => {
    const example = loadOfficeConfig();
    const secured = await TestHub.start({
      now: NOW,
      config: {
        ...example,
        security: {
          allowAnonymous: false,
          devices: [
            { id: "rating-3", role: "rating", counter: "3", passwordHash: hashPassword("rating-3-secret") },
          ],
        },
      },
    });
    const credentials = join(dir, "rating-3.credentials");
    writeFileSync(credentials, "username: rating-3\npassword: rating-3-secret\n", { mode: 0o600 });
    const config = join(dir, "rating-3.yaml");
    writeFileSync(config, `hub: ${secured.url}\ncounter: "3"\ngpio: sim\ncredentials: ${credentials}\n`);
    const pad = new RatingProcess(["--config", config]);
    try {
      await pad.logged("hub presence");
      pad.type("satisfied");
      // Counter 3 has served nobody: the hub has the rating, and says it rates no one.
      expect(
        await pad.logged("rating refused by the hub: nobody to rate at this counter, or rated already"),
      ).toMatchObject({
        reason: "not_allowed",
      });
      await pad.printed("[đèn] double-blink: Không ghi nhận");
      pad.kill("SIGTERM");
      expect((await pad.exited).code).toBe(0);
    } finally {
      pad.kill("SIGKILL");
      await secured.close();
    }
  });

  it("exits 2 with a clear message for --gpio onoff off a Pi, a missing --counter, or a bad file", async () => {
    const onoff = new RatingProcess(["--hub", h.url, "--counter", "1", "--gpio", "onoff"]);
    expect((await onoff.exited).code).toBe(2);
    expect(onoff.stderr).toContain("Use --gpio sim");

    const missing = new RatingProcess(["--hub", h.url, "--gpio", "sim"]);
    expect((await missing.exited).code).toBe(2);
    expect(missing.stderr).toContain("--counter ID is required");

    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "counter: '1'\npins:\n  buttons: { very_satisfied: 5, satisfied: 6 }\n  colour: red\ntiming: { thanksMs: 10 }\n",
    );
    const badFile = new RatingProcess(["--config", bad, "--gpio", "sim"]);
    expect((await badFile.exited).code).toBe(2);
    expect(badFile.stderr).toContain("pins.buttons.unsatisfied");
    expect(badFile.stderr).toContain(`${bad}:4:3: pins.colour: unknown field`);
    expect(badFile.stderr).toContain("timing.thanksMs");
    expect(badFile.log.lines.at(-1)).toMatchObject({ msg: "the rating pad cannot start", level: 60 });
  });
});
