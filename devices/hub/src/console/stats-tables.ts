import type { ReportTable } from "@motcua/dossier";
import { type Figures, type StatsReport, WAIT_BUCKETS } from "@motcua/stats";

// The statistics page's tables (docs/console.md, "Thống kê") as the page shows them and the
// CSV and xlsx downloads write them: one function each, so that the three never differ.

export const STATS_TABLES = ["series", "services", "counters", "waits", "suggested"] as const;
export type StatsTableName = (typeof STATS_TABLES)[number];

/** Each table's name in Vietnamese: the page's headings and the workbook's sheet tabs. */
export const STATS_TABLE_TITLES: Record<StatsTableName, string> = {
  series: "Theo kỳ",
  services: "Theo lĩnh vực",
  counters: "Theo quầy",
  waits: "Phân bố thời gian chờ",
  suggested: "Thời gian trung bình đề xuất",
};

/** The figures' columns of the series, services and counters tables: heading, then cell. */
const FIGURE_COLUMNS: readonly [string, (f: Figures) => number | null][] = [
  ["Số vé lấy số", (f) => f.tickets],
  ["Lịch hẹn", (f) => f.appointments],
  ["Đã đến", (f) => f.appointmentsKept],
  ["Vắng mặt", (f) => f.noShows],
  ["Tỉ lệ vắng mặt (%)", (f) => f.noShowPercent],
  ["Đã phục vụ", (f) => f.served],
  ["Đặt hẹn qua SMS (% đã phục vụ)", (f) => f.bookedPercent],
  ["Chờ trung vị (phút)", (f) => f.wait.median],
  ["Chờ p90 (phút)", (f) => f.wait.p90],
  ["Phục vụ trung vị (phút)", (f) => f.serviceTime.median],
  ["SMS đã gửi", (f) => f.sms.sent],
  ["Chi phí SMS (đồng)", (f) => f.sms.cost],
  ["Lượt đánh giá", (f) => f.ratings.verySatisfied + f.ratings.satisfied + f.ratings.unsatisfied],
  ["Hài lòng (%)", (f) => f.ratings.satisfiedPercent],
  ["Hồ sơ đã giải quyết", (f) => f.dossiers.finished],
  ["Hồ sơ đúng hạn (%)", (f) => f.dossiers.inTimePercent],
];

export const FIGURE_HEADINGS = FIGURE_COLUMNS.map(([heading]) => heading);
const figureCells = (f: Figures) => FIGURE_COLUMNS.map(([, cell]) => cell(f));

/** "Dưới 5 phút", "Từ 5 đến dưới 10 phút", … "Từ 120 phút trở lên": WAIT_BUCKETS named. */
export function waitBucketNames(): string[] {
  return WAIT_BUCKETS.map((edge, i) => {
    const next = WAIT_BUCKETS[i + 1];
    if (next === undefined) return `Từ ${edge} phút trở lên`;
    return edge === 0 ? `Dưới ${next} phút` : `Từ ${edge} đến dưới ${next} phút`;
  });
}

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

/** Every table of a report; `counterNames` gives each counter's configured name. */
export function statsTables(
  report: StatsReport,
  counterNames: ReadonlyMap<string, string>,
): Record<StatsTableName, ReportTable> {
  const total = ["Tổng cộng", ...figureCells(report.total)];
  const histogram = report.total.wait.histogram;
  const waited = histogram.reduce((a, b) => a + b, 0);
  const names = waitBucketNames();
  return {
    series: {
      header: ["Kỳ", "Từ ngày", "Đến ngày", ...FIGURE_HEADINGS],
      rows: [
        ...report.series.map((s) => [s.period, s.from, s.to, ...figureCells(s.figures)]),
        ["Tổng cộng", report.query.from, report.query.to, ...figureCells(report.total)],
      ],
    },
    services: {
      header: ["Mã lĩnh vực", "Lĩnh vực", ...FIGURE_HEADINGS],
      rows: [
        ...report.byService.map((s) => [s.service, s.name, ...figureCells(s.figures)]),
        [null, ...total],
      ],
    },
    counters: {
      header: ["Quầy", "Tên quầy", ...FIGURE_HEADINGS],
      rows: [
        ...report.byCounter.map((c) => [
          c.counter,
          counterNames.get(c.counter) ?? null,
          ...figureCells(c.figures),
        ]),
        [null, ...total],
      ],
    },
    waits: {
      header: ["Thời gian chờ", "Số lượt", "Tỉ lệ (%)"],
      rows: [
        ...names.map((name, i) => [name, histogram[i] ?? 0, percent(histogram[i] ?? 0, waited)]),
        ["Tổng cộng", waited, waited === 0 ? null : 100],
      ],
    },
    suggested: {
      header: [
        "Mã lĩnh vực",
        "Lĩnh vực",
        "Cấu hình (phút)",
        "Đo được (phút)",
        "Số lượt đo",
        "Chênh lệch (phút)",
      ],
      rows: report.suggestedMinutes.map((s) => [
        s.service,
        report.byService.find((b) => b.service === s.service)?.name ?? null,
        s.configured,
        s.measured,
        s.count,
        s.measured === null ? null : Math.round(10 * (s.measured - s.configured)) / 10,
      ]),
    },
  };
}
