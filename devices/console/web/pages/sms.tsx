import { useState } from "preact/hooks";
import { dateTimeOf, officeToday, SMS_STATUS } from "../text";
import { Loading, useLoad } from "../ui";

interface SmsDay {
  outbox: {
    id: string | number;
    to: string;
    text: string;
    status: string;
    attempts: number;
    createdAt: string;
    sentAt?: string | null;
    lastError?: string | null;
  }[];
  inbox: { at: string; from: string; text: string; outcome: string }[];
  modem: {
    state: string;
    signal?: number | null;
    registered?: boolean | string | null;
    operator?: string | null;
    simUsed?: number | null;
    simTotal?: number | null;
    updatedAt: string;
  } | null;
}

const MODEM_STATE: Record<string, string> = {
  ready: "Sẵn sàng",
  online: "Sẵn sàng",
  offline: "Mất kết nối",
  absent: "Không có modem",
  starting: "Đang khởi động",
  error: "Lỗi",
};

export function SmsPage() {
  const [date, setDate] = useState(officeToday);
  const { data, error, loading, reload } = useLoad<SmsDay>(`/api/sms?date=${encodeURIComponent(date)}`);

  return (
    <div>
      <div class="page-head">
        <h1>Tin nhắn</h1>
        <label class="inline">
          Ngày
          <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value || officeToday())} />
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
                    <dd>{data.modem.signal}</dd>
                  </>
                )}
                {data.modem.registered != null && (
                  <>
                    <dt>Đăng ký mạng</dt>
                    <dd>
                      {data.modem.registered === true
                        ? "Đã đăng ký"
                        : data.modem.registered === false
                          ? "Chưa đăng ký"
                          : String(data.modem.registered)}
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
                      <td>{m.outcome}</td>
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
