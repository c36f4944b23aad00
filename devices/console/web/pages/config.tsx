import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf, post } from "../api";
import { dateTimeOf } from "../text";
import { Banner, Loading, useAction, useLoad } from "../ui";
import { DossierForms } from "./config-dossiers";
import { ConfigForms } from "./config-forms";

/** The office's configuration as the page edits it: the schema's fields it has forms for, the rest kept as is. */
export interface OfficeConfig {
  calendar: { workingWeekdays?: number[]; holidays: string[]; makeUpWorkingDays: string[] };
  sessions: { id: string; name: string; start: string; end: string; appointmentsFrom: string }[];
  counters: { id: string; name?: string }[];
  services: { code: string; name: string; averageMinutes: number; counters: string[] }[];
  procedures: { code: string; name: string; service: string; aliases: string[] }[];
  rules: Record<string, unknown>;
  [section: string]: unknown;
}

interface Applied {
  version: number | string;
  config: OfficeConfig;
  appliedAt: string | null;
  appliedBy: string | null;
}

interface Impact {
  code: string;
  phone: string;
  name: string;
  date: string;
  time: string;
  service: string;
  counter?: string | null;
  reason: string;
}

interface Preview {
  valid: boolean;
  changes: unknown[];
  impact: Impact[];
}

type Issue = { path: string | (string | number)[]; message: string };

const REASONS: Record<string, string> = {
  counter_removed: "Quầy bị bỏ",
  service_removed: "Lĩnh vực bị bỏ",
  session_shortened: "Buổi làm việc bị rút ngắn",
  holiday: "Ngày nghỉ",
  not_working_day: "Không phải ngày làm việc",
  outside_session: "Ngoài giờ làm việc",
};

export const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  const found = (error.body.error as { issues?: Issue[] } | undefined)?.issues;
  return Array.isArray(found) ? found : [];
}

function impactOf(error: unknown): Impact[] | undefined {
  if (!(error instanceof ApiError) || error.code !== "needs_confirmation") return undefined;
  const body = error.body as { impact?: Impact[]; error?: { impact?: Impact[] } };
  return body.error?.impact ?? body.impact ?? [];
}

const changeText = (change: unknown) =>
  typeof change === "string"
    ? change
    : typeof change === "object" && change !== null && "message" in change
      ? String((change as { message: unknown }).message)
      : JSON.stringify(change);

export function ConfigPage() {
  const { data, error, reload } = useLoad<Applied>("/api/config");
  const [draft, setDraft] = useState<OfficeConfig | undefined>();
  const [mode, setMode] = useState<"forms" | "text">("forms");
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<Preview | undefined>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [pending, setPending] = useState<{ config: OfficeConfig; impact: Impact[] } | undefined>();
  const action = useAction();

  useEffect(() => {
    if (data) setDraft(clone(data.config));
  }, [data]);

  if (!data || !draft) return <Loading error={error} />;

  const edit = (change: (c: OfficeConfig) => void) => {
    const next = clone(draft);
    change(next);
    setDraft(next);
    setPreview(undefined);
    setPending(undefined);
  };

  /** The configuration to send: the forms' draft, or the advanced editor's text parsed. */
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

  const check = async () => {
    const config = current();
    if (!config) return;
    setIssues([]);
    setPending(undefined);
    try {
      const result = await post<Preview>("/api/config/preview", { config });
      setPreview(result);
      action.setOutcome(
        result.valid
          ? {
              ok: true,
              text: result.impact.length
                ? "Cấu hình hợp lệ, nhưng ảnh hưởng tới lịch hẹn."
                : "Cấu hình hợp lệ.",
            }
          : { ok: false, text: "Cấu hình không hợp lệ." },
      );
    } catch (e) {
      setPreview(undefined);
      setIssues(issuesOf(e));
      action.setOutcome({ ok: false, text: messageOf(e) });
    }
  };

  const apply = async (config: OfficeConfig, confirm: boolean) => {
    setIssues([]);
    try {
      const done = await post<{ unchanged?: boolean }>("/api/config", { config, confirm });
      setPending(undefined);
      setPreview(undefined);
      action.setOutcome({
        ok: true,
        text: done.unchanged
          ? "Cấu hình không có gì thay đổi."
          : "Đã áp dụng cấu hình mới. Hệ thống dùng ngay, không cần khởi động lại.",
      });
      await reload();
    } catch (e) {
      const impact = impactOf(e);
      if (impact) {
        setPending({ config, impact });
        action.setOutcome({
          ok: false,
          text: `Chưa áp dụng: thay đổi này làm hỏng ${impact.length} lịch hẹn (danh sách bên dưới).`,
        });
        return;
      }
      setIssues(issuesOf(e));
      action.setOutcome({ ok: false, text: messageOf(e) });
    }
  };

  return (
    <div class="config">
      <div class="page-head">
        <h1>Cấu hình</h1>
        <span class="muted" data-testid="config-version">
          Phiên bản {data.version}
          {data.appliedAt && ` · áp dụng ${dateTimeOf(data.appliedAt)}`}
          {data.appliedBy && ` bởi ${data.appliedBy}`}
        </span>
      </div>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === "forms"} onClick={() => switchMode("forms")}>
          Thường dùng
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === "text"}
          onClick={() => switchMode("text")}
          data-testid="config-advanced"
        >
          Nâng cao (JSON)
        </button>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />

      {mode === "text" ? (
        <textarea
          class="code"
          spellcheck={false}
          rows={30}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setPreview(undefined);
            setPending(undefined);
          }}
          data-testid="config-text"
        />
      ) : (
        <>
          <ConfigForms draft={draft} edit={edit} />
          <DossierForms draft={draft} edit={edit} />
        </>
      )}

      {issues.length > 0 && (
        <ul class="banner error issues" data-testid="config-issues">
          {issues.map((issue, i) => (
            <li key={i}>
              <code>{Array.isArray(issue.path) ? issue.path.join(".") : issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}

      {preview && (
        <section class="card" data-testid="config-preview">
          <h2>Thay đổi</h2>
          {preview.changes.length === 0 ? (
            <p class="muted">Không có thay đổi.</p>
          ) : (
            <ul>
              {preview.changes.map((c, i) => (
                <li key={i}>{changeText(c)}</li>
              ))}
            </ul>
          )}
          {preview.impact.length > 0 && <ImpactTable impact={preview.impact} />}
        </section>
      )}

      {pending ? (
        <section class="card warn-card" data-testid="config-confirm">
          <h2>Thay đổi này làm hỏng {pending.impact.length} lịch hẹn</h2>
          <p>Các công dân dưới đây sẽ được báo qua SMS. Chỉ áp dụng khi bạn xác nhận.</p>
          <ImpactTable impact={pending.impact} />
          <div class="buttons">
            <button
              type="button"
              class="danger"
              onClick={() => void apply(pending.config, true)}
              data-testid="config-confirm-yes"
            >
              Xác nhận áp dụng
            </button>
            <button type="button" onClick={() => setPending(undefined)}>
              Không áp dụng
            </button>
          </div>
        </section>
      ) : (
        <div class="buttons sticky">
          <button type="button" onClick={() => void check()} data-testid="config-check">
            Kiểm tra thay đổi
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => {
              const config = current();
              if (config) void apply(config, false);
            }}
            data-testid="config-apply"
          >
            Áp dụng
          </button>
          <button
            type="button"
            class="link"
            onClick={() => {
              setDraft(clone(data.config));
              setText(JSON.stringify(data.config, null, 2));
              setPreview(undefined);
              setIssues([]);
            }}
          >
            Hoàn tác
          </button>
        </div>
      )}
    </div>
  );
}

function ImpactTable({ impact }: { impact: Impact[] }) {
  return (
    <div class="table-wrap">
      <table class="list" data-testid="config-impact">
        <thead>
          <tr>
            <th>Ngày</th>
            <th>Giờ</th>
            <th>Người hẹn</th>
            <th>Mã</th>
            <th>Lĩnh vực</th>
            <th>Lý do</th>
          </tr>
        </thead>
        <tbody>
          {impact.map((b) => (
            <tr key={b.code} data-testid="impact-row">
              <td>{b.date}</td>
              <td>{b.time}</td>
              <td>
                {b.name}
                <div class="muted small">{b.phone}</div>
              </td>
              <td class="mono">{b.code}</td>
              <td>
                {b.service}
                {b.counter && <span class="muted"> · quầy {b.counter}</span>}
              </td>
              <td>{REASONS[b.reason] ?? b.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
