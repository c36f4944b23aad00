// A console client for tests: signs in like the page, calls the API by direct HTTP (no page),
// and reads the live view's server-sent events as they come.
import { hashPassword } from "@motcua/config/password";
import type { AccountRole } from "@motcua/store";
import { expect } from "vitest";
import type { TestHub } from "../../src/testing.js";

export const PASSWORD = "mật-khẩu-đủ-dài";

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string; path?: string; reason?: string } };
  headers: Headers;
}

export function addAccount(h: TestHub, login: string, role: AccountRole, counters: string[] = []): void {
  h.hub.store.accounts.add(
    { login, name: `Tài khoản ${login}`, role, counters, passwordHash: hashPassword(PASSWORD) },
    { actor: "test", at: new Date().toISOString() },
  );
}

/** The console of one hub; `base` follows the hub across restarts. */
export class ConsoleClient {
  constructor(private readonly h: TestHub) {}

  get base(): string {
    return `http://127.0.0.1:${this.h.hub.console?.port}`;
  }

  /** Signs in and returns the headers every request of that session carries. */
  async signIn(login: string): Promise<Record<string, string>> {
    const res = await fetch(`${this.base}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
    return { cookie, "x-csrf-token": csrfToken };
  }

  async get<T = Record<string, unknown>>(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(`${this.base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Reply<T>["body"], headers: res.headers };
  }

  async post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply<T>["body"], headers: res.headers };
  }

  /** Opens `/api/live` with the session's cookie. */
  async live(headers: Record<string, string>): Promise<EventStream> {
    const res = await fetch(`${this.base}/api/live`, { headers: { cookie: headers.cookie as string } });
    return new EventStream(res);
  }
}

export interface ServerEvent {
  event: string;
  data: string;
}

/** The events of a `text/event-stream` answer, read as they arrive. */
export class EventStream {
  readonly events: ServerEvent[] = [];
  /** Comment lines (`: ping`). */
  readonly comments: string[] = [];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  private waiters: (() => void)[] = [];
  private controller = new AbortController();

  constructor(readonly response: Response) {
    this.ended = this.read();
  }

  private async read(): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = body.getReader();
    this.controller.signal.addEventListener("abort", () => void reader.cancel());
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // cancelled by close(), or the connection dropped: the stream has ended either way
    } finally {
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  private take(block: string): void {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.comments.push(line.slice(1).trim());
      else if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) this.events.push({ event, data: data.join("\n") });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first `today` picture from index `from` that satisfies `match`, waiting for it. */
  async next<T = Record<string, unknown>>(
    match: (today: T) => boolean,
    { from = 0, timeoutMs = 5000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const e of this.events.slice(from)) {
        if (e.event !== "today") continue;
        const today = JSON.parse(e.data) as T;
        if (match(today)) return today;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching today event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        this.ended.then(() => true),
        new Promise<boolean>((resolve) => {
          this.waiters.push(() => resolve(false));
          timer = setTimeout(() => resolve(false), left);
        }),
      ]);
      clearTimeout(timer);
      if (
        ended &&
        !this.events.slice(from).some((e) => e.event === "today" && match(JSON.parse(e.data) as T))
      )
        throw new Error("the stream ended before a matching today event");
    }
  }

  /** Waits for the next comment line (a ping) after those already read. */
  async nextComment(timeoutMs = 5000): Promise<string> {
    const seen = this.comments.length;
    const deadline = Date.now() + timeoutMs;
    while (this.comments.length === seen) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no comment line within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        this.ended.then(() => true),
        new Promise<boolean>((resolve) => {
          this.waiters.push(() => resolve(false));
          timer = setTimeout(() => resolve(false), left);
        }),
      ]);
      clearTimeout(timer);
      if (ended && this.comments.length === seen) throw new Error("the stream ended before a comment line");
    }
    return this.comments[seen] as string;
  }

  close(): void {
    this.controller.abort();
  }
}
