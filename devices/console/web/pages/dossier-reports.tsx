import { useEffect, useState } from "preact/hooks";
import { officeToday } from "../text";
import { Loading, useLoad } from "../ui";

type Cell = string | number | null;
interface Table {
  header: string[];
  rows: Cell[][];
}

interface Report {
  office: string;
  title: string;
  periodTitle: string;
  at: string;
  period: { from: string; to: string };
  tables: { services: Table; steps: Table; officers: Table };
}

type Kind = "day" | "month" | "quarter" | "year" | "range";
const KINDS: { kind: Kind; name: string }[] = [
  { kind: "day", name: "Ngày" },
  { kind: "month", name: "Tháng" },
  { kind: "quarter", name: "Quý" },
  { kind: "year", name: "Năm" },
  { kind: "range", name: "Khoảng thời gian" },
];

interface Choice {
  kind: Kind;
  date: string;
  from: string;
  to: string;
}

const queryOf = (c: Choice, format?: "csv" | "xlsx", table?: string) => {
  const q = new URLSearchParams();
  if (c.kind === "range") {
    q.set("from", c.from);
    q.set("to", c.to);
  } else {
    q.set("kind", c.kind);
    q.set("date", c.date);
  }
  if (format) q.set("format", format);
  if (table) q.set("table", table);
  return `/api/reports/dossiers?${q}`;
};

const number = new Intl.NumberFormat("vi-VN");
const shown = (v: Cell) => (v === null ? "" : typeof v === "number" ? number.format(v) : v);

function ReportTableView({ table, testId, totalRow }: { table: Table; testId: string; totalRow?: boolean }) {
  if (table.rows.length === 0) return <p class="muted">Chưa có số liệu.</p>;
  return (
    <div class="table-wrap">
      <table class={`list report ${testId}`} data-testid={testId}>
        <thead>
          <tr>
            {table.header.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr
              key={i}
              class={totalRow && i === table.rows.length - 1 ? "total" : ""}
              data-testid={`${testId}-row`}
            >
              {row.map((cell, j) => (
                <td key={j} class={typeof cell === "number" ? "num" : ""} data-label={table.header[j]}>
                  {shown(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Báo cáo" (leaders, admins): the dossier report of a day, month, quarter, year or range, per
 * service (received, finished early / on time / late with percentages, in progress, overdue,
 * hand-overs against the calls and SMS they cost), per step and per officer; print, CSV, xlsx.
 */
export function ReportsPage() {
  const today = officeToday();
  const [draft, setDraft] = useState<Choice>({ kind: "month", date: today, from: today, to: today });
  // First the hub's own month (its clock, not this browser's), then what the person chooses.
  const [choice, setChoice] = useState<Choice | null>(null);
  const { data, error, loading } = useLoad<Report>(choice ? queryOf(choice) : "/api/reports/dossiers");
  useEffect(() => {
    if (!choice && data) {
      const hubToday = data.at.slice(0, 10);
      setDraft({ kind: "month", date: hubToday, from: data.period.from, to: hubToday });
    }
  }, [choice, data]);
  const shownChoice: Choice = choice ?? {
    kind: "month",
    date: data?.period.from ?? today,
    from: today,
    to: today,
  };

  return (
    <div class="reports">
      <div class="page-head no-print">
        <h1>Báo cáo hồ sơ</h1>
        <button type="button" onClick={() => window.print()} data-testid="report-print">
          In
        </button>
        <a class="button" href={queryOf(shownChoice, "csv")} download data-testid="report-csv">
          Tải CSV
        </a>
        <a class="button" href={queryOf(shownChoice, "xlsx")} download data-testid="report-xlsx">
          Tải Excel (xlsx)
        </a>
      </div>
      <form
        class="card filters no-print"
        onSubmit={(e) => {
          e.preventDefault();
          setChoice(draft);
        }}
        data-testid="report-form"
      >
        <label>
          Kỳ báo cáo
          <select
            name="kind"
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value as Kind })}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === "range" ? (
          <>
            <label>
              Từ ngày
              <input
                type="date"
                name="from"
                value={draft.from}
                onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
              />
            </label>
            <label>
              Đến ngày
              <input
                type="date"
                name="to"
                value={draft.to}
                onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
              />
            </label>
          </>
        ) : (
          <label>
            Ngày thuộc kỳ
            <input
              type="date"
              name="date"
              value={draft.date}
              onInput={(e) => setDraft({ ...draft, date: e.currentTarget.value })}
            />
          </label>
        )}
        <button type="submit" class="primary" disabled={loading} data-testid="report-show">
          Xem báo cáo
        </button>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <article class="report-paper">
          <header class="report-head">
            <div>{data.office.toUpperCase()}</div>
            <h2>{data.title.toUpperCase()}</h2>
            <div data-testid="report-period">{data.periodTitle}</div>
          </header>
          {error && <p class="banner error no-print">{error}</p>}
          <h3>Theo lĩnh vực</h3>
          <ReportTableView table={data.tables.services} testId="report-services" totalRow />
          <h3>Thời gian xử lý trung bình theo bước (giờ làm việc)</h3>
          <ReportTableView table={data.tables.steps} testId="report-steps" />
          <h3>Theo cán bộ</h3>
          <ReportTableView table={data.tables.officers} testId="report-officers" />
          <p class="muted small">
            Một hồ sơ thuộc kỳ của ngày tiếp nhận; tỉ lệ tính trên số hồ sơ đã giải quyết. Chuyển bước đã báo:
            số lần cán bộ được báo ngay qua ứng dụng và tin nhắn, thay cho một cuộc gọi điện thoại.
          </p>
        </article>
      )}
    </div>
  );
}
