import { useEffect, useState } from "preact/hooks";
import { type Account, post } from "../api";
import { Banner, Loading, useAction, useLoad } from "../ui";
import {
  type Detail,
  type DossierFeed,
  deadlineOf,
  hashQuery,
  STATE_TEXT,
  TIMELINESS_TEXT,
  URGENCY_TEXT,
  urgencyClass,
} from "./dossier-common";
import { ApologyLetter, ControlSheet, formTime, Receipt } from "./dossier-forms";

type Printing = "sheet" | "receipt" | "apology";

/** The next working day's date (YYYY-MM-DD) after an ISO instant, skipping Saturday and Sunday. */
function dayAfter(iso: string): string {
  const d = new Date(new Date(iso).toLocaleDateString("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }));
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

/**
 * One dossier (`#/ho-so-chi-tiet?ma=<mã>`): where it stands, its steps, the processing control
 * sheet (printable), and what this account may do — finish its step, ask for a supplement,
 * receive the supplement, reassign (leader), approve the apology with a new date (leader), hand
 * the result over (reception). The receipt can be printed again.
 */
export function DossierDetailPage({ account, feed }: { account: Account; feed: DossierFeed }) {
  const [code, setCode] = useState(() => hashQuery().get("ma") ?? "");
  useEffect(() => {
    const change = () => setCode(hashQuery().get("ma") ?? "");
    addEventListener("hashchange", change);
    return () => removeEventListener("hashchange", change);
  }, []);
  const path = code ? `/api/dossiers/${encodeURIComponent(code)}` : null;
  const { data, error, reload } = useLoad<Detail>(path);
  const action = useAction();
  const [printing, setPrinting] = useState<Printing>("sheet");
  const [note, setNote] = useState("");
  const [to, setTo] = useState("");
  const [apology, setApology] = useState({ newDue: "", reason: "" });

  // Live: the dossier changed (a step done elsewhere, a timer fired).
  useEffect(() => {
    if (feed.version > 0) void reload();
  }, [feed.version, reload]);

  useEffect(() => {
    const after = () => setPrinting("sheet");
    addEventListener("afterprint", after);
    return () => removeEventListener("afterprint", after);
  }, []);

  if (!code) return <p class="banner error">Thiếu mã hồ sơ.</p>;
  if (!data) return <Loading error={error} />;
  const d = data.dossier;
  const print = (what: Printing) => {
    setPrinting(what);
    // After the page has drawn the chosen form.
    requestAnimationFrame(() => requestAnimationFrame(() => window.print()));
  };
  const act = async (what: string, body: unknown, done: string) => {
    const ok = await action.run(
      () => post(`/api/dossiers/${encodeURIComponent(d.code)}/${what}`, body),
      done,
    );
    if (ok) {
      await reload();
      void feed.reload();
    }
    return ok;
  };
  const newDue = apology.newDue || dayAfter(data.at);

  return (
    <div class={`dossier-detail printing-${printing}`}>
      <div class="page-head no-print">
        <h1>
          Hồ sơ{" "}
          <span class="mono" data-testid="detail-code">
            {d.code}
          </span>
        </h1>
        <span class={`badge ${urgencyClass(d.state)}`} data-testid="detail-state">
          {STATE_TEXT[d.state]}
        </span>
        {d.apologyPending && <span class="badge u-overdue">Cần phiếu xin lỗi</span>}
      </div>
      <div class="no-print">
        <Banner outcome={action.outcome} onClose={action.clear} />
        <dl class="facts card">
          <dt>Thủ tục</dt>
          <dd>
            {d.procedureName} ({d.serviceName}){d.processName ? ` · quy trình ${d.processName}` : ""}
            {d.legalDays ? ` · ${d.legalDays} ngày làm việc` : ""}
          </dd>
          <dt>Người nộp</dt>
          <dd data-testid="detail-citizen">
            {data.personal
              ? `${d.name}${d.phone ? ` · ${d.phone}` : ""}`
              : "(chỉ cán bộ xử lý hồ sơ được xem)"}
          </dd>
          <dt>Tiếp nhận</dt>
          <dd>
            {deadlineOf(d.receivedAt)} · {d.receivedByName}
            {d.counter ? ` · quầy ${d.counter}` : ""}
          </dd>
          <dt>Hẹn trả</dt>
          <dd class={urgencyClass(d.state)}>
            {deadlineOf(d.due)}
            {d.newDue && <> · hẹn lại {deadlineOf(d.newDue)}</>}
          </dd>
          <dt>Bước hiện tại</dt>
          <dd data-testid="detail-step">
            {d.step !== null
              ? `Bước ${d.step}/${d.stepCount}: ${d.stepName} · ${d.officerName} · hạn ${deadlineOf(d.stepDue)}`
              : d.readyAt
                ? `Có kết quả lúc ${deadlineOf(d.readyAt)}${d.readyStatus ? ` (${TIMELINESS_TEXT[d.readyStatus]})` : ""}${d.returnedAt ? ` · đã trả ${deadlineOf(d.returnedAt)}` : ""}`
                : "—"}
          </dd>
        </dl>

        <div class="buttons">
          {data.may.done && (
            <button
              type="button"
              class="primary"
              disabled={action.busy}
              onClick={() => act("done", {}, `Đã xong bước ${d.step}.`)}
              data-testid="detail-done"
            >
              Xong
            </button>
          )}
          {data.may.supplied && (
            <button
              type="button"
              class="primary"
              disabled={action.busy}
              onClick={() => act("supplied", {}, "Đã nhận hồ sơ bổ sung: thời hạn được tính lại.")}
              data-testid="detail-supplied"
            >
              Đã nhận bổ sung
            </button>
          )}
          {data.may.returned && (
            <button
              type="button"
              class="primary"
              disabled={action.busy}
              onClick={() => act("returned", {}, "Đã trả kết quả cho công dân.")}
              data-testid="detail-returned"
            >
              Đã trả kết quả
            </button>
          )}
          <button type="button" onClick={() => print("sheet")} data-testid="print-sheet">
            In phiếu kiểm soát
          </button>
          {data.personal && (
            <button type="button" onClick={() => print("receipt")}>
              In lại giấy tiếp nhận
            </button>
          )}
        </div>

        {data.may.supplement && (
          <form
            class="card inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (
                await act(
                  "supplement",
                  note.trim() ? { note: note.trim() } : {},
                  "Đã yêu cầu bổ sung; công dân được nhắn tin.",
                )
              )
                setNote("");
            }}
          >
            <label>
              Yêu cầu bổ sung
              <input
                name="note"
                maxLength={300}
                value={note}
                placeholder="Giấy tờ cần bổ sung"
                onInput={(e) => setNote(e.currentTarget.value)}
              />
            </label>
            <button type="submit" disabled={action.busy}>
              Gửi yêu cầu bổ sung
            </button>
          </form>
        )}

        {data.may.reassign && (
          <form
            class="card inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (to)
                void act("reassign", { to }, "Đã chuyển bước cho cán bộ khác; cán bộ đó được báo ngay.");
            }}
            data-testid="reassign-form"
          >
            <label>
              Chuyển bước {d.step} cho cán bộ khác
              <select name="to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
                <option value="">— Chọn cán bộ —</option>
                {data.candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.id})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={action.busy || !to}>
              Chuyển
            </button>
            {data.candidates.length === 0 && (
              <span class="muted">Không có cán bộ nào khác cùng vai trò.</span>
            )}
          </form>
        )}

        {data.may.apology && (
          <form
            class="card form-grid"
            onSubmit={async (e) => {
              e.preventDefault();
              await act("apology", { newDue }, "Đã duyệt phiếu xin lỗi; công dân được nhắn ngày hẹn mới.");
            }}
            data-testid="apology-form"
          >
            <h2>Phiếu xin lỗi và hẹn lại ngày trả kết quả</h2>
            <label>
              Ngày hẹn trả mới
              <input
                type="date"
                name="newDue"
                required
                value={newDue}
                onInput={(e) => setApology({ ...apology, newDue: e.currentTarget.value })}
              />
            </label>
            <label>
              Lý do chậm (in trên phiếu)
              <input
                name="reason"
                maxLength={300}
                value={apology.reason}
                onInput={(e) => setApology({ ...apology, reason: e.currentTarget.value })}
              />
            </label>
            <div class="buttons">
              <button type="submit" class="primary" disabled={action.busy} data-testid="apology-approve">
                Duyệt và nhắn tin cho công dân
              </button>
              <button type="button" onClick={() => print("apology")}>
                In phiếu xin lỗi
              </button>
            </div>
          </form>
        )}

        <section>
          <h2>Các bước</h2>
          <div class="table-wrap">
            <table class="list" data-testid="detail-steps">
              <thead>
                <tr>
                  <th>Bước</th>
                  <th>Cán bộ</th>
                  <th>Nhận lúc</th>
                  <th>Hạn</th>
                  <th>Xong lúc</th>
                  <th>Tình trạng</th>
                </tr>
              </thead>
              <tbody>
                {data.steps.map((s) => (
                  <tr key={s.step}>
                    <td>
                      {s.step}. {s.name}
                    </td>
                    <td>{s.officerName}</td>
                    <td>{deadlineOf(s.startedAt)}</td>
                    <td class={urgencyClass(s.urgency)}>{deadlineOf(s.due)}</td>
                    <td>{deadlineOf(s.doneAt)}</td>
                    <td>
                      <span class={`badge ${urgencyClass(s.status === "late" ? "late" : s.urgency)}`}>
                        {s.doneAt
                          ? s.status === "late"
                            ? "Xong, quá hạn"
                            : "Xong, đúng hạn"
                          : URGENCY_TEXT[s.urgency]}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <h2>Phiếu kiểm soát quá trình giải quyết hồ sơ</h2>
      </div>
      <div class="print-sheet">
        <ControlSheet detail={data} />
      </div>
      <div class="print-receipt print-only">
        <Receipt detail={data} />
      </div>
      <div class="print-apology print-only">
        <ApologyLetter
          detail={data}
          newDue={d.newDue ? formTime(d.newDue) : `ngày ${newDue.split("-").reverse().join("/")}`}
          reason={apology.reason}
          leader={account.name}
        />
      </div>
    </div>
  );
}
