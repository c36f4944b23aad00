import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { Logger } from "@motcua/log";
import {
  type CounterPress,
  type CounterState,
  counterState,
  decodePayload,
  presencePayload,
  readPresence,
  topics,
} from "@motcua/protocol";
import mqtt, { type MqttClient } from "mqtt";

export type CounterButton = CounterPress["button"];

/** Why a press was not taken. */
export type RefusalReason =
  /** Not connected to the broker, or the hub's presence is not `online`: nothing was sent. */
  | "hub_unreachable"
  /** Sent, but no PUBACK within the time limit: withdrawn, and the connection reset. */
  | "no_ack"
  /** Sent, and the connection closed before the PUBACK: withdrawn. */
  | "connection_lost";

export type PressOutcome =
  | { ok: true; id: string; button: CounterButton; ms: number }
  | { ok: false; id: string; button: CounterButton; reason: RefusalReason };

export interface LinkOptions {
  url: string;
  office: string;
  counter: string;
  /** `{d}` of the presence topic: the MQTT username when there is one, else `counter-{c}`. */
  deviceId: string;
  username?: string;
  password?: string;
  log: Logger;
  /** A press is accepted only if its PUBACK comes within this time (default 3000 ms). */
  ackTimeoutMs?: number;
  reconnectMs?: number;
  keepaliveSec?: number;
  onChange: () => void;
}

type PublishCallback = (error?: Error) => void;

/**
 * The pad's MQTT connection. It never lets a press outlive the moment it was made: nothing is
 * published while the hub is unreachable, and a press not acknowledged in time, or cut off by a
 * lost connection, is withdrawn from mqtt.js's store — which would otherwise resend it on the
 * next connection, whatever the `clean` flag — so it can never arrive later as a call.
 */
export class CounterLink {
  readonly client: MqttClient;
  /** The hub's presence as last seen; undefined until its retained message arrives. */
  hubStatus: "online" | "offline" | undefined;
  /** This counter's retained state from the hub. */
  state: CounterState | undefined;
  private readonly inflight = new Set<{ abandon(reason: RefusalReason): void }>();
  private readonly presence: string;
  private readonly stateTopic: string;
  private readonly hubTopic: string;
  private lastError = "";
  private closing = false;

  constructor(private readonly options: LinkOptions) {
    const { office, log } = options;
    this.presence = topics.deviceStatus(office, options.deviceId);
    this.stateTopic = topics.counterState(office, options.counter);
    this.hubTopic = topics.deviceStatus(office, "hub");
    this.client = mqtt.connect(options.url, {
      protocolVersion: 4,
      clientId: `motcua-${office}-${options.deviceId}`,
      // The broker keeps nothing for us while we are away, and we want nothing kept.
      clean: true,
      queueQoSZero: false,
      // Subscribed again on every connection below; mqtt.js's own resubscription would double it.
      resubscribe: false,
      reconnectPeriod: options.reconnectMs ?? 1000,
      connectTimeout: 5000,
      // A dead link is noticed within ~1.5 keepalives even when no press is made.
      keepalive: options.keepaliveSec ?? 10,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      will: { topic: this.presence, payload: Buffer.from(presencePayload("offline")), qos: 1, retain: true },
    });
    this.client.on("connect", () => {
      (this.client.stream as Partial<Socket>).setNoDelay?.(true);
      this.lastError = "";
      log.info({ url: redact(options.url), device: options.deviceId }, "connected to the hub's broker");
      this.client.publish(this.presence, presencePayload("online"), { qos: 1, retain: true });
      this.client.subscribe([this.stateTopic, this.hubTopic], { qos: 1 }, (error, granted) => {
        if (error) log.error({ err: error.message }, "cannot subscribe to the counter's state");
        else if (granted?.some((g) => g.qos === 128))
          log.error({ granted }, "the broker refused a subscription (access list?)");
      });
      options.onChange();
    });
    this.client.on("message", (topic, payload) => this.onMessage(topic, payload));
    this.client.on("close", () => {
      for (const press of [...this.inflight]) press.abandon("connection_lost");
      // The hub's presence is known again from its retained message after the reconnection.
      this.hubStatus = undefined;
      options.onChange();
    });
    this.client.on("offline", () => {
      if (!this.closing) log.warn({ url: redact(options.url) }, "the hub's broker is unreachable; retrying");
    });
    this.client.on("error", (error) => {
      if (error.message === this.lastError) return;
      this.lastError = error.message;
      const refused = /not authori[sz]ed|bad user ?name or password/i.test(error.message);
      log[refused ? "error" : "warn"](
        { err: error.message, username: options.username },
        refused ? "the broker refused the pad's credentials" : "broker connection error",
      );
    });
  }

  /** Connected to the broker and the hub announces itself online. */
  get reachable(): boolean {
    return this.client.connected && this.hubStatus === "online";
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === this.hubTopic) {
      this.hubStatus = readPresence(payload) === "online" ? "online" : "offline";
      this.options.log.info({ hub: this.hubStatus }, "hub presence");
    } else if (topic === this.stateTopic) {
      try {
        this.state = decodePayload(counterState, payload);
      } catch (error) {
        this.options.log.warn({ err: (error as Error).message }, "unreadable counter state ignored");
        return;
      }
    } else return;
    this.options.onChange();
  }

  /**
   * Sends one press with a fresh id; resolves when it is accepted (its PUBACK came in time) or
   * refused. A refused press has been withdrawn: it is never sent again.
   */
  send(button: CounterButton): Promise<PressOutcome> {
    const id = randomUUID();
    if (!this.reachable || this.closing)
      return Promise.resolve({ ok: false, id, button, reason: "hub_unreachable" });
    const started = performance.now();
    const client = this.client;
    return new Promise((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: PressOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inflight.delete(press);
        resolve(outcome);
      };
      const callback: PublishCallback = (error) =>
        finish(
          error
            ? { ok: false, id, button, reason: "connection_lost" }
            : { ok: true, id, button, ms: Math.round(performance.now() - started) },
        );
      const press = {
        abandon: (reason: RefusalReason) => {
          if (settled) return;
          finish({ ok: false, id, button, reason });
          withdraw(client, callback);
        },
      };
      this.inflight.add(press);
      timer = setTimeout(() => {
        if (settled) return;
        press.abandon("no_ack");
        this.options.log.warn(
          { id, ms: this.options.ackTimeoutMs ?? 3000 },
          "no PUBACK in time: resetting the connection",
        );
        // Bytes still in the socket's buffer must not reach the hub later: a reset drops them.
        const stream = client.stream as Partial<Socket> | undefined;
        if (stream?.resetAndDestroy) stream.resetAndDestroy();
        else stream?.destroy?.();
      }, this.options.ackTimeoutMs ?? 3000);
      client.publish(
        topics.counterPress(this.options.office, this.options.counter),
        JSON.stringify({ id, button }),
        { qos: 1 },
        callback,
      );
    });
  }

  /** Announces `offline` (as the will would) and disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    for (const press of [...this.inflight]) press.abandon("connection_lost");
    if (this.client.connected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.client.publish(this.presence, presencePayload("offline"), { qos: 1, retain: true }, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.client.endAsync(true);
  }
}

/** Removes a publish from mqtt.js's in-flight table and store (or its not-yet-sent queue). */
function withdraw(client: MqttClient, callback: PublishCallback): void {
  for (const [messageId, entry] of Object.entries(client.outgoing)) {
    if (entry.cb === callback) client.removeOutgoingMessage(Number(messageId));
  }
  const queue = (client as unknown as { _storeProcessingQueue?: { callback?: unknown }[] })
    ._storeProcessingQueue;
  if (queue) {
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.callback === callback) queue.splice(i, 1);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
