import { DeviceLink, type LinkLogger, type LinkRefusal } from "@motcua/link";
import {
  type CounterAck,
  type CounterPress,
  type CounterState,
  counterAck,
  counterState,
  type RequestRefusal,
  topics,
  tryDecodePayload,
} from "@motcua/protocol";

export type CounterButton = CounterPress["button"];

/**
 * Why a press was not taken: the link's reasons (the hub unreachable, no PUBACK, the connection
 * lost, no answer from the hub — README.md), or the hub's own refusal code from its ack.
 */
export type RefusalReason = LinkRefusal | RequestRefusal;

export type PressOutcome =
  | { ok: true; id: string; button: CounterButton; ms: number; duplicate: boolean }
  | { ok: false; id: string; button: CounterButton; reason: RefusalReason; message?: string };

export interface LinkOptions {
  url: string;
  office: string;
  counter: string;
  /** `{d}` of the presence topic and client id: the MQTT username when there is one, else `counter-{c}`. */
  deviceId: string;
  username?: string;
  password?: string;
  log: LinkLogger;
  /** A press is withdrawn unless its PUBACK comes within this time (default 3000 ms). */
  ackTimeoutMs?: number;
  /** A press counts only once the hub's ack says so, within this time (default 3000 ms). */
  answerTimeoutMs?: number;
  reconnectMs?: number;
  keepaliveSec?: number;
  onChange: () => void;
}

/**
 * The pad's link: presses go out as requests that are taken now or never (@motcua/link), and
 * count once the hub's ack (`counter/{c}/ack`) says they are stored; the counter's retained
 * state comes back on the same connection.
 */
export class CounterLink {
  readonly link: DeviceLink;
  /** This counter's retained state from the hub. */
  state: CounterState | undefined;
  private readonly pressTopic: string;
  private readonly ackTopic: string;

  constructor(private readonly options: LinkOptions) {
    const { office, counter } = options;
    const stateTopic = topics.counterState(office, counter);
    this.pressTopic = topics.counterPress(office, counter);
    this.ackTopic = topics.counterAck(office, counter);
    this.link = new DeviceLink({
      url: options.url,
      office,
      device: options.deviceId,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      subscriptions: [stateTopic, this.ackTopic],
      reconnectMs: options.reconnectMs ?? 1000,
      keepaliveSec: options.keepaliveSec ?? 10,
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      log: options.log,
    });
    this.link.onChange(options.onChange);
    this.link.onMessage(({ topic, payload }) => {
      if (topic !== stateTopic) return;
      const state = tryDecodePayload(counterState, payload);
      if (!state) {
        options.log.warn({ topic }, "unreadable counter state ignored");
        return;
      }
      this.state = state;
      options.onChange();
    });
  }

  /** The underlying MQTT client (tests, diagnostics). */
  get client() {
    return this.link.client;
  }

  /** The hub's presence as last seen; undefined until its retained message arrives. */
  get hubStatus(): "online" | "offline" | undefined {
    return this.link.hub === "unknown" ? undefined : this.link.hub;
  }

  /** Connected to the broker and the hub announces itself online. */
  get reachable(): boolean {
    return this.link.reachable;
  }

  /**
   * Sends one press with a fresh id; resolves when the hub's ack says it is stored, or when it
   * is refused. A press refused before its PUBACK has been withdrawn: it is never sent again.
   */
  async send(button: CounterButton): Promise<PressOutcome> {
    const id = globalThis.crypto.randomUUID();
    const outcome = await this.link.request<CounterAck>(this.pressTopic, JSON.stringify({ id, button }), {
      topic: this.ackTopic,
      read: (payload) => {
        const ack = tryDecodePayload(counterAck, payload);
        return ack?.id === id ? ack : undefined;
      },
      timeoutMs: this.options.answerTimeoutMs ?? 3000,
    });
    if (!outcome.ok) return { ok: false, id, button, reason: outcome.reason };
    const ack = outcome.answer;
    if (!ack.ok) return { ok: false, id, button, reason: ack.error.code, message: ack.error.message };
    return { ok: true, id, button, ms: outcome.ms, duplicate: ack.duplicate };
  }

  /** Announces `offline` (as the will would) and disconnects. */
  close(): Promise<void> {
    return this.link.close();
  }
}
