import type { QueueCore } from "./core.js";
import type { Appointment } from "./state.js";

const MINUTE = 60_000;
/**
 * A reminder that would come this soon after the booking adds nothing: the confirmation has
 * just said the same. So a same-day booking made less than `minutesBefore` + 30 minutes ahead
 * gets no "shortly before" reminder (docs/operating.md says so).
 */
export const REMINDER_GAP_AFTER_BOOKING_MINUTES = 30;

export interface Reminder {
  /** Unique per appointment and kind: the outbox never takes the same reminder twice. */
  key: string;
  /** The phone as it booked. */
  to: string;
  text: string;
  due: number;
}

type Kind = "evening" | "soon";

/** What the reminder rules read of the core. */
type ReminderSource = Pick<QueueCore, "config" | "calendar" | "replies" | "allAppointments" | "factsOf">;

/**
 * When an appointment's reminders fall due (the office's `reminders:`): the evening before, at
 * its time of the previous calendar day, and `minutesBefore` the slot; each sendable until
 * `until`. A reminder that would come within half an hour of the booking is left out.
 */
function reminderTimes(a: Appointment, core: ReminderSource) {
  const config = core.config.reminders;
  const times: { kind: Kind; due: number; until: number }[] = [];
  if (config.eveningBefore !== null) {
    const [h, m] = config.eveningBefore.split(":").map(Number);
    const previousDay = new Date(Date.parse(`${a.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    // Too late once the appointment's day has begun: the "soon" reminder takes over.
    times.push({
      kind: "evening",
      due: core.calendar.instantOf(previousDay, (h ?? 0) * 60 + (m ?? 0)),
      until: core.calendar.instantOf(a.date, 0),
    });
  }
  if (config.minutesBefore !== null) {
    times.push({ kind: "soon", due: a.time - config.minutesBefore * MINUTE, until: a.time });
  }
  return times.filter((t) => t.due >= a.bookedAt + REMINDER_GAP_AFTER_BOOKING_MINUTES * MINUTE);
}

/** The reminders due at `now` for the appointments still booked, earliest first. */
export function dueReminders(core: ReminderSource, now: number): Reminder[] {
  const out: Reminder[] = [];
  for (const a of core.allAppointments()) {
    if (a.status !== "booked") continue;
    for (const t of reminderTimes(a, core)) {
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

/** When the next reminder falls due after `now`, for a live driver to sleep until. */
export function nextReminderAt(core: ReminderSource, now: number): number | undefined {
  let next: number | undefined;
  for (const a of core.allAppointments()) {
    if (a.status !== "booked") continue;
    for (const t of reminderTimes(a, core)) {
      if (t.due > now && (next === undefined || t.due < next)) next = t.due;
    }
  }
  return next;
}
