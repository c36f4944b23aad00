/** What the benchmarks share: progress lines, free ports, percentiles, MQTT clients, a big office. */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import mqtt, { type MqttClient } from "mqtt";
import { stringify } from "yaml";
import { SOURCE_EXEC_ARGV } from "../test/helpers/source-node.js";

/** One JSON line a step on stderr, so stdout keeps only the table. */
export const progress = (step: string, extra: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ ns: "motcua:bench", step, ...extra })}\n`);

/** An office no session of a run fills up: `counters` counters sharing one 1-minute service. */
export function benchOffice(counters = 40, office: Partial<OfficeConfig["office"]> = {}): OfficeConfig {
  const base = loadOfficeConfig();
  const list = Array.from({ length: counters }, (_, i) => ({ id: String(i + 1), name: `Quầy ${i + 1}` }));
  return {
    ...base,
    office: { ...base.office, id: "bench", name: "Trung tâm Phục vụ hành chính công", ...office },
    counters: list,
    services: [{ code: "TP", name: "Tư pháp – Hộ tịch", averageMinutes: 1, counters: list.map((c) => c.id) }],
    procedures: [{ code: "KS", name: "Đăng ký khai sinh", service: "TP", aliases: [] }],
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Count, median and 99th percentile of latency samples. */
export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99) };
}

/** An MQTT 3.1.1 client that does not reconnect (a benchmark wants to see a failure). */
export async function connect(url: string): Promise<MqttClient> {
  const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    c.once("connect", () => resolve());
    c.once("error", reject);
  });
  return c;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The hub as its own process, exactly as `motcua hub` runs (logging at warn), on a fresh data
 * folder with `config` written beside it; resolves once its broker takes connections.
 */
export async function spawnHub(
  dir: string,
  config: OfficeConfig,
  mqttPort: number,
  wsPort: number,
  now = "2026-11-25T07:31:00+07:00",
): Promise<ChildProcess> {
  const file = join(dir, "office.yaml");
  writeFileSync(file, stringify(config));
  const args = [
    ...SOURCE_EXEC_ARGV,
    join(root, "packages/cli/src/main.ts"),
    "hub",
    "--config",
    file,
    "--data",
    dir,
  ];
  // A free console port too: a bench may run several hubs at once.
  args.push("--mqtt-port", String(mqttPort), "--ws-port", String(wsPort), "--http-port", "0", "--now", now);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, MOTCUA_LOG_LEVEL: "warn" },
  });
  // "hub ready" is logged at info, below warn: poll the port instead.
  for (let i = 0; i < 200; i++) {
    try {
      const c = await connect(`mqtt://127.0.0.1:${mqttPort}`);
      await c.endAsync();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error("the hub did not start");
}
