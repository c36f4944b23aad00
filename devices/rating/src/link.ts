import { DeviceLink, type LinkLogger, type LinkRefusal } from "@motcua/link";
import {
  type ActionRefusal,
  type CounterAck,
  counterAck,
  type RatingValue,
  type RequestRefusal,
  topics,
  tryDecodePayload,
} from "@motcua/protocol";

/**
 * Why a rating was not recorded: the link's reasons (the hub unreachable, no PUBACK, the
 * connection lost, no answer), the hub's refusal before the queue saw it (its ack's error), or
 * the queue's (`not_allowed`: nobody to rate, or rated already).
 */
export type RatingRefusal = LinkRefusal | RequestRefusal | ActionRefusal;

export type RatingOutcome =
  | { ok: true; id: string; value: RatingValue; ms: number; duplicate: boolean; label?: string }
  | { ok: false; id: string; value: RatingValue; reason: RatingRefusal; message?: string };

/** Refusals that come from the queue: the rating reached the hub and was stored, but counts for nobody. */
export const QUEUE_REFUSALS: readonly RatingRefusal[] = ["not_allowed", "not_found", "invalid"];

export interface RatingLinkOptions {
  url: string;
  office: string;
  counter: string;
  /** `{d}` of the presence topic and client id: the MQTT username when there is one, else `rating-{c}`. */
  deviceId: string;
  username?: string;
  password?: string;
  log: LinkLogger;
  /** A rating is withdrawn unless its PUBACK comes within this time (default 3000 ms). */
  ackTimeoutMs?: number;
  /** A rating counts only once the hub's ack says so, within this time (default 3000 ms). */
  answerTimeoutMs?: number;
  reconnectMs?: number;
  keepaliveSec?: number;
  onChange: () => void;
}

/**
 * The rating pad's link: each rating goes out as a request taken now or never (@motcua/link),
 * and counts once the hub's ack on `counter/{c}/ack` — shared with the counter's own pad, told
 * apart by id — says it is stored and recorded for a citizen.
 */
export class RatingLink {
  readonly link: DeviceLink;
  /** The hub has published this counter's state: the office has the counter. */
  counterKnown = false;
  private readonly ratingTopic: string;
  private readonly ackTopic: string;

  constructor(private readonly options: RatingLinkOptions) {
    const { office, counter } = options;
    this.ratingTopic = topics.counterRating(office, counter);
    this.ackTopic = topics.counterAck(office, counter);
    // Only to learn that the office has this counter: the hub answers no rating for one it lacks.
    const stateTopic = topics.counterState(office, counter);
    this.link = new DeviceLink({
      url: options.url,
      office,
      device: options.deviceId,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      subscriptions: [this.ackTopic, stateTopic],
      reconnectMs: options.reconnectMs ?? 1000,
      keepaliveSec: options.keepaliveSec ?? 10,
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      log: options.log,
    });
    this.link.onChange(options.onChange);
    this.link.onMessage(({ topic }) => {
      if (topic !== stateTopic || this.counterKnown) return;
      this.counterKnown = true;
      options.onChange();
    });
  }

  /** Connected to the broker and the hub announces itself online. */
  get reachable(): boolean {
    return this.link.reachable;
  }

  /**
   * Sends one rating with a fresh id; resolves when the hub's ack says what became of it, or
   * when it is refused. A rating refused before its PUBACK has been withdrawn: never sent again.
   */
  async send(value: RatingValue): Promise<RatingOutcome> {
    const id = globalThis.crypto.randomUUID();
    const outcome = await this.link.request<CounterAck>(this.ratingTopic, JSON.stringify({ id, value }), {
      topic: this.ackTopic,
      read: (payload) => {
        const ack = tryDecodePayload(counterAck, payload);
        return ack?.id === id ? ack : undefined;
      },
      timeoutMs: this.options.answerTimeoutMs ?? 3000,
    });
    if (!outcome.ok) return { ok: false, id, value, reason: outcome.reason };
    const ack = outcome.answer;
    if (!ack.ok) return { ok: false, id, value, reason: ack.error.code, message: ack.error.message };
    if (ack.refused) return { ok: false, id, value, reason: ack.refused.reason };
    return {
      ok: true,
      id,
      value,
      ms: outcome.ms,
      duplicate: ack.duplicate,
      ...(ack.rated ? { label: ack.rated.label } : {}),
    };
  }

  /** Announces `offline` (as the will would) and disconnects. */
  close(): Promise<void> {
    return this.link.close();
  }
}
