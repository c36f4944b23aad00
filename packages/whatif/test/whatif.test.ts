import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import type { SimInput } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { Identifiers, type LogEntryText, labelKey, runWhatIf } from "../src/index.js";

// The replay's own rules on hand-made logs (docs/whatif.md): what later inputs name is
// followed to the new replay's codes and numbers, or dropped when the new replay never gave it.

const office = loadOfficeConfig();
/** Monday 23/11/2026 and Wednesday 25/11/2026 (24/11 is a holiday of the example office). */
const mon = (clock: string) => `2026-11-23T${clock}:00+07:00`;
const wed = (clock: string) => `2026-11-25T${clock}:00+07:00`;

function changed(mutate: (c: OfficeConfig) => void): OfficeConfig {
  const copy = structuredClone(office);
  mutate(copy);
  return copy;
}

/** The log a hub would have written for these inputs (its store's entries, in memory). */
function logOf(inputs: SimInput[], config: OfficeConfig = office) {
  const core = new QueueCore(config, { seed: 5 });
  const entries: LogEntryText[] = inputs.map((input, i) => ({
    seq: i + 1,
    input,
    eventsJson: JSON.stringify(core.decide(input).events),
  }));
  const codes = entries.flatMap((e) =>
    (JSON.parse(e.eventsJson) as { type: string; code?: string }[]).flatMap((ev) =>
      ev.type === "booked" && ev.code ? [ev.code] : [],
    ),
  );
  return {
    codes,
    source: {
      entries: (fromSeq = 1) => entries.filter((e) => e.seq >= fromSeq),
      seed: 5,
      configBase: config,
    },
  };
}

describe("labels and codes", () => {
  it("reads a label in any of the forms officers type", () => {
    expect(labelKey("TP-005")).toBe("TP-5");
    expect(labelKey("tp5")).toBe("TP-5");
    expect(labelKey("TP005")).toBe("TP-5");
    expect(labelKey("nonsense words")).toBeUndefined();
  });

  it("rewrites a code in an SMS and drops an input that names a booking the new replay refused", () => {
    const ids = new Identifiers();
    ids.pairCode("ABC234", "XYZ789");
    ids.pairCode("DEF567", undefined);
    const day = "2026-11-23";
    const sms = (text: string): SimInput => ({ at: mon("09:00"), type: "sms", from: "0912000001", text });
    expect(ids.rewrite(sms("HUY abc234."), day)).toEqual({ input: sms("HUY XYZ789") });
    expect(ids.rewrite(sms("HUY DEF567"), day)).toEqual({ drop: "sms" });
    expect(ids.rewrite(sms("HUY QQQ222"), day)).toEqual({ input: sms("HUY QQQ222") });
    const checkin: SimInput = { at: mon("09:00"), type: "checkin", code: "def567", officer: "tn-1" };
    expect(ids.rewrite(checkin, day)).toEqual({ drop: "checkin" });
    ids.pairLabel(day, "TP-004", "TP-003");
    const call: SimInput = { at: mon("09:00"), type: "call", counter: "1", label: "tp4", officer: "tn-1" };
    expect(ids.rewrite(call, day)).toEqual({ input: { ...call, label: "TP-003" } });
    expect(ids.recordedLabel(day, "TP-003")).toBe("TP-4");
  });
});

describe("runWhatIf on a hand-made log", () => {
  // Two bookings on Monday for Wednesday: A for KT (khai tử), B for KS (khai sinh). A cancels
  // by its code, B is checked in on Wednesday by its code.
  function log() {
    const first = logOf([
      { at: mon("08:00"), type: "sms", from: "0912000001", text: "DK Tran Van A KT 25/11" },
      { at: mon("08:05"), type: "sms", from: "0912000002", text: "DK Le Thi B KS 25/11" },
    ]);
    const [a, b] = first.codes as [string, string];
    return {
      a,
      b,
      ...logOf([
        { at: mon("08:00"), type: "sms", from: "0912000001", text: "DK Tran Van A KT 25/11" },
        { at: mon("08:05"), type: "sms", from: "0912000002", text: "DK Le Thi B KS 25/11" },
        { at: mon("09:00"), type: "sms", from: "0912000001", text: `HUY ${a}` },
        { at: wed("07:40"), type: "checkin", code: b, officer: "tn-1" },
        { at: wed("07:41"), type: "ticket", service: "XH" },
        { at: wed("07:42"), type: "press", counter: "3", button: "next" },
        { at: wed("18:00"), type: "tick" },
      ]),
    };
  }

  it("follows a booking to the code the new replay gave it, and drops what named a refused one", async () => {
    const { source, a, b } = log();
    // Without khai tử, A's DK is refused: B's booking draws the code A had in the log.
    const noKT = changed((c) => {
      c.procedures = c.procedures.filter((p) => p.code !== "KT");
      for (const process of c.processes) process.procedures = process.procedures.filter((p) => p !== "KT");
    });
    const checkedIn: string[] = [];
    const result = await runWhatIf({
      source,
      config: noKT,
      from: "2026-11-23",
      to: "2026-11-25",
      onDecision: (_input, events) => {
        for (const e of events) if (e.type === "checked_in") checkedIn.push(e.code);
      },
    });
    expect(a).not.toBe(b);
    expect(checkedIn).toEqual([a]);
    expect(result.divergences.bookingsRefused).toEqual({ unknown_procedure: 1 });
    // A's HUY is dropped; B's check-in, rewritten to B's new code, still checks B in.
    expect(result.divergences.dependentDropped).toEqual({ sms: 1 });
    expect(result.baseline.total.appointments).toBe(1);
    expect(result.whatIf.total.appointments).toBe(1);
    expect(result.whatIf.total.appointmentsKept).toBe(result.baseline.total.appointmentsKept);
    expect(result.baseline.total.appointmentsKept).toBe(1);
  });

  it("drops the presses of a counter the new configuration lacks, and counts the log's own changes", async () => {
    const { source } = log();
    // Counter 3 gone: XH and VH go to counter 2.
    const noThree = changed((c) => {
      c.counters = c.counters.filter((k) => k.id !== "3");
      for (const s of c.services) if (s.counters.includes("3")) s.counters = ["2"];
    });
    const result = await runWhatIf({ source, config: noThree, from: "2026-11-25", to: "2026-11-25" });
    expect(result.divergences.pressesDropped).toEqual({ "3": 1 });
    expect(result.configChanged).toBe(true);
    // The XH ticket is never called: the only press for it was counter 3's.
    expect(result.unserved.whatIf.byService.XH).toBe(1);
    expect(result.unserved.baseline.byService.XH ?? 0).toBe(0);
  });

  it("stops once its signal is aborted (the console's time box)", async () => {
    const { source } = log();
    const controller = new AbortController();
    let decided = 0;
    const run = runWhatIf({
      source,
      config: office,
      from: "2026-11-23",
      to: "2026-11-25",
      signal: controller.signal,
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      onDecision: () => {
        decided++;
        controller.abort(new Error("time box"));
      },
    });
    await expect(run).rejects.toThrow("time box");
    // The new replay's first input was decided, then the run stopped.
    expect(decided).toBe(1);
  });

  it("refuses a period that ends before it starts, another office, and says when nothing was recorded", async () => {
    const { source } = log();
    await expect(runWhatIf({ source, config: office, from: "2026-11-25", to: "2026-11-23" })).rejects.toThrow(
      /starts/,
    );
    const other = changed((c) => {
      c.office.id = "khac";
    });
    await expect(
      runWhatIf({ source, config: other, from: "2026-11-23", to: "2026-11-23" }),
    ).rejects.toMatchObject({
      code: "other_office",
    });
    await expect(
      runWhatIf({ source, config: office, from: "2026-12-01", to: "2026-12-02" }),
    ).rejects.toMatchObject({
      code: "empty_period",
    });
  });
});
