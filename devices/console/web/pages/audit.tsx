import { useState } from "preact/hooks";
import { dateTimeOf } from "../text";
import { Loading, useLoad } from "../ui";

interface Entry {
  seq?: number;
  at: string;
  login: string;
  action: string;
  detail: Record<string, unknown>;
  /** `done`, or `refused:<reason>`. */
  outcome?: string;
}

/** The log's action names in the office's words. */
const ACTIONS: Record<string, string> = {
  checkin: "Xác nhận có mặt",
  call: "Gọi số",
  transfer: "Chuyển lĩnh vực",
  void: "Hủy số",
  officer_cancel: "Hủy lịch hẹn",
  unblock: "Bỏ chặn số",
  pause: "Tạm dừng quầy",
  resume: "Mở lại quầy",
  notice: "Thông báo",
  config: "Đổi cấu hình",
  account_add: "Thêm tài khoản",
  account_update: "Sửa tài khoản",
  account_passwd: "Đổi mật khẩu",
  account_disable: "Khóa tài khoản",
};

const REFUSALS: Record<string, string> = {
  not_found: "không tìm thấy",
  not_allowed: "không được phép",
  invalid: "không hợp lệ",
};

const outcomeText = (outcome: string | undefined) => {
  if (!outcome || outcome === "done") return "Đã làm";
  const [, reason = ""] = outcome.split(":");
  return `Bị từ chối (${REFUSALS[reason] ?? reason})`;
};

interface Filters {
  from: string;
  to: string;
  login: string;
  action: string;
}

const query = (f: Filters, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v.trim()) params.set(k, v.trim());
  return `/api/audit?${params}`;
};

const detailText = (detail: Record<string, unknown> | undefined) =>
  Object.entries(detail ?? {})
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");

export function AuditPage() {
  // No dates: the hub's latest entries (its clock may not be this browser's).
  const [draft, setDraft] = useState<Filters>({ from: "", to: "", login: "", action: "" });
  const [filters, setFilters] = useState(draft);
  const { data, error } = useLoad<{ entries: Entry[] }>(query(filters));
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onInput: (e: { currentTarget: HTMLInputElement }) =>
      setDraft({ ...draft, [name]: e.currentTarget.value }),
  });

  return (
    <div>
      <div class="page-head">
        <h1>Nhật ký</h1>
        <a class="button" href={query(filters, { format: "csv" })} download data-testid="audit-csv">
          Tải CSV
        </a>
      </div>
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
        data-testid="audit-filters"
      >
        <label>
          Từ ngày
          <input type="date" name="from" {...field("from")} />
        </label>
        <label>
          Đến ngày
          <input type="date" name="to" {...field("to")} />
        </label>
        <label>
          Người thực hiện
          <input name="login" autoCapitalize="none" placeholder="Tên đăng nhập" {...field("login")} />
        </label>
        <label>
          Thao tác
          <select
            name="action"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}
          >
            <option value="">Tất cả</option>
            {Object.entries(ACTIONS).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Lọc
        </button>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : data.entries.length === 0 ? (
        <p class="muted">Không có mục nào.</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th>Lúc</th>
                <th>Người thực hiện</th>
                <th>Thao tác</th>
                <th>Chi tiết</th>
                <th>Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e, i) => (
                <tr key={e.seq ?? `${e.at}-${i}`} data-testid="audit-entry">
                  <td>{dateTimeOf(e.at)}</td>
                  <td>{e.login}</td>
                  <td>{ACTIONS[e.action] ?? e.action}</td>
                  <td class="mono small">{detailText(e.detail)}</td>
                  <td class={e.outcome?.startsWith("refused") ? "error" : ""}>{outcomeText(e.outcome)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
