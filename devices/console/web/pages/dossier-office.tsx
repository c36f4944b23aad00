import { useEffect, useState } from "preact/hooks";
import { Loading, useLoad } from "../ui";
import {
  type DossierFeed,
  type DossierState,
  deadlineOf,
  dossierHref,
  type ListedDossier,
  STATE_TEXT,
  urgencyClass,
} from "./dossier-common";

interface OfficeList {
  at: string;
  total: number;
  dossiers: ListedDossier[];
  byState: Record<DossierState, number>;
  byStep: { service: string; step: number; name: string; count: number; overdue: number }[];
  services: { code: string; name: string }[];
}

interface Filters {
  service: string;
  step: string;
  state: string;
  late: boolean;
}

const query = (f: Filters) => {
  const q = new URLSearchParams();
  if (f.service) q.set("service", f.service);
  if (f.step) q.set("step", f.step);
  if (f.state) q.set("state", f.state);
  if (f.late) q.set("late", "1");
  if (f.state === "returned") q.set("open", "0");
  return `/api/dossiers?${q}`;
};

const SHOWN_STATES: DossierState[] = ["overdue", "step_overdue", "warning", "on_time", "paused", "ready"];

/**
 * "Hồ sơ của cơ quan" (leaders, admins): the office's open dossiers by step and by lateness,
 * most pressing first, each opening its control sheet; live.
 */
export function OfficeDossiersPage({ feed }: { feed: DossierFeed }) {
  const [filters, setFilters] = useState<Filters>({ service: "", step: "", state: "", late: false });
  const { data, error, reload } = useLoad<OfficeList>(query(filters));
  useEffect(() => {
    if (feed.version > 0) void reload();
  }, [feed.version, reload]);
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });

  return (
    <div>
      <div class="page-head">
        <h1>Hồ sơ của cơ quan</h1>
        {data && <span class="muted">Cập nhật {deadlineOf(data.at)}</span>}
        <span class={feed.live ? "live up" : "live down"}>{feed.live ? "● Trực tiếp" : "● Mất kết nối"}</span>
      </div>
      <form class="card filters no-print" onSubmit={(e) => e.preventDefault()} data-testid="dossier-filters">
        <label>
          Lĩnh vực
          <select value={filters.service} onChange={(e) => set({ service: e.currentTarget.value, step: "" })}>
            <option value="">Tất cả</option>
            {data?.services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tình trạng
          <select value={filters.state} onChange={(e) => set({ state: e.currentTarget.value })}>
            <option value="">Đang giải quyết (tất cả)</option>
            {[...SHOWN_STATES, "returned" as const].map((s) => (
              <option key={s} value={s}>
                {STATE_TEXT[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.late}
            onChange={(e) => set({ late: e.currentTarget.checked })}
          />
          Chỉ hồ sơ trễ hạn
        </label>
        {(filters.step || filters.state || filters.late || filters.service) && (
          <button type="button" onClick={() => setFilters({ service: "", step: "", state: "", late: false })}>
            Bỏ lọc
          </button>
        )}
      </form>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <section class="state-summary" data-testid="by-state">
            {SHOWN_STATES.map((s) => (
              <button
                type="button"
                key={s}
                class={`state-tile ${urgencyClass(s)}${filters.state === s ? " selected" : ""}`}
                onClick={() => set({ state: filters.state === s ? "" : s })}
                data-testid={`state-${s}`}
              >
                <span class="state-count">{data.byState[s]}</span>
                <span>{STATE_TEXT[s]}</span>
              </button>
            ))}
          </section>
          <section>
            <h2>Theo bước</h2>
            {data.byStep.length === 0 ? (
              <p class="muted">Không có hồ sơ nào đang giải quyết.</p>
            ) : (
              <div class="table-wrap">
                <table class="list" data-testid="by-step">
                  <thead>
                    <tr>
                      <th>Lĩnh vực</th>
                      <th>Bước</th>
                      <th>Đang ở bước</th>
                      <th>Trong đó quá hạn</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byStep.map((g) => (
                      <tr key={`${g.service}-${g.step}-${g.name}`}>
                        <td>{data.services.find((s) => s.code === g.service)?.name ?? g.service}</td>
                        <td>
                          <button
                            type="button"
                            class="link"
                            onClick={() => set({ service: g.service, step: String(g.step) })}
                          >
                            {g.step}. {g.name}
                          </button>
                        </td>
                        <td>{g.count}</td>
                        <td class={g.overdue > 0 ? "u-overdue" : ""}>{g.overdue}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section>
            <h2>
              Hồ sơ ({data.total}
              {data.total > data.dossiers.length ? `, hiện ${data.dossiers.length}` : ""})
            </h2>
            {data.dossiers.length === 0 ? (
              <p class="muted">Không có hồ sơ nào.</p>
            ) : (
              <div class="table-wrap">
                <table class="list" data-testid="office-dossiers">
                  <thead>
                    <tr>
                      <th>Mã hồ sơ</th>
                      <th>Thủ tục</th>
                      <th>Người nộp</th>
                      <th>Bước hiện tại</th>
                      <th>Hạn bước</th>
                      <th>Hẹn trả</th>
                      <th>Tình trạng</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.dossiers.map((d) => (
                      <tr key={d.code} data-testid="office-dossier" data-code={d.code} data-state={d.state}>
                        <td>
                          <a class="mono" href={dossierHref(d.code)}>
                            {d.code}
                          </a>
                        </td>
                        <td>
                          {d.procedureName}
                          <div class="muted small">{d.serviceName}</div>
                        </td>
                        <td>{d.name}</td>
                        <td>
                          {d.step !== null ? (
                            <>
                              {d.step}. {d.stepName}
                              <div class="muted small">{d.officerName}</div>
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                        <td class={d.state === "step_overdue" ? "u-overdue" : ""}>{deadlineOf(d.stepDue)}</td>
                        <td class={d.state === "overdue" ? "u-overdue" : ""}>
                          {deadlineOf(d.due)}
                          {d.newDue && <div class="small">hẹn lại {deadlineOf(d.newDue)}</div>}
                        </td>
                        <td>
                          <span class={`badge ${urgencyClass(d.state)}`}>{STATE_TEXT[d.state]}</span>
                          {d.apologyPending && (
                            <a class="badge badge-link u-overdue" href={dossierHref(d.code)}>
                              Phiếu xin lỗi
                            </a>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
