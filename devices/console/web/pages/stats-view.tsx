import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Account } from "../api";
import { Loading } from "../ui";
import type { ChartName } from "./stats-charts";
import {
  addDays,
  type Cell,
  cellText,
  count,
  dongText,
  minutesText,
  monthBefore,
  monthOf,
  percentText,
  ratingsOf,
  type StatsChoice,
  type StatsGrouping,
  type StatsPayload,
  statsPath,
  type Table,
  type TableName,
  useStats,
  weekOf,
} from "./stats-common";
import { StatsPrintPage } from "./stats-print";
import "./stats.css";

type Kind = "day" | "week" | "month" | "range";
const KINDS: { kind: Kind; name: string }[] = [
  { kind: "day", name: "Ngày" },
  { kind: "week", name: "Tuần" },
  { kind: "month", name: "Tháng" },
  { kind: "range", name: "Khoảng thời gian" },
];
const GROUPS: { group: StatsGrouping; name: string }[] = [
  { group: "day", name: "Ngày" },
  { group: "week", name: "Tuần" },
  { group: "month", name: "Tháng" },
];

interface Picked extends StatsChoice {
  kind: Kind;
  /** The day whose day, week or month is data. */
  date: string;
}

/** The period of a kind and a day (a range keeps its own ends). */
function withPeriod(p: Picked): Picked {
  if (p.kind === "day") return { ...p, from: p.date, to: p.date };
  if (p.kind === "week") return { ...p, ...weekOf(p.date) };
  if (p.kind === "month") return { ...p, ...monthOf(p.date) };
  return p.to < p.from ? { ...p, to: p.from } : p;
}

/** The page's address: `#/thong-ke`, or `#/thong-ke/in?…` for the printable report. */
function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const change = () => setHash(location.hash);
    addEventListener("hashchange", change);
    return () => removeEventListener("hashchange", change);
  }, []);
  return hash;
}

/** "Thống kê" (`#/thong-ke`) and its printable report (`#/thong-ke/in?…`): leaders and admins. */
export function StatsView({ account }: { account: Account }) {
  const hash = useHash();
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  return path === "thong-ke/in" ? (
    <StatsPrintPage key={query} query={new URLSearchParams(query)} />
  ) : (
    <StatsFigures account={account} />
  );
}

function StatsFigures({ account }: { account: Account }) {
  // First today's figures by the hub's clock (not this browser's); then this month, or the choice.
  const [picked, setPicked] = useState<Picked | null>(null);
  const { data, error, loading } = useStats(picked ? statsPath(picked) : "/api/stats");
  const today = data?.at.slice(0, 10);
  useEffect(() => {
    if (!picked && today)
      setPicked(
        withPeriod({
          kind: "month",
          date: today,
          from: today,
          to: today,
          group: "day",
          service: "",
          counter: "",
        }),
      );
  }, [picked, today]);
  const choose = (change: Partial<Picked>) => picked && setPicked(withPeriod({ ...picked, ...change }));

  return (
    <div class="stats" data-testid="stats-page">
      <div class="page-head">
        <h1>Thống kê</h1>
        {picked && (
          <a class="button" href={printHref(picked)} data-testid="stats-print-link">
            Báo cáo để in
          </a>
        )}
      </div>
      {picked && today && <Filters picked={picked} today={today} data={data} choose={choose} />}
      {!data || !picked ? (
        <Loading error={error} />
      ) : (
        <div
          class={loading ? "stats-body loading" : "stats-body"}
          data-testid="stats-body"
          data-loading={loading}
        >
          {error && <p class="banner error">{error}</p>}
          <p class="stats-period" data-testid="stats-period">
            {[data.periodTitle, ...data.filters].join(" — ")}
          </p>
          <FigureCards data={data} />
          <Charts data={data} />
          <TableSection data={data} name="services" title="Theo lĩnh vực" picked={picked} totalRow />
          <TableSection data={data} name="counters" title="Theo quầy" picked={picked} totalRow />
          <TableSection data={data} name="series" title="Theo kỳ" picked={picked} totalRow />
          <TableSection data={data} name="waits" title="Phân bố thời gian chờ" picked={picked} totalRow />
          <TableSection
            data={data}
            name="suggested"
            title="Thời gian trung bình: cấu hình và đề xuất theo số đo"
            picked={picked}
          >
            <p class="muted small" data-testid="stats-suggested-hint">
              Thời gian trung bình của mỗi lĩnh vực quyết định khung giờ hẹn. Cột “Đo được” là thời gian phục
              vụ đo trong kỳ (để trống khi quá ít lượt).{" "}
              {account.role === "admin" ? (
                <>
                  Đổi giá trị ở trang <a href="#/cau-hinh">Cấu hình</a> (Lĩnh vực → Thời gian trung bình).
                </>
              ) : (
                <>Quản trị viên đổi giá trị này ở trang Cấu hình.</>
              )}
            </p>
          </TableSection>
        </div>
      )}
    </div>
  );
}

/** The printed report of the period data: a day, a month, or the range itself. */
function printHref(p: Picked): string {
  const q = new URLSearchParams();
  if (p.from === p.to) {
    q.set("ky", "ngay");
    q.set("ngay", p.from);
  } else if (p.kind === "month") {
    q.set("ky", "thang");
    q.set("thang", p.from.slice(0, 7));
  } else {
    q.set("ky", "khoang");
    q.set("tu", p.from);
    q.set("den", p.to);
  }
  if (p.service) q.set("linh-vuc", p.service);
  if (p.counter) q.set("quay", p.counter);
  return `#/thong-ke/in?${q}`;
}

function Filters(props: {
  picked: Picked;
  today: string;
  data: StatsPayload | undefined;
  choose: (change: Partial<Picked>) => void;
}) {
  const { picked, today, data, choose } = props;
  const last = monthBefore(today);
  const quick: { name: string; testId: string; change: Partial<Picked>; on: boolean }[] = [
    {
      name: "Hôm nay",
      testId: "today",
      change: { kind: "day", date: today },
      on: picked.from === today && picked.to === today,
    },
    {
      name: "Tuần này",
      testId: "week",
      change: { kind: "week", date: today },
      on: picked.from === weekOf(today).from && picked.to === weekOf(today).to,
    },
    {
      name: "Tháng này",
      testId: "month",
      change: { kind: "month", date: today },
      on: picked.from === monthOf(today).from && picked.to === monthOf(today).to,
    },
    {
      name: "Tháng trước",
      testId: "last-month",
      change: { kind: "month", date: last.from },
      on: picked.from === last.from && picked.to === last.to,
    },
  ];
  return (
    <div class="card stats-filters no-print" data-testid="stats-filters">
      <fieldset class="quick" aria-label="Chọn nhanh">
        {quick.map((q) => (
          <button
            type="button"
            key={q.testId}
            class={q.on ? "primary" : ""}
            aria-pressed={q.on}
            onClick={() => choose(q.change)}
            data-testid={`stats-quick-${q.testId}`}
          >
            {q.name}
          </button>
        ))}
      </fieldset>
      <div class="filters">
        <label>
          Kỳ
          <select
            value={picked.kind}
            onChange={(e) => choose({ kind: e.currentTarget.value as Kind })}
            data-testid="stats-kind"
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        {picked.kind === "range" ? (
          <>
            <label>
              Từ ngày
              <input
                type="date"
                value={picked.from}
                onChange={(e) => e.currentTarget.value && choose({ from: e.currentTarget.value })}
                data-testid="stats-from"
              />
            </label>
            <label>
              Đến ngày
              <input
                type="date"
                value={picked.to}
                min={picked.from}
                max={addDays(picked.from, 3 * 366 - 1)}
                onChange={(e) => e.currentTarget.value && choose({ to: e.currentTarget.value })}
                data-testid="stats-to"
              />
            </label>
          </>
        ) : (
          <label>
            {picked.kind === "day" ? "Ngày" : picked.kind === "week" ? "Ngày thuộc tuần" : "Ngày thuộc tháng"}
            <input
              type="date"
              value={picked.date}
              onChange={(e) => e.currentTarget.value && choose({ date: e.currentTarget.value })}
              data-testid="stats-date"
            />
          </label>
        )}
        <label>
          Gộp theo
          <select
            value={picked.group}
            onChange={(e) => choose({ group: e.currentTarget.value as StatsGrouping })}
            data-testid="stats-group"
          >
            {GROUPS.map((g) => (
              <option key={g.group} value={g.group}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lĩnh vực
          <select
            value={picked.service}
            onChange={(e) => choose({ service: e.currentTarget.value })}
            data-testid="stats-service"
          >
            <option value="">Tất cả lĩnh vực</option>
            {data?.services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quầy
          <select
            value={picked.counter}
            onChange={(e) => choose({ counter: e.currentTarget.value })}
            data-testid="stats-counter"
          >
            <option value="">Tất cả quầy</option>
            {data?.counters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

/** The period's key figures, one card each. */
function FigureCards({ data }: { data: StatsPayload }) {
  const f = data.total;
  const cards: { id: string; title: string; value: string; detail: string }[] = [
    {
      id: "tickets",
      title: "Vé lấy số",
      value: count(f.tickets),
      detail: `${count(f.ticketsRefused)} lượt bị từ chối`,
    },
    {
      id: "appointments",
      title: "Lịch hẹn",
      value: count(f.appointments),
      detail: `${count(f.appointmentsKept)} đã đến, ${count(f.noShows)} vắng mặt`,
    },
    {
      id: "no-show",
      title: "Tỉ lệ vắng mặt",
      value: percentText(f.noShowPercent),
      detail: "trên số lịch hẹn đã đến hoặc vắng mặt",
    },
    {
      id: "served",
      title: "Đã phục vụ",
      value: count(f.served),
      detail: `${percentText(f.bookedPercent)} đặt hẹn qua SMS`,
    },
    {
      id: "wait",
      title: "Thời gian chờ (trung vị)",
      value: minutesText(f.wait.median),
      detail: `p90: ${minutesText(f.wait.p90)} · ${count(f.wait.count)} lượt`,
    },
    {
      id: "service-time",
      title: "Thời gian phục vụ (trung vị)",
      value: minutesText(f.serviceTime.median),
      detail: `trung bình ${minutesText(f.serviceTime.mean)}`,
    },
    {
      id: "sms",
      title: "SMS đã gửi",
      value: count(f.sms.sent),
      detail: `${count(f.sms.segments)} phần tin · ${dongText(f.sms.cost)} · nhận ${count(f.sms.received)}`,
    },
    {
      id: "satisfaction",
      title: "Mức độ hài lòng",
      value: percentText(f.ratings.satisfiedPercent),
      detail: `${count(ratingsOf(f))} lượt đánh giá`,
    },
    {
      id: "dossiers",
      title: "Hồ sơ đúng hạn",
      value: percentText(f.dossiers.inTimePercent),
      detail: `${count(f.dossiers.finished)} hồ sơ đã giải quyết, ${count(f.dossiers.late)} trễ hạn`,
    },
  ];
  return (
    <div class="stat-cards" data-testid="stats-cards">
      {cards.map((c) => (
        <div class="stat-card" key={c.id} data-testid={`stat-${c.id}`}>
          <div class="stat-title">{c.title}</div>
          <div class="stat-value" data-testid={`stat-${c.id}-value`}>
            {c.value}
          </div>
          <div class="stat-detail muted small">{c.detail}</div>
        </div>
      ))}
    </div>
  );
}

const CHARTS: { name: ChartName; title: string }[] = [
  { name: "visits", title: "Vé lấy số và lượt đã phục vụ" },
  { name: "waits", title: "Thời gian chờ: trung vị và p90 (phút)" },
  { name: "histogram", title: "Phân bố thời gian chờ (phút)" },
  { name: "ratings", title: "Tỉ lệ hài lòng (%)" },
  { name: "dossiers", title: "Hồ sơ giải quyết đúng hạn (%)" },
];

/** The charts, drawn by uPlot once its chunk has loaded (the first time this page has figures). */
function Charts({ data }: { data: StatsPayload }) {
  const refs = useRef<Partial<Record<ChartName, HTMLElement>>>({});
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let undo: (() => void) | undefined;
    let gone = false;
    import("./stats-charts")
      .then(({ drawCharts }) => {
        if (gone) return;
        undo = drawCharts(refs.current as Record<ChartName, HTMLElement>, data);
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      undo?.();
    };
  }, [data]);
  return (
    <div class="stat-charts">
      {failed && <p class="banner error">Không tải được biểu đồ. Tải lại trang để thử lại.</p>}
      {CHARTS.map((c) => (
        <figure class="card stat-chart" key={c.name}>
          <figcaption>{c.title}</figcaption>
          <div
            class="chart"
            role="img"
            aria-label={`${c.title}: xem số liệu trong các bảng bên dưới`}
            ref={(el) => {
              if (el) refs.current[c.name] = el;
            }}
            data-testid={`chart-${c.name}`}
          />
        </figure>
      ))}
    </div>
  );
}

function TableSection(props: {
  data: StatsPayload;
  name: TableName;
  title: string;
  picked: StatsChoice;
  totalRow?: boolean;
  children?: ComponentChildren;
}) {
  const { data, name, title, picked, totalRow } = props;
  const table = data.tables[name];
  return (
    <section class="stat-table" data-testid={`stats-table-${name}`}>
      <div class="page-head">
        <h2>{title}</h2>
        <a class="button" href={statsPath(picked, "csv", name)} download data-testid={`stats-csv-${name}`}>
          Tải CSV
        </a>
        <a class="button" href={statsPath(picked, "xlsx", name)} download data-testid={`stats-xlsx-${name}`}>
          Tải Excel (xlsx)
        </a>
      </div>
      {props.children}
      <StatsTable table={table} testId={`stats-${name}`} totalRow={totalRow} />
    </section>
  );
}

export function StatsTable({
  table,
  testId,
  totalRow,
}: {
  table: Table;
  testId: string;
  totalRow?: boolean | undefined;
}) {
  if (table.rows.length === 0) return <p class="muted">Chưa có số liệu.</p>;
  return (
    <div class="table-wrap">
      <table class="list report" data-testid={testId}>
        <thead>
          <tr>
            {table.header.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row: Cell[], i) => (
            <tr
              key={i}
              class={totalRow && i === table.rows.length - 1 ? "total" : ""}
              data-testid={`${testId}-row`}
            >
              {row.map((cell, j) => (
                <td key={j} class={typeof cell === "number" ? "num" : ""} data-label={table.header[j]}>
                  {cellText(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
