import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { WAIT_BUCKETS } from "../../../../packages/stats/src/types";
import { periodLabel, type StatsPayload } from "./stats-common";

// The statistics page's charts, drawn by uPlot (docs/console.md, "Thống kê": why uPlot). This
// module is imported by the page only once it has figures to draw, so uPlot is a chunk of its
// own that the other pages never load.

export const CHART_NAMES = ["visits", "waits", "histogram", "ratings", "dossiers"] as const;
export type ChartName = (typeof CHART_NAMES)[number];

interface Line {
  label: string;
  color: string;
  values: (number | null)[];
  bars?: -1 | 0 | 1;
  unit: string;
}

const BLUE = "#0b5cab";
const GREEN = "#1e7a3e";
const ORANGE = "#c26a00";
const PURPLE = "#6a3fa0";

const decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

/** One chart of categories (the periods or the wait buckets) on the x axis, indices 0…n-1. */
function chart(el: HTMLElement, names: string[], lines: Line[], yRange?: [number, number]): uPlot {
  const n = names.length;
  const width = Math.max(el.clientWidth, 280);
  const bars = (align: -1 | 0 | 1) =>
    uPlot.paths.bars?.({
      align,
      size: [lines.filter((l) => l.bars !== undefined).length > 1 ? 0.4 : 0.7, 60],
    });
  const opts: uPlot.Options = {
    width,
    height: 220,
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5] },
      y: yRange ? { range: () => yRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        incrs: [1, 2, 3, 4, 5, 7, 10, 14, 15, 30, 60, 90, 180, 365],
        space: 48,
        values: (_u, splits) => splits.map((i) => names[i] ?? ""),
        grid: { show: false },
      },
      { values: (_u, splits) => splits.map((v) => decimal.format(v)), size: 50 },
    ],
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    series: [
      { label: "Kỳ", value: (_u, i) => (i === null ? "" : (names[i] ?? "")) },
      ...lines.map((l) => ({
        label: l.label,
        stroke: l.color,
        width: 2,
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v === null ? "—" : `${decimal.format(v)}${l.unit}`),
        ...(l.bars !== undefined
          ? { fill: `${l.color}cc`, paths: bars(l.bars), points: { show: false } }
          : { points: { show: true, size: 6 } }),
      })),
    ],
  };
  const data: uPlot.AlignedData = [names.map((_, i) => i), ...lines.map((l) => l.values)];
  const plot = new uPlot(opts, data, el);
  // What was drawn, for a reader of the page (and its tests): the points that carry a value.
  el.dataset.points = String(lines.reduce((sum, l) => sum + l.values.filter((v) => v !== null).length, 0));
  return plot;
}

/** Draws every chart of `payload` into its element; returns what removes them. */
export function drawCharts(targets: Record<ChartName, HTMLElement>, payload: StatsPayload): () => void {
  const group = payload.query.group;
  const names = payload.series.map((s) => periodLabel(s.period, group));
  const of = <T>(pick: (f: StatsPayload["total"]) => T) => payload.series.map((s) => pick(s.figures));
  const histogram = payload.total.wait.histogram;
  const bucketNames = WAIT_BUCKETS.map((edge, i) => {
    const next = WAIT_BUCKETS[i + 1];
    return next === undefined ? `≥${edge}` : `${edge}–${next}`;
  });
  const plots = [
    chart(targets.visits, names, [
      { label: "Vé lấy số", color: BLUE, values: of((f) => f.tickets), bars: -1, unit: "" },
      { label: "Đã phục vụ", color: GREEN, values: of((f) => f.served), bars: 1, unit: "" },
    ]),
    chart(targets.waits, names, [
      { label: "Chờ trung vị", color: BLUE, values: of((f) => f.wait.median), unit: " phút" },
      { label: "Chờ p90", color: ORANGE, values: of((f) => f.wait.p90), unit: " phút" },
    ]),
    chart(targets.histogram, bucketNames, [
      { label: "Số lượt", color: BLUE, values: [...histogram], bars: 0, unit: "" },
    ]),
    chart(
      targets.ratings,
      names,
      [{ label: "Hài lòng", color: GREEN, values: of((f) => f.ratings.satisfiedPercent), unit: " %" }],
      [0, 100],
    ),
    chart(
      targets.dossiers,
      names,
      [{ label: "Đúng hạn", color: PURPLE, values: of((f) => f.dossiers.inTimePercent), unit: " %" }],
      [0, 100],
    ),
  ];
  // Follow the page's width (a window resized, a phone turned).
  const observer = new ResizeObserver(() => {
    for (const [i, name] of CHART_NAMES.entries()) {
      const el = targets[name];
      const plot = plots[i];
      if (plot && el.clientWidth > 0 && Math.abs(plot.width - el.clientWidth) > 8)
        plot.setSize({ width: el.clientWidth, height: 220 });
    }
  });
  for (const el of Object.values(targets)) observer.observe(el);
  return () => {
    observer.disconnect();
    for (const plot of plots) plot.destroy();
    for (const el of Object.values(targets)) delete el.dataset.points;
  };
}
