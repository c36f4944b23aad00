import { useState } from "preact/hooks";
import { get, messageOf, post } from "../api";
import { dateTimeOf } from "../text";
import { Banner, Confirm, Loading, useAction, useLoad } from "../ui";

interface Blocked {
  phone: string;
  blockedAt: string;
  noShows: number;
  history: HistoryItem[];
}

/** One line of a phone's history (bookings, no-shows, blocks): shown by its fields. */
type HistoryItem = Record<string, unknown> & { at?: string; type?: string };

const HISTORY_WORDS: Record<string, string> = {
  booked: "Đặt lịch",
  cancelled: "Hủy lịch",
  no_show: "Vắng mặt",
  served: "Đã phục vụ",
  blocked: "Bị chặn",
  unblocked: "Bỏ chặn",
  checked_in: "Đã đến",
};

function History({ items }: { items: HistoryItem[] }) {
  if (items.length === 0) return <span class="muted">Chưa có</span>;
  return (
    <ul class="history">
      {items.map((item, i) => {
        const kind = String(item.type ?? item.event ?? item.kind ?? "");
        const rest = Object.entries(item)
          .filter(
            ([k, v]) =>
              !["at", "type", "event", "kind", "phone"].includes(k) && v !== null && v !== undefined,
          )
          .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
          .join(" · ");
        return (
          <li key={i}>
            <span class="muted">{dateTimeOf(item.at)}</span> {HISTORY_WORDS[kind] ?? kind}{" "}
            {rest && <span class="small">{rest}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function PhonesPage() {
  const { data, error, reload } = useLoad<{ blocked: Blocked[] }>("/api/phones");
  const action = useAction();
  const [asking, setAsking] = useState<string | undefined>();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ phone: string; record?: Record<string, unknown>; error?: string }>();

  const unblock = async (phone: string) => {
    if (await action.run(() => post("/api/actions", { type: "unblock", phone }), `Đã bỏ chặn số ${phone}.`))
      await reload();
  };

  const lookUp = async (e: Event) => {
    e.preventDefault();
    const phone = query.replace(/[\s.-]/g, "");
    if (!phone) return;
    try {
      setFound({
        phone,
        record: await get<Record<string, unknown>>(`/api/phones/${encodeURIComponent(phone)}`),
      });
    } catch (err) {
      setFound({ phone, error: messageOf(err) });
    }
  };

  const record = found?.record;
  const recordHistory = Array.isArray(record?.history) ? (record.history as HistoryItem[]) : [];

  return (
    <div>
      <div class="page-head">
        <h1>Số điện thoại</h1>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      <form class="card inline-form" onSubmit={lookUp} data-testid="phone-lookup">
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
          {found.error ? (
            <p class="banner error">{found.error}</p>
          ) : (
            <>
              <p>
                {record?.blocked ? (
                  <span class="badge cancelled">Đang bị chặn</span>
                ) : (
                  <span class="badge served">Không bị chặn</span>
                )}{" "}
                {typeof record?.noShows === "number" && <span>Số lần vắng mặt: {record.noShows}</span>}
              </p>
              <History items={recordHistory} />
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
                  <th>Lịch sử</th>
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
                      <History items={b.history ?? []} />
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
            Số <strong>{asking}</strong> sẽ được đặt lịch lại; số lần vắng mặt được tính lại từ đầu.
          </p>
        </Confirm>
      )}
    </div>
  );
}
