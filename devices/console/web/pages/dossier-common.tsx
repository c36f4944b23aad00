import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type Account, ApiError, get, type Role } from "../api";
import { dateTimeOf } from "../text";

// What the dossier pages share (docs/console.md, "Hồ sơ / Dossiers"): the answers of the hub's
// dossier routes, the words for deadlines, the officer's open dossiers followed live (with a
// sound and a badge when a new one arrives), the control sheet and the pages' list.

/** The officer a console account acts as (its login is the officer's id in the configuration). */
export interface Officer {
  id: string;
  name: string;
  roles: ("reception" | "leader" | "specialist" | "head" | "clerk")[];
  services: string[];
}

export type Urgency = "on_time" | "warning" | "overdue" | "paused" | "ready" | "returned";
export type DossierState =
  | "overdue"
  | "step_overdue"
  | "warning"
  | "on_time"
  | "paused"
  | "ready"
  | "returned";
export type Timeliness = "early" | "on_time" | "late";

export interface Task {
  code: string;
  kind: "step" | "return";
  procedure: string;
  procedureName: string;
  service: string;
  serviceName: string;
  name: string;
  phone: string;
  step: number | null;
  stepName: string;
  startedAt: string;
  due: string;
  dossierDue: string;
  newDue: string | null;
  urgency: Urgency;
  receivedAt: string;
}

export interface Mine {
  at: string;
  officer: Officer;
  tasks: Task[];
}

export interface ListedDossier {
  code: string;
  procedure: string;
  procedureName: string;
  service: string;
  serviceName: string;
  name: string | null;
  phase: "in_progress" | "paused" | "ready" | "returned";
  state: DossierState;
  step: number | null;
  stepName: string | null;
  officer: string | null;
  officerName: string | null;
  stepDue: string | null;
  receivedAt: string;
  due: string;
  newDue: string | null;
  readyStatus: Timeliness | null;
  apologyPending: boolean;
}

export interface SheetRow {
  what: string;
  from: string;
  fromName: string;
  to: string;
  toName: string;
  at: string;
  status: Timeliness | null;
  note: string;
}

export interface Detail {
  at: string;
  office: { name: string; unitCode: string; smsNumber: string | null };
  personal: boolean;
  dossier: ListedDossier & {
    phone: string | null;
    processName: string | null;
    legalDays: number | null;
    receivedBy: string;
    receivedByName: string;
    counter: string | null;
    countFrom: string;
    stepCount: number;
    readyAt: string | null;
    returnedAt: string | null;
  };
  steps: {
    step: number;
    name: string;
    role: string;
    officer: string;
    officerName: string;
    startedAt: string;
    clockFrom: string;
    due: string;
    doneAt: string | null;
    status: "on_time" | "late" | null;
    urgency: Urgency;
  }[];
  sheet: SheetRow[];
  may: Record<"done" | "supplement" | "supplied" | "reassign" | "apology" | "returned", boolean>;
  candidates: { id: string; name: string }[];
}

export const URGENCY_TEXT: Record<Urgency, string> = {
  on_time: "Trong hạn",
  warning: "Sắp đến hạn",
  overdue: "Quá hạn",
  paused: "Chờ bổ sung",
  ready: "Có kết quả, chờ trả",
  returned: "Đã trả kết quả",
};

export const STATE_TEXT: Record<DossierState, string> = {
  overdue: "Hồ sơ quá hạn",
  step_overdue: "Bước quá hạn",
  warning: "Sắp đến hạn",
  on_time: "Trong hạn",
  paused: "Chờ bổ sung",
  ready: "Có kết quả, chờ trả",
  returned: "Đã trả kết quả",
};

export const TIMELINESS_TEXT: Record<Timeliness, string> = {
  early: "Trước hạn",
  on_time: "Đúng hạn",
  late: "Quá hạn",
};

/** The CSS class of a deadline's colour. */
export const urgencyClass = (u: Urgency | DossierState | Timeliness | null): string =>
  u === "overdue" || u === "step_overdue" || u === "late"
    ? "u-overdue"
    : u === "warning"
      ? "u-warning"
      : u === "paused"
        ? "u-paused"
        : u === "ready" || u === "returned" || u === "early"
          ? "u-ready"
          : "u-on-time";

/** "Thứ Hai 07/12/2026 15:00" — a deadline as the office says it. */
export const deadlineOf = (iso: string | null): string => (iso ? dateTimeOf(iso) : "");

/** A day of the office `dd/mm/yyyy` from an ISO instant. */
export const dayOfIso = (iso: string | null): string => (iso ? dateTimeOf(iso).slice(0, 10) : "");

/** The query of the page's address (`#/ho-so?ma=…`). */
export function hashQuery(): URLSearchParams {
  const hash = location.hash;
  const q = hash.indexOf("?");
  return new URLSearchParams(q < 0 ? "" : hash.slice(q + 1));
}

export const dossierHref = (code: string) => `#/ho-so-chi-tiet?ma=${encodeURIComponent(code)}`;

let audio: AudioContext | undefined;

/**
 * Two short tones with Web Audio (no sound file to serve): a new dossier has arrived. A browser
 * lets a page play sound once the person has used it (the login is such a use).
 */
export function beep(): void {
  try {
    const Context =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return;
    audio ??= new Context();
    if (audio.state === "suspended") void audio.resume();
    const start = audio.currentTime + 0.01;
    [880, 1175].forEach((frequency, i) => {
      const ctx = audio as AudioContext;
      const tone = ctx.createOscillator();
      const gain = ctx.createGain();
      const at = start + i * 0.22;
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
      tone.connect(gain).connect(ctx.destination);
      tone.start(at);
      tone.stop(at + 0.21);
    });
  } catch {
    // No sound on this machine: the badge still tells.
  }
}

const taskKey = (t: Task) => `${t.code}#${t.kind}#${t.step ?? ""}`;
const RETRY_MS = [1000, 2000, 5000, 10_000];

/** The account's dossiers, followed live: what the app and the dossier pages read. */
export interface DossierFeed {
  /** undefined while loading; null when the account is no officer of the configuration. */
  officer: Officer | null | undefined;
  tasks: Task[];
  /** Tasks that arrived since the page was opened and were not looked at yet. */
  fresh: ReadonlySet<string>;
  /** How many sounds were played (the badge carries it, for people and tests alike). */
  beeps: number;
  /** Grows at every change of the office's dossiers: the office's pages reload on it. */
  version: number;
  /** Whether the live stream is up. */
  live: boolean;
  seen: (code?: string) => void;
  reload: () => Promise<void>;
}

/**
 * Follows the signed-in account's dossiers: `GET /api/dossiers/mine`, then the hub's
 * `/api/dossiers/live` stream, whose `dossiers` signal says when they (or the office's) changed.
 * A task that was not there before is new: one sound, and it counts on the badge until seen.
 */
export function useDossierFeed(account: Account | undefined): DossierFeed {
  const [officer, setOfficer] = useState<Officer | null | undefined>(undefined);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [beeps, setBeeps] = useState(0);
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  const known = useRef<Set<string> | undefined>(undefined);
  const isOfficer = useRef(false);

  const reload = useCallback(async () => {
    try {
      const mine = await get<Mine>("/api/dossiers/mine");
      isOfficer.current = true;
      setOfficer(mine.officer);
      setTasks(mine.tasks);
      const before = known.current;
      const now = new Set(mine.tasks.map(taskKey));
      known.current = now;
      if (before) {
        const arrived = mine.tasks.filter((t) => !before.has(taskKey(t))).map((t) => t.code);
        if (arrived.length > 0) {
          beep();
          setBeeps((n) => n + 1);
          setFresh((old) => new Set([...old, ...arrived]));
        }
      }
      // A task done or gone is no longer new.
      setFresh((old) => {
        const codes = new Set(mine.tasks.map((t) => t.code));
        const kept = [...old].filter((c) => codes.has(c));
        return kept.length === old.size ? old : new Set(kept);
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        isOfficer.current = false;
        setOfficer(null);
      }
    }
  }, []);

  useEffect(() => {
    if (!account) return;
    known.current = undefined;
    void reload();
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;
    const connect = () => {
      if (stopped) return;
      source = new EventSource("/api/dossiers/live");
      source.addEventListener("open", () => {
        // Back after a break: what changed meanwhile was not signalled.
        if (failures > 0) {
          void reload();
          setVersion((v) => v + 1);
        }
        failures = 0;
        setLive(true);
      });
      source.addEventListener("dossiers", (event) => {
        let mine = true;
        try {
          mine = (JSON.parse((event as MessageEvent<string>).data) as { mine?: boolean }).mine !== false;
        } catch {
          // A malformed signal: reload to be sure.
        }
        setVersion((v) => v + 1);
        if (mine && isOfficer.current) void reload();
      });
      source.addEventListener("error", () => {
        source?.close();
        source = undefined;
        setLive(false);
        if (stopped) return;
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 10_000;
        failures++;
        // A plain request first: it tells a lost session (the app goes back to the login).
        timer = setTimeout(() => {
          void get("/api/session")
            .then(connect)
            .catch((e) => {
              if (!(e instanceof ApiError && e.status === 401)) connect();
            });
        }, wait);
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [account?.login, reload]);

  const seen = useCallback((code?: string) => {
    setFresh((old) => {
      if (old.size === 0) return old;
      if (code === undefined) return new Set();
      if (!old.has(code)) return old;
      const next = new Set(old);
      next.delete(code);
      return next;
    });
  }, []);

  return { officer, tasks, fresh, beeps, version, live, seen, reload };
}

/** The dossier pages: their address, name, and who sees them. */
export const DOSSIER_PAGES = [
  { path: "tiep-nhan", name: "Tiếp nhận hồ sơ", nav: true },
  { path: "ho-so-cua-toi", name: "Hồ sơ của tôi", nav: true },
  { path: "ho-so", name: "Hồ sơ cơ quan", nav: true },
  { path: "bao-cao", name: "Báo cáo", nav: true },
  { path: "ho-so-chi-tiet", name: "Hồ sơ", nav: false },
] as const;
export type DossierPagePath = (typeof DOSSIER_PAGES)[number]["path"];

const LEADS: readonly Role[] = ["leader", "admin"];

/** Whether the account may open a dossier page: the office's to leaders and admins, the rest to officers. */
export function mayOpen(
  path: DossierPagePath,
  account: Account,
  officer: Officer | null | undefined,
): boolean {
  switch (path) {
    case "tiep-nhan":
      return officer?.roles.includes("reception") === true;
    case "ho-so-cua-toi":
      return officer != null;
    case "ho-so":
    case "bao-cao":
      return LEADS.includes(account.role);
    case "ho-so-chi-tiet":
      return true;
  }
}

/** The control sheet's table (Phiếu kiểm soát quá trình giải quyết hồ sơ). */
export function SheetTable({ rows }: { rows: SheetRow[] }) {
  return (
    <table class="list sheet" data-testid="control-sheet">
      <thead>
        <tr>
          <th>TÊN BƯỚC / NỘI DUNG</th>
          <th>BÊN GIAO</th>
          <th>BÊN NHẬN</th>
          <th>THỜI GIAN GIAO, NHẬN</th>
          <th>KẾT QUẢ (trước / đúng / quá hạn)</th>
          <th>GHI CHÚ</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={`${row.at}-${i}`} data-testid="sheet-row">
            <td>
              {i + 1}. {row.what}
            </td>
            <td>{row.fromName}</td>
            <td>{row.toName}</td>
            <td>{deadlineOf(row.at)}</td>
            <td class={row.status ? urgencyClass(row.status) : ""}>
              {row.status ? TIMELINESS_TEXT[row.status] : ""}
            </td>
            <td>{row.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The office's heading of a printed form: its name on the left, the state's motto on the right. */
export function FormHead({ office }: { office: string }) {
  return (
    <div class="form-head">
      <div>
        <strong>{office.toUpperCase()}</strong>
        <div>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</div>
      </div>
      <div class="motto">
        <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
        <div>Độc lập - Tự do - Hạnh phúc</div>
      </div>
    </div>
  );
}
