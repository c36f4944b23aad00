import { RATING_VALUES, type RatingValue, type SimEvent, type SimInput } from "@motcua/protocol";

export interface ServiceSummary {
  service: string;
  ticketsIssued: number;
  ticketsRefused: number;
  walkInsServed: number;
  walkInsSkipped: number;
  /** Walk-in tickets voided (printed wrongly, citizen gone, the kiosk failed to print). */
  walkInsVoided: number;
  /** Citizens sent from this service to another one, and received from another one. */
  transferredOut: number;
  transferredIn: number;
  /** Minutes from ticket to first call, for walk-ins that were called. */
  walkInWaitMinutes: number[];
  booked: number;
  cancelledByCitizen: number;
  cancelledByOfficer: number;
  appointmentsKept: number;
  noShows: number;
  /** Minutes from the appointment's time to its first call (0 when called on time). */
  appointmentDelayMinutes: number[];
  ratings: Record<RatingValue, number>;
}

export interface DaySummary {
  inputs: number;
  smsIn: number;
  smsOut: number;
  rejected: Record<string, number>;
  blockedPhones: number;
  services: ServiceSummary[];
}

/**
 * Folds a run's events into what an office manager wants to know about the day: waiting
 * times, appointments kept, no-shows, refusals. Pure, so the same events always read the same.
 */
export function summarize(inputs: readonly SimInput[], events: readonly SimEvent[]): DaySummary {
  const services = new Map<string, ServiceSummary>();
  const of = (code: string): ServiceSummary => {
    let s = services.get(code);
    if (!s) {
      s = {
        service: code,
        ticketsIssued: 0,
        ticketsRefused: 0,
        walkInsServed: 0,
        walkInsSkipped: 0,
        walkInsVoided: 0,
        transferredOut: 0,
        transferredIn: 0,
        walkInWaitMinutes: [],
        booked: 0,
        cancelledByCitizen: 0,
        cancelledByOfficer: 0,
        appointmentsKept: 0,
        noShows: 0,
        appointmentDelayMinutes: [],
        ratings: { very_satisfied: 0, satisfied: 0, unsatisfied: 0 },
      };
      services.set(code, s);
    }
    return s;
  };
  const issuedAt = new Map<string, number>();
  const appointmentAt = new Map<string, number>();
  const serviceOfCode = new Map<string, string>();
  const called = new Set<string>();
  const rejected: Record<string, number> = {};
  let smsOut = 0;
  let blockedPhones = 0;
  const day = (at: string) => at.slice(0, 10);
  // A label names its service (`TP-012`): voided and transferred events carry only the label.
  const serviceOfLabel = (label: string) => label.slice(0, label.lastIndexOf("-"));

  for (const e of events) {
    switch (e.type) {
      case "ticket_issued":
        of(e.service).ticketsIssued++;
        issuedAt.set(`${day(e.at)}|${e.label}`, Date.parse(e.at));
        break;
      case "ticket_refused":
        of(e.service).ticketsRefused++;
        break;
      case "booked":
        of(e.service).booked++;
        appointmentAt.set(`${day(e.time)}|${e.label}`, Date.parse(e.time));
        serviceOfCode.set(e.code, e.service);
        break;
      case "cancelled": {
        const service = serviceOfCode.get(e.code);
        if (!service) break;
        if (e.reason === "no_show") of(service).noShows++;
        else if (e.reason === "officer") of(service).cancelledByOfficer++;
        else of(service).cancelledByCitizen++;
        break;
      }
      case "called": {
        const key = `${day(e.at)}|${e.label}`;
        if (called.has(key)) break;
        called.add(key);
        const at = Date.parse(e.at);
        if (e.kind === "walkin") {
          const issued = issuedAt.get(key);
          if (issued !== undefined) of(e.service).walkInWaitMinutes.push((at - issued) / 60_000);
        } else {
          const time = appointmentAt.get(key);
          if (time !== undefined)
            of(e.service).appointmentDelayMinutes.push(Math.max(0, (at - time) / 60_000));
        }
        break;
      }
      case "served":
        if (e.kind === "walkin") of(e.service).walkInsServed++;
        else of(e.service).appointmentsKept++;
        break;
      case "skipped":
        if (e.kind === "walkin") of(e.service).walkInsSkipped++;
        break;
      case "voided":
        of(serviceOfLabel(e.label)).walkInsVoided++;
        break;
      case "transferred":
        of(serviceOfLabel(e.label)).transferredOut++;
        of(e.service).transferredIn++;
        // The new number waits from the transfer on.
        issuedAt.set(`${day(e.at)}|${e.newLabel}`, Date.parse(e.at));
        break;
      case "rated":
        of(e.service).ratings[e.value]++;
        break;
      case "rejected":
        rejected[e.reason] = (rejected[e.reason] ?? 0) + 1;
        break;
      case "sms_out":
        smsOut++;
        break;
      case "blocked":
        blockedPhones++;
        break;
    }
  }
  return {
    inputs: inputs.length,
    smsIn: inputs.filter((i) => i.type === "sms").length,
    smsOut,
    rejected,
    blockedPhones,
    services: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)),
  };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const minutes = (v: number | undefined) => (v === undefined ? "–" : `${Math.round(v)} ph`);

/** The summary as a table a person reads in a terminal, with Vietnamese headings. */
export function formatSummary(summary: DaySummary, serviceNames: Record<string, string> = {}): string {
  const header = [
    "Lĩnh vực",
    "Vé",
    "Từ chối",
    "Chờ (trung vị)",
    "Chờ lâu nhất",
    "Hẹn",
    "Đến",
    "Vắng",
    "Hủy",
    "Trễ hẹn (trung vị)",
    "Vé hủy",
    "Chuyển đi",
    "Chuyển đến",
  ];
  const rows = summary.services.map((s) => [
    `${s.service} ${serviceNames[s.service] ?? ""}`.trim(),
    String(s.ticketsIssued),
    String(s.ticketsRefused),
    minutes(median(s.walkInWaitMinutes)),
    minutes(s.walkInWaitMinutes.length ? Math.max(...s.walkInWaitMinutes) : undefined),
    String(s.booked),
    String(s.appointmentsKept),
    String(s.noShows),
    String(s.cancelledByCitizen + s.cancelledByOfficer),
    minutes(median(s.appointmentDelayMinutes)),
    String(s.walkInsVoided),
    String(s.transferredOut),
    String(s.transferredIn),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  const ratingNames: Record<RatingValue, string> = {
    very_satisfied: "rất hài lòng",
    satisfied: "hài lòng",
    unsatisfied: "không hài lòng",
  };
  const ratings = RATING_VALUES.map(
    (v) => `${ratingNames[v]} ${summary.services.reduce((n, s) => n + s.ratings[v], 0)}`,
  ).join(" · ");
  const rejected = Object.entries(summary.rejected)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  return [
    line(header),
    line(widths.map((w) => "─".repeat(w))),
    ...rows.map(line),
    "",
    `Đầu vào: ${summary.inputs} · SMS đến: ${summary.smsIn} · SMS trả lời: ${summary.smsOut} · SĐT bị khóa: ${summary.blockedPhones}`,
    `Tin bị từ chối: ${rejected || "không có"}`,
    `Đánh giá: ${ratings}`,
    "(Chờ: từ lúc lấy vé đến lúc được gọi. Trễ hẹn: từ giờ hẹn đến lúc được gọi. Vắng: hủy vì không có mặt. Hủy: công dân hoặc cán bộ hủy lịch hẹn.)",
  ].join("\n");
}
