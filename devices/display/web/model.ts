/**
 * What the wall shows, from the hub's messages alone (PROTOCOL.md "Hub → devices"). Pure —
 * no DOM, no timers — so it is tested in Node; every list is bounded, so a display that runs
 * for months keeps the same size.
 */
import type { AppointmentStatus, Board, Call, CounterState } from "@motcua/protocol";
import { readPresence } from "@motcua/protocol";

export interface RecentCall {
  counter: string;
  label: string;
  service: string;
  /** When it was (last) called, the hub's time. */
  at: string;
}

export interface Model {
  counters: Record<string, CounterState>;
  waiting: Record<string, number>;
  appointments: Board["appointments"];
  /** The hub's day and session, from the board. */
  date?: string;
  session?: Board["session"];
  /** The last calls, newest first, at most `recentCalls`. */
  recent: RecentCall[];
  /** The page's own MQTT connection. */
  link: "connecting" | "online" | "offline";
  /** The hub's retained presence (`device/hub/status`). */
  hub: "online" | "offline" | "unknown";
  /** A retained `display/notice` replaces the configured line while it is set. */
  notice?: string;
  /** The hub's clock minus the page's, learnt from live (not retained) messages. */
  clockOffsetMs: number;
  /** Calls received since the page started. */
  calls: number;
}

export type Message =
  | { kind: "board"; board: Board; live: boolean }
  | { kind: "state"; state: CounterState; live: boolean }
  | { kind: "call"; call: Call }
  | { kind: "hub"; status: "online" | "offline" }
  | { kind: "notice"; text: string | undefined }
  | { kind: "link"; link: Model["link"] };

export function initialModel(): Model {
  return {
    counters: {},
    waiting: {},
    appointments: [],
    recent: [],
    link: "connecting",
    hub: "unknown",
    clockOffsetMs: 0,
    calls: 0,
  };
}

/** Whether the hub is out of reach: the connection is down, or the hub said "offline". */
export function unreachable(model: Model): boolean {
  return model.link !== "online" || model.hub === "offline";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isString = (v: unknown): v is string => typeof v === "string";

function isCounterState(v: unknown): v is CounterState {
  return (
    isObject(v) &&
    isString(v.counter) &&
    (v.status === "open" || v.status === "paused") &&
    typeof v.waiting === "number" &&
    (v.serving === null || (isObject(v.serving) && isString(v.serving.label) && isString(v.serving.calledAt)))
  );
}

function isCall(v: unknown): v is Call {
  return isObject(v) && isString(v.label) && isString(v.counter) && isString(v.service) && isString(v.at);
}

function isBoard(v: unknown): v is Board {
  return (
    isObject(v) &&
    isString(v.date) &&
    Array.isArray(v.counters) &&
    v.counters.every(isCounterState) &&
    isObject(v.waiting) &&
    Array.isArray(v.appointments)
  );
}

/**
 * A hub message as a {@link Message}, or undefined for a topic the wall does not show or a
 * payload it cannot read (a display shows what it understands and ignores the rest).
 */
export function readMessage(office: string, topic: string, payload: string, retained: boolean) {
  const prefix = `motcua/${office}/`;
  if (!topic.startsWith(prefix)) return undefined;
  const rest = topic.slice(prefix.length);
  if (rest === "device/hub/status") {
    const status = readPresence(payload);
    return status ? ({ kind: "hub", status } satisfies Message) : undefined;
  }
  if (rest === "display/notice") {
    // A JSON string, as the contract's payloads are, or plain text as an officer types it.
    let text = payload;
    try {
      const value: unknown = JSON.parse(payload);
      if (typeof value === "string") text = value;
    } catch {
      // plain text
    }
    return { kind: "notice", text: text.trim() || undefined } satisfies Message;
  }
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (rest === "board")
    return isBoard(value) ? ({ kind: "board", board: value, live: !retained } as const) : undefined;
  if (rest === "calls") return isCall(value) ? ({ kind: "call", call: value } as const) : undefined;
  if (/^counter\/[^/]+\/state$/.test(rest))
    return isCounterState(value) ? ({ kind: "state", state: value, live: !retained } as const) : undefined;
  return undefined;
}

function withRecent(recent: RecentCall[], entry: RecentCall, front: boolean, limit: number): RecentCall[] {
  const same = (r: RecentCall) => r.counter === entry.counter && r.label === entry.label;
  if (!front) {
    // From a retained state (a (re)connection): only what the list does not know yet, in time order.
    if (recent.some(same)) return recent;
    const list = [...recent, entry].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return list.slice(0, limit);
  }
  return [entry, ...recent.filter((r) => !same(r))].slice(0, limit);
}

function learnClock(model: Model, at: string, now: number): number {
  const t = Date.parse(at);
  return Number.isFinite(t) ? t - now : model.clockOffsetMs;
}

/** The model after one message; `now` is the page's clock (ms) when it arrived. */
export function update(model: Model, message: Message, limits: { recentCalls: number }, now: number): Model {
  switch (message.kind) {
    case "link":
      return { ...model, link: message.link };
    case "hub":
      return { ...model, hub: message.status };
    case "notice":
      return message.text === undefined ? withoutNotice(model) : { ...model, notice: message.text };
    case "board": {
      const { board } = message;
      const counters: Record<string, CounterState> = {};
      let recent = model.recent;
      for (const state of board.counters) {
        counters[state.counter] = state;
        if (state.serving) recent = withRecent(recent, recentOf(state), false, limits.recentCalls);
      }
      return {
        ...model,
        counters,
        waiting: { ...board.waiting },
        appointments: [...board.appointments].sort(
          (a, b) => Date.parse(a.time) - Date.parse(b.time) || a.number - b.number,
        ),
        date: board.date,
        session: board.session,
        recent,
        clockOffsetMs: message.live ? learnClock(model, board.at, now) : model.clockOffsetMs,
      };
    }
    case "state": {
      const { state } = message;
      return {
        ...model,
        counters: { ...model.counters, [state.counter]: state },
        recent: state.serving
          ? withRecent(model.recent, recentOf(state), false, limits.recentCalls)
          : model.recent,
      };
    }
    case "call": {
      const { call } = message;
      const before = model.counters[call.counter];
      // The call comes at once; the counter's retained state follows a moment later: show
      // the number now.
      const counter: CounterState = {
        counter: call.counter,
        status: before?.status ?? "open",
        waiting: before?.waiting ?? 0,
        serving: {
          number: call.number,
          label: call.label,
          service: call.service,
          kind: call.kind,
          calledAt: before?.serving?.label === call.label ? before.serving.calledAt : call.at,
        },
      };
      return {
        ...model,
        counters: { ...model.counters, [call.counter]: counter },
        recent: withRecent(
          model.recent,
          { counter: call.counter, label: call.label, service: call.service, at: call.at },
          true,
          limits.recentCalls,
        ),
        clockOffsetMs: learnClock(model, call.at, now),
        calls: model.calls + 1,
      };
    }
  }
}

function withoutNotice(model: Model): Model {
  const { notice: _notice, ...rest } = model;
  return rest;
}

function recentOf(state: CounterState): RecentCall {
  const s = state.serving as NonNullable<CounterState["serving"]>;
  return { counter: state.counter, label: s.label, service: s.service, at: s.calledAt };
}

/** The Vietnamese word of an appointment's status, as the board shows it. */
export const STATUS_WORDS: Record<AppointmentStatus, string> = {
  booked: "Đã hẹn",
  called: "Đang gọi",
  grace: "Chờ gọi lại",
  served: "Đã tiếp nhận",
  cancelled: "Đã hủy",
  no_show: "Vắng mặt",
};
