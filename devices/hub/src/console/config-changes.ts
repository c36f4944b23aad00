// What a new office configuration changes, in short Vietnamese lines for the admin who is
// about to apply it (POST /api/config/preview). Only what people edit is described one by one;
// anything else that differs is named by its section.
import type { OfficeConfig } from "@motcua/config";
import { displayDate } from "@motcua/core";
import { canonicalJson } from "../config-state.js";

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Short Vietnamese descriptions of what differs from `old` to `next`, in the file's order. */
export function describeChanges(old: OfficeConfig, next: OfficeConfig): string[] {
  const out: string[] = [];
  if (old.office.name !== next.office.name) out.push(`Tên cơ quan: ${old.office.name} → ${next.office.name}`);
  if (!same(old.office, { ...next.office, name: old.office.name })) out.push("Thông tin cơ quan thay đổi");

  const dates = (list: readonly string[]) => list.map(displayDate).join(", ");
  const added = <T>(a: readonly T[], b: readonly T[]) => b.filter((x) => !a.includes(x));
  const holidaysIn = added(old.calendar.holidays, next.calendar.holidays);
  const holidaysOut = added(next.calendar.holidays, old.calendar.holidays);
  if (holidaysIn.length > 0) out.push(`Thêm ngày nghỉ: ${dates(holidaysIn)}`);
  if (holidaysOut.length > 0) out.push(`Bỏ ngày nghỉ: ${dates(holidaysOut)}`);
  const makeUpIn = added(old.calendar.makeUpWorkingDays, next.calendar.makeUpWorkingDays);
  const makeUpOut = added(next.calendar.makeUpWorkingDays, old.calendar.makeUpWorkingDays);
  if (makeUpIn.length > 0) out.push(`Thêm ngày làm bù: ${dates(makeUpIn)}`);
  if (makeUpOut.length > 0) out.push(`Bỏ ngày làm bù: ${dates(makeUpOut)}`);
  if (!same(old.calendar.workingWeekdays, next.calendar.workingWeekdays))
    out.push(
      `Ngày làm việc trong tuần: ${weekdays(old.calendar.workingWeekdays)} → ${weekdays(next.calendar.workingWeekdays)}`,
    );

  for (const s of next.sessions) {
    const before = old.sessions.find((o) => o.id === s.id);
    const hours = (x: typeof s) => `${x.start}–${x.end} (hẹn từ ${x.appointmentsFrom})`;
    if (!before) out.push(`Thêm ${s.name.toLowerCase()}: ${hours(s)}`);
    else if (!same(before, s)) out.push(`${s.name}: ${hours(before)} → ${hours(s)}`);
  }
  for (const s of old.sessions)
    if (!next.sessions.some((n) => n.id === s.id)) out.push(`Bỏ ${s.name.toLowerCase()}`);

  for (const c of next.counters) {
    const before = old.counters.find((o) => o.id === c.id);
    if (!before) out.push(`Thêm quầy ${c.id}${c.name ? ` (${c.name})` : ""}`);
    else if (before.name !== c.name) out.push(`Quầy ${c.id}: đổi tên thành ${c.name ?? "(không tên)"}`);
  }
  for (const c of old.counters) if (!next.counters.some((n) => n.id === c.id)) out.push(`Bỏ quầy ${c.id}`);

  for (const s of next.services) {
    const before = old.services.find((o) => o.code === s.code);
    if (!before) {
      out.push(
        `Thêm lĩnh vực ${s.code} (${s.name}), ${s.averageMinutes} phút, quầy ${s.counters.join(", ")}`,
      );
      continue;
    }
    if (before.name !== s.name) out.push(`Lĩnh vực ${s.code}: đổi tên thành ${s.name}`);
    if (before.averageMinutes !== s.averageMinutes)
      out.push(
        `Lĩnh vực ${s.code}: thời gian trung bình ${before.averageMinutes} → ${s.averageMinutes} phút`,
      );
    if (!same(before.counters, s.counters))
      out.push(`Lĩnh vực ${s.code}: quầy ${before.counters.join(", ")} → ${s.counters.join(", ")}`);
  }
  for (const s of old.services)
    if (!next.services.some((n) => n.code === s.code)) out.push(`Bỏ lĩnh vực ${s.code} (${s.name})`);

  for (const p of next.procedures) {
    const before = old.procedures.find((o) => o.code === p.code);
    if (!before) out.push(`Thêm thủ tục ${p.code} (${p.name}) thuộc lĩnh vực ${p.service}`);
    else if (!same(before, p)) out.push(`Thủ tục ${p.code}: thay đổi tên, lĩnh vực hoặc tên gọi khác`);
  }
  for (const p of old.procedures)
    if (!next.procedures.some((n) => n.code === p.code)) out.push(`Bỏ thủ tục ${p.code} (${p.name})`);

  const rules = new Set([...Object.keys(old.rules), ...Object.keys(next.rules)]);
  for (const key of rules) {
    const a = (old.rules as Record<string, unknown>)[key];
    const b = (next.rules as Record<string, unknown>)[key];
    if (!same(a, b)) out.push(`Quy tắc ${key}: ${canonicalJson(a)} → ${canonicalJson(b)}`);
  }
  // Dossier tracking: the processes and officers the admin edits in the JSON editor.
  for (const p of next.processes) {
    const before = old.processes.find((o) => o.id === p.id);
    if (!before) out.push(`Thêm quy trình ${p.id}${p.name ? ` (${p.name})` : ""}`);
    else if (!same(before, p)) out.push(`Quy trình ${p.id}${p.name ? ` (${p.name})` : ""} thay đổi`);
  }
  for (const p of old.processes)
    if (!next.processes.some((n) => n.id === p.id)) out.push(`Bỏ quy trình ${p.id}`);
  for (const o of next.officers) {
    const before = old.officers.find((x) => x.id === o.id);
    if (!before) out.push(`Thêm cán bộ ${o.id} (${o.name})`);
    else if (!same(before, o)) out.push(`Cán bộ ${o.id} (${o.name}) thay đổi`);
  }
  for (const o of old.officers) if (!next.officers.some((n) => n.id === o.id)) out.push(`Bỏ cán bộ ${o.id}`);
  for (const section of ["dossiers", "reminders", "display", "hub", "security", "modem"] as const)
    if (!same(old[section], next[section])) out.push(`Mục ${section} thay đổi`);
  return out;
}

const WEEKDAY_NAMES = ["", "T2", "T3", "T4", "T5", "T6", "T7", "CN"];

function weekdays(days: readonly number[]): string {
  return days.map((d) => WEEKDAY_NAMES[d] ?? String(d)).join(", ");
}
