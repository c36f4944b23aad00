import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { ScaledClock, startHub } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/** The walk-in hours of the example office: a Wednesday morning (24/11 is a holiday). */
export const OPEN_MORNING = "2026-11-25T07:31:00+07:00";

/** A real hub in this process (as devices/hub/test/harness.ts starts it), on free loopback ports. */
export async function hubFor(
  options: { now?: string; config?: OfficeConfig; dataDir?: string; mqttPort?: number } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "motcua-kiosk-hub-"));
  const config = options.config ?? loadOfficeConfig();
  const hub = await startHub({
    config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
    dataDir,
    mqttPort: options.mqttPort ?? 0,
    wsPort: 0,
    clock: new ScaledClock(Date.parse(options.now ?? OPEN_MORNING), 1),
    log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
  });
  const port = hub.broker?.mqttPort;
  return {
    hub,
    dataDir,
    port,
    url: `mqtt://127.0.0.1:${port}`,
    /** Walk-in tickets the hub has issued, from its store. */
    issued(): number {
      let n = 0;
      for (const entry of hub.store.entries())
        n += entry.events.filter((e) => e.type === "ticket_issued").length;
      return n;
    },
    async stop() {
      await hub.stop();
    },
    async close() {
      await hub.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Hub = Awaited<ReturnType<typeof hubFor>>;

/** A client of the office that records everything it receives (the office's view). */
export class Watcher {
  readonly messages: { topic: string; payload: string; retain: boolean }[] = [];
  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) =>
      this.messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain }),
    );
  }

  static async connect(url: string, filter: string, options: IClientOptions = {}): Promise<Watcher> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 3000,
      ...options,
    });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    const w = new Watcher(client);
    await client.subscribeAsync(filter, { qos: 1 });
    return w;
  }

  on(topic: string): unknown[] {
    return this.messages
      .filter((m) => m.topic === topic)
      .map((m) => {
        try {
          return JSON.parse(m.payload) as unknown;
        } catch {
          return m.payload;
        }
      });
  }

  /** The first message on `topic` (JSON-decoded, or the text) that `match` accepts. */
  async next<T = Record<string, unknown>>(
    topic: string,
    match: (p: T) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.on(topic) as T[]).find((p) => {
        try {
          return match(p);
        } catch {
          return false;
        }
      });
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching message on ${topic} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

export async function until(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
