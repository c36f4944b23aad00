import type { Logger } from "@motcua/log";
import { presencePayload, topics } from "@motcua/protocol";
import mqtt, { type MqttClient } from "mqtt";

/**
 * The display's presence, `device/display-{id}/status`: `"online"` (a JSON string, as every
 * device's) retained on every
 * (re)connection, "offline" as the last will and on stop. The display server publishes it
 * with its own connection, since a page on a secured hub may only read (and a kiosk
 * browser cannot leave a last will that outlives it).
 */
export class Presence {
  private constructor(
    private readonly client: MqttClient,
    private readonly topic: string,
  ) {}

  static start(options: {
    hubUrl: string;
    office: string;
    device: string;
    username?: string;
    password?: string;
    log: Logger;
  }): Presence {
    const topic = topics.deviceStatus(options.office, options.device);
    const client = mqtt.connect(options.hubUrl, {
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
      keepalive: 30,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      will: { topic, payload: Buffer.from(presencePayload("offline")), qos: 1, retain: true },
    });
    let up = false;
    client.on("connect", () => {
      if (!up) options.log.info({ topic }, "presence: connected to the hub");
      up = true;
      client.publish(topic, presencePayload("online"), { qos: 1, retain: true });
    });
    client.on("close", () => {
      if (up && !client.disconnecting) options.log.warn("presence: the hub is unreachable, reconnecting");
      up = false;
    });
    client.on("error", (error) => options.log.debug({ err: error.message }, "presence: connection error"));
    return new Presence(client, topic);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Says "offline" (when connected) and disconnects cleanly, so the broker drops the last will. */
  async stop(): Promise<void> {
    const within = <T>(p: Promise<T>, ms: number) =>
      Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    if (this.client.connected) {
      const said = await within(
        this.client
          .publishAsync(this.topic, presencePayload("offline"), { qos: 1, retain: true })
          .catch(() => undefined),
        1000,
      );
      if (said && (await within(this.client.endAsync(false), 1000))) return;
    }
    await this.client.endAsync(true);
  }
}
