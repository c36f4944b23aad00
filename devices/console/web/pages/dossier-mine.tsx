import { useState } from "preact/hooks";
import { post } from "../api";
import { Banner, Loading, useAction } from "../ui";
import {
  type DossierFeed,
  deadlineOf,
  dossierHref,
  type Task,
  URGENCY_TEXT,
  urgencyClass,
} from "./dossier-common";

/** Asks for the supplement's note (what the citizen must bring), then sends it. */
function SupplementDialog({
  task,
  busy,
  onSend,
  onClose,
}: {
  task: Task;
  busy: boolean;
  onSend: (note: string) => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState("");
  return (
    <div class="overlay">
      <div class="dialog" role="dialog" aria-modal="true" aria-label="Yêu cầu bổ sung hồ sơ">
        <form
          data-testid="supplement-dialog"
          onSubmit={(e) => {
            e.preventDefault();
            onSend(note);
          }}
        >
          <h3>Yêu cầu bổ sung hồ sơ {task.code}</h3>
          <p class="muted">
            Công dân được nhắn tin; thời hạn dừng lại cho đến khi bộ phận một cửa nhận đủ giấy tờ bổ sung.
          </p>
          <label>
            Cần bổ sung
            <textarea
              name="note"
              rows={3}
              maxLength={300}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
              placeholder="Ví dụ: Bản sao CCCD của người yêu cầu"
            />
          </label>
          <div class="buttons">
            <button type="submit" class="primary" disabled={busy}>
              Gửi yêu cầu
            </button>
            <button type="button" onClick={onClose}>
              Hủy
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/**
 * "Hồ sơ của tôi": the steps that wait for this officer (and the results they received to hand
 * over), soonest due first, coloured by urgency; live, with a sound and a badge for a new one.
 */
export function MyDossiersPage({ feed }: { feed: DossierFeed }) {
  const action = useAction();
  const [supplement, setSupplement] = useState<Task | undefined>();
  if (feed.officer === undefined) return <Loading />;
  if (feed.officer === null)
    return (
      <p class="banner error" role="alert">
        Tài khoản này không gắn với cán bộ xử lý hồ sơ nào.
      </p>
    );
  const { tasks, fresh } = feed;
  const leader = feed.officer.roles.includes("leader");

  const act = async (task: Task, path: string, body: unknown, done: string) => {
    feed.seen(task.code);
    const ok = await action.run(
      () => post(`/api/dossiers/${encodeURIComponent(task.code)}/${path}`, body),
      done,
    );
    if (ok) await feed.reload();
    return ok;
  };

  return (
    <div>
      <div class="page-head">
        <h1>Hồ sơ của tôi</h1>
        <span class="muted">
          {feed.officer.name} · {tasks.length} việc đang chờ
        </span>
        <span class={feed.live ? "live up" : "live down"} data-testid="dossier-live">
          {feed.live ? "● Trực tiếp" : "● Mất kết nối – đang thử lại…"}
        </span>
        {fresh.size > 0 && (
          <button type="button" class="link" onClick={() => feed.seen()} data-testid="mark-seen">
            Đánh dấu đã xem ({fresh.size} mới)
          </button>
        )}
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      <p class="legend small">
        <span class="u-on-time">■ Trong hạn</span> <span class="u-warning">■ Đã dùng từ 80 % thời gian</span>{" "}
        <span class="u-overdue">■ Quá hạn</span> <span class="u-paused">■ Chờ công dân bổ sung</span>
      </p>
      {tasks.length === 0 ? (
        <p class="muted" data-testid="no-tasks">
          Không có hồ sơ nào đang chờ bạn.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="list tasks" data-testid="my-dossiers">
            <thead>
              <tr>
                <th>Mã hồ sơ</th>
                <th>Thủ tục</th>
                <th>Người nộp</th>
                <th>Việc của bạn</th>
                <th>Hạn</th>
                <th>Tình trạng</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr
                  key={`${t.code}-${t.kind}-${t.step}`}
                  class={`task ${urgencyClass(t.urgency)}-row${fresh.has(t.code) ? " fresh" : ""}`}
                  data-testid="my-dossier"
                  data-code={t.code}
                  data-urgency={t.urgency}
                >
                  <td>
                    <a href={dossierHref(t.code)} class="mono" onClick={() => feed.seen(t.code)}>
                      {t.code}
                    </a>
                    {fresh.has(t.code) && (
                      <span class="badge new" data-testid="new-badge">
                        Mới
                      </span>
                    )}
                  </td>
                  <td>
                    {t.procedureName}
                    <div class="muted small">{t.serviceName}</div>
                  </td>
                  <td>
                    {t.name}
                    {t.phone && <div class="muted small">{t.phone}</div>}
                  </td>
                  <td>
                    {t.step !== null ? `Bước ${t.step}: ` : ""}
                    {t.stepName}
                    <div class="muted small">nhận lúc {deadlineOf(t.startedAt)}</div>
                  </td>
                  <td class={urgencyClass(t.urgency)}>
                    <strong>{deadlineOf(t.due)}</strong>
                    {t.kind === "step" && (
                      <div class="muted small">Hồ sơ hẹn trả: {deadlineOf(t.newDue ?? t.dossierDue)}</div>
                    )}
                  </td>
                  <td>
                    <span class={`badge ${urgencyClass(t.urgency)}`}>{URGENCY_TEXT[t.urgency]}</span>
                  </td>
                  <td class="actions">
                    {t.kind === "step" && t.urgency !== "paused" && (
                      <>
                        <button
                          type="button"
                          class="primary"
                          disabled={action.busy}
                          onClick={() => act(t, "done", {}, `Đã xong bước ${t.step} của hồ sơ ${t.code}.`)}
                          data-testid="task-done"
                        >
                          Xong
                        </button>
                        <button
                          type="button"
                          disabled={action.busy}
                          onClick={() => setSupplement(t)}
                          data-testid="task-supplement"
                        >
                          Yêu cầu bổ sung
                        </button>
                        {leader && (
                          <a class="button" href={dossierHref(t.code)} data-testid="task-reassign">
                            Chuyển cán bộ khác
                          </a>
                        )}
                      </>
                    )}
                    {t.kind === "return" && (
                      <button
                        type="button"
                        class="primary"
                        disabled={action.busy}
                        onClick={() => act(t, "returned", {}, `Đã trả kết quả hồ sơ ${t.code}.`)}
                        data-testid="task-returned"
                      >
                        Đã trả kết quả
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {supplement && (
        <SupplementDialog
          task={supplement}
          busy={action.busy}
          onClose={() => setSupplement(undefined)}
          onSend={async (note) => {
            const ok = await act(
              supplement,
              "supplement",
              note.trim() ? { note: note.trim() } : {},
              `Đã yêu cầu bổ sung hồ sơ ${supplement.code}; công dân được nhắn tin.`,
            );
            if (ok) setSupplement(undefined);
          }}
        />
      )}
    </div>
  );
}
