/**
 * What the wall shows, from the hub's messages alone (PROTOCOL.md "Hub → devices"). Pure —
 * no DOM, no timers — so it is tested in Node; every list is bounded, so a display that runs
 * for months keeps the same size.
 */
import {
  type AppointmentStatus,
  type Board,
  board as boardSchema,
  type Call,
  type CounterState,
  call as callSchema,
  counterState as counterStateSchema,
  HUB_DEVICE,
  type HubClock,
  hubClock as hubClockSchema,
  MAX_HUB_PAYLOAD_BYTES,
  parseTopic,
  readNotice,
  readPresence,
  tryDecodePayload,
} from "@motcua/protocol";

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
  /** The hub's clock as the page reads it: see {@link hubNow}. */
  clock: PageClock;
  /** Calls received since the page started. */
  calls: number;
}

/**
 * At the page's time `pageAt` the hub's clock read `hubAt`, and it runs `speed` times as fast.
 * Set from the hub's retained clock (its `--now` and `--speed`) and set again, more exactly,
 * by every live message, whose `at` is the hub's time when it arrived.
 */
export interface PageClock {
  hubAt: number;
  pageAt: number;
  speed: number;
}

/** The hub's time (epoch ms) at the page's time `pageNow`: the page's own until told otherwise. */
export function hubNow(model: Model, pageNow: number): number {
  const { hubAt, pageAt, speed } = model.clock;
  return hubAt + (pageNow - pageAt) * speed;
}

export type Message =
  | { kind: "board"; board: Board; live: boolean }
  | { kind: "state"; state: CounterState; live: boolean }
  | { kind: "call"; call: Call }
  | { kind: "hub"; status: "online" | "offline" }
  | { kind: "notice"; text: string | undefined }
  | { kind: "clock"; clock: HubClock }
  | { kind: "link"; link: Model["link"] };

export function initialModel(): Model {
  return {
    counters: {},
    waiting: {},
    appointments: [],
    recent: [],
    link: "connecting",
    hub: "unknown",
    clock: { hubAt: 0, pageAt: 0, speed: 1 },
    calls: 0,
  };
}

/** Whether the hub is out of reach: the connection is down, or the hub said "offline". */
export function unreachable(model: Model): boolean {
  return model.link !== "online" || model.hub === "offline";
}

/**
 * A hub message as a {@link Message}, or undefined for a topic the wall does not show or a
 * payload that does not match the contract (a display shows what it understands and ignores
 * the rest).
 */
export function readMessage(
  office: string,
  topic: string,
  payload: Uint8Array | string,
  retained: boolean,
): Message | undefined {
  const parsed = parseTopic(topic);
  if (parsed?.office !== office) return undefined;
  switch (parsed.name) {
    case "deviceStatus": {
      const status = parsed.id === HUB_DEVICE ? readPresence(payload) : undefined;
      return status ? { kind: "hub", status } : undefined;
    }
    case "displayNotice":
      return { kind: "notice", text: readNotice(payload) };
    case "board": {
      const value = tryDecodePayload(boardSchema, payload, MAX_HUB_PAYLOAD_BYTES);
      return value ? { kind: "board", board: value, live: !retained } : undefined;
    }
    case "hubClock": {
      const value = tryDecodePayload(hubClockSchema, payload, MAX_HUB_PAYLOAD_BYTES);
      return value ? { kind: "clock", clock: value } : undefined;
    }
    case "calls": {
      const value = tryDecodePayload(callSchema, payload, MAX_HUB_PAYLOAD_BYTES);
      return value ? { kind: "call", call: value } : undefined;
    }
    case "counterState": {
      const value = tryDecodePayload(counterStateSchema, payload, MAX_HUB_PAYLOAD_BYTES);
      return value ? { kind: "state", state: value, live: !retained } : undefined;
    }
    default:
      return undefined;
  }
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

/** A live message's `at` was the hub's time when it arrived: the clock, anchored there. */
function learnClock(model: Model, at: string, now: number): PageClock {
  const t = Date.parse(at);
  return Number.isFinite(t) ? { ...model.clock, hubAt: t, pageAt: now } : model.clock;
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
    case "clock": {
      // Retained, so its age is unknown: it carries the machine time it was read at instead.
      const { at, realAt, speed } = message.clock;
      return { ...model, clock: { hubAt: Date.parse(at), pageAt: Date.parse(realAt), speed } };
    }
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
        clock: message.live ? learnClock(model, board.at, now) : model.clock,
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
        clock: learnClock(model, call.at, now),
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

/**
 * What the wall says of an appointment: its status, or `arrived` once an officer checked the
 * citizen in (the board's `arrived` field) while the appointment still waits for a call — booked,
 * or in its grace period after a missed call. Called, served, cancelled and no-show say more than
 * presence, so they stay as they are.
 */
export type ShownStatus = AppointmentStatus | "arrived";

export function shownStatus(a: Pick<Board["appointments"][number], "status" | "arrived">): ShownStatus {
  return a.arrived === true && (a.status === "booked" || a.status === "grace") ? "arrived" : a.status;
}

/** The Vietnamese word of each shown status (a short one: the table's last column is narrow). */
export const STATUS_WORDS: Record<ShownStatus, string> = {
  booked: "Đã hẹn",
  arrived: "Đã đến",
  called: "Đang gọi",
  grace: "Chờ gọi lại",
  served: "Đã tiếp nhận",
  cancelled: "Đã hủy",
  no_show: "Vắng mặt",
};
