import { useEffect, useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { Banner, Loading, useAction, useLoad } from "../ui";
import type { OfficeConfig } from "./config";
import { ConfigForms } from "./config-forms";
import "./whatif.css";

// "Nếu như…" (docs/whatif.md): an edited copy of the configuration tried on a recorded period.
// Nothing is applied: the hub replays its log under the copy and answers both columns.

interface Row {
  key: string;
  service?: string;
  vi: string;
  en: string;
  baseline: number | null;
  whatIf: number | null;
  delta: number | null;
  better: "lower" | "higher" | null;
  unit: "" | "%" | "ph" | "đ";
}

interface Result {
  period: { from: string; to: string };
  entries: { before: number; period: number };
  configChanged: boolean;
  rows: Row[];
  divergences: {
    bookingsRefused: Record<string, number>;
    bookingsGained: number;
    bookingsMoved: number;
    bookingsCancelledBySwitch: number;
    ticketsRefused: number;
    ticketsGained: number;
    dependentDropped: Record<string, number>;
    pressesDropped: Record<string, number>;
    skipsDropped: number;
    configChangesIgnored: number;
    prefixMismatches: number;
  };
  autoCounters: { counter: string; services: string[]; presses: number; calls: number }[];
  serviceMinutes: Record<string, { minutes: number; measured: boolean; count: number }>;
}

interface Start {
  config: OfficeConfig;
  today: string;
  maxDays: number;
}

type Issue = { path: string | (string | number)[]; message: string };

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const number = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString("vi-VN") : v.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
const shown = (v: number | null, unit: Row["unit"]) =>
  v === null ? "–" : unit ? `${number(v)} ${unit}` : number(v);
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** better, worse or same: whether the new configuration moved the figure the way it should. */
function verdict(r: Row): "better" | "worse" | "same" {
  if (r.delta === null || r.delta === 0 || r.better === null) return "same";
  return r.delta < 0 === (r.better === "lower") ? "better" : "worse";
}

function deltaText(r: Row): string {
  if (r.delta === null) return "";
  if (r.delta === 0) return "=";
  return `${r.delta > 0 ? "+" : "−"}${shown(Math.abs(r.delta), r.unit)}`;
}

function Comparison({ rows, names }: { rows: Row[]; names: Record<string, string> }) {
  const services = [...new Set(rows.flatMap((r) => (r.service === undefined ? [] : [r.service])))];
  const groups: { title: string; rows: Row[] }[] = [
    { title: "Toàn cơ quan", rows: rows.filter((r) => r.service === undefined) },
    ...services.map((s) => ({
      title: `${s} ${names[s] ?? ""}`.trim(),
      rows: rows.filter((r) => r.service === s),
    })),
  ];
  return (
    <div class="table-wrap">
      <table class="list whatif-table" data-testid="whatif-table">
        <thead>
          <tr>
            <th>Chỉ số</th>
            <th class="num" data-testid="whatif-col-baseline">
              Ghi nhận
            </th>
            <th class="num" data-testid="whatif-col-whatif">
              Nếu như
            </th>
            <th class="num">Chênh lệch</th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.title}>
            <tr class="whatif-group">
              <th colSpan={4}>{g.title}</th>
            </tr>
            {g.rows.map((r) => {
              const v = verdict(r);
              return (
                <tr key={r.key} class={`whatif-${v}`} data-testid={`whatif-row-${r.key}`} data-verdict={v}>
                  <td title={r.en}>{r.vi}</td>
                  <td class="num">{shown(r.baseline, r.unit)}</td>
                  <td class="num">{shown(r.whatIf, r.unit)}</td>
                  <td class="num whatif-delta">
                    {deltaText(r)}
                    {v === "better" ? " ✓" : v === "worse" ? " ✗" : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function Divergences({ result }: { result: Result }) {
  const d = result.divergences;
  return (
    <section class="card" data-testid="whatif-divergences">
      <h2>Những chỗ phép thử khác nhật ký</h2>
      <ul>
        <li>
          Lịch hẹn bị từ chối: {sum(d.bookingsRefused)} · thêm: {d.bookingsGained} · đổi giờ hoặc quầy:{" "}
          {d.bookingsMoved} · bị hủy khi đổi cấu hình: {d.bookingsCancelledBySwitch}
        </li>
        <li>
          Vé bị từ chối thêm: {d.ticketsRefused} · vé phát thêm: {d.ticketsGained}
        </li>
        <li>
          Thao tác bỏ qua vì lịch hẹn, số hoặc hồ sơ không còn: {sum(d.dependentDropped)} · bấm nút ở quầy
          không còn: {sum(d.pressesDropped)} · nút “bỏ qua” không bấm vì người được gọi có mặt:{" "}
          {d.skipsDropped} · thay đổi cấu hình trong kỳ (bỏ qua): {d.configChangesIgnored}
        </li>
        {result.autoCounters.map((a) => (
          <li key={a.counter}>
            Quầy {a.counter} (quầy thêm, hệ thống tự bấm “tiếp theo”): {a.calls} lượt gọi;{" "}
            {a.services
              .map((s) => {
                const m = result.serviceMinutes[s];
                return m
                  ? `${s} ${number(m.minutes)} phút/lượt${m.measured ? " (đo từ nhật ký)" : " (theo cấu hình)"}`
                  : s;
              })
              .join(", ")}
          </li>
        ))}
        {!result.configChanged && <li>Cấu hình thử giống hệt cấu hình đang dùng trong kỳ.</li>}
      </ul>
      <p class="muted small">
        {result.entries.before.toLocaleString("vi-VN")} đầu vào trước kỳ được phát lại như đã ghi,{" "}
        {result.entries.period.toLocaleString("vi-VN")} trong kỳ. Phép thử không biết người dân và cán bộ sẽ
        phản ứng thế nào với thời gian chờ khác: xem giới hạn của phương pháp trong tài liệu (docs/whatif.md).
      </p>
    </section>
  );
}

/** The page: the period, the copy of the configuration (forms or JSON), the run, both columns. */
export function WhatIfPage() {
  const { data, error } = useLoad<Start>("/api/whatif");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [draft, setDraft] = useState<OfficeConfig | undefined>();
  const [mode, setMode] = useState<"forms" | "text">("forms");
  const [text, setText] = useState("");
  const [issues, setIssues] = useState<Issue[]>([]);
  const [result, setResult] = useState<Result | undefined>();
  const action = useAction();

  useEffect(() => {
    if (!data) return;
    setDraft(clone(data.config));
    // The last week before today: a period the log has in full.
    const last = addDays(data.today, -1);
    setTo(last);
    setFrom(addDays(last, -6));
  }, [data]);

  if (!data || !draft) return <Loading error={error} />;

  const edit = (change: (c: OfficeConfig) => void) => {
    const next = clone(draft);
    change(next);
    setDraft(next);
  };
  const current = (): OfficeConfig | undefined => {
    if (mode === "forms") return draft;
    try {
      return JSON.parse(text) as OfficeConfig;
    } catch (e) {
      action.setOutcome({ ok: false, text: `Nội dung không phải JSON hợp lệ: ${(e as Error).message}` });
      return undefined;
    }
  };
  const switchMode = (next: "forms" | "text") => {
    if (next === mode) return;
    if (next === "text") setText(JSON.stringify(draft, null, 2));
    else {
      const parsed = current();
      if (!parsed) return;
      setDraft(parsed);
    }
    setMode(next);
  };
  const run = async () => {
    const config = current();
    if (!config) return;
    setIssues([]);
    setResult(undefined);
    const ok = await action.run(async () => {
      try {
        setResult(await post<Result>("/api/whatif", { from, to, config }));
      } catch (e) {
        if (e instanceof ApiError) {
          const found = (e.body.error as { issues?: Issue[] } | undefined)?.issues;
          if (Array.isArray(found)) setIssues(found);
        }
        throw e;
      }
    }, "Đã chạy xong phép thử.");
    if (!ok) setResult(undefined);
  };
  const names = Object.fromEntries(draft.services.map((s) => [s.code, s.name]));

  return (
    <div class="whatif">
      <div class="page-head">
        <h1>Nếu như…</h1>
        <span class="muted">
          Thử một cấu hình khác trên số liệu đã ghi: không áp dụng gì, không ghi gì vào hệ thống.
        </span>
      </div>
      <section class="card">
        <h2>Kỳ</h2>
        <div class="row-fields">
          <label>
            Từ ngày{" "}
            <input
              type="date"
              value={from}
              onInput={(e) => setFrom(e.currentTarget.value)}
              data-testid="whatif-from"
            />
          </label>
          <label>
            Đến ngày{" "}
            <input
              type="date"
              value={to}
              onInput={(e) => setTo(e.currentTarget.value)}
              data-testid="whatif-to"
            />
          </label>
          <span class="muted small">Tối đa {data.maxDays} ngày.</span>
        </div>
      </section>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === "forms"} onClick={() => switchMode("forms")}>
          Thường dùng
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === "text"}
          onClick={() => switchMode("text")}
          data-testid="whatif-advanced"
        >
          Nâng cao (JSON)
        </button>
      </div>
      {mode === "text" ? (
        <textarea
          class="code"
          spellcheck={false}
          rows={24}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="whatif-text"
        />
      ) : (
        <ConfigForms draft={draft} edit={edit} />
      )}
      {issues.length > 0 && (
        <ul class="banner error issues" data-testid="whatif-issues">
          {issues.map((issue, i) => (
            <li key={i}>
              <code>{Array.isArray(issue.path) ? issue.path.join(".") : issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      <div class="buttons sticky">
        <button
          type="button"
          class="primary"
          disabled={action.busy}
          onClick={() => void run()}
          data-testid="whatif-run"
        >
          {action.busy ? "Đang chạy…" : "Chạy thử"}
        </button>
        <button
          type="button"
          disabled={action.busy}
          onClick={() => {
            setDraft(clone(data.config));
            setText(JSON.stringify(data.config, null, 2));
            setResult(undefined);
          }}
        >
          Về cấu hình đang dùng
        </button>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      {result && (
        <>
          <section class="card" data-testid="whatif-result">
            <h2>
              Ghi nhận và nếu như, {result.period.from} → {result.period.to}
            </h2>
            <Comparison rows={result.rows} names={names} />
            <p class="muted small">✓ tốt hơn, ✗ kém hơn. Thời gian tính bằng phút.</p>
          </section>
          <Divergences result={result} />
        </>
      )}
    </div>
  );
}
