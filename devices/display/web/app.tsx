import { useEffect, useRef, useState } from "preact/hooks";
import type { PageConfig } from "../src/page-config";
import type { Model, RecentCall } from "./model";
import { hubNow, STATUS_WORDS, shownStatus, unreachable } from "./model";
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
  const { date, time } = officeDateTime(hubNow(model, now), config.office.timeZone);
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

/** Widths of text, in em, of the page's bold face: a little over the real ones. */
const EM_PER_CHAR = { label: 0.78, name: 0.68 };

/**
 * Paddings and font sizes inside the cards, from the size of one card (px) and the longest
 * counter name and number label: as large as they fit.
 */
export function cardSizes(cardW: number, cardH: number, u: number, nameChars: number, labelChars: number) {
  const border = 0.3 * u;
  const padY = Math.min(1.2 * u, 0.08 * cardH);
  const padX = Math.min(2.4 * u, 0.07 * cardW);
  const w = Math.max(1, cardW - 2 * (padX + border));
  const h = Math.max(1, cardH - 2 * (padY + border));
  const nameFit = (share: number) => (share * w) / (EM_PER_CHAR.name * nameChars);
  const labelFit = (share: number) => (share * w) / (EM_PER_CHAR.label * labelChars);
  const wide = w / h > 2.2;
  if (wide) {
    // Names on the left (a quarter at least), the number on the right.
    const number = Math.min(0.7 * h, labelFit(0.7));
    const nameShare = Math.max(0.25, 1 - (number * EM_PER_CHAR.label * labelChars) / w - 0.05);
    const name = Math.min(4.6 * u, 0.24 * h, nameFit(nameShare));
    const small = Math.min(2.3 * u, 0.12 * h, name * 0.55);
    return { wide, padX, padY, name, small, number, compact: small < 13 };
  }
  // The name above, the number under it.
  const name = Math.min(4.6 * u, 0.2 * h, nameFit(1));
  const small = Math.min(2.3 * u, 0.09 * h, name * 0.55);
  const compact = small < 13;
  const rest = h - name * 1.15 - (compact ? 0 : small * 1.25 * 3) - 0.6 * u;
  return { wide, padX, padY, name, small, number: Math.max(8, Math.min(rest, labelFit(1))), compact };
}

function Counters({ config, model, layout, announcing }: ViewProps) {
  const columns = counterColumns(config.counters.length, layout);
  const rows = Math.ceil(config.counters.length / columns);
  const grid = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = grid.current;
    if (!el) return;
    // Fires when the grid's size changes (a resize, the last calls' list growing), not per call.
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = (entry as ResizeObserverEntry).contentRect;
      setBox((b) => (b.w === width && b.h === height ? b : { w: width, h: height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const u = Math.min(innerWidth, innerHeight) / 100;
  const gap = 1.4 * u;
  const nameChars = Math.max(...config.counters.map((c) => c.name.length));
  const labelChars = Math.max(...config.services.map((s) => s.code.length)) + 4;
  const sizes = cardSizes(
    (box.w - gap * (columns - 1)) / columns,
    (box.h - gap * (rows - 1)) / rows,
    u,
    nameChars,
    labelChars,
  );
  return (
    <div
      ref={grid}
      class={`counters ${sizes.wide ? "wide" : "tall"}${sizes.compact ? " compact" : ""}`}
      style={{
        gridTemplateColumns: `repeat(${columns}, 1fr)`,
        gridTemplateRows: `repeat(${rows}, 1fr)`,
        "--pad-x": `${sizes.padX.toFixed(1)}px`,
        "--pad-y": `${sizes.padY.toFixed(1)}px`,
        "--number-size": `${sizes.number.toFixed(1)}px`,
        "--name-size": `${sizes.name.toFixed(1)}px`,
        "--small-size": `${sizes.small.toFixed(1)}px`,
      }}
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
              <div
                class={`counter-number${state?.serving ? "" : " idle"}`}
                data-testid={`counter-${c.id}-number`}
              >
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
      {recent.length === 0 && <div class="empty">Chưa gọi số nào</div>}
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
  // Many services (a provincial centre has a dozen) go in two columns.
  return (
    <div class="waiting">
      <h2>Số người đang chờ</h2>
      <div class={`waiting-list${config.services.length > 5 ? " two" : ""}`}>
        {config.services.map((s) => (
          <div class="waiting-row" key={s.code} data-testid={`waiting-${s.code}`}>
            <span class="service-name">{s.name}</span>
            <span class="waiting-count">{model.waiting[s.code] ?? 0}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * Appointment rows that fit a panel of this inner height (px): the sizes of style.css (its
 * heading, the table's head and rows, all with line-height 1.3).
 */
export function appointmentRowsFitting(height: number, u: number): number {
  const heading = 2.6 * u * 1.3 + 1 * u;
  const head = 1.9 * u * 1.3 + 1 * u + 1;
  const row = 2.4 * u * 1.3 + 1 * u + 1;
  return Math.max(1, Math.floor((height - heading - head) / row));
}

function Appointments({ config, model }: { config: PageConfig; model: Model }) {
  const panel = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) =>
      setHeight((entry as ResizeObserverEntry).contentRect.height),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const u = Math.min(innerWidth, innerHeight) / 100;
  const perPage =
    height > 0
      ? Math.min(config.appointmentsPerPage, appointmentRowsFitting(height, u))
      : config.appointmentsPerPage;
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
    <div class="appointments" ref={panel}>
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
            {rows.map((a) => {
              const status = shownStatus(a);
              return (
                <tr
                  key={a.label}
                  class={`appointment ${status}`}
                  data-testid="appointment"
                  data-label={a.label}
                >
                  <td>{hhmm(a.time)}</td>
                  <td class="appointment-label">{a.label}</td>
                  <td class="service-name">{serviceName(a.service)}</td>
                  <td>{a.counter}</td>
                  <td>
                    <span class={`status status-${status}`}>{STATUS_WORDS[status]}</span>
                  </td>
                </tr>
              );
            })}
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
