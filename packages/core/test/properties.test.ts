import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import type { EventOf, SimEvent, SimInput } from "@motcua/protocol";
import { openStore } from "@motcua/store";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueCore } from "../src/index.js";

/**
 * Invariants of the queue core over random scenarios: SMS bookings and cancellations, kiosk
 * tickets, counter presses and ticks over a few days around the 2026-11-24 holiday, with `at`
 * never going back.
 */
const config = loadOfficeConfig();
const services = new Map(config.services.map((s) => [s.code, s]));

const DAYS = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"];
// Some phones written in several forms: 0912…, 84912… and +84912… are one phone.
const PHONES = [
  "0912345001",
  "0912345002",
  "+84912345002",
  "0987000003",
  "84987000003",
  "0987000004",
  "0987000005",
  "0987000006",
  "0987000007",
  "0987000008",
];
const NAMES = ["Nguyen Van An", "Trần Thị Bình", "Le Van C", "Phạm Thị Dung", "Hoang   Van Em", "vo thi f"];
const PROCEDURES = ["KS", "KS", "khai sinh", "HG", "hoa giai", "TC", "tro cap", "kt", "XD", "XN"];
const DATES = ["nay", "mai", "25/11", "25/11", "26/11", "23/11", "24/11", "27/11", "01/12/2026", "31/11"];

/** What a draft line becomes: an input, or "HUY" by the phone of the k-th booking so far. */
type Action = Omit<SimInput, "at"> | { type: "cancel"; k: number };

const sms = (text: fc.Arbitrary<string>) =>
  fc.record({ type: fc.constant("sms" as const), from: fc.constantFrom(...PHONES), text });

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: sms(
      fc
        .tuple(fc.constantFrom(...NAMES), fc.constantFrom(...PROCEDURES), fc.constantFrom(...DATES))
        .map(([n, p, d]) => `DK ${n} ${p} ${d}`),
    ),
  },
  {
    // A burst for one day, so that sessions fill up (the 50 % share, the per-phone limit).
    weight: 4,
    arbitrary: sms(fc.constantFrom(...NAMES).map((n) => `DK ${n} KS 25/11`)),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("cancel" as const), k: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: sms(
      fc
        .tuple(
          fc.constantFrom("KS", "HG", "TC"),
          fc.integer({ min: 1, max: 5 }),
          fc.constantFrom("nay", "25/11"),
        )
        .map(([p, n, d]) => `HUY ${p} ${n} ${d}`),
    ),
  },
  { weight: 1, arbitrary: sms(fc.constantFrom("HD", "TT TP-001", "hello")) },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant("ticket" as const),
      service: fc.constantFrom("TP", "TP", "DD", "XH", "VH", "ZZ"),
      priority: fc.boolean(),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant("press" as const),
      counter: fc.constantFrom("1", "1", "2", "3"),
      button: fc.constantFrom(
        "next",
        "next",
        "next",
        "next",
        "recall",
        "skip",
        "skip",
        "skip",
        "pause",
        "resume",
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("tick" as const) }) },
);

type Draft = { day: number; minute: number; second: number; action: Action };

const draft: fc.Arbitrary<Draft> = fc.record({
  day: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constant(1) },
    { weight: 4, arbitrary: fc.constant(2) },
    { weight: 2, arbitrary: fc.constant(3) },
  ),
  // Mostly the busy start of the morning, when appointments come due; some of every hour.
  minute: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 7 * 60 + 30, max: 10 * 60 }) },
    { weight: 2, arbitrary: fc.integer({ min: 10 * 60, max: 11 * 60 + 30 }) },
    { weight: 2, arbitrary: fc.integer({ min: 13 * 60, max: 17 * 60 + 30 }) },
    { weight: 1, arbitrary: fc.integer({ min: 6 * 60, max: 19 * 60 }) },
  ),
  second: fc.constantFrom(0, 0, 0, 30),
  action,
});

const clockOf = (minute: number, second: number) =>
  [Math.floor(minute / 60), minute % 60, second].map((n) => String(n).padStart(2, "0")).join(":");

/**
 * A scenario: the drafts in time order, each "cancel" turned into `HUY <code>` sent by the
 * phone that made the k-th booking so far (found by running the scenario once with the same
 * seed: the core is deterministic, so every later run sees the same bookings).
 */
function materialize(drafts: readonly Draft[], coreSeed: number): SimInput[] {
  const core = new QueueCore(config, { seed: coreSeed });
  const bookings: EventOf<"booked">[] = [];
  const inputs: SimInput[] = [];
  const sorted = [...drafts].sort((a, b) => a.day - b.day || a.minute - b.minute || a.second - b.second);
  for (const { day, minute, second, action } of sorted) {
    const at = `${DAYS[day]}T${clockOf(minute, second)}+07:00`;
    let input: SimInput;
    if (action.type === "cancel") {
      const b = bookings[action.k % Math.max(1, bookings.length)];
      input = b
        ? { at, type: "sms", from: b.phone, text: `HUY ${b.code}` }
        : { at, type: "sms", from: PHONES[0] as string, text: "HUY ABCDEF" };
    } else {
      input = { ...action, at } as SimInput;
    }
    inputs.push(input);
    for (const e of core.handle(input)) if (e.type === "booked") bookings.push(e);
  }
  return inputs;
}

const seed = fc.integer({ min: 0, max: 10_000 });

/** Runs per property; `PROPERTY_RUNS_FACTOR=20 npx vitest run …properties` hunts longer. */
const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_RUNS_FACTOR ?? 1)));

/** A scenario and the seed it runs with. */
const scenario: fc.Arbitrary<{ inputs: SimInput[]; seed: number }> = fc
  .tuple(fc.array(draft, { minLength: 10, maxLength: 120, size: "max" }), seed)
  .map(([drafts, s]) => ({ inputs: materialize(drafts, s), seed: s }));

function run(inputs: readonly SimInput[], coreSeed: number): { events: SimEvent[][]; core: QueueCore } {
  const core = new QueueCore(config, { seed: coreSeed });
  return { events: inputs.map((input) => core.handle(input)), core };
}

const MINUTE = 60_000;
const localDate = (iso: string) => iso.slice(0, 10);
const sessionOf = (iso: string) => (iso.slice(11, 16) < "12:00" ? "morning" : "afternoon");

/** Checks, input after input, every invariant that holds of the event stream alone. */
function checkInvariants(inputs: readonly SimInput[], perInput: readonly SimEvent[][]): void {
  const active = new Map<string, EventOf<"booked">>();
  const numbers = new Set<string>();
  const atCounter = new Map<string, string | undefined>();
  const firstCalls = new Set<string>();
  const paused = new Set<string>();
  let last = Number.NEGATIVE_INFINITY;
  for (const [i, events] of perInput.entries()) {
    const input = inputs[i] as SimInput;
    const inputAt = Date.parse(input.at);
    for (const e of events) {
      const at = Date.parse(e.at);
      // Timer events carry their own time, never after the input, never going back.
      expect(at).toBeLessThanOrEqual(inputAt);
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
      if (at < inputAt) {
        // What timers do: automatic calls, session ends, no-shows (with their SMS and block).
        expect(["called", "served", "cancelled", "blocked", "sms_out"]).toContain(e.type);
        if (e.type === "called") expect([e.kind, e.repeat]).toEqual(["appointment", false]);
        if (e.type === "cancelled") expect(e.reason).toBe("no_show");
      }
      switch (e.type) {
        case "booked": {
          const key = `${localDate(e.time)}|${e.service}|${e.number}`;
          expect(numbers.has(key), `number ${key} given twice`).toBe(false);
          numbers.add(key);
          const start = Date.parse(e.time);
          const length = (services.get(e.service)?.averageMinutes ?? 0) * MINUTE;
          for (const other of active.values()) {
            if (other.counter !== e.counter) continue;
            const otherStart = Date.parse(other.time);
            const otherLength = (services.get(other.service)?.averageMinutes ?? 0) * MINUTE;
            const overlap = start < otherStart + otherLength && otherStart < start + length;
            expect(overlap, `${e.label} ${e.time} overlaps ${other.label} ${other.time}`).toBe(false);
          }
          active.set(e.code, e);
          break;
        }
        case "cancelled":
          active.delete(e.code);
          break;
        case "ticket_issued": {
          const key = `${localDate(e.at)}|${e.service}|${e.number}`;
          expect(numbers.has(key), `number ${key} given twice`).toBe(false);
          numbers.add(key);
          expect(Date.parse(e.estimatedAt)).toBeGreaterThanOrEqual(Date.parse(e.at));
          break;
        }
        case "called": {
          const key = `${localDate(e.at)}|${e.label}`;
          if (!e.repeat) {
            // A first call is of a number of that day, and happens once.
            expect(numbers.has(`${localDate(e.at)}|${e.service}|${e.number}`), `${key} not issued`).toBe(
              true,
            );
            expect(firstCalls.has(key), `${key} called twice without repeat`).toBe(false);
            firstCalls.add(key);
          } else {
            // A repeat is a recall of the citizen at the counter, or a re-call within the day.
            const ok = atCounter.get(e.counter) === e.label || firstCalls.has(key);
            expect(ok, `${key} repeated before a first call`).toBe(true);
          }
          // Nothing is called at a paused counter, on a closed day, or outside the day's hours
          // (07:30 until the end of the last session, 17:00).
          expect(paused.has(e.counter), `${key} called at paused counter ${e.counter}`).toBe(false);
          expect(localDate(e.at)).not.toBe("2026-11-24");
          expect(
            e.at.slice(11, 19) >= "07:30:00" && e.at.slice(11, 19) < "17:00:00",
            `${key} at ${e.at}`,
          ).toBe(true);
          if (e.kind === "walkin" && e.repeat) expect(atCounter.get(e.counter)).toBe(e.label);
          // Nobody is called to a counter where a citizen still is (next finishes them first),
          // except the recall of that very citizen.
          if (!(e.repeat && atCounter.get(e.counter) === e.label))
            expect(
              atCounter.get(e.counter),
              `${key} called while someone is at ${e.counter}`,
            ).toBeUndefined();
          atCounter.set(e.counter, e.label);
          break;
        }
        case "served":
        case "skipped":
          // Only the citizen at that counter can be served or skipped, once.
          expect(atCounter.get(e.counter)).toBe(e.label);
          atCounter.set(e.counter, undefined);
          break;
      }
    }
    // Pauses last until resume (a pause of a paused counter, a resume of an open one: no-ops).
    if (input.type === "press" && input.button === "pause") paused.add(input.counter);
    if (input.type === "press" && input.button === "resume") paused.delete(input.counter);
    // The 50 % cap, per session and service, after every input.
    const perSession = new Map<string, number>();
    for (const b of active.values()) {
      const key = `${localDate(b.time)}|${sessionOf(b.time)}|${b.service}`;
      perSession.set(key, (perSession.get(key) ?? 0) + 1);
    }
    for (const [key, count] of perSession) {
      const service = services.get(key.split("|")[2] as string);
      const capacity = Math.floor(210 / (service?.averageMinutes ?? 1)) * (service?.counters.length ?? 0);
      expect(count, `${key}: ${count} appointments`).toBeLessThanOrEqual(Math.floor(capacity * 0.5));
    }
  }
}

/**
 * A storm of bookings and cancellations from 30 phones on Monday 23/11 and the morning of
 * Wednesday 25/11, with a few presses: sessions fill up, so the 50 % share and the grid are
 * tested at their limits.
 */
const STORM_PHONES = Array.from({ length: 30 }, (_, i) => `09870001${String(i).padStart(2, "0")}`);
const stormDraft: fc.Arbitrary<Draft> = fc.record({
  day: fc.constantFrom(0, 0, 0, 2),
  minute: fc.integer({ min: 7 * 60 + 30, max: 11 * 60 + 10 }),
  second: fc.constant(0),
  action: fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...STORM_PHONES),
          fc.constantFrom(...NAMES),
          fc.constantFrom("KS", "KT", "HG", "TC", "XD"),
          fc.constantFrom("nay", "mai", "25/11", "25/11", "25/11", "26/11", "27/11"),
        )
        .map(([from, n, p, d]) => ({ type: "sms" as const, from, text: `DK ${n} ${p} ${d}` })),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("cancel" as const), k: fc.nat(60) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("press" as const),
        counter: fc.constantFrom("1", "2", "3"),
        button: fc.constantFrom("next", "skip"),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant("ticket" as const), service: fc.constantFrom("TP", "DD") }),
    },
  ),
});
const storm: fc.Arbitrary<{ inputs: SimInput[]; seed: number }> = fc
  .tuple(fc.array(stormDraft, { minLength: 40, maxLength: 160, size: "max" }), seed)
  .map(([drafts, s]) => ({ inputs: materialize(drafts, s), seed: s }));

describe("properties of the queue core", () => {
  it("keeps appointments apart, numbers unique, the 50 % cap and a consistent call stream", () => {
    fc.assert(
      fc.property(scenario, ({ inputs, seed: s }) => {
        checkInvariants(inputs, run(inputs, s).events);
      }),
      { numRuns: runs(100) },
    );
  });

  it("keeps the same invariants under a storm of bookings and cancellations", () => {
    let capped = 0;
    fc.assert(
      fc.property(storm, ({ inputs, seed: s }) => {
        const { events, core } = run(inputs, s);
        checkInvariants(inputs, events);
        const held = core.allAppointments().filter((a) => a.status !== "cancelled" && a.status !== "no_show");
        if (
          held.filter((a) => a.service === "TP" && a.date === "2026-11-25" && a.session === "morning")
            .length === 10
        )
          capped++;
      }),
      { numRuns: runs(40) },
    );
    // The storm does reach the share of a session.
    expect(capped).toBeGreaterThan(0);
  });

  it("gives the same events for the same scenario and seed", () => {
    fc.assert(
      fc.property(scenario, ({ inputs, seed: s }) => {
        const a = run(inputs, s);
        const b = run(inputs, s);
        expect(b.events).toEqual(a.events);
        expect(b.core.board()).toEqual(a.core.board());
      }),
      { numRuns: runs(50) },
    );
  });

  it("really exercises the rules (the generator is not vacuous)", () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(scenario, ({ inputs, seed: s }) => {
        for (const e of run(inputs, s).events.flat()) {
          const kind =
            e.type === "called"
              ? e.repeat
                ? "called:repeat"
                : `called:${e.kind}`
              : e.type === "cancelled" || e.type === "rejected" || e.type === "ticket_refused"
                ? `${e.type}:${e.reason}`
                : e.type;
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
        }
      }),
      { numRuns: runs(80), seed: 42 },
    );
    for (const kind of [
      "booked",
      "cancelled:citizen",
      "cancelled:no_show",
      "ticket_issued",
      "ticket_refused:closed",
      "ticket_refused:unknown_service",
      "called:walkin",
      "called:appointment",
      "called:repeat",
      "served",
      "skipped",
      "rejected:limit",
    ])
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });
});

describe("a restart from the store gives the same events and board", () => {
  let dir: string;
  let files = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "motcua-props-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("one core vs first half, store, new core replaying the log, second half", () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), ({ inputs, seed: s }, fraction) => {
        const whole = run(inputs, s);
        const split = Math.floor(inputs.length * fraction);
        const path = join(dir, `run-${++files}.db`);

        const first = new QueueCore(config, { seed: s });
        const writing = openStore({ path });
        for (const input of inputs.slice(0, split)) writing.append(input, first.handle(input));
        writing.close();

        const reading = openStore({ path });
        const restarted = new QueueCore(config, { seed: s });
        const replayed: SimEvent[][] = [];
        for (const entry of reading.entries()) {
          const events = restarted.handle(entry.input);
          expect(events).toEqual(entry.events);
          replayed.push(events);
        }
        reading.close();
        expect(replayed).toHaveLength(split);
        const rest = inputs.slice(split).map((input) => restarted.handle(input));
        expect([...replayed, ...rest]).toEqual(whole.events);
        expect(restarted.board()).toEqual(whole.core.board());
        rmSync(path, { force: true });
      }),
      { numRuns: runs(25) },
    );
  });
});
