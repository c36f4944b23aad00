import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { OfficeStats } from "@motcua/stats";
import { type NewEntry, openStore } from "@motcua/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHalfYear } from "../bench/dossier-days.ts";
import { runWhatIf } from "../packages/whatif/src/index.ts";

// A generated month of the bench's provincial centre's dossiers, written as the hub writes its
// log: the what-if of the configuration in force gives the recorded figures exactly, dossiers
// late included; one that counts fewer working hours a day moves the deadlines, and says so.
const config = loadOfficeConfig(fileURLToPath(new URL("../bench/offices/provincial.yaml", import.meta.url)));
let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), "motcua-whatif-dossiers-"));
  path = join(dir, "hub.sqlite");
  const store = openStore({ path });
  store.setMeta("seed", 0);
  store.setMeta("office", config.office.id);
  store.setMeta("configBase", config);
  let page: NewEntry[] = [];
  generateHalfYear({
    config,
    from: "2026-11-02",
    to: "2026-11-27",
    dossiers: 600,
    seed: 21,
    onDecision: (input, events) => {
      page.push({ input, events });
      if (page.length < 500) return;
      store.appendMany(page);
      page = [];
    },
  });
  store.appendMany(page);
  store.close();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function source() {
  const store = openStore({ path, readonly: true });
  return {
    store,
    log: {
      entries: (fromSeq?: number) => store.storedEntries(fromSeq),
      seed: store.getMeta<number>("seed") ?? 0,
      configBase: store.getMeta<unknown>("configBase"),
    },
  };
}

describe("whatif over a month of dossiers", () => {
  it("under the configuration in force gives the recorded figures exactly", async () => {
    const period = { from: "2026-11-09", to: "2026-11-20" };
    const { store, log } = source();
    const stats = new OfficeStats(config);
    try {
      const result = await runWhatIf({ source: log, config, ...period });
      for (const entry of store.entries()) stats.add(entry.input, entry.events);
      const recorded = stats.report({ ...period, group: "day" });
      expect(recorded.total.dossiers.finished).toBeGreaterThan(50);
      expect(recorded.total.dossiers.late).toBeGreaterThan(0);
      expect(result.whatIf).toEqual(recorded);
      expect(result.baseline).toEqual(recorded);
      expect(result.divergences.prefixMismatches).toBe(0);
    } finally {
      store.close();
    }
  });

  it("with an hour less counted a day, puts the deadlines later: fewer dossiers late", async () => {
    const period = { from: "2026-11-09", to: "2026-11-20" };
    const shorter = structuredClone(config);
    shorter.dossiers.workingHours = shorter.dossiers.workingHours.map((h, i) =>
      i === shorter.dossiers.workingHours.length - 1
        ? { ...h, end: `${String(Number(h.end.slice(0, 2)) - 1).padStart(2, "0")}${h.end.slice(2)}` }
        : h,
    );
    const { store, log } = source();
    try {
      const result = await runWhatIf({ source: log, config: shorter, ...period });
      expect(result.configChanged).toBe(true);
      const late = result.rows.find((r) => r.key === "dossiers.late");
      expect(late?.baseline).toBeGreaterThan(0);
      // The same officers finish the same steps at the same instants: with less working time
      // counted per day the deadlines fall later, so no dossier is later than recorded.
      expect(late?.whatIf).toBeLessThan(late?.baseline as number);
      expect(result.whatIf.total.dossiers.finished).toBe(result.baseline.total.dossiers.finished);
    } finally {
      store.close();
    }
  });
});
