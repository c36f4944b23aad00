import { direction } from "./compare.js";
import type { ComparisonRow, WhatIfResult } from "./types.js";

function value(v: number | null, unit: ComparisonRow["unit"]): string {
  if (v === null) return "–";
  const text = Number.isInteger(v)
    ? v.toLocaleString("vi-VN")
    : v.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  return unit === "" ? text : `${text} ${unit}`;
}

function delta(r: ComparisonRow): string {
  if (r.delta === null || r.delta === 0) return r.delta === 0 ? "=" : "";
  const sign = r.delta > 0 ? "+" : "−";
  const mark = direction(r) > 0 ? " ✓" : direction(r) < 0 ? " ✗" : "";
  return `${sign}${value(Math.abs(r.delta), r.unit)}${mark}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
}

const count = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
const listed = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/** The comparison as a table a person reads in a terminal, Vietnamese with English beside it. */
export function formatWhatIf(result: WhatIfResult, serviceNames: Record<string, string> = {}): string {
  const header = ["Chỉ số / Figure", "Ghi nhận / Recorded", "Nếu như / What if", "Chênh lệch / Change"];
  const cells = (r: ComparisonRow) => [
    `${r.service === undefined ? "" : "  "}${r.vi} / ${r.en}`,
    value(r.baseline, r.unit),
    value(r.whatIf, r.unit),
    delta(r),
  ];
  const total = result.rows.filter((r) => r.service === undefined);
  const lines = [
    `${result.office.name} — nếu như / what if, ${result.period.from} → ${result.period.to}`,
    "",
    ...table(header, total.map(cells)),
  ];
  const services = [...new Set(result.rows.flatMap((r) => (r.service === undefined ? [] : [r.service])))];
  for (const service of services) {
    lines.push("", `${service} ${serviceNames[service] ?? ""}`.trim());
    lines.push(...table(header, result.rows.filter((r) => r.service === service).map(cells)).slice(2));
  }
  const d = result.divergences;
  lines.push(
    "",
    "Khác với nhật ký / Where the replay left the log:",
    `  Lịch hẹn bị từ chối / bookings refused: ${count(d.bookingsRefused)}${count(d.bookingsRefused) ? ` (${listed(d.bookingsRefused)})` : ""}` +
      ` · thêm / gained: ${d.bookingsGained} · đổi giờ / moved: ${d.bookingsMoved} · hủy khi đổi cấu hình / cancelled by the switch: ${d.bookingsCancelledBySwitch}`,
    `  Vé bị từ chối thêm / tickets now refused: ${d.ticketsRefused} · vé thêm / tickets now issued: ${d.ticketsGained}`,
    `  Thao tác bỏ qua vì lịch hẹn, số hoặc hồ sơ không còn / inputs dropped, their booking, number or dossier gone: ${count(d.dependentDropped)}${count(d.dependentDropped) ? ` (${listed(d.dependentDropped)})` : ""}`,
    `  Bấm nút ở quầy không còn / presses of counters removed: ${count(d.pressesDropped)}${count(d.pressesDropped) ? ` (${listed(d.pressesDropped)})` : ""}`,
    `  Nút "bỏ qua" không bấm vì người được gọi có mặt / skips not played, the citizen called was there: ${d.skipsDropped}`,
    `  Thay đổi cấu hình trong kỳ, bỏ qua / configuration changes of the period, ignored: ${d.configChangesIgnored}`,
  );
  if (d.prefixMismatches > 0)
    lines.push(
      `  Nhật ký cũ phát lại khác / earlier entries replayed differently (older rules): ${d.prefixMismatches}`,
    );
  for (const a of result.autoCounters)
    lines.push(
      `  Quầy ${a.counter} (thêm, tự bấm / added, pressed by the replay): ${a.calls} lượt gọi / calls, ${a.presses} lần bấm / presses; ` +
        a.services
          .map((s) => {
            const m = result.serviceMinutes[s];
            return m
              ? `${s} ${value(m.minutes, "ph")}${m.measured ? " (đo / measured)" : " (cấu hình / configured)"}`
              : s;
          })
          .join(", "),
    );
  if (!result.configChanged)
    lines.push("  Cấu hình mới giống cấu hình đang dùng / the new configuration is the one in force.");
  lines.push(
    "",
    `Đầu vào / inputs: ${result.entries.before} trước kỳ / before, ${result.entries.period} trong kỳ / in the period. ✓ tốt hơn / better, ✗ kém hơn / worse. Giới hạn của phương pháp / the method's limits: docs/whatif.md`,
  );
  return lines.join("\n");
}
