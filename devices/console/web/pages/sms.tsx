import { useState } from "preact/hooks";
import { dateTimeOf, SMS_STATUS } from "../text";
import { Loading, useLoad } from "../ui";

interface SmsDay {
  outbox: {
    id: number;
    to: string;
    text: string;
    status: string;
    attempts: number;
    createdAt: string;
    sentAt?: string;
    lastError?: string;
  }[];
  inbox: { at: string; from: string; text: string; outcome: string; code?: string }[];
  modem: {
    state: string;
    /** 0–4 bars. */
    signal?: number;
    signalDbm?: number | null;
    registered?: boolean;
    registration?: string;
    operator?: string;
    simUsed?: number;
    simTotal?: number;
    model?: string;
    outboxLength?: number;
    lastError?: string;
    updatedAt: string;
    modems?: number;
  } | null;
}

const MODEM_STATE: Record<string, string> = {
  ready: "Sẵn sàng",
  disconnected: "Mất kết nối",
  initialising: "Đang khởi động",
  no_network: "Không có sóng mạng",
  sim_not_ready: "SIM chưa sẵn sàng",
  resetting: "Đang khởi động lại",
  pin_required: "Cần mã PIN",
  puk_required: "Cần mã PUK",
  stopped: "Đã dừng",
};

const REJECTIONS: Record<string, string> = {
  syntax: "sai cú pháp",
  unknown_procedure: "thủ tục không rõ",
  bad_date: "ngày không hợp lệ",
  past_date: "ngày đã qua",
  too_far: "quá xa",
  closed_hours: "ngoài giờ",
  full: "hết chỗ",
  limit: "quá số lịch",
  blocked: "số bị chặn",
  rate_limited: "gửi quá nhiều",
  not_found: "không tìm thấy",
};

/** `booked`, `cancelled`, `answered`, `rejected:<reason>`, `ignored`, in the office's words. */
function outcomeText(outcome: string): string {
  const [kind, reason] = outcome.split(":");
  switch (kind) {
    case "booked":
      return "Đặt lịch";
    case "cancelled":
      return "Hủy lịch";
    case "answered":
      return "Đã trả lời";
    case "ignored":
      return "Bỏ qua";
    case "rejected":
      return `Từ chối${reason ? ` (${REJECTIONS[reason] ?? reason})` : ""}`;
    default:
      return outcome;
  }
}

export function SmsPage() {
  // No date: the hub's today (its clock, not this browser's).
  const [date, setDate] = useState("");
  const { data, error, loading, reload } = useLoad<SmsDay>(
    date ? `/api/sms?date=${encodeURIComponent(date)}` : "/api/sms",
  );

  return (
    <div>
      <div class="page-head">
        <h1>Tin nhắn</h1>
        <label class="inline">
          Ngày
          <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={() => void reload()} disabled={loading}>
          Làm mới
        </button>
      </div>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <section class="card" data-testid="modem">
            <h2>Modem</h2>
            {data.modem ? (
              <dl class="facts">
                <dt>Trạng thái</dt>
                <dd>{MODEM_STATE[data.modem.state] ?? data.modem.state}</dd>
                {data.modem.signal != null && (
                  <>
                    <dt>Sóng</dt>
                    <dd>
                      {"▮".repeat(data.modem.signal)}
                      {"▯".repeat(Math.max(0, 4 - data.modem.signal))} {data.modem.signal}/4
                      {data.modem.signalDbm != null && (
                        <span class="muted"> ({data.modem.signalDbm} dBm)</span>
                      )}
                    </dd>
                  </>
                )}
                {data.modem.registered != null && (
                  <>
                    <dt>Đăng ký mạng</dt>
                    <dd>
                      {data.modem.registered ? "Đã đăng ký" : "Chưa đăng ký"}
                      {data.modem.registration && <span class="muted"> ({data.modem.registration})</span>}
                    </dd>
                  </>
                )}
                {data.modem.operator && (
                  <>
                    <dt>Nhà mạng</dt>
                    <dd>{data.modem.operator}</dd>
                  </>
                )}
                {data.modem.simTotal != null && (
                  <>
                    <dt>Bộ nhớ SIM</dt>
                    <dd>
                      {data.modem.simUsed ?? 0}/{data.modem.simTotal}
                    </dd>
                  </>
                )}
                {data.modem.outboxLength != null && (
                  <>
                    <dt>Đang chờ gửi</dt>
                    <dd>{data.modem.outboxLength} tin</dd>
                  </>
                )}
                {data.modem.lastError && (
                  <>
                    <dt>Lỗi gần nhất</dt>
                    <dd class="error">{data.modem.lastError}</dd>
                  </>
                )}
                <dt>Cập nhật</dt>
                <dd>{dateTimeOf(data.modem.updatedAt)}</dd>
              </dl>
            ) : (
              <p class="muted">Chưa có thông tin modem.</p>
            )}
          </section>
          <section>
            <h2>Tin gửi đi ({data.outbox.length})</h2>
            <div class="table-wrap">
              <table class="list">
                <thead>
                  <tr>
                    <th>Lúc</th>
                    <th>Tới</th>
                    <th>Nội dung</th>
                    <th>Trạng thái</th>
                    <th>Lần gửi</th>
                  </tr>
                </thead>
                <tbody>
                  {data.outbox.map((m) => (
                    <tr key={m.id} class={m.status} data-testid="outbox">
                      <td>{dateTimeOf(m.createdAt)}</td>
                      <td class="mono">{m.to}</td>
                      <td class="text">{m.text}</td>
                      <td>
                        {SMS_STATUS[m.status] ?? m.status}
                        {m.sentAt && <div class="muted small">{dateTimeOf(m.sentAt)}</div>}
                        {m.lastError && <div class="error small">{m.lastError}</div>}
                      </td>
                      <td>{m.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section>
            <h2>Tin nhận được ({data.inbox.length})</h2>
            <div class="table-wrap">
              <table class="list">
                <thead>
                  <tr>
                    <th>Lúc</th>
                    <th>Từ</th>
                    <th>Nội dung</th>
                    <th>Kết quả</th>
                  </tr>
                </thead>
                <tbody>
                  {data.inbox.map((m, i) => (
                    <tr key={i} data-testid="inbox">
                      <td>{dateTimeOf(m.at)}</td>
                      <td class="mono">{m.from}</td>
                      <td class="text">{m.text}</td>
                      <td>
                        {outcomeText(m.outcome)}
                        {m.code && <span class="mono"> {m.code}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
