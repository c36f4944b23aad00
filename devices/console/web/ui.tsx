import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { get, messageOf } from "./api";

/** What a page shows after an action: done, or the hub's refusal (its Vietnamese message). */
export type Outcome = { ok: boolean; text: string } | null;

export function Banner({ outcome, onClose }: { outcome: Outcome; onClose?: () => void }) {
  if (!outcome) return null;
  return (
    <div
      class={outcome.ok ? "banner ok" : "banner error"}
      role={outcome.ok ? "status" : "alert"}
      data-testid="outcome"
    >
      <span>{outcome.text}</span>
      {onClose && (
        <button type="button" class="link" onClick={onClose} aria-label="Đóng">
          ×
        </button>
      )}
    </div>
  );
}

/** A GET of the API, loaded once and again on `reload()`. */
export function useLoad<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      setData(await get<T>(path));
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Runs an action, keeping its outcome for a {@link Banner}; `busy` while it runs. */
export function useAction() {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      setOutcome({ ok: true, text: done });
      return true;
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { outcome, busy, run, clear: () => setOutcome(null), setOutcome };
}

/** A modal question with its two answers; the page decides only once it is answered. */
export function Confirm(props: {
  title: string;
  children?: ComponentChildren;
  yes: string;
  onYes: () => void;
  onNo: () => void;
}) {
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === "Escape" && props.onNo();
    addEventListener("keydown", key);
    return () => removeEventListener("keydown", key);
  }, [props.onNo]);
  return (
    <div class="overlay">
      <div class="dialog" role="dialog" aria-modal="true" aria-label={props.title} data-testid="confirm">
        <h3>{props.title}</h3>
        {props.children}
        <div class="buttons">
          <button type="button" class="danger" onClick={props.onYes} data-testid="confirm-yes">
            {props.yes}
          </button>
          <button type="button" onClick={props.onNo} data-testid="confirm-no">
            Không
          </button>
        </div>
      </div>
    </div>
  );
}

export function Loading({ error }: { error?: string | undefined }) {
  if (error)
    return (
      <p class="banner error" role="alert">
        {error}
      </p>
    );
  return <p class="muted">Đang tải…</p>;
}
