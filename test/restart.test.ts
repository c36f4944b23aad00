import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { openStore, type Store } from "@motcua/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/**
 * A restart of the hub: the store's log is replayed into a fresh core with the same seed.
 * The replay must decide exactly what was decided and stored, and leave the same picture.
 */
const SEED = 2026;
const at = (date: string, clock: string) => `${date}T${clock}:00+07:00`;
const MON = "2026-11-23";
const WED = "2026-11-25";

const sms = (when: string, from: string, text: string): SimInput => ({ at: when, type: "sms", from, text });
const ticket = (when: string, service: string, priority = false): SimInput => ({
  at: when,
  type: "ticket",
  service,
  priority,
});
const press = (
  when: string,
  counter: string,
  button: "next" | "recall" | "skip" | "pause" | "resume",
): SimInput => ({
  at: when,
  type: "press",
  counter,
  button,
});
const tick = (when: string): SimInput => ({ at: when, type: "tick" });

/** Monday: bookings for Wednesday by SMS, a same-day booking, walk-ins, a cancellation. */
const monday: SimInput[] = [
  sms(at(MON, "07:35"), "0912345001", "DK Nguyen Van An KS 25/11"),
  sms(at(MON, "07:36"), "0912345002", "DK Trần Thị Bình khai sinh 25/11"),
  sms(at(MON, "07:37"), "0912345003", "DK Le Van C KH 25/11"),
  sms(at(MON, "07:38"), "0912345004", "DK Pham Thi D hoa giai 25/11"),
  sms(at(MON, "07:39"), "0912345005", "DK Vo Van E TC 25/11"),
  sms(at(MON, "07:40"), "0912345006", "DK Hoang Thi F KS nay"),
  ticket(at(MON, "07:41"), "TP"),
  ticket(at(MON, "07:42"), "TP", true),
  ticket(at(MON, "07:43"), "XH"),
  press(at(MON, "07:45"), "1", "next"),
  press(at(MON, "07:50"), "1", "next"),
  press(at(MON, "07:51"), "3", "next"),
  sms(at(MON, "08:00"), "0912345003", "HUY KH 3 25/11"),
  press(at(MON, "08:05"), "1", "next"),
  tick(at(MON, "08:45")),
  press(at(MON, "08:46"), "1", "skip"),
  ticket(at(MON, "10:58"), "TP"),
  sms(at(MON, "09:00"), "0912345007", "TT TP-001"),
];
monday.sort((a, b) => a.at.localeCompare(b.at));

/** Wednesday: walk-ins, automatic calls, a no-show, a pause, a recall, a grace period pending. */
const wednesday: SimInput[] = [
  ticket(at(WED, "07:40"), "TP"),
  ticket(at(WED, "07:41"), "VH"),
  press(at(WED, "07:45"), "1", "next"),
  press(at(WED, "07:46"), "3", "next"),
  press(at(WED, "07:55"), "1", "next"), // TP walk-in served; idle for 08:00
  tick(at(WED, "08:01")), // TP-001, DD-001 called by themselves; XH-001 waits behind VH-001
  press(at(WED, "08:02"), "1", "skip"),
  press(at(WED, "08:03"), "1", "next"), // TP-001 re-called
  press(at(WED, "08:04"), "1", "recall"),
  press(at(WED, "08:05"), "1", "skip"),
  press(at(WED, "08:06"), "2", "pause"),
  tick(at(WED, "08:12")), // TP-001 no-show at 08:10; TP-002 called by itself
  press(at(WED, "08:13"), "3", "next"),
  press(at(WED, "08:14"), "1", "skip"), // TP-002 in grace until 08:20
];

/** After the restart: the pending grace period ends, and the day goes on. */
const afterRestart: SimInput[] = [
  tick(at(WED, "08:25")),
  press(at(WED, "08:26"), "2", "resume"),
  press(at(WED, "08:27"), "2", "next"),
  ticket(at(WED, "08:28"), "TP"),
  press(at(WED, "08:29"), "1", "next"),
  tick(at(WED, "17:30")),
];

let dir: string;
const opened: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-restart-"));
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path: string): Store {
  const store = openStore({ path });
  opened.push(store);
  return store;
}

describe("restart from the store", () => {
  it("replays the stored inputs into a fresh core: the same events, the same board", () => {
    const config = loadOfficeConfig();
    const path = join(dir, "hub", "motcua.db");
    const original = new QueueCore(config, { seed: SEED });
    const writing = open(path);
    const decided: SimEvent[][] = [];
    for (const input of [...monday, ...wednesday]) {
      const events = original.handle(input);
      decided.push(events);
      writing.append(input, events);
    }
    writing.close();

    // The script is not trivial: it books, calls, skips, cancels and leaves a grace period open.
    const types = new Set(decided.flat().map((e) => e.type));
    for (const type of ["booked", "cancelled", "ticket_issued", "called", "served", "skipped", "sms_out"])
      expect(types).toContain(type);
    expect(original.board().appointments.map((a) => a.status)).toContain("grace");

    const reading = open(path);
    const entries = [...reading.entries()];
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.map((e) => e.input)).toEqual([...monday, ...wednesday]);
    expect(entries.map((e) => e.events)).toEqual(decided);

    const restarted = new QueueCore(config, { seed: SEED });
    for (const entry of entries) expect(restarted.handle(entry.input)).toEqual(entry.events);
    expect(restarted.board()).toEqual(original.board());
    expect(restarted.nextWakeUp()).toBe(original.nextWakeUp());

    // The restarted core carries on exactly like the one that never stopped, timers included.
    for (const input of afterRestart) expect(restarted.handle(input)).toEqual(original.handle(input));
    expect(restarted.board()).toEqual(original.board());
    const noShows = restarted.board().appointments.filter((a) => a.status === "no_show");
    expect(noShows.map((a) => a.label)).toEqual(["TP-001", "TP-002"]);
  });

  it("needs the same seed: another seed draws other transaction codes", () => {
    const config = loadOfficeConfig();
    const codes = (seed: number) => {
      const core = new QueueCore(config, { seed });
      return monday
        .flatMap((input) => core.handle(input))
        .flatMap((e) => (e.type === "booked" ? [e.code] : []));
    };
    expect(codes(SEED)).toEqual(codes(SEED));
    expect(codes(SEED + 1)).not.toEqual(codes(SEED));
  });
});
