// A configuration changed live (the staff console, or the office file edited between two
// starts of the hub): what it would break, read from the core's state, and what the citizens it
// breaks are told. Pure: the state, the two configurations and the instant in, a list out.
import { ConfigError, type OfficeConfig, parseOfficeConfig } from "@motcua/config";
import { OfficeCalendar } from "./calendar.js";
import { isGsm7, smsSegments } from "./sms/codec.js";
import { displayDate, plainText } from "./sms/replies.js";
import type { Appointment } from "./state.js";

const MINUTE = 60_000;

/** Why a booking no longer fits the new configuration. */
export type BreakKind =
  | "procedure_removed"
  | "service_removed"
  | "counter_removed"
  | "counter_not_serving"
  | "day_closed"
  | "outside_sessions";

/** A booking (today's or later, still to be served) that the new configuration breaks. */
export interface BrokenBooking {
  code: string;
  /** The phone as it booked: where the SMS goes. */
  phone: string;
  name: string;
  procedure: string;
  procedureName: string;
  service: string;
  serviceName: string;
  number: number;
  label: string;
  counter: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`, the office's local time. */
  time: string;
  /** The slot as ISO-8601 with its offset. */
  at: string;
  kind: BreakKind;
  /** Why, in Vietnamese for the console's page. */
  reason: string;
}

/**
 * The bookings a change from `old` to `next` at `now` would break: those of today and later
 * that are still to be served (booked, or skipped and in their grace period) whose procedure,
 * service or counter the new office lacks, whose counter no longer serves their service, whose
 * day is now closed, or whose slot no longer lies inside a session of that day (a session cut
 * short, moved or removed). The slot keeps the length it was booked with (the old average), so
 * a longer average alone breaks nothing booked before it. Earliest first.
 */
export function configImpact(
  appointments: readonly Appointment[],
  old: OfficeConfig,
  next: OfficeConfig,
  now: number,
): BrokenBooking[] {
  const oldCalendar = new OfficeCalendar(old);
  const calendar = new OfficeCalendar(next);
  const today = oldCalendar.dateOf(now);
  const oldServices = new Map(old.services.map((s) => [s.code, s]));
  const services = new Map(next.services.map((s) => [s.code, s]));
  const procedures = new Set(next.procedures.map((p) => p.code));
  const counters = new Set(next.counters.map((c) => c.id));
  const oldProcedureNames = new Map(old.procedures.map((p) => [p.code, p.name]));

  const why = (a: Appointment): { kind: BreakKind; reason: string } | undefined => {
    const serviceName = oldServices.get(a.service)?.name ?? a.service;
    if (!procedures.has(a.procedure))
      return {
        kind: "procedure_removed",
        reason: `Thủ tục ${oldProcedureNames.get(a.procedure) ?? a.procedure} (${a.procedure}) bị bỏ khỏi cấu hình.`,
      };
    const service = services.get(a.service);
    if (!service)
      return {
        kind: "service_removed",
        reason: `Lĩnh vực ${serviceName} (${a.service}) bị bỏ khỏi cấu hình.`,
      };
    if (!counters.has(a.counter))
      return { kind: "counter_removed", reason: `Quầy ${a.counter} bị bỏ khỏi cấu hình.` };
    if (!service.counters.includes(a.counter))
      return {
        kind: "counter_not_serving",
        reason: `Quầy ${a.counter} không còn tiếp nhận lĩnh vực ${serviceName}.`,
      };
    const closed = calendar.closure(a.date);
    if (closed)
      return {
        kind: "day_closed",
        reason:
          closed === "holiday"
            ? `Ngày ${displayDate(a.date)} thành ngày nghỉ lễ.`
            : `Ngày ${displayDate(a.date)} không còn là ngày làm việc.`,
      };
    const length = (oldServices.get(a.service)?.averageMinutes ?? service.averageMinutes) * MINUTE;
    const fits = calendar.sessionsOf(a.date).some((s) => s.start <= a.time && a.time + length <= s.end);
    if (!fits)
      return {
        kind: "outside_sessions",
        reason: `Giờ hẹn ${oldCalendar.clock(a.time)} nằm ngoài giờ làm việc mới (${sessionHours(next)}).`,
      };
    return undefined;
  };

  const broken: BrokenBooking[] = [];
  const candidates = appointments
    .filter((a) => a.date >= today && (a.status === "booked" || a.status === "grace"))
    .sort((x, y) => x.time - y.time || x.seq - y.seq);
  for (const a of candidates) {
    const found = why(a);
    if (!found) continue;
    broken.push({
      code: a.code,
      phone: a.phone,
      name: a.name,
      procedure: a.procedure,
      procedureName: oldProcedureNames.get(a.procedure) ?? a.procedure,
      service: a.service,
      serviceName: oldServices.get(a.service)?.name ?? a.service,
      number: a.number,
      label: a.label,
      counter: a.counter,
      date: a.date,
      time: oldCalendar.clock(a.time),
      at: oldCalendar.format(a.time),
      ...found,
    });
  }
  return broken;
}

function sessionHours(config: OfficeConfig): string {
  return config.sessions.map((s) => `${s.name.toLowerCase()} ${s.start}–${s.end}`).join(", ");
}

/** A `config` input's configuration, checked with the one schema; or why it is refused. */
export type ReadConfig = { ok: true; config: OfficeConfig } | { ok: false; why: string };

/**
 * Reads the configuration a `config` input carries with @motcua/config's one schema (older
 * versions migrated). An invalid one, or one for another office (the id names the store, the
 * MQTT topics and every device's file), is refused.
 */
export function readConfig(document: unknown, current: OfficeConfig): ReadConfig {
  let config: OfficeConfig;
  try {
    config = parseOfficeConfig(document, "config input");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const first = error.problems[0];
    return {
      ok: false,
      why: `invalid configuration: ${first ? `${first.path}: ${first.message}` : error.message}`,
    };
  }
  if (config.office.id !== current.office.id)
    return { ok: false, why: `the office id cannot change (${current.office.id} → ${config.office.id})` };
  return { ok: true, config };
}

/** The reason as a citizen reads it in the SMS. */
const SMS_REASONS: Record<BreakKind, string> = {
  procedure_removed: "thủ tục này không còn tiếp nhận tại đây",
  service_removed: "lĩnh vực này không còn tiếp nhận tại đây",
  counter_removed: "thay đổi quầy tiếp nhận",
  counter_not_serving: "thay đổi quầy tiếp nhận",
  day_closed: "cơ quan nghỉ ngày này",
  outside_sessions: "thay đổi giờ làm việc",
};

/**
 * The SMS telling a citizen that a configuration change cancelled their booking. Written with
 * diacritics and sent as the office's replies are (without them by default, `rules.replyWith
 * Diacritics`), in one segment: the first of the forms that fits, else the shortest.
 */
export function configCancelledText(next: OfficeConfig, b: BrokenBooking): string {
  const withDiacritics = next.rules.replyWithDiacritics;
  const why = SMS_REASONS[b.kind];
  const date = displayDate(b.date);
  const candidates = [
    `${next.office.name}: Lịch hẹn ${b.code} (${b.procedureName}, số ${b.label}, ${b.time} ngày ${date}) đã bị hủy do ${why}. Xin lỗi vì sự bất tiện, vui lòng đặt lịch lại.`,
    `Lịch hẹn ${b.code} (số ${b.label}, ${b.time} ngày ${date}) đã bị hủy do ${why}. Xin lỗi, vui lòng đặt lịch lại.`,
    `Lịch hẹn ${b.code} ngày ${date} đã bị hủy do ${why}. Vui lòng đặt lại.`,
  ].map((text) => (withDiacritics ? text.normalize("NFC") : plainText(text)));
  const fits = (text: string) => smsSegments(text) <= 1 && (withDiacritics || isGsm7(text));
  return candidates.find(fits) ?? (candidates.at(-1) as string);
}
