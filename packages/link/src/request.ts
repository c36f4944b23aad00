import type { MqttClient } from "mqtt";

/**
 * Why a request was not taken. In every case it has been withdrawn: it is not in the client's
 * store, so no reconnection can deliver it later.
 */
export type LinkRefusal =
  /** Not connected, or the hub's presence says it is away (or was never seen): nothing was sent. */
  | "hub_unreachable"
  /** Sent, but the broker's PUBACK did not come in time: withdrawn, and the connection reset. */
  | "no_ack"
  /** Sent, and the connection closed before the PUBACK or the answer came. */
  | "connection_lost"
  /** Acknowledged by the broker, but the hub's answer did not come in time. */
  | "no_answer";

/** The hub's answer a request waits for, when the caller names one. */
export interface AnswerSpec<A> {
  /** The exact topic the hub answers on; the caller's subscriptions must cover it. */
  topic: string;
  /** This request's answer read from a message on `topic`, or undefined when it answers another. */
  read(payload: Uint8Array): A | undefined;
  /** How long the answer may take, counted from the publish (default 5000 ms). */
  timeoutMs?: number;
}

export type RequestOutcome<A> =
  /** `answer` is the hub's answer, or undefined when none was named (the PUBACK settled it). */
  { ok: true; ms: number; answer: A } | { ok: false; ms: number; reason: LinkRefusal };

/** A request the link still tracks: until it is settled and either acknowledged or withdrawn. */
export interface InFlight {
  /** A received message: true when it was this request's answer (then no one else sees it). */
  offer(topic: string, payload: Uint8Array): boolean;
  /** The connection closed: give up, withdrawing it if the broker never acknowledged it. */
  drop(): void;
}

export interface RequestContext {
  client: MqttClient;
  ackTimeoutMs: number;
  inflight: Set<InFlight>;
  /** Drops the connection at once, bytes still buffered included. */
  reset(why: LinkRefusal, topic: string): void;
}

type PublishCallback = (error?: Error) => void;

/**
 * Publishes one request at QoS 1 and settles it at most once: accepted on its PUBACK (or on the
 * hub's answer, when one is named), refused otherwise. A refusal before the PUBACK withdraws the
 * message from mqtt.js's store, which would otherwise resend it on the next connection whatever
 * the session's `clean` flag.
 */
export function sendRequest<A>(
  ctx: RequestContext,
  topic: string,
  payload: string,
  answer: AnswerSpec<A> | undefined,
): Promise<RequestOutcome<A>> {
  const { client } = ctx;
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let acked = false;
    let withdrawn = false;
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];

    const finishIfDone = () => {
      if (!settled || !(acked || withdrawn)) return;
      ctx.inflight.delete(entry);
      for (const t of timers) clearTimeout(t);
    };
    const settle = (outcome: RequestOutcome<A>) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const withdraw = () => {
      if (acked || withdrawn) return;
      withdrawn = true;
      withdrawPublish(client, callback);
    };
    const abandon = (reason: LinkRefusal, reset: boolean) => {
      settle({ ok: false, ms: ms(), reason });
      if (!acked && !withdrawn) {
        withdraw();
        // Bytes of it may still sit in the socket's buffer: a reset drops them.
        if (reset) ctx.reset(reason, topic);
      }
      finishIfDone();
    };
    const callback: PublishCallback = (error) => {
      if (withdrawn) return;
      if (error) {
        // Refused by the client (closing) or removed from its store: either way not sent later.
        withdrawn = true;
        settle({ ok: false, ms: ms(), reason: "connection_lost" });
      } else {
        acked = true;
        if (!answer) settle({ ok: true, ms: ms(), answer: undefined as A });
      }
      finishIfDone();
    };
    const entry: InFlight = {
      offer(messageTopic, message) {
        if (settled || !answer || messageTopic !== answer.topic) return false;
        const read = answer.read(message);
        if (read === undefined) return false;
        // The answer may overtake the PUBACK (the hub answers from inside the broker's hook).
        settle({ ok: true, ms: ms(), answer: read });
        finishIfDone();
        return true;
      },
      drop: () => abandon("connection_lost", false),
    };
    ctx.inflight.add(entry);
    timers.push(
      setTimeout(() => {
        // An answered request whose PUBACK is slow is already stored: nothing to take back.
        if (!acked && !withdrawn && !settled) abandon("no_ack", true);
      }, ctx.ackTimeoutMs),
    );
    if (answer)
      timers.push(
        setTimeout(() => {
          if (!settled) abandon("no_answer", true);
        }, answer.timeoutMs ?? 5000),
      );
    client.publish(topic, payload, { qos: 1 }, callback);
  });
}

/** Removes a publish from mqtt.js's in-flight table and store, or from its not-yet-sent queue. */
function withdrawPublish(client: MqttClient, callback: PublishCallback): void {
  for (const [messageId, entry] of Object.entries(client.outgoing)) {
    if (entry.cb === callback) client.removeOutgoingMessage(Number(messageId));
  }
  const queue = (client as unknown as { _storeProcessingQueue?: { callback?: unknown }[] })
    ._storeProcessingQueue;
  if (queue) {
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.callback === callback) queue.splice(i, 1);
  }
}
