import { ApiError, get } from "./api";

/** The office's day as `GET /api/today` and the `today` events of `GET /api/live` give it. */
export interface Today {
  at: string;
  date: string;
  session: "morning" | "afternoon" | "closed";
  /** The wall display's notice; "" when none. */
  notice: string;
  services: { code: string; name: string; counters: string[] }[];
  counters: {
    counter: string;
    name: string;
    status: "open" | "paused";
    serving: { number: number; label: string; service: string; kind: string; calledAt: string } | null;
    waiting: number;
  }[];
  waiting: Record<string, number>;
  appointments: {
    code: string;
    phone: string;
    name: string;
    procedure: string;
    service: string;
    number: number;
    label: string;
    counter: string;
    /** HH:MM in the office's time. */
    time: string;
    status: string;
    arrived?: boolean;
  }[];
  walkins: {
    label: string;
    number: number;
    service: string;
    priority: boolean;
    status: string;
    /** HH:MM in the office's time. */
    issuedAt: string;
    counter?: string;
  }[];
}

const RETRY_MS = [1000, 2000, 5000, 10_000];

/**
 * The day, live: the snapshot, then the hub's server-sent events. When the stream breaks the
 * page says so and tries again, first with a plain GET (which also tells a lost session, which
 * an EventSource cannot), then with a new stream. Returns the function that stops it.
 */
export function followToday(onToday: (today: Today) => void, onConnected: (up: boolean) => void): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failures = 0;

  const retry = () => {
    if (stopped) return;
    onConnected(false);
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 10_000;
    failures++;
    timer = setTimeout(() => void connect(), wait);
  };

  const connect = async () => {
    try {
      onToday(await get<Today>("/api/today"));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // the page goes back to login
      retry();
      return;
    }
    if (stopped) return;
    source = new EventSource("/api/live");
    source.addEventListener("open", () => {
      failures = 0;
      onConnected(true);
    });
    source.addEventListener("today", (event) => {
      try {
        onToday(JSON.parse((event as MessageEvent<string>).data) as Today);
        onConnected(true);
      } catch {
        // A malformed event: the next one replaces it.
      }
    });
    source.addEventListener("error", () => {
      source?.close();
      source = undefined;
      retry();
    });
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
