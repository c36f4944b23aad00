import { useEffect, useState } from "preact/hooks";
import type { Model, RecentCall } from "./model";
import { STATUS_WORDS, unreachable } from "./model";
import type { PageConfig } from "./page-config";
import { hhmm, officeDateTime, vietnameseDate } from "./time";

export interface ViewProps {
  config: PageConfig;
  model: Model;
  layout: "landscape" | "portrait";
  /** The counter being announced now (it flashes). */
  announcing: string | undefined;
}

/** Columns of the counter grid, so the cards stay as large as the screen allows. */
function counterColumns(n: number, layout: ViewProps["layout"]): number {
  if (layout === "portrait") return n <= 3 ? 1 : n <= 8 ? 2 : n <= 15 ? 3 : n <= 24 ? 4 : 5;
  return n <= 3 ? 1 : n <= 8 ? 2 : n <= 12 ? 3 : n <= 20 ? 4 : n <= 30 ? 5 : 6;
}

export function App({ config, model, layout, announcing }: ViewProps) {
  const offline = unreachable(model);
  return (
    <div class={`screen ${layout}${offline ? " stale" : ""}`}>
      <Header config={config} model={model} />
      {offline && <OfflineMarker model={model} />}
      <main>
        <section class="counters-area">
          <Counters config={config} model={model} layout={layout} announcing={announcing} />
          <Recent config={config} recent={model.recent} announcing={announcing} />
        </section>
        <section class="side-area">
          <Waiting config={config} model={model} />
          <Appointments config={config} model={model} />
        </section>
      </main>
      <Notice text={model.notice ?? config.notice} />
    </div>
  );
}

function Header({ config, model }: { config: PageConfig; model: Model }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const { date, time } = officeDateTime(now + model.clockOffsetMs, config.office.timeZone);
  return (
    <header>
      <div class="office">
        <div class="office-kind">Bộ phận Một cửa</div>
        <div class="office-name" data-testid="office-name">
          {config.office.name}
        </div>
      </div>
      {model.session === "closed" && <div class="session-closed">Ngoài giờ làm việc</div>}
      <div class="when">
        <div class="date" data-testid="date">
          {vietnameseDate(date)}
        </div>
        <div class="clock" data-testid="clock">
          {time}
        </div>
      </div>
    </header>
  );
}

function OfflineMarker({ model }: { model: Model }) {
  return (
    <div class="offline" data-testid="offline" role="alert">
      {model.link !== "online"
        ? "⚠ Mất kết nối với hệ thống – đang kết nối lại…"
        : "⚠ Hệ thống tạm ngừng – thông tin có thể chưa được cập nhật"}
    </div>
  );
}

function Counters({ config, model, layout, announcing }: ViewProps) {
  const columns = counterColumns(config.counters.length, layout);
  const rows = Math.ceil(config.counters.length / columns);
  return (
    <div
      class="counters"
      style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}
    >
      {config.counters.map((c) => {
        const state = model.counters[c.id];
        const services = config.services.filter((s) => s.counters.includes(c.id));
        const paused = state?.status === "paused";
        const cls = `counter${paused ? " paused" : ""}${announcing === c.id ? " flash" : ""}`;
        return (
          <div class={cls} key={c.id} data-testid={`counter-${c.id}`}>
            <div class="counter-body">
              <div class="counter-info">
                <div class="counter-name">{c.name}</div>
                <div class="counter-services">{services.map((s) => s.name).join(" · ")}</div>
                <div class="counter-status">
                  {paused ? (
                    <span class="chip paused-chip">Tạm nghỉ</span>
                  ) : (
                    state !== undefined && <span>Đang chờ: {state.waiting}</span>
                  )}
                </div>
              </div>
              <div class="counter-number" data-testid={`counter-${c.id}-number`}>
                {state?.serving?.label ?? "—"}
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );
}

function Recent({
  config,
  recent,
  announcing,
}: {
  config: PageConfig;
  recent: RecentCall[];
  announcing: string | undefined;
}) {
  const name = (id: string) => config.counters.find((c) => c.id === id)?.name ?? `Quầy ${id}`;
  return (
    <div class="recent">
      <h2>Số vừa gọi</h2>
      <ol class="recent-list" data-testid="recent">
        {recent.map((r, i) => (
          <li
            key={`${r.counter}|${r.label}`}
            class={`recent-call${i === 0 ? " latest" : ""}${i === 0 && announcing === r.counter ? " flash" : ""}`}
          >
            <span class="recent-label">{r.label}</span>
            <span class="recent-arrow">→</span>
            <span class="recent-counter">{name(r.counter)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Waiting({ config, model }: { config: PageConfig; model: Model }) {
  return (
    <div class="waiting">
      <h2>Số người đang chờ</h2>
      <table>
        <tbody>
          {config.services.map((s) => (
            <tr key={s.code} data-testid={`waiting-${s.code}`}>
              <td class="service-name">{s.name}</td>
              <td class="waiting-count">{model.waiting[s.code] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Appointments({ config, model }: { config: PageConfig; model: Model }) {
  const perPage = config.appointmentsPerPage;
  const pages = Math.max(1, Math.ceil(model.appointments.length / perPage));
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), config.pageSeconds * 1000);
    return () => clearInterval(timer);
  }, [pages, config.pageSeconds]);
  const shown = page < pages ? page : 0;
  const rows = model.appointments.slice(shown * perPage, (shown + 1) * perPage);
  const serviceName = (code: string) => config.services.find((s) => s.code === code)?.name ?? code;
  return (
    <div class="appointments">
      <h2>
        Lịch hẹn hôm nay
        {pages > 1 && (
          <span class="page">
            {shown + 1}/{pages}
          </span>
        )}
      </h2>
      {rows.length === 0 ? (
        <div class="empty">Không có lịch hẹn</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Giờ</th>
              <th>Số</th>
              <th>Lĩnh vực</th>
              <th>Quầy</th>
              <th>Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr
                key={a.label}
                class={`appointment ${a.status}`}
                data-testid="appointment"
                data-label={a.label}
              >
                <td>{hhmm(a.time)}</td>
                <td class="appointment-label">{a.label}</td>
                <td class="service-name">{serviceName(a.service)}</td>
                <td>{a.counter}</td>
                <td>
                  <span class={`status status-${a.status}`}>{STATUS_WORDS[a.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Notice({ text }: { text: string }) {
  // The line crosses the screen at a steady pace whatever its length.
  const seconds = Math.max(20, Math.round(text.length / 6));
  return (
    <footer class="notice">
      <div class="notice-track" style={{ animationDuration: `${seconds}s` }} data-testid="notice" key={text}>
        {text}
      </div>
    </footer>
  );
}
