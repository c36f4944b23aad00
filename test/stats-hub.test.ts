import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { LiveQueue } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import { openStore } from "@motcua/store";
import { afterEach, describe, expect, it } from "vitest";

// The hub's queue.stats: fed by every live decision once stored, a configuration change
// followed, and the same figures after a restart (the replay feeds them again).
const config = loadOfficeConfig();
const MON = "2026-11-23";
const at = (clock: string) => `${MON}T${clock}:00+07:00`;
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A clock that stands still where the test puts it, with no timers (the test ticks by hand). */
function standingClock(start: string) {
  let now = Date.parse(start);
  return { now: () => now, at: () => () => {}, set: (text: string) => (now = Date.parse(text)) };
}

describe("the hub's statistics", () => {
  it("follow each live decision and configuration change, and come back the same after a restart", () => {
    dir = mkdtempSync(join(os.tmpdir(), "motcua-stats-hub-"));
    const path = join(dir, "hub.sqlite");
    const log = createLogger({ level: "silent" });
    const clock = standingClock(at("07:30"));
    const store = openStore({ path });
    const queue = LiveQueue.open(config, store, clock, log);
    const day = { from: MON, to: MON, group: "day" as const };
    expect(queue.stats.report(day).total.tickets).toBe(0);

    queue.submit({ at: at("07:31"), type: "ticket", service: "TP" });
    expect(queue.stats.report(day).total).toMatchObject({ tickets: 1, served: 0, wait: { count: 0 } });
    queue.submit({ at: at("07:41"), type: "press", counter: "1", button: "next" });
    queue.submit({ at: at("07:47"), type: "press", counter: "1", button: "next" });
    expect(queue.stats.report(day).total).toMatchObject({
      tickets: 1,
      served: 1,
      wait: { count: 1, median: 10 },
      serviceTime: { count: 1, median: 6 },
    });

    queue.submit({ at: at("07:50"), type: "sms", from: "0912000001", text: "DK Nguyen Van A KS 25/11" });
    const dearer = { ...config, dossiers: { ...config.dossiers, smsPrice: 500 } };
    const change = queue.submit({ at: at("07:55"), type: "config", config: dearer, officer: "admin" });
    expect(change.events.map((e) => e.type)).toEqual(["config_applied"]);
    queue.submit({ at: at("07:56"), type: "sms", from: "0912000002", text: "DK Tran Thi B KS 25/11" });
    const before = queue.stats.report(day);
    expect(before.total.sms).toEqual({ received: 2, sent: 2, segments: 2, cost: 350 + 500 });
    queue.close();
    store.close();

    const reopened = openStore({ path });
    clock.set(at("08:00"));
    const again = LiveQueue.open(config, reopened, clock, log);
    expect(again.stats.report(day)).toEqual(before);
    again.close();
    reopened.close();
  });
});
