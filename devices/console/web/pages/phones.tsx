import { useState } from "preact/hooks";
import { get, messageOf, post } from "../api";
import { APPOINTMENT_STATUS, clockOf, dateTimeOf } from "../text";
import { Banner, Confirm, Loading, useAction, useLoad } from "../ui";

/** One booking of a phone (`GET /api/phones`, `GET /api/phones/<phone>`). */
interface Booking {
  code: string;
  name: string;
  date: string;
  time: string;
  procedure: string;
  status: string;
  bookedAt: string;
}

interface Blocked {
  phone: string;
  blockedAt: string | null;
  noShows: number;
  history: Booking[];
}

/** What happened to a phone, newest first. */
interface PhoneEvent {
  at: string;
  type: string;
  code?: string;
  text?: string;
  reason?: string;
  officer?: string;
}

interface PhoneRecord {
  phone: string;
  blocked: boolean;
  blockedAt: string | null;
  noShows: number;
  bookings: Booking[];
  events: PhoneEvent[];
}

const EVENT_WORDS: Record<string, string> = {
  sms: "Tin nhắn đến",
  booked: "Đặt lịch",
  cancelled: "Hủy lịch",
  rejected: "Từ chối",
  blocked: "Bị chặn",
  unblocked: "Bỏ chặn",
};

const dateOf = (date: string) => date.split("-").reverse().join("/");

function Bookings({ items }: { items: Booking[] }) {
  if (items.length === 0) return <span class="muted">Chưa có lịch hẹn</span>;
  return (
    <ul class="history">
      {items.map((b) => (
        <li key={b.code}>
          {dateOf(b.date)} {clockOf(b.time)} · {b.procedure} · <span class="mono">{b.code}</span> ·{" "}
          <strong>{APPOINTMENT_STATUS[b.status] ?? b.status}</strong>
        </li>
      ))}
    </ul>
  );
}

function Events({ items }: { items: PhoneEvent[] }) {
  if (items.length === 0) return null;
  return (
    <ul class="history">
      {items.map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <span class="muted">{dateTimeOf(e.at)}</span> {EVENT_WORDS[e.type] ?? e.type}
          {e.code && <span class="mono"> {e.code}</span>}
          {e.text && <span> “{e.text}”</span>}
          {e.reason && <span class="muted"> ({e.reason})</span>}
          {e.officer && <span class="muted"> – {e.officer}</span>}
        </li>
      ))}
    </ul>
  );
}

export function PhonesPage() {
  const { data, error, reload } = useLoad<{ blocked: Blocked[] }>("/api/phones");
  const action = useAction();
  const [asking, setAsking] = useState<string | undefined>();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ phone: string; record?: PhoneRecord; error?: string }>();

  const lookUp = async (phone: string) => {
    try {
      setFound({ phone, record: await get<PhoneRecord>(`/api/phones/${encodeURIComponent(phone)}`) });
    } catch (err) {
      setFound({ phone, error: messageOf(err) });
    }
  };

  const unblock = async (phone: string) => {
    if (await action.run(() => post("/api/actions", { type: "unblock", phone }), `Đã bỏ chặn số ${phone}.`)) {
      await reload();
      if (found?.record) await lookUp(found.phone);
    }
  };

  const record = found?.record;

  return (
    <div>
      <div class="page-head">
        <h1>Số điện thoại</h1>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      <form
        class="card inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const phone = query.replace(/[\s.-]/g, "");
          if (phone) void lookUp(phone);
        }}
        data-testid="phone-lookup"
      >
        <label>
          Tra cứu số điện thoại
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            required
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Tra cứu</button>
      </form>
      {found && (
        <section class="card" data-testid="phone-record">
          <h2>{found.phone}</h2>
          {found.error || !record ? (
            <p class="banner error">{found.error}</p>
          ) : (
            <>
              <p class="buttons">
                {record.blocked ? (
                  <span class="badge cancelled">Đang bị chặn từ {dateTimeOf(record.blockedAt)}</span>
                ) : (
                  <span class="badge served">Không bị chặn</span>
                )}
                <span>Số lần vắng mặt: {record.noShows}</span>
                {record.blocked && (
                  <button type="button" disabled={action.busy} onClick={() => setAsking(record.phone)}>
                    Bỏ chặn
                  </button>
                )}
              </p>
              <h3>Lịch hẹn</h3>
              <Bookings items={record.bookings} />
              {record.events.length > 0 && <h3>Lịch sử</h3>}
              <Events items={record.events} />
            </>
          )}
        </section>
      )}
      <section>
        <h2>Số đang bị chặn</h2>
        {!data ? (
          <Loading error={error} />
        ) : data.blocked.length === 0 ? (
          <p class="muted" data-testid="no-blocked">
            Không có số nào bị chặn.
          </p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>Số điện thoại</th>
                  <th>Bị chặn lúc</th>
                  <th>Vắng mặt</th>
                  <th>Lịch hẹn</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.blocked.map((b) => (
                  <tr key={b.phone} data-testid="blocked" data-phone={b.phone}>
                    <td class="mono">{b.phone}</td>
                    <td>{dateTimeOf(b.blockedAt)}</td>
                    <td>{b.noShows}</td>
                    <td>
                      <Bookings items={b.history} />
                    </td>
                    <td>
                      <div class="actions">
                        <button
                          type="button"
                          disabled={action.busy}
                          onClick={() => setAsking(b.phone)}
                          data-testid="unblock"
                        >
                          Bỏ chặn
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {asking && (
        <Confirm
          title="Bỏ chặn số điện thoại?"
          yes="Bỏ chặn"
          onNo={() => setAsking(undefined)}
          onYes={() => {
            const phone = asking;
            setAsking(undefined);
            void unblock(phone);
          }}
        >
          <p>
            Số <strong>{asking}</strong> sẽ được đặt lịch lại; số lần vắng mặt được tính lại từ đầu, và công
            dân nhận được tin nhắn báo.
          </p>
        </Confirm>
      )}
    </div>
  );
}
