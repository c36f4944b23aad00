import type { RemindersConfig } from "@motcua/config";
import type { Appointment, OfficeCalendar, QueueCore } from "@motcua/core";

const MINUTE = 60_000;
/** A reminder that would arrive this soon after the confirmation adds nothing. */
const MIN_GAP_AFTER_BOOKING = 30 * MINUTE;

export interface Reminder {
  /** Unique per appointment and kind: the outbox never takes the same reminder twice. */
  key: string;
  to: string;
  text: string;
  due: number;
}

type Kind = "evening" | "soon";

/**
 * When an appointment's reminders fall due: the evening before (the configured time of the
 * previous calendar day) and `minutesBefore` its slot; each is sendable until `until`. A
 * reminder that would come within half an hour of the booking is left out.
 */
function reminderTimes(a: Appointment, config: RemindersConfig, calendar: OfficeCalendar) {
  const times: { kind: Kind; due: number; until: number }[] = [];
  if (config.eveningBefore !== null) {
    const [h, m] = config.eveningBefore.split(":").map(Number);
    const previousDay = new Date(Date.parse(`${a.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    // Too late once the appointment's day has begun: the "soon" reminder takes over.
    times.push({
      kind: "evening",
      due: calendar.instantOf(previousDay, (h ?? 0) * 60 + (m ?? 0)),
      until: calendar.instantOf(a.date, 0),
    });
  }
  if (config.minutesBefore !== null) {
    times.push({ kind: "soon", due: a.time - config.minutesBefore * MINUTE, until: a.time });
  }
  return times.filter((t) => t.due >= a.bookedAt + MIN_GAP_AFTER_BOOKING);
}

/** The reminders due at `now` for the appointments still booked, earliest first. */
export function dueReminders(core: QueueCore, config: RemindersConfig, now: number): Reminder[] {
  const out: Reminder[] = [];
  for (const a of core.allAppointments()) {
    if (a.status !== "booked") continue;
    for (const t of reminderTimes(a, config, core.calendar)) {
      if (t.due > now || now >= t.until) continue;
      out.push({
        key: `reminder:${a.code}:${t.kind}`,
        to: a.phone,
        text: core.replies.reminder(core.factsOf(a), t.kind),
        due: t.due,
      });
    }
  }
  return out.sort((x, y) => x.due - y.due);
}

/** When the next reminder falls due after `now`, for the hub to sleep until. */
export function nextReminderAt(core: QueueCore, config: RemindersConfig, now: number): number | undefined {
  let next: number | undefined;
  for (const a of core.allAppointments()) {
    if (a.status !== "booked") continue;
    for (const t of reminderTimes(a, config, core.calendar)) {
      if (t.due > now && (next === undefined || t.due < next)) next = t.due;
    }
  }
  return next;
}
