import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { type RunningHub, ScaledClock, startHub } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/*
 * The approach of devices/hub/test/harness.ts (a real hub on free loopback ports, a fresh store,
 * its clock at a working-day time; mqtt.js clients that record what they receive), plus a
 * restart on the same port and data, and the counter's own program as a child process.
 */

export const O = "motcua/son-tay";
/** A Wednesday inside the morning session of the example office. */
export const NOW = "2026-11-25T07:44:00+07:00";

export const testLog = () => createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" });

export class TestHub {
  private constructor(
    public hub: RunningHub,
    readonly dataDir: string,
    readonly port: number,
    private readonly config: OfficeConfig,
  ) {}

  static async start(options: { config?: OfficeConfig } = {}): Promise<TestHub> {
    const dataDir = mkdtempSync(join(tmpdir(), "motcua-counter-"));
    const config = options.config ?? loadOfficeConfig();
    const hub = await TestHub.boot(config, dataDir, 0);
    return new TestHub(hub, dataDir, hub.broker?.mqttPort ?? 0, config);
  }

  private static boot(config: OfficeConfig, dataDir: string, port: number): Promise<RunningHub> {
    return startHub({
      config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
      dataDir,
      mqttPort: port,
      wsPort: 0,
      clock: new ScaledClock(Date.parse(NOW), 1),
      log: testLog(),
    });
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Stops the hub, keeping its store: the pads lose their broker. */
  async stop(): Promise<void> {
    await this.hub.stop();
  }

  /** Starts it again on the same port and store (its queue comes back from the store). */
  async restart(): Promise<void> {
    this.hub = await TestHub.boot(this.config, this.dataDir, this.port);
  }

  async close(): Promise<void> {
    await this.hub.stop().catch(() => {});
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A client on the hub that records every message it receives (the display's side, a kiosk). */
export class Observer {
  readonly messages: { topic: string; payload: string; retain: boolean }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) =>
      this.messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain }),
    );
  }

  static async connect(url: string, options: IClientOptions = {}): Promise<Observer> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 200,
      connectTimeout: 3000,
      ...options,
    });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    const observer = new Observer(client);
    await client.subscribeAsync(`${O}/#`, { qos: 1 });
    return observer;
  }

  /** Issues a walk-in ticket at kiosk 1, as a kiosk would. */
  async ticket(service = "TP", id = `k-${Math.random().toString(36).slice(2)}`): Promise<void> {
    await this.client.publishAsync(`${O}/kiosk/1/press`, JSON.stringify({ id, service }), { qos: 1 });
    await this.next(`${O}/kiosk/1/ticket`, (p) => p.requestId === id);
  }

  /** The parsed messages on `topic`, in order. */
  on(topic: string): Record<string, unknown>[] {
    return this.messages.filter((m) => m.topic === topic).map((m) => parse(m.payload));
  }

  /** The raw payloads on `topic` (presence is a plain string). */
  raw(topic: string): string[] {
    return this.messages.filter((m) => m.topic === topic).map((m) => m.payload);
  }

  /** Waits for a message on `topic` matching `match`, from the index `from` of all messages. */
  async next(
    topic: string,
    match: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 3000,
    from = 0,
  ): Promise<Record<string, unknown>> {
    const found = await until(
      () => this.messages.slice(from).find((m) => m.topic === topic && match(parse(m.payload))),
      timeoutMs,
      `a message on ${topic}`,
    );
    return parse(found.payload);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

function parse(payload: string): Record<string, unknown> {
  try {
    const value = JSON.parse(payload) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: payload };
  }
}

/** Polls `get` until it returns something truthy. */
export async function until<T>(
  get: () => T | undefined | false,
  timeoutMs = 3000,
  what: string | (() => string) = "the condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`no ${typeof what === "string" ? what : what()} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const repoRoot = new URL("../../../", import.meta.url);
const bin = fileURLToPath(new URL("devices/counter/src/bin.ts", repoRoot));
// tsx as a loader of a plain node (not its CLI, whose grandchild a SIGKILL would not reach).
const tsxLoader = pathToFileURL(createRequire(new URL("package.json", repoRoot)).resolve("tsx")).href;

export type LogLine = Record<string, unknown> & { msg?: string };

/** The counter's real program (`runCounter`) in a child process; its JSON log lines are kept. */
export class CounterProcess {
  readonly lines: LogLine[] = [];
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private buffer = "";

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ["--import", tsxLoader, bin, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, MOTCUA_LOG_LEVEL: "debug" },
    });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.buffer += chunk;
      let newline = this.buffer.indexOf("\n");
      while (newline >= 0) {
        const text = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        newline = this.buffer.indexOf("\n");
        try {
          this.lines.push(JSON.parse(text) as LogLine);
        } catch {
          this.lines.push({ msg: "(not JSON)", text });
        }
      }
    });
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
  }

  /** Types a line on the pad's standard input. */
  type(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  log(msg: string, timeoutMs = 10_000): Promise<LogLine> {
    return until(
      () => this.lines.find((l) => l.msg === msg),
      timeoutMs,
      () => `log line "${msg}"\n${this.output()}`,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  output(): string {
    return `${this.lines.map((l) => JSON.stringify(l)).join("\n")}\n${this.stderr}`;
  }
}
