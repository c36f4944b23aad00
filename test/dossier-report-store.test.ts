import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { OfficeCalendar, QueueCore } from "@motcua/core";
import { type NewEntry, openStore } from "@motcua/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHalfYear } from "../bench/dossier-days.ts";
import { type DossierReport, dossierReport } from "../packages/dossier/src/index.ts";

// DOSSIERS.md "Reports" checked against the store itself: a month of the bench's provincial
// centre is generated and written as the hub writes its log; the hub's way back (a fresh core
// replaying the store) gives the report, and SQL over the log's stored events — nothing of the
// desk — gives the same figures.
const config = loadOfficeConfig(fileURLToPath(new URL("../bench/offices/provincial.yaml", import.meta.url)));
const PERIOD = { from: "2026-11-02", to: "2026-11-27" };
// The store's own SQLite binding, read-only: the counts below do not go through @motcua/store.
type Db = {
  prepare(sql: string): { all(...params: unknown[]): Record<string, unknown>[] };
  close(): void;
};
const Database = createRequire(new URL("../packages/store/package.json", import.meta.url))(
  "better-sqlite3",
) as new (
  path: string,
  options: { readonly: boolean },
) => Db;

let dir: string;
let report: DossierReport;
let db: Db;

/** `{ key: count }` of the stored events of `type`, grouped by the JSON fields named. */
function counted(type: string, ...fields: string[]): Record<string, number> {
  // json_each has a column named key: the alias must not be.
  const key = fields.map((f) => `json_extract(e.value, '$.${f}')`).join(" || '/' || ") || "'all'";
  const rows = db
    .prepare(
      `SELECT ${key} AS grouped, count(*) AS n FROM log, json_each(log.events) AS e
       WHERE json_extract(e.value, '$.type') = ? GROUP BY grouped`,
    )
    .all(type);
  return Object.fromEntries(rows.map((r) => [String(r.grouped), Number(r.n)]));
}
const total = (type: string) => counted(type).all ?? 0;

beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), "motcua-report-store-"));
  const path = join(dir, "hub.sqlite");
  const store = openStore({ path });
  let page: NewEntry[] = [];
  const month = generateHalfYear({
    config,
    ...PERIOD,
    dossiers: 900,
    seed: 11,
    onDecision: (input, events) => {
      page.push({ input, events });
      if (page.length < 500) return;
      store.appendMany(page);
      page = [];
    },
  });
  store.appendMany(page);
  store.close();

  // As the hub comes back: a fresh core replaying the stored inputs.
  const reopened = openStore({ path });
  const core = new QueueCore(config, { seed: 0 });
  for (const entry of reopened.entries()) core.decide(entry.input);
  reopened.close();
  report = dossierReport(core.dossiers.records(), {
    period: PERIOD,
    now: month.lastAt + 60_000,
    days: new OfficeCalendar(config),
    settings: config.dossiers,
    services: config.services,
    officers: config.officers,
  });
  db = new Database(path, { readonly: true });
}, 120_000);

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the dossier report of a generated month equals a count over the store's log", () => {
  it("received, per service and in all", () => {
    const received = counted("dossier_received", "service");
    expect(report.total.received).toBe(total("dossier_received"));
    expect(report.total.received).toBe(900);
    for (const s of report.services) expect(s.received, s.service).toBe(received[s.service] ?? 0);
  });

  it("finished early, on time and late, per service and in all", () => {
    const ready = counted("dossier_result_ready", "status");
    expect(report.total.early).toBe(ready.early ?? 0);
    expect(report.total.onTime).toBe(ready.on_time ?? 0);
    expect(report.total.late).toBe(ready.late ?? 0);
    expect(report.total.late).toBeGreaterThan(0);
    expect(report.total.finished).toBe(total("dossier_result_ready"));
    expect(report.total.inProgress).toBe(total("dossier_received") - total("dossier_result_ready"));
    // Each result's service is its dossier's, through the code.
    const fieldsOf = (type: string, field: string) =>
      db
        .prepare(
          `SELECT json_extract(e.value, '$.code') AS code, json_extract(e.value, '$.${field}') AS v
           FROM log, json_each(log.events) AS e WHERE json_extract(e.value, '$.type') = ?`,
        )
        .all(type);
    const serviceOf = new Map(fieldsOf("dossier_received", "service").map((r) => [r.code, r.v]));
    const results = new Map<string, number>();
    for (const r of fieldsOf("dossier_result_ready", "status")) {
      const key = `${serviceOf.get(r.code)}/${r.v}`;
      results.set(key, (results.get(key) ?? 0) + 1);
    }
    const byService = (service: string, status: string) => results.get(`${service}/${status}`) ?? 0;
    for (const s of report.services) {
      expect([s.early, s.onTime, s.late], s.service).toEqual([
        byService(s.service, "early"),
        byService(s.service, "on_time"),
        byService(s.service, "late"),
      ]);
    }
  });

  it("waiting for a supplement: paused and not yet resumed", () => {
    expect(report.total.paused).toBe(total("dossier_paused") - total("dossier_resumed"));
  });

  it("hand-overs: each step started for an officer, a resumed step not again, each reassignment", () => {
    expect(report.total.handovers).toBe(
      total("step_started") - total("dossier_resumed") + total("step_reassigned"),
    );
  });

  it("steps done on time and late, per officer", () => {
    const done = counted("step_done", "officer", "status");
    let all = 0;
    for (const o of report.officers) {
      expect([o.onTime, o.late], o.officer).toEqual([
        done[`${o.officer}/on_time`] ?? 0,
        done[`${o.officer}/late`] ?? 0,
      ]);
      all += o.done;
    }
    expect(all).toBe(total("step_done"));
  });
});
