import type { ServerResponse } from "node:http";
import type { Logger } from "@motcua/log";
import type { SimEvent } from "@motcua/protocol";
import type { LiveQueue } from "../queue.js";
import type { OpenSession, Sessions } from "./sessions.js";
import { type Today, todayOf } from "./today.js";

export interface LiveOptions {
  /** A comment line this often keeps proxies and the browser from closing a quiet stream. */
  pingMs?: number;
  /** At most one push per this long: a burst of presses becomes one picture (~4 a second). */
  minGapMs?: number;
}

/** The events of DOSSIERS.md that change a dossier or whom it concerns. */
const DOSSIER_EVENTS: ReadonlySet<string> = new Set([
  "dossier_received",
  "step_started",
  "step_done",
  "step_warning",
  "step_overdue",
  "step_reassigned",
  "dossier_paused",
  "dossier_resumed",
  "dossier_late",
  "apology_sent",
  "dossier_result_ready",
  "dossier_returned",
]);

/** Streams one session may hold at once (tabs of one PC); a new one ends the oldest. */
const MAX_PER_SESSION = 4;
/** A client this far behind (bytes queued, unread) has stopped reading: its stream is ended. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

interface Stream {
  res: ServerResponse;
  /** The session's secret id: every push checks the session is still open. */
  sessionId: string;
  login: string;
  /** Whether it gets the day's pictures; a dossier view's stream gets only the dossier signals. */
  today: boolean;
}

/**
 * The day for one session: officers see phones masked, leaders and admins whole. The office's
 * names come from the core's configuration, the one in force.
 */
export function todayFor(queue: LiveQueue, session: OpenSession): Today {
  return todayOf(queue.core, queue.core.config, {
    maskPhones: session.account.role === "officer",
    at: queue.stamp(),
  });
}

/**
 * The console's live view, `GET /api/live`: server-sent events over the session's cookie. Each
 * stream gets the day's picture (`event: today`) when it opens and after the queue's decisions,
 * coalesced; a comment every {@link LiveOptions.pingMs}. Before every push and ping the session
 * is checked again — without counting as a use, so an unattended screen still times out — and a
 * stream whose session has ended (expired, logged out, account disabled) is closed.
 */
export class LiveStreams {
  private readonly streams = new Set<Stream>();
  private readonly pingMs: number;
  private readonly minGapMs: number;
  private pingTimer: NodeJS.Timeout | undefined;
  private pushTimer: NodeJS.Timeout | undefined;
  private lastPush = 0;
  private closed = false;

  constructor(
    private readonly queue: LiveQueue,
    private readonly sessions: Sessions,
    private readonly log: Logger,
    options: LiveOptions = {},
  ) {
    this.pingMs = options.pingMs ?? 25_000;
    this.minGapMs = options.minGapMs ?? 250;
    queue.onDecision((_input, decision) => {
      this.schedule();
      this.dossiersChanged(decision.events);
    });
  }

  /** How many streams are open (for tests and logs). */
  get size(): number {
    return this.streams.size;
  }

  /** Opens a stream on `res` for `session` and sends it the day at once. */
  open(res: ServerResponse, session: OpenSession, options: { today?: boolean } = {}): void {
    if (this.closed) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // nginx and other proxies would otherwise hold the events back in their buffers.
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    const stream: Stream = {
      res,
      sessionId: session.id,
      login: session.account.login,
      today: options.today ?? true,
    };
    const same = [...this.streams].filter((s) => s.sessionId === session.id);
    for (const old of same.slice(0, Math.max(0, same.length - MAX_PER_SESSION + 1)))
      this.end(old, "too many");
    this.streams.add(stream);
    res.on("close", () => this.streams.delete(stream));
    // A browser that lost the stream tries again after this long (EventSource's `retry`).
    res.write("retry: 5000\n\n");
    if (stream.today) this.send(stream, todayFor(this.queue, session));
    this.pingTimer ??= setInterval(() => this.ping(), this.pingMs);
    this.log.info({ login: stream.login, streams: this.streams.size }, "console live view opened");
  }

  /** Ends the streams of one session (its logout). */
  endSession(sessionId: string): void {
    for (const stream of this.streams) if (stream.sessionId === sessionId) this.end(stream, "logout");
  }

  /** Ends every stream of an account (disabled, or its password changed). */
  endLogin(login: string): void {
    for (const stream of this.streams) if (stream.login === login) this.end(stream, "account changed");
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.pushTimer);
    for (const stream of this.streams) this.end(stream, "console closed");
  }

  /** A decision was stored: push soon, at most once per {@link minGapMs}. */
  private schedule(): void {
    if (this.closed || this.pushTimer || this.streams.size === 0) return;
    const wait = Math.max(0, this.lastPush + this.minGapMs - Date.now());
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      this.lastPush = Date.now();
      this.pushAll();
    }, wait);
  }

  private pushAll(): void {
    // Computed once per role view, not once per stream.
    const views = new Map<boolean, Today>();
    for (const stream of this.streams) {
      if (!stream.today) continue;
      const session = this.check(stream);
      if (!session) continue;
      const masked = session.account.role === "officer";
      let today = views.get(masked);
      if (!today) {
        today = todayFor(this.queue, session);
        views.set(masked, today);
      }
      this.send(stream, today);
    }
  }

  /**
   * A decision that changed dossiers: every stream gets `event: dossiers` at once, `mine` when
   * the stream's login is one of the officers concerned (a step reached them or left them, a
   * warning, a dossier they received), so "my dossiers" reloads without a reload of the page.
   * No code nor name goes to the others: they learn only that the office's dossiers changed.
   */
  private dossiersChanged(events: readonly SimEvent[]): void {
    if (this.closed || this.streams.size === 0) return;
    const concerned = new Set<string>();
    let changed = false;
    for (const event of events) {
      if (!DOSSIER_EVENTS.has(event.type) || !("code" in event)) continue;
      changed = true;
      const record = this.queue.core.dossiers.get(event.code);
      if (record) {
        concerned.add(record.receivedBy);
        for (const step of record.steps) concerned.add(step.officer);
      }
      for (const field of ["officer", "from", "to"] as const) {
        const value = (event as Partial<Record<typeof field, unknown>>)[field];
        if (typeof value === "string") concerned.add(value);
      }
      if ("notified" in event) for (const officer of event.notified) concerned.add(officer);
    }
    if (!changed) return;
    const at = this.queue.stamp();
    for (const stream of this.streams) {
      if (!this.check(stream)) continue;
      if (stream.res.writableLength > MAX_BACKLOG_BYTES) {
        this.end(stream, "not reading");
        continue;
      }
      stream.res.write(
        `event: dossiers\ndata: ${JSON.stringify({ at, mine: concerned.has(stream.login) })}\n\n`,
      );
    }
  }

  private ping(): void {
    for (const stream of this.streams) if (this.check(stream)) stream.res.write(": ping\n\n");
    if (this.streams.size === 0) {
      clearInterval(this.pingTimer);
      this.pingTimer = undefined;
    }
  }

  /** The stream's session if it is still open; else the stream is ended. */
  private check(stream: Stream): OpenSession | undefined {
    const resolved = this.sessions.resolve(stream.sessionId, false);
    if (resolved.ok) return resolved.session;
    this.end(stream, "session ended");
    return undefined;
  }

  private send(stream: Stream, today: Today): void {
    if (stream.res.writableLength > MAX_BACKLOG_BYTES) {
      this.end(stream, "not reading");
      return;
    }
    stream.res.write(`event: today\ndata: ${JSON.stringify(today)}\n\n`);
  }

  private end(stream: Stream, why: string): void {
    this.streams.delete(stream);
    stream.res.end();
    this.log.info({ login: stream.login, why }, "console live view closed");
  }
}
