import { clientIdOf, HUB_DEVICE, presencePayload, readPresence, topics } from "@motcua/protocol";
import mqtt, { type IClientOptions, type IStream, type MqttClient } from "mqtt";
import { type LinkLogger, redactUrl, silentLogger } from "./logger.js";
import { type AnswerSpec, type InFlight, type RequestOutcome, sendRequest } from "./request.js";

export type HubPresence = "online" | "offline" | "unknown";

/** A message as the link delivers it: the payload's bytes and whether the broker kept it. */
export interface LinkMessage {
  topic: string;
  payload: Uint8Array;
  /** A retained message sent on subscription (the picture as it stands), not a live one. */
  retained: boolean;
}

export interface DeviceLinkOptions {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://`; with `stream`, only a name for the logs. */
  url: string;
  /** Opens an in-process stream to a broker, one per connection attempt, instead of dialling `url`. */
  stream?: () => IStream;
  office: string;
  /** `{d}` of `device/{d}/status` and of the client id `motcua-{o}-{d}` (`hub` for the hub). */
  device: string;
  /** Several connections of one device at once (a page open twice): the client id's `.{instance}`. */
  instance?: string;
  username?: string;
  password?: string;
  /** Announce `device/{d}/status`: "online" on every connection, "offline" as the will and on close (default true). */
  presence?: boolean;
  /** Topic filters, subscribed again on every (re)connection (a clean session keeps none). */
  subscriptions?: readonly string[];
  /** Follow the hub's presence, `device/hub/status` (default: every device but the hub). */
  watchHub?: boolean;
  /**
   * Take a hub whose presence was never seen as reachable (default false: only an `online`
   * hub is). For a device that checks every answer itself, on a broker whose hub may not announce.
   */
  assumeHubOnline?: boolean;
  /** Pause between connection attempts (default 1000 ms). */
  reconnectMs?: number;
  /** MQTT keep-alive (default 10 s): a dead link is noticed within about 1.5 of it. */
  keepaliveSec?: number;
  connectTimeoutMs?: number;
  /** A request not acknowledged by the broker within this time is withdrawn (default 3000 ms). */
  ackTimeoutMs?: number;
  log?: LinkLogger;
}

/**
 * The TCP connection of a plain `mqtt://host:port`, made here: mqtt.js's `connect()` loads its
 * WebSocket and TLS transports (ws, tls, https, zlib) whatever the URL, about 5 MiB of a pad's
 * memory. TLS, WebSocket and credentials in the URL go through mqtt.js, and so does everything
 * in a browser (no `process` there: the display page uses `ws://`).
 */
function plainTcp(url: string): (() => IStream) | undefined {
  const net = globalThis.process?.getBuiltinModule?.("node:net");
  if (!net || !URL.canParse(url)) return undefined;
  const { protocol, hostname, port, username, password } = new URL(url);
  if ((protocol !== "mqtt:" && protocol !== "tcp:") || username || password) return undefined;
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  return () => net.connect({ host, port: port === "" ? 1883 : Number(port) });
}

const REFUSED_CREDENTIALS = /not authori[sz]ed|bad user ?name or password/i;

/**
 * One device's MQTT connection to the hub's broker, the same for the counter pad, the kiosk,
 * the display (server and page) and the hub's own client: a clean session, presence with a
 * last will, subscriptions made again on each connection, the hub's presence followed, and
 * requests that are taken now or never (README.md, "Never late").
 */
export class DeviceLink {
  readonly client: MqttClient;
  readonly clientId: string;
  /** `device/{d}/status`, when this link announces the device. */
  readonly presenceTopic: string | undefined;
  private readonly hubTopic: string | undefined;
  private readonly log: LinkLogger;
  private readonly url: string;
  private readonly inflight = new Set<InFlight>();
  private readonly messageListeners = new Set<(message: LinkMessage) => void>();
  private readonly changeListeners = new Set<() => void>();
  private readonly connectListeners = new Set<() => void>();
  private hubPresence: HubPresence = "unknown";
  private closing = false;
  private up = false;
  private lastError = "";

  constructor(private readonly options: DeviceLinkOptions) {
    const { office, device } = options;
    this.log = options.log ?? silentLogger;
    this.url = redactUrl(options.url);
    this.clientId = clientIdOf(office, device, options.instance);
    this.presenceTopic = options.presence === false ? undefined : topics.deviceStatus(office, device);
    this.hubTopic =
      (options.watchHub ?? device !== HUB_DEVICE) ? topics.deviceStatus(office, HUB_DEVICE) : undefined;
    const clientOptions: IClientOptions = {
      protocolVersion: 4,
      clientId: this.clientId,
      // The broker keeps nothing for us while we are away, and we want nothing kept.
      clean: true,
      // Subscribed again on every connection below; mqtt.js's own resubscription would double it.
      resubscribe: false,
      queueQoSZero: false,
      reconnectPeriod: options.reconnectMs ?? 1000,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      keepalive: options.keepaliveSec ?? 10,
      // mqtt-packet's cache of every 16-bit number as a Buffer costs 6 MiB of heap (65,536 objects)
      // in every process, the broker's included, to save a 2-byte allocation a packet id.
      writeCache: false,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(this.presenceTopic !== undefined
        ? { will: { topic: this.presenceTopic, payload: presencePayload("offline"), qos: 1, retain: true } }
        : {}),
    };
    const stream = options.stream ?? plainTcp(options.url);
    // The default export: the browser build of mqtt.js has no named exports.
    this.client = stream
      ? new mqtt.MqttClient(() => stream(), clientOptions)
      : mqtt.connect(options.url, clientOptions);
    this.client.on("connect", () => this.opened());
    this.client.on("message", (topic, payload, packet) => this.received(topic, payload, packet.retain));
    this.client.on("close", () => this.closed());
    this.client.on("error", (error) => this.failed(error));
  }

  /** Connected to the broker now. */
  get connected(): boolean {
    return this.client.connected;
  }

  /** The hub's presence as last seen on this connection; `unknown` until its retained message comes. */
  get hub(): HubPresence {
    return this.hubPresence;
  }

  /** Whether a request can reach the hub now: connected, and the hub announces itself online. */
  get reachable(): boolean {
    if (!this.client.connected || this.closing) return false;
    if (this.hubTopic === undefined) return true;
    return (
      this.hubPresence === "online" || (this.hubPresence === "unknown" && !!this.options.assumeHubOnline)
    );
  }

  /** Every message received (but the answers {@link request} takes), with its retain flag. */
  onMessage(listener: (message: LinkMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** The connection or the hub's presence changed: `connected`, `hub` and `reachable` may differ. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every (re)connection, once subscribed and announced: republish what the broker may have lost. */
  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /**
   * A request to the hub (a press), taken now or never: refused at once when the hub is not
   * reachable, published at QoS 1, withdrawn from the client's store — and the connection reset —
   * when the broker does not acknowledge it in time, abandoned when the connection closes. With
   * `answer` it resolves on the hub's answer, within the answer's own time limit.
   */
  request<A = undefined>(topic: string, payload: string, answer?: AnswerSpec<A>): Promise<RequestOutcome<A>> {
    if (!this.reachable) return Promise.resolve({ ok: false, ms: 0, reason: "hub_unreachable" });
    return sendRequest(
      {
        client: this.client,
        ackTimeoutMs: this.options.ackTimeoutMs ?? 3000,
        inflight: this.inflight,
        reset: (why, requestTopic) => this.reset(why, requestTopic),
      },
      topic,
      payload,
      answer,
    );
  }

  /**
   * A notice (presence, health, a void): QoS 1 by default, and unlike a request it is kept while
   * disconnected and delivered on reconnection — a late notice is still wanted. Resolves true once
   * the broker has it, false when the link is closing or the client gave it up.
   */
  publish(topic: string, payload: string, options: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<boolean> {
    if (this.closing) return Promise.resolve(false);
    return this.send(topic, payload, options.retain ?? false, options.qos ?? 1);
  }

  /** Resolves at the first connection; rejects after `timeoutMs`. */
  ready(timeoutMs = 10_000): Promise<void> {
    return this.until(() => this.client.connected, timeoutMs, `no broker at ${this.url}`);
  }

  /** Resolves once the hub is reachable; rejects after `timeoutMs`. */
  whenReachable(timeoutMs = 10_000): Promise<void> {
    return this.until(() => this.reachable, timeoutMs, `the hub was not reachable within ${timeoutMs} ms`);
  }

  /**
   * Says "offline" (as the will would) and disconnects cleanly, so the broker drops the will;
   * every wait is bounded, so a dead link cannot hold a device's shutdown.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const request of [...this.inflight]) request.drop();
    const client = this.client;
    if (client.connected && this.presenceTopic !== undefined)
      await within(this.send(this.presenceTopic, presencePayload("offline"), true, 1), 1000);
    // A clean DISCONNECT waits for what is in flight: only when nothing is, and never for long.
    const clean = client.connected && Object.keys(client.outgoing).length === 0;
    if (await within(client.endAsync(!clean), 1000)) return;
    (client.stream as { destroy?: () => void } | undefined)?.destroy?.();
  }

  private send(topic: string, payload: string, retain: boolean, qos: 0 | 1): Promise<boolean> {
    return new Promise((resolve) => this.client.publish(topic, payload, { qos, retain }, (e) => resolve(!e)));
  }

  private until(check: () => boolean, timeoutMs: number, failure: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stop = this.onChange(() => {
        if (!check()) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
      const timer = setTimeout(() => {
        stop();
        reject(new Error(failure));
      }, timeoutMs);
    });
  }

  private opened(): void {
    (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.up = true;
    this.lastError = "";
    this.log.info({ url: this.url, clientId: this.clientId }, "connected to the hub's broker");
    const filters = [...(this.options.subscriptions ?? [])];
    if (this.hubTopic !== undefined && !filters.includes(this.hubTopic)) filters.push(this.hubTopic);
    if (filters.length > 0)
      this.client.subscribe(filters, { qos: 1 }, (error, granted) => {
        if (error) this.log.error({ err: error.message, filters }, "cannot subscribe");
        else if (granted?.some((g) => g.qos === 128))
          this.log.error({ granted }, "the broker refused a subscription (access list?)");
      });
    if (this.presenceTopic !== undefined)
      this.client.publish(this.presenceTopic, presencePayload("online"), { qos: 1, retain: true });
    for (const listener of [...this.connectListeners]) listener();
    this.changed();
  }

  private received(topic: string, payload: Uint8Array, retained: boolean): void {
    if (topic === this.hubTopic) {
      // An empty retained message clears the presence: unknown again.
      const hub = readPresence(payload) ?? "unknown";
      if (hub !== this.hubPresence) {
        this.hubPresence = hub;
        this.log.info({ hub }, "hub presence");
        this.changed();
      }
    }
    for (const request of this.inflight) if (request.offer(topic, payload)) return;
    for (const listener of [...this.messageListeners]) listener({ topic, payload, retained });
  }

  private closed(): void {
    for (const request of [...this.inflight]) request.drop();
    // Known again from the hub's retained presence after the next connection.
    this.hubPresence = "unknown";
    if (this.up && !this.closing) this.log.warn({ url: this.url }, "lost the hub's broker; reconnecting");
    this.up = false;
    this.changed();
  }

  private failed(error: Error): void {
    if (error.message === this.lastError) return;
    this.lastError = error.message;
    const refused = REFUSED_CREDENTIALS.test(error.message);
    this.log[refused ? "error" : "warn"](
      { err: error.message, url: this.url, username: this.options.username },
      refused ? "the broker refused the device's credentials" : "broker connection error",
    );
  }

  private reset(why: string, topic: string): void {
    this.log.warn(
      { reason: why, topic, ms: this.options.ackTimeoutMs ?? 3000 },
      "request withdrawn: resetting the connection so none of it arrives late",
    );
    const stream = this.client.stream as { resetAndDestroy?: () => void; destroy?: () => void } | undefined;
    try {
      if (stream?.resetAndDestroy) stream.resetAndDestroy();
      else stream?.destroy?.();
    } catch {
      stream?.destroy?.();
    }
  }

  private changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
