// A store of several generated office days, written as the hub writes its log: the meta it
// sets on a new store (seed, office, the configuration the log begins under), then each input
// with the events a core decided for it, a tick kept only when it decided something.
import type { OfficeConfig } from "@motcua/config";
import { addDays, CoreInputError, OfficeCalendar, QueueCore } from "@motcua/core";
import type { SimInput } from "@motcua/protocol";
import { type NewEntry, openStore } from "@motcua/store";
import { type GenerateOptions, generateScenario } from "../../bench/generate.ts";

export interface GeneratedDays {
  /** The working days generated, in order. */
  days: string[];
  inputs: number;
}

/**
 * Generates `count` working days from `first` (bench/generate.ts, one scenario a day, its SMS
 * bookings sent from two days before), merged in time order, and writes them to a new store
 * at `path`; a last tick the morning after the last day fires that day's end.
 */
export function writeGeneratedDays(
  path: string,
  config: OfficeConfig,
  first: string,
  count: number,
  day: (date: string, index: number) => Omit<GenerateOptions, "config" | "day">,
): GeneratedDays {
  const calendar = new OfficeCalendar(config);
  const days: string[] = [];
  for (let d = first; days.length < count; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d);
  const all: SimInput[] = days.flatMap(
    (d, i) => generateScenario({ config, day: d, from: addDays(d, -2), ...day(d, i) }).inputs,
  );
  const last = days.at(-1) as string;
  all.push({ at: `${addDays(last, 1)}T07:00:00+07:00`, type: "tick" });
  const ordered = all
    .map((input, i) => ({ input, i, at: Date.parse(input.at) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.input);

  const store = openStore({ path });
  store.setMeta("seed", 0);
  store.setMeta("office", config.office.id);
  store.setMeta("configBase", config);
  const core = new QueueCore(config, { seed: 0 });
  let page: NewEntry[] = [];
  let inputs = 0;
  for (const input of ordered) {
    let events: NewEntry["events"];
    try {
      events = core.decide(input).events;
    } catch (error) {
      if (error instanceof CoreInputError) continue;
      throw error;
    }
    if (input.type === "tick" && events.length === 0) continue;
    page.push({ input, events });
    inputs++;
    if (page.length >= 500) {
      store.appendMany(page);
      page = [];
    }
  }
  store.appendMany(page);
  store.close();
  return { days, inputs };
}
