import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { createLogger } from "@motcua/log";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { ScaledClock } from "../src/clock.js";
import { type RunningHub, startHub } from "../src/hub.js";

/** A hub on free loopback ports with a fresh store, its clock started at `now`. */
export async function hubFor(options: {
  now: string;
  config?: OfficeConfig;
  speed?: number;
  dataDir?: string;
  modem?: string;
  simSendDelayMs?: number;
  rateLimit?: { burst: number; perSecond: number };
}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "motcua-hub-"));
  const config = options.config ?? loadOfficeConfig();
  const hub = await startHub({
    config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
    dataDir,
    mqttPort: 0,
    wsPort: 0,
    clock: new ScaledClock(Date.parse(options.now), options.speed ?? 1),
    ...(options.modem !== undefined
      ? { modem: options.modem, simSendDelayMs: options.simSendDelayMs ?? 20 }
      : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
  });
  return {
    hub,
    dataDir,
    url: `mqtt://127.0.0.1:${hub.broker?.mqttPort}`,
    wsUrl: `ws://127.0.0.1:${hub.broker?.wsPort}`,
    /** Stops the hub and keeps its store, for a restart on the same data. */
    async stop() {
      await hub.stop();
    },
    async close() {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Hub = Awaited<ReturnType<typeof hubFor>>;
export type { RunningHub };

/** A device-side client that records every message it receives. */
export class TestClient {
  readonly messages: { topic: string; payload: string; retain: boolean }[] = [];
  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) =>
      this.messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain }),
    );
  }

  static async connect(url: string, options: IClientOptions = {}): Promise<TestClient> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 3000,
      ...options,
    });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
      client.once("close", () => reject(new Error("connection closed")));
    });
    return new TestClient(client);
  }

  async subscribe(filter: string): Promise<number> {
    const granted = await this.client.subscribeAsync(filter, { qos: 1 });
    return granted[0]?.qos ?? -1;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.client.publishAsync(topic, typeof payload === "string" ? payload : JSON.stringify(payload), {
      qos: 1,
    });
  }

  /** Waits for a message on `topic` matching `match`, received after `from` (an index). */
  async next(
    topic: string,
    match: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 3000,
    from = 0,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find((m) => m.topic === topic && safeMatch(m.payload, match));
      if (found) return JSON.parse(found.payload) as Record<string, unknown>;
      if (Date.now() > deadline) throw new Error(`no message on ${topic} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The messages on `topic` (parsed), in order. */
  on(topic: string): Record<string, unknown>[] {
    return this.messages
      .filter((m) => m.topic === topic)
      .map((m) => JSON.parse(m.payload) as Record<string, unknown>);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

function safeMatch(payload: string, match: (p: Record<string, unknown>) => boolean): boolean {
  try {
    return match(JSON.parse(payload) as Record<string, unknown>);
  } catch {
    return false;
  }
}

export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
