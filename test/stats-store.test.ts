import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { addDays, OfficeCalendar, QueueCore } from "@motcua/core";
import { LiveQueue } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import type { SimInput } from "@motcua/protocol";
import type { StatsReport } from "@motcua/stats";
import { type NewEntry, openStore } from "@motcua/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHalfYear } from "../bench/dossier-days.ts";
import { generateScenario, Rng } from "../bench/generate.ts";

// docs/statistics.md checked against the store itself: a month of the bench's provincial centre
// (each working day from bench/generate.ts, its bookings sent from the day before, a month of
// dossiers from bench/dossier-days.ts, and ratings after some services) decided by one core and
// written as the hub writes its log; the hub's own way back (LiveQueue.open replaying the store)
// feeds `queue.stats`, and SQL over the log's stored events — nothing of the engine — gives the
// same figures.
const config = loadOfficeConfig(fileURLToPath(new URL("../bench/offices/provincial.yaml", import.meta.url)));
const calendar = new OfficeCalendar(config);
const PERIOD = { from: "2026-11-02", to: "2026-11-27" };
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
let db: Db;
let month: StatsReport;
let byDay: StatsReport;

/** Every stored event of `type` with its fields, in log order. */
function events(type: string): Record<string, unknown>[] {
  return db
    .prepare(
      `SELECT e.value AS json FROM log, json_each(log.events) AS e
       WHERE json_extract(e.value, '$.type') = ? ORDER BY log.seq, e.key`,
    )
    .all(type)
    .map((r) => JSON.parse(String(r.json)) as Record<string, unknown>);
}

/** How many stored events of `type` happened in the period (their `at`'s office date). */
function count(type: string, where = "1"): number {
  const [row] = db
    .prepare(
      `SELECT count(*) AS n FROM log, json_each(log.events) AS e
       WHERE json_extract(e.value, '$.type') = ? AND substr(json_extract(e.value, '$.at'), 1, 10) BETWEEN ? AND ?
       AND ${where}`,
    )
    .all(type, PERIOD.from, PERIOD.to);
  return Number(row?.n);
}

function workingDays(): string[] {
  const days: string[] = [];
  for (let d = PERIOD.from; d <= PERIOD.to; d = addDays(d, 1))
    if (calendar.sessionsOf(d).length > 0) days.push(d);
  return days;
}

/** Every input of the month, in time order (a stable merge of the generators' lists). */
function monthInputs(): SimInput[] {
  const days = workingDays();
  const lists: SimInput[][] = days.map(
    (day, i) =>
      generateScenario({
        config,
        day,
        from: days[i - 1] ?? day,
        seed: 300 + i,
        walkIns: 250,
        bookings: 60,
        badMessages: 6,
        cancellations: 6,
        noShows: 3,
        statusQueries: 4,
        pauses: 2,
      }).inputs,
  );
  lists.push(generateHalfYear({ config, ...PERIOD, dossiers: 250, seed: 17 }).inputs);
  return lists
    .flat()
    .map((input, order) => ({ input, order, at: Date.parse(input.at) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((x) => x.input);
}

beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), "motcua-stats-store-"));
  const path = join(dir, "hub.sqlite");
  const store = openStore({ path });
  store.setMeta("seed", 0);
  store.setMeta("office", config.office.id);
  const core = new QueueCore(config, { seed: 0 });
  const rng = new Rng(5);
  const values = ["very_satisfied", "satisfied", "satisfied", "unsatisfied"] as const;
  let page: NewEntry[] = [];
  const decide = (input: SimInput) => {
    const { events } = core.decide(input);
    if (input.type !== "tick" || events.length > 0) page.push({ input, events });
    if (page.length >= 500) {
      store.appendMany(page);
      page = [];
    }
    return events;
  };
  for (const input of monthInputs()) {
    for (const e of decide(input)) {
      // A third of the citizens rate the counter that finished them; a few press twice.
      if (e.type !== "served" || !rng.chance(0.35)) continue;
      const rating = { at: input.at, type: "rating" as const, counter: e.counter, value: rng.pick(values) };
      decide(rating);
      if (rng.chance(0.1)) decide({ ...rating, value: "very_satisfied" });
    }
  }
  store.appendMany(page);
  store.close();

  // As the hub comes back: LiveQueue replays the store and feeds its stats.
  const reopened = openStore({ path });
  const end = calendar.instantOf(addDays(PERIOD.to, 1), 0);
  const clock = { now: () => end, at: () => () => {} };
  const queue = LiveQueue.open(config, reopened, clock, createLogger({ level: "silent" }));
  month = queue.stats.report({ ...PERIOD, group: "month" });
  byDay = queue.stats.report({ ...PERIOD, group: "day" });
  queue.close();
  reopened.close();
  db = new Database(path, { readonly: true });
}, 240_000);

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the figures of a generated month equal a direct count from the store", () => {
  it("tickets issued and refused, citizens served, in all, per day and per counter", () => {
    const t = month.total;
    expect(t.tickets).toBe(count("ticket_issued"));
    expect(t.tickets).toBeGreaterThan(3_000);
    expect(t.ticketsRefused).toBe(count("ticket_refused"));
    expect(t.served).toBe(count("served"));
    for (const s of byDay.series) {
      const [row] = db
        .prepare(
          `SELECT count(*) AS n FROM log, json_each(log.events) AS e
           WHERE json_extract(e.value, '$.type') = 'served' AND substr(json_extract(e.value, '$.at'), 1, 10) = ?`,
        )
        .all(s.period);
      expect(s.figures.served, s.period).toBe(Number(row?.n));
    }
    for (const c of month.byCounter) {
      expect(c.figures.served, `counter ${c.counter}`).toBe(
        count("served", `json_extract(e.value, '$.counter') = '${c.counter}'`),
      );
    }
    // The services' rows add up to the total (no service was unknown); the counters' for served.
    const sum = (rows: { figures: { tickets: number; served: number } }[], f: "tickets" | "served") =>
      rows.reduce((n, r) => n + r.figures[f], 0);
    expect(sum(month.byService, "tickets")).toBe(t.tickets);
    expect(sum(month.byService, "served")).toBe(t.served);
    expect(sum(month.byCounter, "served")).toBe(t.served);
    for (const s of month.byService) {
      expect(s.figures.tickets, s.service).toBe(
        count("ticket_issued", `json_extract(e.value, '$.service') = '${s.service}'`),
      );
    }
  });

  it("appointments of the period, kept and no-shows; the booked share of those served", () => {
    const booked = events("booked").filter((b) => {
      const date = calendar.dateOf(Date.parse(String(b.time)));
      return date >= PERIOD.from && date <= PERIOD.to;
    });
    const cancelled = new Map(events("cancelled").map((c) => [String(c.code), String(c.reason)]));
    const standing = booked.filter(
      (b) => cancelled.get(String(b.code)) !== "citizen" && cancelled.get(String(b.code)) !== "officer",
    );
    const t = month.total;
    expect(t.appointments).toBe(standing.length);
    expect(t.appointmentsCancelled).toBe(booked.length - standing.length);
    expect(t.noShows).toBe(count("cancelled", `json_extract(e.value, '$.reason') = 'no_show'`));
    expect(t.noShows).toBeGreaterThan(0);
    // Kept: called (no check-ins in this month) and not a no-show.
    const calls = new Set(events("called").map((c) => `${String(c.at).slice(0, 10)} ${String(c.label)}`));
    const kept = standing.filter(
      (b) =>
        cancelled.get(String(b.code)) === undefined &&
        calls.has(`${calendar.dateOf(Date.parse(String(b.time)))} ${String(b.label)}`),
    );
    expect(t.appointmentsKept).toBe(kept.length);
    const servedBooked = count("served", `json_extract(e.value, '$.kind') = 'appointment'`);
    expect(t.bookedPercent).toBe(Math.round((1000 * servedBooked) / count("served")) / 10);
  });

  it("waits: each first call, from its ticket or its appointment's time; median, p90 and mean", () => {
    // Each first call joined (by date and label) with its ticket, or with its booking.
    const key = (date: string, label: unknown) => `${date} ${String(label)}`;
    const since = new Map<string, number>();
    for (const t of events("ticket_issued"))
      since.set(key(String(t.at).slice(0, 10), t.label), Date.parse(String(t.at)));
    for (const b of events("booked"))
      since.set(key(String(b.time).slice(0, 10), b.label), Date.parse(String(b.time)));
    const waits = events("called")
      .filter(
        (c) =>
          c.repeat === false &&
          String(c.at).slice(0, 10) >= PERIOD.from &&
          String(c.at).slice(0, 10) <= PERIOD.to,
      )
      .map((c) => {
        const from = since.get(key(String(c.at).slice(0, 10), c.label));
        if (from === undefined)
          throw new Error(`no ticket nor booking for ${String(c.label)} on ${String(c.at)}`);
        return Math.max(0, Math.round((Date.parse(String(c.at)) - from) / 1000));
      })
      .sort((a, b) => a - b);
    const rank = (q: number) => waits[Math.max(1, Math.ceil(q * waits.length)) - 1] as number;
    const minutes = (s: number) => Math.round(s / 6) / 10;
    const w = month.total.wait;
    expect(w.count).toBe(count("called", `json_extract(e.value, '$.repeat') = 0`));
    expect(w.count).toBe(waits.length);
    expect(w.median).toBe(minutes(rank(0.5)));
    expect(w.p90).toBe(minutes(rank(0.9)));
    expect(w.mean).toBe(minutes(waits.reduce((a, b) => a + b, 0) / waits.length));
    expect(w.histogram.reduce((a, b) => a + b, 0)).toBe(waits.length);
    expect(w.histogram[0]).toBe(waits.filter((s) => s < 300).length);
    expect(w.histogram[9]).toBe(waits.filter((s) => s >= 7_200).length);
  });

  it("ratings: each rated event, a second rating of the same citizen refused by the core", () => {
    const r = month.total.ratings;
    expect(r.verySatisfied).toBe(count("rated", `json_extract(e.value, '$.value') = 'very_satisfied'`));
    expect(r.satisfied).toBe(count("rated", `json_extract(e.value, '$.value') = 'satisfied'`));
    expect(r.unsatisfied).toBe(count("rated", `json_extract(e.value, '$.value') = 'unsatisfied'`));
    expect(r.verySatisfied + r.satisfied + r.unsatisfied).toBeGreaterThan(500);
    expect(count("action_refused", `json_extract(e.value, '$.action') = 'rating'`)).toBeGreaterThan(0);
    // No citizen (date and label) rated the same counter twice.
    const rated = events("rated").map(
      (e) => `${String(e.at).slice(0, 10)} ${String(e.label)} ${String(e.counter)}`,
    );
    expect(new Set(rated).size).toBe(rated.length);
  });

  it("SMS received and sent", () => {
    const [received] = db
      .prepare("SELECT count(*) AS n FROM log WHERE type = 'sms' AND substr(at, 1, 10) BETWEEN ? AND ?")
      .all(PERIOD.from, PERIOD.to);
    const s = month.total.sms;
    expect(s.received).toBe(Number(received?.n));
    expect(s.sent).toBe(count("sms_out"));
    expect(s.segments).toBeGreaterThanOrEqual(s.sent);
    expect(s.cost).toBe(s.segments * config.dossiers.smsPrice);
  });

  it("dossiers received and finished early, on time and late", () => {
    const d = month.total.dossiers;
    expect(d.received).toBe(count("dossier_received"));
    expect(d.received).toBe(250);
    expect(d.early).toBe(count("dossier_result_ready", `json_extract(e.value, '$.status') = 'early'`));
    expect(d.onTime).toBe(count("dossier_result_ready", `json_extract(e.value, '$.status') = 'on_time'`));
    expect(d.late).toBe(count("dossier_result_ready", `json_extract(e.value, '$.status') = 'late'`));
    expect(d.finished).toBe(count("dossier_result_ready"));
  });
});
