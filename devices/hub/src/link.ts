import type { Duplex } from "node:stream";
import { DeviceLink } from "@motcua/link";
import type { Logger } from "@motcua/log";
import { HUB_DEVICE } from "@motcua/protocol";
import type { MqttClient } from "mqtt";
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
  /** Every message received, with whether the broker retained it (a retained request is refused). */
  onMessage: (topic: string, payload: Buffer, retained: boolean) => void;
  /** Called on every (re)connection: the broker may have lost its retained messages. */
  onConnect: () => void;
  /**
   * The filters to subscribe to: the device requests through an external broker; none with the
   * embedded one, whose authorisation hook hands them over.
   */
  subscriptions: readonly string[];
  /**
   * Publishes straight into the embedded broker, skipping the hub's own MQTT connection (its
   * encoding, parsing and acknowledgements): in process nothing can be lost between the two.
   */
  direct?: (topic: string, payload: Buffer, retain: boolean) => Promise<void>;
}

/**
 * The hub's own client (@motcua/link), the same for the embedded broker and an external one:
 * client id `motcua-{o}-hub`, presence `device/hub/status` with its last will, and clean
 * sessions on purpose — a press made while the hub was away must not arrive later as a number.
 */
export class BrokerLink {
  readonly link: DeviceLink;
  private readonly direct: LinkOptions["direct"];

  constructor(options: LinkOptions) {
    this.direct = options.direct;
    const { office, connect } = options;
    this.link = new DeviceLink({
      url: options.url,
      ...(connect ? { stream: connect } : {}),
      office,
      device: HUB_DEVICE,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      subscriptions: options.subscriptions,
      watchHub: false,
      reconnectMs: 1000,
      // In process the keep-alive guards nothing; towards an external broker it finds a dead link.
      keepaliveSec: 30,
      log: options.log,
    });
    this.link.onConnect(options.onConnect);
    // mqtt.js gives Node Buffers in Node; the library speaks of bytes for the browser's sake.
    this.link.onMessage(({ topic, payload, retained }) =>
      options.onMessage(topic, payload as Buffer, retained),
    );
  }

  get client(): MqttClient {
    return this.link.client;
  }

  /**
   * Publishes the messages; with the embedded broker, resolves once the broker has handed them
   * to its subscribers' connections (an external broker's resolves at once).
   */
  send(messages: readonly Outgoing[]): Promise<void> | undefined {
    const sent: Promise<void>[] = [];
    for (const m of messages) {
      const payload = JSON.stringify(m.payload);
      if (this.direct) sent.push(this.direct(m.topic, Buffer.from(payload), m.retain));
      else void this.link.publish(m.topic, payload, { retain: m.retain });
    }
    return sent.length > 0 ? Promise.all(sent).then(() => undefined) : undefined;
  }

  /** Waits until the first connection (or throws after `timeoutMs`). */
  ready(timeoutMs = 10_000): Promise<void> {
    return this.link.ready(timeoutMs);
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
