import type { ServiceConfig } from "@motcua/config";
import type { OfficeCalendar } from "./calendar.js";
import type { Appointment, CounterRuntime, WalkIn } from "./state.js";

const MINUTE = 60_000;

export interface QueueView {
  service: ServiceConfig;
  counters: readonly CounterRuntime[];
  /** Today's appointments of the service that may still be called, by slot time then booking. */
  appointments: readonly Appointment[];
  /** Today's waiting walk-ins of the service, in calling order (priority first, then by number). */
  walkIns: readonly WalkIn[];
}

export type Target = { kind: "appointment"; code: string } | { kind: "walkin"; seq: number };

/**
 * How many numbers of a service will be called before a target, and when its turn should
 * come, by playing the calling rules forward with every citizen taking the service's average
 * time. Only the service's own open counters count (at least one), so the estimate is a
 * reasonable promise, not a schedule.
 */
export function estimateTurn(
  view: QueueView,
  target: Target,
  now: number,
  calendar: OfficeCalendar,
): { ahead: number; at: number } {
  const step = view.service.averageMinutes * MINUTE;
  const open = view.counters.filter((c) => !c.paused && view.service.counters.includes(c.id));
  const free =
    open.length === 0 ? [now] : open.map((c) => (c.serving ? Math.max(now, c.serving.calledAt + step) : now));
  const appointments = [...view.appointments];
  const walkIns = [...view.walkIns];
  let ahead = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const index = free.indexOf(Math.min(...free));
    let t = openAt(calendar, free[index] as number);
    const due = appointments[0] && appointments[0].time <= t ? appointments.shift() : undefined;
    let picked: Target | undefined;
    if (due) picked = { kind: "appointment", code: due.code };
    else if (walkIns.length > 0) picked = { kind: "walkin", seq: (walkIns.shift() as WalkIn).seq };
    else if (appointments.length > 0) {
      const next = appointments.shift() as Appointment;
      t = Math.max(t, next.time);
      picked = { kind: "appointment", code: next.code };
    } else break;
    if (
      (picked.kind === "appointment" && target.kind === "appointment" && picked.code === target.code) ||
      (picked.kind === "walkin" && target.kind === "walkin" && picked.seq === target.seq)
    ) {
      return { ahead, at: t };
    }
    ahead++;
    free[index] = t + step;
  }
  return { ahead, at: openAt(calendar, Math.min(...free)) };
}

/** Moves a time that falls between sessions (lunch) to the next session's start on the same day. */
function openAt(calendar: OfficeCalendar, t: number): number {
  for (const s of calendar.sessionsOf(calendar.dateOf(t))) {
    if (t < s.start) return s.start;
    if (t < s.end) return t;
  }
  return t;
}
