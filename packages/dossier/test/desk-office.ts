import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import type { DossierInput, SimEvent } from "@motcua/protocol";
import { DossierDesk } from "../src/desk.js";
import type { DeskCtx, OfficeDays } from "../src/types.js";

// The example office at a counter: the desk driven as the queue core drives it (a timer fires
// for inputs strictly after its instant, its events carrying its own time), with the office's
// calendar at Vietnam's fixed +07:00. @motcua/core is not used: it depends on this package.

const OFFSET = 7 * 3_600_000;

export function vietnamDays(calendar: OfficeConfig["calendar"]): OfficeDays {
  const holidays = new Set(calendar.holidays);
  const makeUp = new Set(calendar.makeUpWorkingDays);
  const weekdays = new Set(calendar.workingWeekdays);
  return {
    isWorkingDay(date) {
      if (makeUp.has(date)) return true;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
      return weekdays.has(weekday) && !holidays.has(date);
    },
    dateOf: (instant) => new Date(instant + OFFSET).toISOString().slice(0, 10),
    instantOf: (date, minutes) => Date.parse(`${date}T00:00:00Z`) + minutes * 60_000 - OFFSET,
    format: (instant) => `${new Date(instant + OFFSET).toISOString().slice(0, 19)}+07:00`,
  };
}

/** `2026-12-07 09:00` (office time) → `2026-12-07T09:00:00+07:00`. */
export function iso(local: string): string {
  const [date, time = "00:00"] = local.split(" ");
  return `${date}T${time.length === 5 ? `${time}:00` : time}+07:00`;
}

/** Strips diacritics as the office's replies do (rules.replyWithDiacritics: false). */
export function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

type Line = DossierInput extends infer T ? (T extends unknown ? Omit<T, "at"> : never) : never;

export class Office {
  readonly config: OfficeConfig;
  readonly days: OfficeDays;
  readonly desk: DossierDesk;
  /** Every event so far, in order. */
  readonly log: SimEvent[] = [];

  constructor(config: OfficeConfig = loadOfficeConfig()) {
    this.config = config;
    this.days = vietnamDays(config.calendar);
    this.desk = new DossierDesk(config, this.days, { plain });
  }

  /** Fires the timers whose instant is strictly before `local`; returns their events. */
  advance(local: string): SimEvent[] {
    const t = Date.parse(iso(local));
    const events: SimEvent[] = [];
    for (let next = this.desk.nextTimerAt(); next !== undefined && next < t; next = this.desk.nextTimerAt())
      this.desk.fireNextTimer(events);
    this.log.push(...events);
    return events;
  }

  private ctx(local: string): DeskCtx {
    return { at: Date.parse(iso(local)), atText: iso(local), events: [] };
  }

  /** An input at `local` (timers before it first): its events, and the refusal if any. */
  input(local: string, line: Line): { events: SimEvent[]; refused: string | undefined } {
    const fired = this.advance(local);
    const ctx = this.ctx(local);
    const refused = this.desk.handle({ ...line, at: iso(local) } as DossierInput, ctx);
    this.log.push(...ctx.events);
    return { events: [...fired, ...ctx.events], refused };
  }

  /** Only the input's own events (timers before it are fired and logged, not returned). */
  do(local: string, line: Line): SimEvent[] {
    this.advance(local);
    return this.input(local, line).events;
  }

  xong(local: string, from: string, ref: string): SimEvent[] {
    this.advance(local);
    const ctx = this.ctx(local);
    this.desk.smsDone(ref, from, ctx);
    this.log.push(...ctx.events);
    return ctx.events;
  }

  tt(local: string, from: string, ref: string): SimEvent[] {
    this.advance(local);
    const ctx = this.ctx(local);
    this.desk.smsStatus(ref, from, ctx);
    this.log.push(...ctx.events);
    return ctx.events;
  }

  /** Receives a dossier of `procedure` and returns its code. */
  receive(
    local: string,
    procedure = "KS",
    extra: Partial<Extract<Line, { type: "dossier_receive" }>> = {},
  ): string {
    const officer =
      this.config.procedures.find((p) => p.code === procedure)?.service === "TP" ? "tn-1" : "tn-2";
    const { events, refused } = this.input(local, {
      type: "dossier_receive",
      officer,
      procedure,
      name: "Nguyễn Văn An",
      phone: "0987654321",
      counter: "1",
      ...extra,
    });
    if (refused !== undefined) throw new Error(refused);
    const received = events.find((e) => e.type === "dossier_received");
    if (received?.type !== "dossier_received") throw new Error("not received");
    return received.code;
  }
}

/** The events of one type. */
export function ofType<T extends SimEvent["type"]>(
  events: SimEvent[],
  type: T,
): Extract<SimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

/** The SMS texts sent to a number (`+84…`). */
export function smsTo(events: SimEvent[], to: string): string[] {
  return ofType(events, "sms_out")
    .filter((e) => e.to === to)
    .map((e) => e.text);
}
