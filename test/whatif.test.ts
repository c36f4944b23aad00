import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { OfficeStats } from "@motcua/stats";
import { openStore } from "@motcua/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWhatIf, type WhatIfResult } from "../packages/whatif/src/index.ts";
import { SOURCE_EXEC_ARGV } from "./helpers/source-node.js";
import { type GeneratedDays, writeGeneratedDays } from "./helpers/whatif-store.ts";

// `motcua whatif` (docs/whatif.md) on a generated week of the example office, written to a
// store as the hub writes its log: Tư pháp (one counter) is busy, tickets are refused.
const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");
const office = loadOfficeConfig();
const officeYaml = readFileSync(EXAMPLE_OFFICE_PATH, "utf8");

let dir: string;
let path: string;
let week: GeneratedDays;

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

function whatif(...args: string[]) {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, "whatif", ...args], {
    encoding: "utf8",
    cwd: root,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function source() {
  const store = openStore({ path, readonly: true });
  return {
    store,
    source: {
      entries: (fromSeq?: number) => store.storedEntries(fromSeq),
      seed: store.getMeta<number>("seed") ?? 0,
      configBase: store.getMeta<unknown>("configBase"),
    },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), "motcua-whatif-"));
  path = join(dir, "son-tay.sqlite");
  week = writeGeneratedDays(path, office, "2026-11-16", 7, (_day, i) => ({
    seed: 100 + i,
    walkIns: { TP: 60, DD: 25, XH: 20, VH: 15 },
    bookings: 20,
    cancellations: 3,
    noShows: 2,
  }));
  // One more counter for Tư pháp.
  writeFileSync(
    join(dir, "plus-one.yaml"),
    officeYaml
      .replace(
        '  - id: "3"\n    name: Quầy 3\n',
        '  - id: "3"\n    name: Quầy 3\n  - id: "4"\n    name: Quầy 4\n',
      )
      .replace('averageMinutes: 10\n    counters: ["1"]', 'averageMinutes: 10\n    counters: ["1", "4"]'),
  );
  writeFileSync(
    join(dir, "broken.yaml"),
    officeYaml.replace("averageMinutes: 15", "averageMinutes: mười lăm"),
  );
  writeFileSync(join(dir, "same.yaml"), officeYaml);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("motcua whatif", () => {
  it("under the configuration in force gives the recorded figures exactly", async () => {
    const period = { from: week.days[1] as string, to: week.days[5] as string };
    const { store, source: log } = source();
    let result: WhatIfResult;
    try {
      result = await runWhatIf({ source: log, config: office, ...period });
    } finally {
      store.close();
    }
    // The recorded figures: the statistics engine fed with the stored log itself, nothing replayed.
    const recorded = openStore({ path, readonly: true });
    const stats = new OfficeStats(office);
    for (const entry of recorded.entries()) stats.add(entry.input, entry.events);
    recorded.close();
    const figures = stats.report({ ...period, group: "day" });

    expect(result.configChanged).toBe(false);
    expect(result.entries.period).toBeGreaterThan(500);
    expect(figures.total.tickets).toBeGreaterThan(200);
    expect(result.whatIf).toEqual(figures);
    expect(result.baseline).toEqual(figures);
    expect(result.unserved.whatIf).toEqual(result.unserved.baseline);
    for (const row of result.rows) expect(row.whatIf, row.key).toEqual(row.baseline);
    expect(result.divergences).toEqual({
      bookingsRefused: {},
      bookingsGained: 0,
      bookingsMoved: 0,
      bookingsCancelledBySwitch: 0,
      ticketsRefused: 0,
      ticketsGained: 0,
      dependentDropped: {},
      pressesDropped: {},
      skipsDropped: 0,
      configChangesIgnored: 0,
      prefixMismatches: 0,
    });
  });

  it("with one more counter for a busy service lowers its waits, reports how it left the log, writes nothing", () => {
    const day = week.days[3] as string;
    const before = sha256(path);
    const run = whatif(
      "--config",
      join(dir, "plus-one.yaml"),
      "--from",
      day,
      "--to",
      day,
      "--store",
      path,
      "--json",
    );
    expect(run.stderr).not.toMatch(/"level":50/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as WhatIfResult;
    const row = (key: string) => result.rows.find((r) => r.key === key);
    const tpWait = row("TP.wait.median");
    expect(tpWait?.baseline).toBeGreaterThan(15);
    expect(tpWait?.whatIf).toBeLessThan(tpWait?.baseline as number);
    expect(row("TP.ticketsRefused")?.whatIf).toBeLessThan(row("TP.ticketsRefused")?.baseline as number);
    // Counter 4 had no officer: the replay pressed its buttons, at Tư pháp's measured pace.
    expect(result.autoCounters).toEqual([expect.objectContaining({ counter: "4", services: ["TP"] })]);
    expect(result.autoCounters[0]?.calls).toBeGreaterThan(10);
    expect(result.serviceMinutes.TP?.measured).toBe(true);
    // More tickets printed, bookings landing elsewhere on the larger grid: counted, not hidden.
    expect(result.divergences.ticketsGained).toBeGreaterThan(0);
    expect(result.configChanged).toBe(true);
    // Progress and the end are JSON lines on stderr.
    const logs = run.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string });
    expect(logs.at(-1)?.msg).toBe("whatif done");
    expect(sha256(path)).toBe(before);
  });

  it("prints the comparison for people, in Vietnamese with English beside it", () => {
    const day = week.days[3] as string;
    const run = whatif("--config", join(dir, "plus-one.yaml"), "--from", day, "--to", day, "--store", path);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Ghi nhận / Recorded");
    expect(run.stdout).toContain("Nếu như / What if");
    expect(run.stdout).toMatch(/Chờ \(trung vị\) \/ Wait \(median\)/);
    expect(run.stdout).toMatch(/Quầy 4 \(thêm, tự bấm/);
  });

  it("refuses a broken configuration with exit 2, naming the field", () => {
    const before = sha256(path);
    const run = whatif(
      "--config",
      join(dir, "broken.yaml"),
      "--from",
      "2026-11-17",
      "--to",
      "2026-11-18",
      "--store",
      path,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("services[1].averageMinutes");
    expect(sha256(path)).toBe(before);
  });

  it("says so when the period has nothing recorded", () => {
    const run = whatif(
      "--config",
      join(dir, "same.yaml"),
      "--from",
      "2027-03-01",
      "--to",
      "2027-03-05",
      "--store",
      path,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Không có dữ liệu từ 2027-03-01 đến 2027-03-05");
  });

  it("refuses a period that ends before it starts, and a missing flag", () => {
    expect(
      whatif("--config", join(dir, "same.yaml"), "--from", "2026-11-20", "--to", "2026-11-17").code,
    ).toBe(2);
    expect(whatif("--from", "2026-11-17", "--to", "2026-11-20").code).toBe(2);
  });
});
