import { useEffect, useState } from "preact/hooks";
import { type Account, get, post } from "../api";
import { Banner, Loading, useAction } from "../ui";
import { type Detail, type DossierFeed, dossierHref } from "./dossier-common";
import { Receipt } from "./dossier-forms";

interface Procedure {
  code: string;
  name: string;
  service: string;
  serviceName: string;
  legalDays: number;
  mine: boolean;
}

interface Received {
  code: string;
  due: string;
  dossier: Detail;
}

/** The citizen being served at the account's counter, when the queue knows them (an appointment). */
interface Serving {
  counter: string;
  label: string;
  name?: string;
}

/**
 * "Tiếp nhận hồ sơ": reception opens a dossier for the citizen at their counter (procedure, name,
 * phone), then prints the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) on A4.
 */
export function ReceptionPage({ account, feed }: { account: Account; feed: DossierFeed }) {
  const [procedures, setProcedures] = useState<Procedure[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [form, setForm] = useState({
    procedure: "",
    name: "",
    phone: "",
    counter: account.counters[0] ?? "",
  });
  const [received, setReceived] = useState<Received | undefined>();
  const [serving, setServing] = useState<Serving[]>([]);
  const [lookup, setLookup] = useState("");
  const action = useAction();

  useEffect(() => {
    get<{ procedures: Procedure[] }>("/api/dossiers/mine")
      .then((mine) => setProcedures(mine.procedures.filter((p) => p.mine)))
      .catch((e) => setError((e as Error).message));
    // Whom the account's counters serve now: an appointment's holder is known by name.
    get<{
      counters: { counter: string; serving: { label: string } | null }[];
      appointments: { label: string; name: string }[];
    }>("/api/today")
      .then((today) =>
        setServing(
          today.counters
            .filter((c) => c.serving && (account.role !== "officer" || account.counters.includes(c.counter)))
            .map((c) => ({
              counter: c.counter,
              label: c.serving?.label ?? "",
              ...(() => {
                const name = today.appointments.find((a) => a.label === c.serving?.label)?.name;
                return name ? { name } : {};
              })(),
            })),
        ),
      )
      .catch(() => {});
  }, [account]);

  if (!procedures) return <Loading error={error} />;
  const atCounter = serving.find((s) => s.counter === form.counter);

  const submit = async (e: Event) => {
    e.preventDefault();
    let answer: Received | undefined;
    const ok = await action.run(async () => {
      answer = await post<Received>("/api/dossiers", {
        procedure: form.procedure,
        name: form.name,
        ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
        ...(form.counter ? { counter: form.counter } : {}),
      });
    }, "Đã tiếp nhận hồ sơ.");
    if (ok && answer) {
      setReceived(answer);
      void feed.reload();
    }
  };

  if (received)
    return (
      <div>
        <div class="page-head no-print">
          <h1>Tiếp nhận hồ sơ</h1>
        </div>
        <div class="no-print">
          <Banner
            outcome={{ ok: true, text: `Đã tiếp nhận hồ sơ ${received.code}. Hãy in giấy hẹn cho công dân.` }}
          />
          <div class="buttons">
            <button type="button" class="primary" onClick={() => window.print()} data-testid="print-receipt">
              In giấy tiếp nhận
            </button>
            <a class="button" href={dossierHref(received.code)}>
              Xem hồ sơ
            </a>
            <button
              type="button"
              onClick={() => {
                setReceived(undefined);
                action.clear();
                setForm({ ...form, procedure: "", name: "", phone: "" });
              }}
              data-testid="receive-another"
            >
              Tiếp nhận hồ sơ khác
            </button>
          </div>
        </div>
        <Receipt detail={received.dossier} />
      </div>
    );

  return (
    <div>
      <div class="page-head">
        <h1>Tiếp nhận hồ sơ</h1>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      <form class="card form-grid" onSubmit={submit} data-testid="receive-form">
        <h2>Hồ sơ mới</h2>
        {atCounter && (
          <p class="muted full">
            Quầy {atCounter.counter} đang phục vụ số {atCounter.label}
            {atCounter.name ? ` (${atCounter.name})` : ""}.{" "}
            {atCounter.name && atCounter.name !== form.name && (
              <button
                type="button"
                class="link"
                onClick={() => setForm({ ...form, name: atCounter.name ?? "" })}
              >
                Điền tên này
              </button>
            )}
          </p>
        )}
        <label>
          Thủ tục
          <select
            name="procedure"
            required
            value={form.procedure}
            onChange={(e) => setForm({ ...form, procedure: e.currentTarget.value })}
          >
            <option value="">— Chọn thủ tục —</option>
            {procedures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code} · {p.legalDays} ngày làm việc)
              </option>
            ))}
          </select>
        </label>
        <label>
          Họ tên người nộp
          <input
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          Số điện thoại (nhận tin nhắn)
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="09xx xxx xxx"
            value={form.phone}
            onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })}
          />
        </label>
        {account.counters.length > 1 && (
          <label>
            Quầy
            <select
              value={form.counter}
              onChange={(e) => setForm({ ...form, counter: e.currentTarget.value })}
            >
              {account.counters.map((c) => (
                <option key={c} value={c}>
                  Quầy {c}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy} data-testid="receive-submit">
            Tiếp nhận và in giấy hẹn
          </button>
        </div>
      </form>
      <form
        class="card inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (lookup.trim()) location.hash = dossierHref(lookup.trim().toUpperCase());
        }}
      >
        <label>
          Tra cứu hồ sơ theo mã (nhận bổ sung, trả kết quả)
          <input
            name="lookup"
            autoCapitalize="characters"
            placeholder="H30.99.01-261207-0001 hoặc 261207-0001"
            value={lookup}
            onInput={(e) => setLookup(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Mở</button>
      </form>
    </div>
  );
}
