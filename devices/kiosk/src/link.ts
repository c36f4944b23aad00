import type { Logger } from "@motcua/log";
import {
  decodePayload,
  type KioskPress,
  type KioskTicket,
  kioskTicket,
  PayloadError,
  presencePayload,
  readPresence,
  topics,
} from "@motcua/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { type KioskHealth, kioskTopics, type VoidNotice } from "./topics.js";

export interface KioskLinkOptions {
  url: string;
  office: string;
  kiosk: string;
  username?: string;
  password?: string;
  log: Logger;
  onTicket: (answer: KioskTicket) => void;
  /** The link or the hub's presence changed: the kiosk redraws its LEDs. */
  onChange: () => void;
  /** Every (re)connection: the kiosk republishes its health (the broker may have lost it). */
  onConnect: () => void;
  reconnectMs?: number;
}

/**
 * The kiosk's MQTT client: presence with a last will, the hub's presence, ticket answers, and
 * the kiosk's own health and void notices. A clean session: a press never waits in a broker
 * or in this client to be delivered later.
 */
export class KioskLink {
  readonly client: MqttClient;
  readonly device: string;
  /** The hub's retained presence; undefined until seen (a hub that never says is assumed up). */
  private hubStatus: "online" | "offline" | undefined;

  constructor(private readonly options: KioskLinkOptions) {
    const { office, kiosk } = options;
    this.device = `kiosk-${kiosk}`;
    const presence = topics.deviceStatus(office, this.device);
    this.client = mqtt.connect(options.url, {
      protocolVersion: 4,
      clientId: `motcua-kiosk-${office}-${kiosk}`,
      clean: true,
      reconnectPeriod: options.reconnectMs ?? 2000,
      connectTimeout: 5000,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      will: { topic: presence, payload: Buffer.from(presencePayload("offline")), qos: 1, retain: true },
    });
    const ticketTopic = topics.kioskTicket(office, kiosk);
    const hubTopic = topics.deviceStatus(office, "hub");
    this.client.on("connect", () => {
      (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      options.log.info(
        { url: options.url.replace(/\/\/[^@/]*@/, "//***@") },
        "connected to the hub's broker",
      );
      this.client.subscribe([ticketTopic, hubTopic], { qos: 1 }, (error) => {
        if (error) options.log.error({ err: error.message }, "cannot subscribe to the kiosk's topics");
      });
      this.client.publish(presence, presencePayload("online"), { qos: 1, retain: true });
      options.onConnect();
      options.onChange();
    });
    this.client.on("close", () => options.onChange());
    this.client.on("offline", () => options.log.warn({}, "hub unreachable; retrying"));
    this.client.on("error", (error) => options.log.warn({ err: error.message }, "broker link error"));
    this.client.on("message", (topic, payload) => {
      if (topic === hubTopic) {
        this.hubStatus = readPresence(payload) ?? this.hubStatus;
        options.onChange();
        return;
      }
      if (topic !== ticketTopic) return;
      try {
        options.onTicket(decodePayload(kioskTicket, payload));
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        options.log.warn({ err: error.message }, "ticket answer refused");
      }
    });
  }

  /** Whether a press can reach the hub now: connected, and the hub not announced offline. */
  get usable(): boolean {
    return this.client.connected && this.hubStatus !== "offline";
  }

  /** The hub's retained presence as last seen. */
  get hub(): "online" | "offline" | "unknown" {
    return this.hubStatus ?? "unknown";
  }

  /**
   * Publishes a press (QoS 1). `withdraw()` takes it back out of the client's store if the
   * broker has not acknowledged it yet, so a reconnection cannot deliver it late.
   */
  sendPress(press: KioskPress): { withdraw(): void } {
    const callback = () => undefined;
    this.client.publish(
      topics.kioskPress(this.options.office, this.options.kiosk),
      JSON.stringify(press),
      { qos: 1 },
      callback,
    );
    return {
      withdraw: () => {
        for (const [id, entry] of Object.entries(this.client.outgoing)) {
          if (entry.cb === callback) this.client.removeOutgoingMessage(Number(id));
        }
      },
    };
  }

  publishHealth(health: KioskHealth): void {
    this.client.publish(kioskTopics.health(this.options.office, this.options.kiosk), JSON.stringify(health), {
      qos: 1,
      retain: true,
    });
  }

  /** A void notice; queued by the client while disconnected, delivered on reconnection. */
  publishVoid(notice: VoidNotice): void {
    this.client.publish(kioskTopics.void(this.options.office, this.options.kiosk), JSON.stringify(notice), {
      qos: 1,
    });
  }

  async close(): Promise<void> {
    if (this.client.connected) {
      await new Promise<void>((resolve) =>
        this.client.publish(
          topics.deviceStatus(this.options.office, this.device),
          "offline",
          { qos: 1, retain: true },
          () => resolve(),
        ),
      );
    }
    await this.client.endAsync();
  }
}
