import type { Figures, StatsReport } from "@motcua/stats";
import type { ComparisonRow, Unserved } from "./types.js";

interface RowSpec {
  key: string;
  vi: string;
  en: string;
  unit: ComparisonRow["unit"];
  better: ComparisonRow["better"];
  value(f: Figures, unserved: number): number | null;
}

// The office's total: what a leader asks first (waits, appointments, who was sent home, late
// dossiers), then the statistics engine's other figures.
const TOTAL_ROWS: RowSpec[] = [
  {
    key: "wait.median",
    vi: "Chờ (trung vị)",
    en: "Wait (median)",
    unit: "ph",
    better: "lower",
    value: (f) => f.wait.median,
  },
  {
    key: "wait.p90",
    vi: "Chờ (p90)",
    en: "Wait (p90)",
    unit: "ph",
    better: "lower",
    value: (f) => f.wait.p90,
  },
  {
    key: "wait.mean",
    vi: "Chờ (trung bình)",
    en: "Wait (mean)",
    unit: "ph",
    better: "lower",
    value: (f) => f.wait.mean,
  },
  {
    key: "wait.count",
    vi: "Lượt được gọi",
    en: "Citizens called",
    unit: "",
    better: "higher",
    value: (f) => f.wait.count,
  },
  { key: "served", vi: "Đã phục vụ", en: "Served", unit: "", better: "higher", value: (f) => f.served },
  { key: "tickets", vi: "Vé đã phát", en: "Tickets issued", unit: "", better: null, value: (f) => f.tickets },
  {
    key: "ticketsVoided",
    vi: "Vé bị hủy",
    en: "Tickets voided",
    unit: "",
    better: null,
    value: (f) => f.ticketsVoided,
  },
  {
    key: "transfers",
    vi: "Chuyển lĩnh vực",
    en: "Transfers",
    unit: "",
    better: null,
    value: (f) => f.transfers,
  },
  {
    key: "appointments",
    vi: "Lịch hẹn",
    en: "Appointments",
    unit: "",
    better: null,
    value: (f) => f.appointments,
  },
  {
    key: "appointmentsCancelled",
    vi: "Lịch hẹn bị hủy",
    en: "Appointments cancelled",
    unit: "",
    better: "lower",
    value: (f) => f.appointmentsCancelled,
  },
  {
    key: "appointmentsKept",
    vi: "Hẹn đã đến",
    en: "Appointments kept",
    unit: "",
    better: "higher",
    value: (f) => f.appointmentsKept,
  },
  {
    key: "sentHome",
    vi: "Phải về (tổng)",
    en: "Sent home (total)",
    unit: "",
    better: "lower",
    value: (f, u) => f.ticketsRefused + u + f.noShows,
  },
  {
    key: "ticketsRefused",
    vi: "· vé bị từ chối",
    en: "· tickets refused",
    unit: "",
    better: "lower",
    value: (f) => f.ticketsRefused,
  },
  {
    key: "unserved",
    vi: "· số chưa được gọi",
    en: "· numbers never called",
    unit: "",
    better: "lower",
    value: (_f, u) => u,
  },
  { key: "noShows", vi: "· vắng hẹn", en: "· no-shows", unit: "", better: "lower", value: (f) => f.noShows },
  {
    key: "noShowPercent",
    vi: "Tỷ lệ vắng hẹn",
    en: "No-show rate",
    unit: "%",
    better: "lower",
    value: (f) => f.noShowPercent,
  },
  {
    key: "bookedPercent",
    vi: "Phục vụ có hẹn",
    en: "Served with a booking",
    unit: "%",
    better: null,
    value: (f) => f.bookedPercent,
  },
  {
    key: "serviceTime.median",
    vi: "Thời gian phục vụ (trung vị)",
    en: "Service time (median)",
    unit: "ph",
    better: null,
    value: (f) => f.serviceTime.median,
  },
  {
    key: "dossiers.received",
    vi: "Hồ sơ tiếp nhận",
    en: "Dossiers received",
    unit: "",
    better: null,
    value: (f) => f.dossiers.received,
  },
  {
    key: "dossiers.late",
    vi: "Hồ sơ trễ hạn",
    en: "Dossiers late",
    unit: "",
    better: "lower",
    value: (f) => f.dossiers.late,
  },
  {
    key: "dossiers.finished",
    vi: "Hồ sơ có kết quả",
    en: "Dossiers finished",
    unit: "",
    better: "higher",
    value: (f) => f.dossiers.finished,
  },
  {
    key: "dossiers.inTimePercent",
    vi: "Hồ sơ đúng hạn",
    en: "Dossiers in time",
    unit: "%",
    better: "higher",
    value: (f) => f.dossiers.inTimePercent,
  },
  {
    key: "sms.received",
    vi: "SMS đến",
    en: "SMS received",
    unit: "",
    better: null,
    value: (f) => f.sms.received,
  },
  { key: "sms.sent", vi: "SMS gửi đi", en: "SMS sent", unit: "", better: null, value: (f) => f.sms.sent },
  {
    key: "sms.cost",
    vi: "Chi phí SMS",
    en: "SMS cost",
    unit: "đ",
    better: "lower",
    value: (f) => f.sms.cost,
  },
  {
    key: "ratings.satisfiedPercent",
    vi: "Hài lòng",
    en: "Satisfied",
    unit: "%",
    better: "higher",
    value: (f) => f.ratings.satisfiedPercent,
  },
];

// Per service: the waits and who was sent home.
const SERVICE_ROWS = TOTAL_ROWS.filter((r) =>
  ["wait.median", "wait.p90", "served", "appointmentsKept", "ticketsRefused", "unserved", "noShows"].includes(
    r.key,
  ),
);

function row(spec: RowSpec, base: number | null, next: number | null, service?: string): ComparisonRow {
  const delta = base === null || next === null ? null : Math.round((next - base) * 10) / 10;
  return {
    key: service === undefined ? spec.key : `${service}.${spec.key}`,
    ...(service === undefined ? {} : { service }),
    vi: spec.vi,
    en: spec.en,
    baseline: base,
    whatIf: next,
    delta,
    better: spec.better,
    unit: spec.unit,
  };
}

/** The two reports side by side: the office's total, then each service of either configuration. */
export function compareReports(
  baseline: StatsReport,
  whatIf: StatsReport,
  unserved: { baseline: Unserved; whatIf: Unserved },
): ComparisonRow[] {
  const rows = TOTAL_ROWS.map((spec) =>
    row(
      spec,
      spec.value(baseline.total, unserved.baseline.total),
      spec.value(whatIf.total, unserved.whatIf.total),
    ),
  );
  const services = [
    ...new Set([...baseline.byService.map((s) => s.service), ...whatIf.byService.map((s) => s.service)]),
  ];
  for (const service of services) {
    const b = baseline.byService.find((s) => s.service === service)?.figures;
    const w = whatIf.byService.find((s) => s.service === service)?.figures;
    for (const spec of SERVICE_ROWS)
      rows.push(
        row(
          spec,
          b ? spec.value(b, unserved.baseline.byService[service] ?? 0) : null,
          w ? spec.value(w, unserved.whatIf.byService[service] ?? 0) : null,
          service,
        ),
      );
  }
  return rows;
}

/** Whether a row got better (1), worse (−1) or neither (0) under the new configuration. */
export function direction(r: ComparisonRow): -1 | 0 | 1 {
  if (r.delta === null || r.delta === 0 || r.better === null) return 0;
  return r.delta < 0 === (r.better === "lower") ? 1 : -1;
}
