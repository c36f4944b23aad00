// A long gap between two inputs: what falls due in it still happens, in order, and a gap of
// millennia (a mistyped year) costs what a day does.
import { loadOfficeConfig } from "@motcua/config";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { QueueCore } from "../src/index.js";
import { MON, phone, t, WED } from "./calling-helpers.js";

const run = (inputs: SimInput[]): SimEvent[] => {
  const core = new QueueCore(loadOfficeConfig());
  return inputs.flatMap((input) => core.handle(input));
};

/** The same inputs with a tick every few hours in between: time walked step by step. */
function withTicks(inputs: SimInput[]): SimInput[] {
  const walked: SimInput[] = [];
  let last = Date.parse(inputs[0]?.at as string);
  for (const input of inputs) {
    for (let at = last + 5 * 3_600_000; at < Date.parse(input.at); at += 5 * 3_600_000)
      walked.push({ at: new Date(at).toISOString().replace("Z", "+00:00"), type: "tick" });
    walked.push(input);
    last = Date.parse(input.at);
  }
  return walked;
}

describe("long gaps between inputs", () => {
  // Bookings for later days, a citizen still at a counter, then weeks with no input.
  const day: SimInput[] = [
    { at: t(MON, "08:00"), type: "sms", from: phone(1), text: "DK Nguyen Van An KS 25/11" },
    { at: t(MON, "08:01"), type: "sms", from: phone(2), text: "DK Tran Thi Binh HG 26/11" },
    { at: t(MON, "08:02"), type: "ticket", service: "TP" },
    { at: t(MON, "08:03"), type: "press", counter: "1", button: "next" },
    { at: t(MON, "08:04"), type: "ticket", service: "DD" },
    { at: "2026-12-30T09:00:00+07:00", type: "ticket", service: "TP" },
    { at: "2027-03-01T09:00:00+07:00", type: "rating", counter: "1", value: "satisfied" },
    { at: "2027-03-01T09:01:00+07:00", type: "sms", from: phone(1), text: "TT" },
  ];

  it("gives the same events as time walked step by step", () => {
    const jumped = run(day);
    // Both appointments were called by themselves in the gap, and served at the session's end.
    expect(jumped.filter((e) => e.type === "called" && e.kind === "appointment")).toHaveLength(2);
    expect(jumped.filter((e) => e.type === "served" && e.kind === "appointment")).toHaveLength(2);
    expect(run(withTicks(day))).toEqual(jumped);
  });

  it("replays an input in the year 9999 at once, with what fell due before it", () => {
    const started = performance.now();
    const events = run([
      { at: t(WED, "08:00"), type: "sms", from: phone(3), text: "DK Le Van Cuong KS 27/11" },
      { at: "9999-11-23T09:00:00+07:00", type: "ticket", service: "TP" },
    ]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events.at(-1)).toMatchObject({
      type: "ticket_issued",
      label: "TP-001",
      at: "9999-11-23T09:00:00+07:00",
    });
    // The appointment of 27/11/2026 was still called by itself, at its time.
    expect(events.find((e) => e.type === "called")).toMatchObject({
      at: t("2026-11-27", "08:00"),
      kind: "appointment",
    });
  });
});
