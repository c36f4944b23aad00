import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { OfficeCalendar, QueueCore } from "@motcua/core";
import { type SimEvent, simInput } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { generateHalfYear, WorkClock } from "../bench/dossier-days.ts";
import { dossierReport } from "../packages/dossier/src/index.ts";

// `pnpm bench:dossiers`' generator (bench/dossier-days.ts), on two weeks of the bench's
// provincial centre: what it writes is valid input the core takes, and the report of what
// the core made of it counts what was received.
const config = loadOfficeConfig(fileURLToPath(new URL("../bench/offices/provincial.yaml", import.meta.url)));
const calendar = new OfficeCalendar(config);
const at = (text: string) => Date.parse(text);

describe("bench/dossier-days.ts", () => {
  const small = { config, from: "2026-11-02", to: "2026-11-13", dossiers: 400, seed: 7 };
  const half = generateHalfYear(small);
  const s = half.stats;

  it("writes valid scenario lines, in time order, every receipt taken and nothing refused", () => {
    let last = Number.NEGATIVE_INFINITY;
    for (const input of half.inputs) {
      expect(simInput.safeParse(JSON.parse(JSON.stringify(input))).success).toBe(true);
      const t = at(input.at);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    expect(s.byType.dossier_receive).toBe(400);
    expect(s.received).toBe(400);
    expect(s.rejected).toEqual({});
    expect(s.ignored).toEqual({});
    // Steps done, some late; results ready and handed over.
    expect(s.byType.step_done).toBeGreaterThan(1000);
    expect(s.stepsDone.late).toBeGreaterThan(0);
    expect(s.resultReady.early + s.resultReady.on_time).toBeGreaterThan(s.resultReady.late);
    expect(s.returned).toBeGreaterThan(0);
  });

  it("receives only in the office's reception sessions of working days", () => {
    for (const input of half.inputs) {
      if (input.type !== "dossier_receive") continue;
      expect(calendar.sessionAt(at(input.at))).toBeDefined();
    }
  });

  it("is deterministic, and a fresh core replays it to the same events", () => {
    expect(generateHalfYear(small).eventsSha256).toBe(half.eventsSha256);
    const core = new QueueCore(config, { seed: 0 });
    const hash = createHash("sha256");
    for (const input of half.inputs)
      for (const event of core.decide(input).events as SimEvent[]) hash.update(`${JSON.stringify(event)}\n`);
    expect(hash.digest("hex")).toBe(half.eventsSha256);
  });

  it("the period's report counts every dossier_receive taken, and the results as the core gave them", () => {
    const core = new QueueCore(config, { seed: 0 });
    for (const input of half.inputs) core.decide(input);
    const report = dossierReport(core.dossiers.records(), {
      period: { from: small.from, to: small.to },
      now: half.lastAt + 60_000,
      days: calendar,
      settings: config.dossiers,
      services: config.services,
      officers: config.officers,
    });
    expect(report.total.received).toBe(s.received);
    expect(report.total.early).toBe(s.resultReady.early);
    expect(report.total.onTime).toBe(s.resultReady.on_time);
    expect(report.total.late).toBe(s.resultReady.late);
  });
});

describe("the generator's working clock", () => {
  const clock = new WorkClock(calendar, config);
  const hours = (from: string, h: number) => calendar.format(clock.add(at(from), h * 3_600_000));

  it("runs through working periods only: a morning's end is that end, lunch and nights skipped", () => {
    expect(hours("2026-11-25T07:30:00+07:00", 4)).toBe("2026-11-25T11:30:00+07:00");
    expect(hours("2026-11-25T11:00:00+07:00", 1)).toBe("2026-11-25T14:00:00+07:00");
    expect(hours("2026-11-25T12:00:00+07:00", 0)).toBe("2026-11-25T13:30:00+07:00");
    expect(hours("2026-11-25T17:00:00+07:00", 1)).toBe("2026-11-26T08:00:00+07:00");
  });

  it("skips weekends and holidays (Friday → Monday; 23/11 → 25/11 over 24/11)", () => {
    expect(hours("2026-11-20T17:00:00+07:00", 1)).toBe("2026-11-23T08:00:00+07:00");
    expect(hours("2026-11-23T17:00:00+07:00", 1)).toBe("2026-11-25T08:00:00+07:00");
    expect(hours("2026-11-23T08:00:00+07:00", 16)).toBe("2026-11-26T08:00:00+07:00");
  });
});
