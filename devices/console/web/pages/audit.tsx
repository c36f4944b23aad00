import { useState } from "preact/hooks";
import { dateTimeOf, officeToday } from "../text";
import { Loading, useLoad } from "../ui";

interface Entry {
  seq?: number;
  at: string;
  login: string;
  action: string;
  detail: unknown;
}

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

const detailText = (detail: unknown) =>
  detail === null || detail === undefined ? "" : typeof detail === "string" ? detail : JSON.stringify(detail);

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(() => ({
    from: officeToday(),
    to: officeToday(),
    login: "",
    action: "",
  }));
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
          <input name="action" autoCapitalize="none" placeholder="vd. checkin" {...field("action")} />
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
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e, i) => (
                <tr key={e.seq ?? `${e.at}-${i}`} data-testid="audit-entry">
                  <td>{dateTimeOf(e.at)}</td>
                  <td>{e.login}</td>
                  <td>{e.action}</td>
                  <td class="mono small">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
