import type { Duplex } from "node:stream";
import type { Logger } from "@motcua/log";
import { presencePayload, topics } from "@motcua/protocol";
import mqtt, { type IClientOptions, MqttClient } from "mqtt";
import type { Outgoing } from "./outgoing.js";

export interface LinkOptions {
  /** An external broker's URL; for the embedded broker, `connect` gives an in-process stream. */
  url: string;
  /** Opens an in-process stream to the embedded broker (one per connection attempt). */
  connect?: () => Duplex;
  office: string;
  username?: string;
  password?: string;
  log: Logger;
  onMessage: (topic: string, payload: Buffer) => void;
  /** Called on every (re)connection: the broker may have lost its retained messages. */
  onConnect: () => void;
  /** Whether presses come through this link (an external broker) or the embedded broker's hook. */
  presses?: boolean;
}

/**
 * The hub's own MQTT client, the same for the embedded broker and an external one. Clean
 * sessions on purpose: a press made while the hub was away must not arrive later as a number.
 */
export class BrokerLink {
  readonly client: MqttClient;
  private readonly presence: string;

  constructor(private readonly options: LinkOptions) {
    this.presence = topics.deviceStatus(options.office, "hub");
    const clientOptions: IClientOptions = {
      protocolVersion: 4,
      clientId: `motcua-hub-${options.office}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      will: { topic: this.presence, payload: Buffer.from(presencePayload("offline")), qos: 1, retain: true },
    };
    const connect = options.connect;
    this.client = connect
      ? new MqttClient(() => connect(), clientOptions)
      : mqtt.connect(options.url, clientOptions);
    this.client.on("connect", () => {
      // Small latency-bound messages: no Nagle delay on the hub's own socket either.
      (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      options.log.info({ url: redact(options.url) }, "connected to the broker");
      const filters = [`motcua/${options.office}/counter/+/press`, `motcua/${options.office}/kiosk/+/press`];
      if (options.presses !== false)
        this.client.subscribe(filters, { qos: 1 }, (error) => {
          if (error) options.log.error({ err: error.message }, "cannot subscribe to device presses");
        });
      this.client.publish(this.presence, presencePayload("online"), { qos: 1, retain: true });
      options.onConnect();
    });
    this.client.on("message", (topic, payload) => options.onMessage(topic, payload));
    this.client.on("error", (error) => options.log.warn({ err: error.message }, "broker link error"));
    this.client.on("offline", () => options.log.warn({}, "broker unreachable; retrying"));
  }

  send(messages: readonly Outgoing[]): void {
    for (const m of messages) {
      this.client.publish(m.topic, JSON.stringify(m.payload), { qos: 1, retain: m.retain });
    }
  }

  /** Waits until the first connection (or throws after `timeoutMs`). */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.client.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no broker at ${redact(this.options.url)} after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.client.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.client.connected) {
      await new Promise<void>((resolve) =>
        this.client.publish(this.presence, presencePayload("offline"), { qos: 1, retain: true }, () =>
          resolve(),
        ),
      );
    }
    await this.client.endAsync();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
