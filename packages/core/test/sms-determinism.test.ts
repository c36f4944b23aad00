// PROTOCOL.md "Simulation": codes from a generator seeded by --seed, used in input order, so the
// same scenario — and the same prefix of it — gives the same codes. RULES.md: codes are short
// and unambiguous, 6 characters without 0/O/1/I.
import type { SimEvent, SimInput } from "@motcua/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QueueCore } from "../src/index.js";
import { at, CODE, MON, office, phone } from "./sms-helpers.js";

/** A morning of mixed traffic: bookings, refusals, tickets, cancellations, calls. */
function scenario(): SimInput[] {
  const lines: SimInput[] = [];
  const texts = [
    "DK Nguyen Van A KS 25/11",
    "DK Tran Thi B XD 26/11",
    "HD",
    "DK Le Van C KS 31/02",
    "DK Pham Thi D tro cap nay",
    "DK Hoang Van E khai sinh mai",
    "TT TP-001",
  ];
  for (let i = 0; i < 30; i++) {
    const clock = `09:${String(i).padStart(2, "0")}`;
    lines.push({
      at: at(MON, clock),
      type: "sms",
      from: phone(i % 9),
      text: texts[i % texts.length] as string,
    });
    if (i % 4 === 0) lines.push({ at: at(MON, clock), type: "ticket", service: "TP" });
    if (i % 6 === 5) lines.push({ at: at(MON, clock), type: "press", counter: "1", button: "next" });
  }
  return lines;
}

function run(lines: readonly SimInput[], seed: number): SimEvent[] {
  const core = new QueueCore(office, { seed });
  return lines.flatMap((line) => core.handle(line));
}

function codes(events: readonly SimEvent[]): string[] {
  return events.flatMap((e) => (e.type === "booked" ? [e.code] : []));
}

describe("transaction codes", () => {
  it("the same scenario and seed give the same events and codes", () => {
    const lines = scenario();
    const first = run(lines, 42);
    expect(codes(first).length).toBeGreaterThan(10);
    expect(run(lines, 42)).toEqual(first);
  });

  it("a prefix of a scenario gives the same codes as the start of the whole", () => {
    const lines = scenario();
    const whole = codes(run(lines, 7));
    for (const cut of [1, 5, 17, 40]) {
      const part = codes(run(lines.slice(0, cut), 7));
      expect(part).toEqual(whole.slice(0, part.length));
    }
  });

  it("the seed is used: two seeds give different codes", () => {
    const lines = scenario();
    expect(codes(run(lines, 1))).not.toEqual(codes(run(lines, 2)));
  });

  it("the default seed is 0", () => {
    const lines = scenario().slice(0, 10);
    const core = new QueueCore(office);
    expect(codes(lines.flatMap((l) => core.handle(l)))).toEqual(codes(run(lines, 0)));
  });

  it("codes are 6 characters without 0, O, 1, I, and distinct, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const core = new QueueCore(office, { seed });
        const seen = new Set<string>();
        for (let i = 0; i < 20; i++) {
          const day = ["25", "26", "27", "30"][i % 4] as string;
          for (const e of core.handle({
            at: at(MON, "09:00"),
            type: "sms",
            from: phone(i),
            text: `DK Nguyen Van A KS ${day}/11`,
          })) {
            if (e.type !== "booked") continue;
            expect(e.code).toMatch(CODE);
            expect(e.code).not.toMatch(/[0O1I]/);
            expect(seen.has(e.code)).toBe(false);
            seen.add(e.code);
          }
        }
        expect(seen.size).toBe(20);
      }),
      { numRuns: 50 },
    );
  });
});
