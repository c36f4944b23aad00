/**
 * The hub for tests (`@motcua/hub/testing`), shared by every package's tests: a real hub on
 * free loopback ports with a fresh store, MQTT clients that record what they receive, and
 * waits that end on a real event — a message, a log line, a closed connection — never on the
 * passing of time.
 *
 * "Nothing happened" is shown the same way, without sleeping: after a message the hub should
 * refuse or ignore, a probe whose effect is a message goes the same way ({@link TestHub.probe});
 * the broker and the hub keep the order of one connection's messages, so once the probe's
 * effect has arrived, any effect of what was sent before it would have arrived first.
 *
 * Not used by the hub itself; it lives in `src` so that other packages can import it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { createLogger } from "@motcua/log";
import { clientIdOf, type SimEvent, type SimInput } from "@motcua/protocol";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { ScaledClock } from "./clock.js";
import { type HubOptions, type RunningHub, startHub } from "./hub.js";

/** The example office (`loadOfficeConfig()` with no file) and the root of its topics. */
export const OFFICE = "son-tay";
export const O = `motcua/${OFFICE}`;
/** Wednesday 25/11/2026, inside the example office's morning session (24/11 is a holiday). */
export const WEDNESDAY_MORNING = "2026-11-25T07:44:00+07:00";
/** How long a wait lasts by default before it fails. */
export const WAIT_MS = 3000;

export type Json = Record<string, unknown>;

// ---- waiting on events ------------------------------------------------------------------

type Check<T> = () => T | undefined | null | false;
const describeWhat = (what: string | (() => string)) => (typeof what === "string" ? what : what());

/**
 * Something that changes, and the waits on it: every {@link notify} checks each pending wait's
 * condition again. The source of the change calls `notify` (a message arrived, an LED changed).
 */
export class Signal {
  private readonly waiters = new Set<() => void>();

  /** Wakes every pending wait to check its condition again. */
  readonly notify = (): void => {
    for (const waiter of [...this.waiters]) waiter();
  };

  /**
   * Resolves with `check()` once it is truthy: checked now and at each {@link notify}; rejects
   * after `timeoutMs` with an error naming `what` was awaited.
   */
  until<T>(check: Check<T>, what: string | (() => string), timeoutMs = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        this.waiters.delete(test);
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`waited ${timeoutMs} ms for ${describeWhat(what)}`));
      }, timeoutMs);
      const test = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      this.waiters.add(test);
      test();
    });
  }
}

/**
 * Re-checks `check` every `everyMs` until it is truthy. Only for a condition that no event
 * announces (a row the store marks, a file another process writes); anything that arrives as
 * a message, a log line or a callback is waited for with a {@link Signal}.
 */
export async function pollUntil<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string | (() => string),
  { timeoutMs = WAIT_MS, everyMs = 10 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${describeWhat(what)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves with the arguments of the next `event` of `emitter`, or rejects after `timeoutMs`. */
export function nextEvent<A extends unknown[] = unknown[]>(
  emitter: {
    once(event: string, listener: (...args: A) => void): unknown;
    off(event: string, listener: (...args: A) => void): unknown;
  },
  event: string,
  timeoutMs = WAIT_MS,
): Promise<A> {
  return new Promise<A>((resolve, reject) => {
    const listener = (...args: A) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`waited ${timeoutMs} ms for the event "${event}"`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

// ---- JSON log lines ---------------------------------------------------------------------

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };
type LineMatch = string | ((line: LogLine) => boolean);

/**
 * A program's JSON log lines (pino's: one object a line), kept as they come, with waits on
 * them: the hub of a {@link TestHub}, or a child process's standard output.
 */
export class LogLines {
  readonly lines: LogLine[] = [];
  private partial = "";
  private readonly signal = new Signal();

  /** Takes a chunk of output; complete lines are parsed (a line that is not JSON is kept as text). */
  feed(chunk: string): void {
    this.partial += chunk;
    let newline = this.partial.indexOf("\n");
    while (newline >= 0) {
      const text = this.partial.slice(0, newline);
      this.partial = this.partial.slice(newline + 1);
      newline = this.partial.indexOf("\n");
      if (text.trim() === "") continue;
      try {
        this.lines.push(JSON.parse(text) as LogLine);
      } catch {
        this.lines.push({ msg: "(not JSON)", text });
      }
    }
    this.signal.notify();
  }

  /** The index of the next line to come, to wait for lines after this point. */
  mark(): number {
    return this.lines.length;
  }

  /** The first line (from index `from`) whose `msg` is `match`, or that `match` accepts. */
  find(match: LineMatch, from = 0): LogLine | undefined {
    const test = typeof match === "string" ? (l: LogLine) => l.msg === match : match;
    return this.lines.slice(from).find(test);
  }

  /** Waits for a line like {@link find}'s; the error shows the log so far. */
  next(match: LineMatch, { from = 0, timeoutMs = 10_000 }: { from?: number; timeoutMs?: number } = {}) {
    return this.signal.until(
      () => this.find(match, from),
      () => `the log line ${typeof match === "string" ? `"${match}"` : describeFn(match)}\n${this.text()}`,
      timeoutMs,
    );
  }

  /** Waits until `check` holds, checked again at each new line. */
  until<T>(check: Check<T>, what: string | (() => string), timeoutMs = 10_000): Promise<T> {
    return this.signal.until(check, what, timeoutMs);
  }

  /** Everything so far, for failure messages. */
  text(): string {
    return `${this.lines.map((l) => JSON.stringify(l)).join("\n")}\n${this.partial}`;
  }
}

// ---- MQTT test clients -----------------------------------------------------------------

/** One message a {@link TestClient} received. */
export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** Whether `topic` matches the subscription filter `filter` (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length || (f[i] !== "+" && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** A payload as JSON, or its text when it is not JSON (a bare `online`). */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A JSON object, or undefined for anything else. */
export function parseJson(text: string): Json | undefined {
  const value = parsePayload(text);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function describeFn(fn: (...args: never[]) => unknown): string {
  const source = fn.toString().replace(/\s+/g, " ");
  return source.length > 160 ? `${source.slice(0, 157)}...` : source;
}

export interface NextOptions {
  /** Look at messages from this index of {@link TestClient.messages} (a {@link TestClient.mark}); 0 by default. */
  from?: number;
  timeoutMs?: number;
}

let instances = 0;
const wire = (payload: unknown): string | Buffer =>
  typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);

/**
 * A device-side mqtt.js client (MQTT 3.1.1; no automatic reconnection unless `reconnectPeriod`
 * is given) that records every message it receives. Its waits end when a matching message
 * arrives; a timeout names what was awaited and what came instead.
 */
export class TestClient {
  readonly messages: Received[] = [];
  private isClosed = false;
  private readonly filters = new Set<string>();
  private readonly signal = new Signal();

  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) => {
      this.messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain });
      this.signal.notify();
    });
    client.on("connect", () => {
      this.isClosed = false;
      this.signal.notify();
    });
    client.on("close", () => {
      this.isClosed = true;
      this.signal.notify();
    });
  }

  /**
   * Connects and resolves once connected. With a `username` (a device's credential) the client
   * id is that device's own (`motcua-son-tay-{username}.…`), as the broker requires.
   */
  static async connect(url: string, options: IClientOptions = {}): Promise<TestClient> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: WAIT_MS,
      ...(options.username !== undefined && options.clientId === undefined
        ? { clientId: clientIdOf(OFFICE, options.username, `test${++instances}`) }
        : {}),
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
    return new TestClient(client);
  }

  /** Subscribes at QoS 1; resolves at the SUBACK with the granted QoS of each filter. */
  async subscribe(...filters: string[]): Promise<number[]> {
    const granted = await this.client.subscribeAsync(filters, { qos: 1 });
    for (const g of granted) if (g.qos !== 128) this.filters.add(g.topic);
    return granted.map((g) => g.qos);
  }

  /** Whether one of this client's subscriptions covers `topic`. */
  hears(topic: string): boolean {
    return [...this.filters].some((f) => topicMatches(f, topic));
  }

  /** Publishes at QoS 1 (a string or bytes as they are, anything else as JSON); resolves at its PUBACK. */
  async publish(topic: string, payload: unknown, options: { retain?: boolean } = {}): Promise<void> {
    await this.client.publishAsync(topic, wire(payload), { qos: 1, retain: options.retain ?? false });
  }

  /** Publishes at QoS 1 without waiting: for a message the broker answers by dropping the client. */
  send(topic: string, payload: unknown): void {
    this.client.publish(topic, wire(payload), { qos: 1 });
  }

  /** The index of the next message to come, to wait for messages after this point. */
  mark(): number {
    return this.messages.length;
  }

  /** The messages received on topics matching `filter`, from index `from`. */
  received(filter: string, from = 0): Received[] {
    return this.messages.slice(from).filter((m) => topicMatches(filter, m.topic));
  }

  /** Their payloads, parsed ({@link parsePayload}). */
  on<T = Json>(filter: string, from = 0): T[] {
    return this.received(filter, from).map((m) => parsePayload(m.payload) as T);
  }

  /** Their payloads as text. */
  raw(filter: string, from = 0): string[] {
    return this.received(filter, from).map((m) => m.payload);
  }

  /**
   * The first message on `filter` (from `options.from`, 0 by default: one already received
   * counts) whose parsed payload `match` accepts; waits for it to arrive.
   */
  next<T = Json>(
    filter: string,
    match: (payload: T, message: Received) => boolean = () => true,
    { from = 0, timeoutMs = WAIT_MS }: NextOptions = {},
  ): Promise<T> {
    let seen = from;
    const found = (): { value: T } | undefined => {
      for (; seen < this.messages.length; seen++) {
        const m = this.messages[seen] as Received;
        if (!topicMatches(filter, m.topic)) continue;
        const payload = parsePayload(m.payload) as T;
        let accepted = false;
        try {
          accepted = match(payload, m);
        } catch {
          // a payload of another shape
        }
        if (accepted) return { value: payload };
      }
      return undefined;
    };
    return this.signal
      .until(
        found,
        () => {
          const got = this.raw(filter, from)
            .slice(-5)
            .map((p) => p.slice(0, 200));
          return `a message on ${filter} matching ${describeFn(match)} (from #${from}); on that filter: ${JSON.stringify(got)}`;
        },
        timeoutMs,
      )
      .then((f) => f.value);
  }

  /** Resolves once the connection is closed (the broker dropped the client, or it was closed). */
  async whenClosed(timeoutMs = WAIT_MS): Promise<void> {
    await this.signal.until(() => this.isClosed, "the connection to close", timeoutMs);
  }

  /** Resolves once connected (again, after a broker restart, with `reconnectPeriod`). */
  async whenConnected(timeoutMs = WAIT_MS): Promise<void> {
    await this.signal.until(() => this.client.connected, "the connection", timeoutMs);
  }

  /** Waits until `check` holds, checked again at every message this client receives. */
  until<T>(check: Check<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return this.signal.until(check, what, timeoutMs);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/**
 * What a subscriber arriving now gets on `topic` from the retained messages alone: a fresh
 * client subscribes and waits for a message flagged retained. Use it once the retained message
 * is known to be there (a live subscriber saw it published): the broker stores a retained
 * message before it forwards it.
 */
export async function retained<T = Json>(
  url: string,
  topic: string,
  options: IClientOptions & { timeoutMs?: number } = {},
): Promise<T> {
  const { timeoutMs, ...connect } = options;
  const client = await TestClient.connect(url, connect);
  try {
    await client.subscribe(topic);
    return await client.next<T>(topic, (_p, m) => m.retain, { timeoutMs: timeoutMs ?? WAIT_MS });
  } finally {
    await client.close();
  }
}

/** The board without its `at`, which moves with every decision. */
export function boardContent(board: unknown): Json {
  const { at: _at, ...content } = JSON.parse(JSON.stringify(board)) as Json;
  return content;
}

/** Whether two JSON values are the same (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

/** A TCP port free on 127.0.0.1 at the time of asking (for a program that needs its port named). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---- the hub ----------------------------------------------------------------------------

export interface TestHubOptions {
  /** The clock's time at the start (ISO-8601); a Wednesday morning by default. */
  now?: string;
  /** How many times faster than real time the clock runs (1). */
  speed?: number;
  /** The office; the example office by default. Its hub listens on 127.0.0.1 only. */
  config?: OfficeConfig;
  /** An existing store's folder (it is deleted by {@link TestHub.close}); a fresh one by default. */
  dataDir?: string;
  /** 0 (a free port) by default. */
  mqttPort?: number;
  wsPort?: number;
  /** An external broker instead of the embedded one (`--broker`). */
  brokerUrl?: string;
  /** `--modem`: `sim` for the built-in simulator. */
  modem?: string;
  /** The simulator's delay for each SMS segment (20 ms here, with a modem). */
  simSendDelayMs?: number;
  /** Any further option of `startHub`. */
  more?: Partial<HubOptions>;
}

/** The kiosk id and service of {@link TestHub.probe}'s presses: a service no office has. */
export const PROBE_KIOSK = "probe";
export const PROBE_SERVICE = "PROBE";

/**
 * A real hub in this process, on free loopback ports (or an external broker), with its own
 * store and a clock started at a given time. Its log lines are kept ({@link log}) at `info`;
 * `MOTCUA_TEST_LOG=debug` keeps more and echoes them to standard error.
 */
export class TestHub {
  /** The running hub (a new one after each {@link restart}). */
  hub!: RunningHub;
  readonly log = new LogLines();
  private running = false;
  private probes = 0;
  private mqttPort: number;
  private wsPort: number;

  private constructor(
    private readonly options: TestHubOptions,
    private config: OfficeConfig,
    readonly dataDir: string,
    private clock: ScaledClock,
  ) {
    this.mqttPort = options.mqttPort ?? 0;
    this.wsPort = options.wsPort ?? 0;
  }

  static async start(options: TestHubOptions = {}): Promise<TestHub> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "motcua-test-hub-"));
    const config = options.config ?? loadOfficeConfig();
    const clock = new ScaledClock(Date.parse(options.now ?? WEDNESDAY_MORNING), options.speed ?? 1);
    const h = new TestHub(options, config, dataDir, clock);
    try {
      await h.boot();
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return h;
  }

  private async boot(): Promise<void> {
    const { options, config } = this;
    // Kept at info at least (its lines are what `until` waits on); echoed when asked for.
    const asked = process.env.MOTCUA_TEST_LOG;
    const echo = asked !== undefined && asked !== "silent";
    const log = createLogger({
      level: echo && ["debug", "trace"].includes(asked) ? asked : "info",
      destination: {
        write: (line: string) => {
          this.log.feed(line);
          if (echo) process.stderr.write(line);
        },
      },
    });
    this.hub = await startHub({
      config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
      dataDir: this.dataDir,
      ...(options.brokerUrl !== undefined
        ? { brokerUrl: options.brokerUrl }
        : { mqttPort: this.mqttPort, wsPort: this.wsPort }),
      clock: this.clock,
      ...(options.modem !== undefined
        ? { modem: options.modem, simSendDelayMs: options.simSendDelayMs ?? 20 }
        : {}),
      log,
      ...options.more,
    });
    this.running = true;
    const broker = this.hub.broker;
    if (broker) {
      this.mqttPort = broker.mqttPort;
      this.wsPort = broker.wsPort;
    }
  }

  /** Where devices connect: the embedded broker's TCP listener (`mqtts://` with TLS), or the external broker. */
  get url(): string {
    return this.hub.mqttUrl;
  }

  /** The embedded broker's MQTT-over-WebSocket listener. */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** The embedded broker's TCP port (kept across restarts). */
  get port(): number {
    return this.mqttPort;
  }

  /** Stops the hub and keeps its store: the devices lose their broker. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.hub.stop();
  }

  /**
   * Starts the hub again on the same ports and store: its queue comes back from the store. The
   * clock goes on from where it is, or starts again at `now` (and runs at `speed`). `config` is
   * the office file edited between the two starts.
   */
  async restart(options: { now?: string; speed?: number; config?: OfficeConfig } = {}): Promise<void> {
    await this.stop();
    if (options.config !== undefined) this.config = options.config;
    if (options.now !== undefined || options.speed !== undefined)
      this.clock = new ScaledClock(
        options.now !== undefined ? Date.parse(options.now) : this.clock.now(),
        options.speed ?? this.options.speed ?? 1,
      );
    await this.boot();
  }

  /** Stops the hub (if it runs) and deletes its store. */
  async close(): Promise<void> {
    try {
      if (this.running) {
        this.running = false;
        await this.hub.stop();
      }
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  /**
   * Waits until `check` holds (the hub's `stats()`, its store), checked again at each line the
   * hub logs: every decision and every refusal is logged, so each change comes with a line.
   */
  until<T>(check: Check<T>, what: string | (() => string), timeoutMs = WAIT_MS): Promise<T> {
    return this.log.until(check, what, timeoutMs);
  }

  /** Every stored input, in the order of the store's log (of one type when named). */
  storedInputs<K extends SimInput["type"]>(type?: K): Extract<SimInput, { type: K }>[] {
    const inputs = [...this.hub.store.entries()].map((e) => e.input);
    return (type === undefined ? inputs : inputs.filter((i) => i.type === type)) as Extract<
      SimInput,
      { type: K }
    >[];
  }

  /** The `id` of every stored device input, in the order of the store's log. */
  storedIds(): string[] {
    return this.storedInputs().flatMap((input) => {
      const id = (input as { id?: unknown }).id;
      return typeof id === "string" ? [id] : [];
    });
  }

  /** Every event in the store's log, in order (of one type when named). */
  storedEvents<K extends SimEvent["type"]>(type?: K): Extract<SimEvent, { type: K }>[] {
    const events = [...this.hub.store.entries()].flatMap((e) => e.events);
    return (type === undefined ? events : events.filter((e) => e.type === type)) as Extract<
      SimEvent,
      { type: K }
    >[];
  }

  /** The labels of the walk-in tickets the hub has issued, from its store. */
  issued(): string[] {
    return this.storedEvents("ticket_issued").map((e) => e.label);
  }

  /**
   * Proves that the hub has handled everything `via` published before, and that whatever it
   * sent in answer has reached each of `seenBy`, without sleeping: a kiosk press for a service
   * the office does not have goes out on the same connection, and this waits for its answer
   * (on `kiosk/{k}/ticket`, subscribed for each client that does not hear it yet) at every
   * client of `seenBy`. The broker and the hub keep the order of one connection's messages, and
   * the hub sends its answers in order on its own connection, so nothing caused by an earlier
   * message can arrive after the probe's answer.
   *
   * The probe is an input like any other: it is stored (answered with `unknown_service`) and
   * counted as accepted, and it changes no counter, board or number. Retained messages (states,
   * the board) are coalesced by the hub over a few milliseconds and may follow the answer:
   * check the hub's own picture for those. With a secured office, name a kiosk `via` may
   * publish for. Resolves with the probe's id.
   */
  async probe(
    via: TestClient,
    seenBy: readonly TestClient[] = [via],
    { kiosk = PROBE_KIOSK, timeoutMs = WAIT_MS }: { kiosk?: string; timeoutMs?: number } = {},
  ): Promise<string> {
    const root = `motcua/${this.config.office.id}`;
    const answers = `${root}/kiosk/${kiosk}/ticket`;
    for (const client of seenBy) if (!client.hears(answers)) await client.subscribe(answers);
    const id = `probe-${++this.probes}`;
    const marks = seenBy.map((c) => c.mark());
    await via.publish(`${root}/kiosk/${kiosk}/press`, { id, service: PROBE_SERVICE });
    await Promise.all(
      seenBy.map((client, i) =>
        client.next(answers, (p) => p.requestId === id, { from: marks[i] as number, timeoutMs }),
      ),
    );
    return id;
  }
}
