import { useEffect, useMemo, useState } from "preact/hooks";
import { type Account, get, post } from "../api";
import { followToday, type Today } from "../live";
import { APPOINTMENT_STATUS, clockOf, dayOf, SESSION_NAMES, shownStatus, WALKIN_STATUS } from "../text";
import { Banner, Confirm, Loading, useAction } from "../ui";

/** An officer action of PROTOCOL.md, without `at` and `officer`: the hub fills them. */
type Action =
  | { type: "checkin"; code: string }
  | { type: "call"; counter: string; label: string }
  | { type: "transfer"; label: string; service: string }
  | { type: "void"; label: string }
  | { type: "officer_cancel"; code: string }
  | { type: "next" | "recall" | "skip" | "pause" | "resume"; counter: string }
  | { type: "notice"; text: string };

const WAITING_APPOINTMENT = new Set(["booked", "grace"]);

/** What this account may do, as the hub decides it (docs/console.md), to hide what it would refuse. */
function rightsOf(account: Account, today: Today) {
  const all = account.role !== "officer";
  const counters = all ? today.counters.map((c) => c.counter) : account.counters;
  const servedBy = (service: string) => today.services.find((s) => s.code === service)?.counters ?? [];
  return {
    lead: all,
    atCounter: (counter: string) => counters.includes(counter),
    /** The counters this account may call a number of `service` at. */
    callAt: (service: string) => servedBy(service).filter((c) => counters.includes(c)),
    ofService: (service: string) => all || servedBy(service).some((c) => counters.includes(c)),
  };
}

export function TodayPage({ account }: { account: Account }) {
  const [today, setToday] = useState<Today | undefined>();
  const [up, setUp] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  const [cancel, setCancel] = useState<Today["appointments"][number] | undefined>();
  const [voiding, setVoiding] = useState<string | undefined>();

  useEffect(
    () =>
      followToday(
        (t) => {
          setToday(t);
          setError(undefined);
        },
        (connected) => {
          setUp(connected);
          if (!connected) setError(undefined);
        },
      ),
    [],
  );

  const act = async (body: Action, done: string) => {
    const ok = await action.run(() => post("/api/actions", body), done);
    // The live stream brings the change; a snapshot as well, in case the stream is slow.
    if (ok) setToday(await get<Today>("/api/today").catch(() => today));
    return ok;
  };

  const names = useMemo(() => new Map(today?.services.map((s) => [s.code, s.name]) ?? []), [today?.services]);
  if (!today) return <Loading error={error ?? (up ? undefined : "Mất kết nối với máy chủ. Đang thử lại…")} />;
  const rights = rightsOf(account, today);
  const serviceName = (code: string) => names.get(code) ?? code;

  return (
    <div class="today">
      <div class="page-head">
        <h1>Hôm nay</h1>
        <span class="muted" data-testid="today-date">
          {dayOf(today.date)} · {SESSION_NAMES[today.session ?? "closed"] ?? today.session}
        </span>
        <span class={up ? "live up" : "live down"} data-testid="live-status">
          {up ? "● Trực tiếp" : "● Mất kết nối – đang thử lại…"}
        </span>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />

      <div class="row-forms">
        <CheckinForm
          busy={action.busy}
          onCheckin={(code) => act({ type: "checkin", code }, `Đã xác nhận có mặt: ${code}.`)}
        />
        {rights.lead && (
          <NoticeForm
            current={today.notice}
            busy={action.busy}
            onSave={(text) => act({ type: "notice", text }, text ? "Đã đăng thông báo." : "Đã gỡ thông báo.")}
          />
        )}
      </div>

      <section>
        <h2>Quầy</h2>
        <div class="counters">
          {today.counters.map((c) => (
            <div class={`counter-card ${c.status}`} key={c.counter} data-testid={`counter-${c.counter}`}>
              <div class="counter-head">
                <strong>{c.name || `Quầy ${c.counter}`}</strong>
                <span class={`badge ${c.status}`}>{c.status === "paused" ? "Tạm dừng" : "Đang mở"}</span>
              </div>
              <div class="serving">
                {c.serving ? (
                  <>
                    <span class="number" data-testid={`serving-${c.counter}`}>
                      {c.serving.label}
                    </span>
                    <span class="muted">
                      {serviceName(c.serving.service)} ·{" "}
                      {c.serving.kind === "appointment" ? "lịch hẹn" : "vãng lai"} · gọi lúc{" "}
                      {clockOf(c.serving.calledAt)}
                    </span>
                  </>
                ) : (
                  <span class="muted">Chưa phục vụ ai</span>
                )}
              </div>
              <div class="muted">Đang chờ: {c.waiting}</div>
              <div class="buttons">
                {rights.atCounter(c.counter) && c.status === "open" && (
                  <button
                    type="button"
                    class="primary"
                    disabled={action.busy}
                    onClick={() =>
                      act({ type: "next", counter: c.counter }, `Quầy ${c.counter}: đã gọi số tiếp theo.`)
                    }
                    data-testid={`next-${c.counter}`}
                  >
                    Gọi số tiếp
                  </button>
                )}
                {rights.atCounter(c.counter) && c.serving && (
                  <>
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        act(
                          { type: "recall", counter: c.counter },
                          `Quầy ${c.counter}: đã gọi lại ${c.serving?.label}.`,
                        )
                      }
                      data-testid={`recall-${c.counter}`}
                    >
                      Gọi lại
                    </button>
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        act(
                          { type: "skip", counter: c.counter },
                          `Quầy ${c.counter}: đã bỏ qua ${c.serving?.label}.`,
                        )
                      }
                      data-testid={`skip-${c.counter}`}
                    >
                      Bỏ qua
                    </button>
                  </>
                )}
                {rights.atCounter(c.counter) &&
                  (c.status === "paused" ? (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        act({ type: "resume", counter: c.counter }, `Quầy ${c.counter} đã mở lại.`)
                      }
                      data-testid={`resume-${c.counter}`}
                    >
                      Tiếp tục
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        act({ type: "pause", counter: c.counter }, `Quầy ${c.counter} tạm dừng.`)
                      }
                      data-testid={`pause-${c.counter}`}
                    >
                      Tạm dừng
                    </button>
                  ))}
                {c.serving && rights.ofService(c.serving.service) && (
                  <TransferControl
                    label={c.serving.label}
                    services={today.services.filter((s) => s.code !== c.serving?.service)}
                    busy={action.busy}
                    onTransfer={(service) =>
                      act(
                        { type: "transfer", label: c.serving?.label ?? "", service },
                        `Đã chuyển ${c.serving?.label} sang ${serviceName(service)}.`,
                      )
                    }
                  />
                )}
              </div>
            </div>
          ))}
        </div>
      </section>

      <section>
        <h2>Đang chờ theo lĩnh vực</h2>
        <ul class="waiting-list">
          {today.services.map((s) => (
            <li key={s.code} data-testid={`waiting-${s.code}`}>
              <span>{s.name}</span>
              <strong>{today.waiting[s.code] ?? 0}</strong>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2>Lịch hẹn</h2>
        {today.appointments.length === 0 ? (
          <p class="muted">Không có lịch hẹn hôm nay.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>Giờ</th>
                  <th>Số</th>
                  <th>Người hẹn</th>
                  <th>Thủ tục</th>
                  <th>Mã</th>
                  <th>Trạng thái</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {today.appointments.map((a) => {
                  const shown = shownStatus(a);
                  const waiting = WAITING_APPOINTMENT.has(a.status);
                  return (
                    <tr key={a.code} class={shown} data-testid="appointment" data-code={a.code}>
                      <td>{clockOf(a.time)}</td>
                      <td>
                        <strong>{a.label}</strong>
                        {a.counter && <span class="muted"> · quầy {a.counter}</span>}
                      </td>
                      <td>
                        {a.name}
                        <div class="muted small">{a.phone}</div>
                      </td>
                      <td>
                        {a.procedure}
                        <div class="muted small">{serviceName(a.service)}</div>
                      </td>
                      <td class="mono">{a.code}</td>
                      <td>
                        <span class={`badge ${shown}`} data-testid="appointment-status">
                          {APPOINTMENT_STATUS[shown] ?? shown}
                        </span>
                      </td>
                      <td>
                        <div class="actions">
                          {waiting && !a.arrived && (
                            <button
                              type="button"
                              disabled={action.busy}
                              onClick={() =>
                                act({ type: "checkin", code: a.code }, `Đã xác nhận có mặt: ${a.label}.`)
                              }
                              data-testid="appointment-checkin"
                            >
                              Có mặt
                            </button>
                          )}
                          {waiting && (
                            <CallControl
                              counters={rights.callAt(a.service)}
                              busy={action.busy}
                              onCall={(counter) =>
                                act(
                                  { type: "call", counter, label: a.label },
                                  `Đã gọi ${a.label} tới quầy ${counter}.`,
                                )
                              }
                            />
                          )}
                          {waiting && (
                            <button
                              type="button"
                              class="danger"
                              disabled={action.busy}
                              onClick={() => setCancel(a)}
                              data-testid="appointment-cancel"
                            >
                              Hủy lịch
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section>
        <h2>Khách vãng lai</h2>
        {today.walkins.length === 0 ? (
          <p class="muted">Chưa có số vãng lai nào.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>Số</th>
                  <th>Lĩnh vực</th>
                  <th>Lấy số</th>
                  <th>Trạng thái</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {today.walkins.map((w) => {
                  const waiting = w.status === "waiting";
                  return (
                    <tr key={w.label} class={w.status} data-testid="walkin" data-label={w.label}>
                      <td>
                        <strong>{w.label}</strong>
                        {w.priority && <span class="badge priority"> Ưu tiên</span>}
                      </td>
                      <td>{serviceName(w.service)}</td>
                      <td>{clockOf(w.issuedAt)}</td>
                      <td>
                        {WALKIN_STATUS[w.status] ?? w.status}
                        {w.counter && <span class="muted"> · quầy {w.counter}</span>}
                      </td>
                      <td>
                        <div class="actions">
                          {waiting && (
                            <CallControl
                              counters={rights.callAt(w.service)}
                              busy={action.busy}
                              onCall={(counter) =>
                                act(
                                  { type: "call", counter, label: w.label },
                                  `Đã gọi ${w.label} tới quầy ${counter}.`,
                                )
                              }
                            />
                          )}
                          {waiting && rights.ofService(w.service) && (
                            <TransferControl
                              label={w.label}
                              services={today.services.filter((s) => s.code !== w.service)}
                              busy={action.busy}
                              onTransfer={(service) =>
                                act(
                                  { type: "transfer", label: w.label, service },
                                  `Đã chuyển ${w.label} sang ${serviceName(service)}.`,
                                )
                              }
                            />
                          )}
                          {waiting && rights.ofService(w.service) && (
                            <button
                              type="button"
                              class="danger"
                              disabled={action.busy}
                              onClick={() => setVoiding(w.label)}
                              data-testid="walkin-void"
                            >
                              Hủy số
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {cancel && (
        <Confirm
          title="Hủy lịch hẹn?"
          yes="Hủy lịch hẹn"
          onNo={() => setCancel(undefined)}
          onYes={() => {
            const { code, label } = cancel;
            setCancel(undefined);
            void act(
              { type: "officer_cancel", code },
              `Đã hủy lịch hẹn ${label}; công dân được báo qua SMS.`,
            );
          }}
        >
          <p>
            Lịch hẹn <strong>{cancel.label}</strong> lúc {clockOf(cancel.time)} của {cancel.name} (
            {cancel.phone}) sẽ bị hủy, và công dân nhận được tin nhắn báo hủy.
          </p>
        </Confirm>
      )}
      {voiding && (
        <Confirm
          title="Hủy số thứ tự?"
          yes="Hủy số"
          onNo={() => setVoiding(undefined)}
          onYes={() => {
            const label = voiding;
            setVoiding(undefined);
            void act({ type: "void", label }, `Đã hủy số ${label}.`);
          }}
        >
          <p>
            Số <strong>{voiding}</strong> sẽ không bao giờ được gọi nữa.
          </p>
        </Confirm>
      )}
    </div>
  );
}

function CheckinForm({ busy, onCheckin }: { busy: boolean; onCheckin: (code: string) => Promise<boolean> }) {
  const [code, setCode] = useState("");
  return (
    <form
      class="card inline-form"
      data-testid="checkin-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onCheckin(code.trim().toUpperCase())) setCode("");
      }}
    >
      <label>
        Xác nhận có mặt theo mã giao dịch
        <input
          name="code"
          required
          autoComplete="off"
          placeholder="Mã giao dịch"
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        Xác nhận
      </button>
    </form>
  );
}

function NoticeForm(props: {
  current: string | null;
  busy: boolean;
  onSave: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState(props.current || "");
  return (
    <form
      class="card inline-form"
      data-testid="notice-form"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSave(text.trim());
      }}
    >
      <label>
        Thông báo trên màn hình
        <input
          name="notice"
          maxLength={120}
          placeholder={props.current || "Không có thông báo"}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={props.busy}>
        {text.trim() ? "Đăng" : "Gỡ"}
      </button>
    </form>
  );
}

function CallControl(props: { counters: string[]; busy: boolean; onCall: (counter: string) => void }) {
  const [counter, setCounter] = useState(props.counters[0] ?? "");
  if (props.counters.length === 0) return null;
  const chosen = props.counters.includes(counter) ? counter : (props.counters[0] as string);
  return (
    <span class="control">
      {props.counters.length > 1 && (
        <select
          aria-label="Quầy"
          value={chosen}
          onChange={(e) => setCounter(e.currentTarget.value)}
          data-testid="call-counter"
        >
          {props.counters.map((c) => (
            <option key={c} value={c}>
              Quầy {c}
            </option>
          ))}
        </select>
      )}
      <button type="button" disabled={props.busy} onClick={() => props.onCall(chosen)} data-testid="call">
        Gọi{props.counters.length === 1 ? ` tại quầy ${chosen}` : ""}
      </button>
    </span>
  );
}

function TransferControl(props: {
  label: string;
  services: { code: string; name: string }[];
  busy: boolean;
  onTransfer: (service: string) => void;
}) {
  const [service, setService] = useState("");
  if (props.services.length === 0) return null;
  return (
    <span class="control">
      <select
        aria-label={`Chuyển ${props.label} sang lĩnh vực`}
        value={service}
        onChange={(e) => setService(e.currentTarget.value)}
        data-testid="transfer-service"
      >
        <option value="">Chuyển sang…</option>
        {props.services.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={props.busy || service === ""}
        onClick={() => props.onTransfer(service)}
        data-testid="transfer"
      >
        Chuyển
      </button>
    </span>
  );
}
