import { isDeepStrictEqual } from "node:util";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/** One message a probe received. */
export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

export type Json = Record<string, unknown>;

/**
 * A device-side mqtt.js client (MQTT 3.1.1, no automatic reconnection) that records every
 * message it receives, so a test can wait for one or check that none came.
 */
export class Probe {
  readonly messages: Received[] = [];

  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) =>
      this.messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain }),
    );
  }

  static async connect(url: string, options: IClientOptions = {}): Promise<Probe> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 3000,
      ...options,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("error", reject);
        client.once("close", () => reject(new Error(`connection to ${url} closed`)));
      });
    } catch (error) {
      client.end(true);
      throw error;
    }
    return new Probe(client);
  }

  async subscribe(...filters: string[]): Promise<void> {
    const granted = await this.client.subscribeAsync(filters, { qos: 1 });
    const refused = granted.filter((g) => g.qos === 128);
    if (refused.length > 0)
      throw new Error(`subscription refused: ${refused.map((g) => g.topic).join(", ")}`);
  }

  /** Publishes at QoS 1 and resolves at its PUBACK. */
  async publish(topic: string, payload: unknown): Promise<void> {
    await this.client.publishAsync(topic, typeof payload === "string" ? payload : JSON.stringify(payload), {
      qos: 1,
    });
  }

  /** The index of the next message to come, to wait for messages after this point. */
  mark(): number {
    return this.messages.length;
  }

  /** The messages on `topic` from index `from`. */
  on(topic: string, from = 0): Received[] {
    return this.messages.slice(from).filter((m) => m.topic === topic);
  }

  /** Waits for a message on `topic` (from index `from`) whose JSON payload matches. */
  async next(
    topic: string,
    match: (payload: Json, message: Received) => boolean = () => true,
    timeoutMs = 3000,
    from = 0,
  ): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const m of this.messages.slice(from)) {
        if (m.topic !== topic) continue;
        const payload = parseJson(m.payload);
        if (payload && match(payload, m)) return payload;
      }
      if (Date.now() > deadline) {
        const seen = this.on(topic, from).map((m) => m.payload.slice(0, 300));
        throw new Error(
          `no matching message on ${topic} within ${timeoutMs} ms; got ${JSON.stringify(seen)}`,
        );
      }
      await sleep(5);
    }
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/**
 * What a subscriber that arrives now gets on `topic` from the retained messages alone: a fresh
 * client subscribes and waits for a message flagged retained. Tries again (a fresh client each
 * time) until `timeoutMs`, for a publisher that is still reconnecting.
 */
export async function retainedMessage(url: string, topic: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let probe: Probe | undefined;
    try {
      probe = await Probe.connect(url);
      await probe.subscribe(topic);
      const wait = Math.min(1000, Math.max(50, deadline - Date.now()));
      const found = await waitUntil(() => probe?.messages.find((m) => m.topic === topic && m.retain), wait);
      if (found) return found.payload;
      lastError = new Error(`no retained message on ${topic}`);
    } catch (error) {
      lastError = error;
      await sleep(100);
    } finally {
      await probe?.close();
    }
  }
  throw new Error(`no retained message on ${topic} within ${timeoutMs} ms: ${(lastError as Error)?.message}`);
}

/**
 * The retained JSON on `topic` once it satisfies `match`: the hub coalesces its retained
 * updates over a short window, so a fresh subscriber may first get the previous picture.
 * Returns the last one seen when none matched within `timeoutMs` (for the test's own diff).
 */
export async function retainedWhen(
  url: string,
  topic: string,
  match: (payload: Json) => boolean,
  timeoutMs = 3000,
): Promise<Json | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = parseJson(await retainedMessage(url, topic, Math.max(1000, deadline - Date.now())));
    if ((last && match(last)) || Date.now() > deadline) return last;
    await sleep(20);
  }
}

/** Whether two JSON values are the same (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

/** Polls `probe` every 5 ms until it returns something truthy, or `undefined` after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => T | undefined | false,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(5);
  }
}

export function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** The board without its `at`, which moves with every decision. */
export function boardContent(board: Json): Json {
  const { at: _at, ...content } = board;
  return content;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
