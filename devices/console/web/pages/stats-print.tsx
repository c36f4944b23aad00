import { Loading } from "../ui";
import {
  type Cell,
  cellText,
  count,
  dayText,
  dongText,
  type Figures,
  minutesText,
  monthOf,
  percentText,
  ratingsOf,
  type StatsChoice,
  type StatsPayload,
  statsPath,
  useStats,
} from "./stats-common";

// The printable report of a day or a month (`#/thong-ke/in?ky=ngay&ngay=2026-11-25`,
// `?ky=thang&thang=2026-11`, or `?ky=khoang&tu=…&den=…`; `linh-vuc`, `quay` filter it): a sheet
// of A4 paper on screen, printed by the browser without the menu and buttons (style.css).

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

type Kind = "ngay" | "thang" | "khoang";

/** The period the address asks for; null for the hub's today. */
function choiceOf(q: URLSearchParams): { kind: Kind; choice: StatsChoice | null } {
  const service = q.get("linh-vuc") ?? "";
  const counter = q.get("quay") ?? "";
  const kind = q.get("ky");
  const month = q.get("thang") ?? "";
  if (kind === "thang" && MONTH.test(month))
    return { kind, choice: { ...monthOf(`${month}-01`), group: "day", service, counter } };
  const from = q.get("tu") ?? "";
  const to = q.get("den") ?? "";
  if (kind === "khoang" && DAY.test(from) && DAY.test(to))
    return {
      kind,
      choice: { from, to, group: from.slice(0, 7) === to.slice(0, 7) ? "day" : "month", service, counter },
    };
  const day = q.get("ngay") ?? "";
  if (DAY.test(day)) return { kind: "ngay", choice: { from: day, to: day, group: "day", service, counter } };
  return { kind: "ngay", choice: null };
}

const TITLES: Record<Kind, string> = {
  ngay: "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG NGÀY",
  thang: "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THÁNG",
  khoang: "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG",
};

/** The columns a sheet of A4 holds, for the per-service, per-counter and per-day tables. */
const COLUMNS: [string, (f: Figures) => Cell][] = [
  ["Vé lấy số", (f) => f.tickets],
  ["Lịch hẹn", (f) => f.appointments],
  ["Vắng mặt", (f) => f.noShows],
  ["Đã phục vụ", (f) => f.served],
  ["Chờ trung vị (phút)", (f) => f.wait.median],
  ["Chờ p90 (phút)", (f) => f.wait.p90],
  ["Phục vụ trung vị (phút)", (f) => f.serviceTime.median],
  ["Hài lòng (%)", (f) => f.ratings.satisfiedPercent],
  ["Hồ sơ đúng hạn (%)", (f) => f.dossiers.inTimePercent],
];

function FiguresTable(props: {
  first: string;
  rows: { name: string; figures: Figures }[];
  total: Figures;
  testId: string;
}) {
  return (
    <table class="list sheet stats-sheet" data-testid={props.testId}>
      <thead>
        <tr>
          <th>{props.first}</th>
          {COLUMNS.map(([h]) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...props.rows, { name: "Tổng cộng", figures: props.total }].map((r, i) => (
          <tr key={r.name} class={i === props.rows.length ? "total" : ""} data-testid={`${props.testId}-row`}>
            <td>{r.name}</td>
            {COLUMNS.map(([h, cell]) => (
              <td key={h} class="num">
                {cellText(cell(r.figures)) || "—"}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeyFigures({ f }: { f: Figures }) {
  const rows: [string, string][] = [
    ["Số vé lấy số", `${count(f.tickets)} (từ chối ${count(f.ticketsRefused)})`],
    [
      "Lịch hẹn qua SMS",
      `${count(f.appointments)}: ${count(f.appointmentsKept)} đã đến, ${count(f.noShows)} vắng mặt`,
    ],
    ["Tỉ lệ vắng mặt", percentText(f.noShowPercent)],
    ["Số lượt đã phục vụ", count(f.served)],
    ["Tỉ lệ công dân đặt hẹn trước", percentText(f.bookedPercent)],
    ["Thời gian chờ: trung vị / p90", `${minutesText(f.wait.median)} / ${minutesText(f.wait.p90)}`],
    ["Thời gian phục vụ trung vị", minutesText(f.serviceTime.median)],
    ["Tin nhắn SMS đã gửi (chi phí)", `${count(f.sms.sent)} (${dongText(f.sms.cost)})`],
    [
      "Tỉ lệ hài lòng",
      `${percentText(f.ratings.satisfiedPercent)} trên ${count(ratingsOf(f))} lượt đánh giá`,
    ],
    [
      "Hồ sơ giải quyết đúng hạn",
      `${percentText(f.dossiers.inTimePercent)} (${count(f.dossiers.finished)} hồ sơ, ${count(f.dossiers.late)} trễ hạn)`,
    ],
  ];
  return (
    <table class="list sheet key-figures" data-testid="print-key-figures">
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <td>{name}</td>
            <td class="num">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Satisfaction({ data }: { data: StatsPayload }) {
  const rows = [
    ...data.byCounter.map((c) => ({
      name: data.counters.find((k) => k.id === c.counter)?.name ?? c.counter,
      f: c.figures,
    })),
    { name: "Tổng cộng", f: data.total },
  ];
  return (
    <table class="list sheet stats-sheet" data-testid="print-satisfaction">
      <thead>
        <tr>
          <th>Quầy</th>
          <th>Rất hài lòng</th>
          <th>Hài lòng</th>
          <th>Không hài lòng</th>
          <th>Tỉ lệ hài lòng</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.name} class={i === rows.length - 1 ? "total" : ""}>
            <td>{r.name}</td>
            <td class="num">{count(r.f.ratings.verySatisfied)}</td>
            <td class="num">{count(r.f.ratings.satisfied)}</td>
            <td class="num">{count(r.f.ratings.unsatisfied)}</td>
            <td class="num">{percentText(r.f.ratings.satisfiedPercent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "ngày 04 tháng 12 năm 2026", the date a report is signed. */
const signedOn = (iso: string) => `ngày ${iso.slice(8, 10)} tháng ${iso.slice(5, 7)} năm ${iso.slice(0, 4)}`;

export function StatsPrintPage({ query }: { query: URLSearchParams }) {
  const { kind, choice } = choiceOf(query);
  const { data, error } = useStats(choice ? statsPath(choice) : "/api/stats");
  if (!data) return <Loading error={error} />;
  const title =
    kind === "ngay"
      ? `${TITLES.ngay} ${dayText(data.query.from)}`
      : kind === "thang"
        ? `${TITLES.thang} ${data.query.from.slice(5, 7)}/${data.query.from.slice(0, 4)}`
        : TITLES.khoang;
  const sections = ["I", "II", "III", "IV", "V"];
  return (
    <div class="stats-print">
      <div class="page-head no-print">
        <a class="button" href="#/thong-ke">
          ← Thống kê
        </a>
        <button type="button" class="primary" onClick={() => window.print()} data-testid="print-button">
          In báo cáo
        </button>
        <a
          class="button"
          href={statsPath(choice ?? { ...data.query, service: "", counter: "" }, "xlsx")}
          download
        >
          Tải Excel (xlsx)
        </a>
        <span class="muted small">Khổ A4; chọn “Lưu dưới dạng PDF” trong hộp thoại in để có tệp PDF.</span>
      </div>
      <article class="paper stats-paper" data-testid="stats-report">
        <div class="form-head">
          <div>
            <strong>{data.office.toUpperCase()}</strong>
          </div>
          <div class="motto">
            <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            <div>Độc lập - Tự do - Hạnh phúc</div>
          </div>
        </div>
        <p class="form-date">{signedOn(data.at)}</p>
        <h2 class="form-title" data-testid="print-title">
          {title}
        </h2>
        <p class="form-code" data-testid="print-period">
          {[data.periodTitle, ...data.filters].join(" — ")}
        </p>
        <h3>{sections[0]}. Số liệu chính</h3>
        <KeyFigures f={data.total} />
        <h3>{sections[1]}. Theo lĩnh vực</h3>
        <FiguresTable
          first="Lĩnh vực"
          rows={data.byService.map((s) => ({ name: s.name, figures: s.figures }))}
          total={data.total}
          testId="print-services"
        />
        <h3>{sections[2]}. Theo quầy</h3>
        <FiguresTable
          first="Quầy"
          rows={data.byCounter.map((c) => ({
            name: data.counters.find((k) => k.id === c.counter)?.name ?? c.counter,
            figures: c.figures,
          }))}
          total={data.total}
          testId="print-counters"
        />
        <h3>{sections[3]}. Mức độ hài lòng của công dân</h3>
        <Satisfaction data={data} />
        {data.series.length > 1 && (
          <>
            <h3>
              {sections[4]}. Theo{" "}
              {data.query.group === "day" ? "ngày" : data.query.group === "week" ? "tuần" : "tháng"}
            </h3>
            <FiguresTable
              first="Kỳ"
              rows={data.series.map((s) => ({
                name: data.query.group === "day" ? dayText(s.period) : s.period,
                figures: s.figures,
              }))}
              total={data.total}
              testId="print-series"
            />
          </>
        )}
        <p class="small">
          Thời gian chờ tính đến lần gọi đầu tiên của mỗi công dân; thời gian phục vụ từ lần gọi đến khi quầy
          gọi người tiếp theo hoặc tạm dừng. Tỉ lệ hài lòng gồm “rất hài lòng” và “hài lòng”.
        </p>
        <div class="signatures">
          <div>
            <strong>NGƯỜI LẬP BÁO CÁO</strong>
            <div>
              <em>(Ký, ghi rõ họ tên)</em>
            </div>
          </div>
          <div>
            <strong>LÃNH ĐẠO</strong>
            <div>
              <em>(Ký, ghi rõ họ tên, đóng dấu)</em>
            </div>
          </div>
        </div>
      </article>
    </div>
  );
}
