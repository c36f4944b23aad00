import { randomBytes } from "node:crypto";
import type { OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { moduleLogger } from "@motcua/log";
import {
  filterOf,
  type HubClock,
  REQUEST_REFUSALS,
  REQUEST_TOPICS,
  type RequestRefusal,
  topics,
} from "@motcua/protocol";
import { defaultDataDir, openStore, type Store, storePath } from "@motcua/store";
import { AccessControl, HUB_USERNAME } from "./access.js";
import { type EmbeddedBroker, startBroker } from "./broker.js";
import { type Clock, ScaledClock } from "./clock.js";
import { type ConsoleOptions, type RunningConsole, startConsole } from "./console/server.js";
import type { ModemReading } from "./console/sms.js";
import { BrokerLink } from "./link.js";
import { listenAddress } from "./listen-address.js";
import { OutgoingMessages } from "./outgoing.js";
import { LiveQueue } from "./queue.js";
import { type RateLimit, RateLimiter } from "./rate-limit.js";
import { type ReadRequest, type RefusalReason, readRequest, readRequestId } from "./requests.js";
import { type SmsLink, startSmsLink } from "./sms-link.js";

/** How long retained updates may wait to be merged with the next ones. */
const RETAINED_COALESCE_MS = 25;

export interface HubOptions {
  config: OfficeConfig;
  /** Folder of the store; defaults to `$MOTCUA_DATA` or `~/.local/share/motcua`. */
  dataDir?: string;
  mqttPort?: number;
  wsPort?: number;
  /** An external broker (`mqtt://user:pass@host:1883`) instead of the embedded one. */
  brokerUrl?: string;
  /** `--modem`: a serial device or `sim` (the built-in simulator); else `modem.paths` of the config. */
  modem?: string | readonly string[];
  /** The simulator's delay for each SMS segment (`--modem sim`); default 3 s like a real modem. */
  simSendDelayMs?: number;
  clock?: Clock;
  /** Requests a device may make (a burst, then so many a second); default `hub.requestRate`. */
  rateLimit?: RateLimit;
  /** The staff console's HTTP API (docs/console.md); absent, the hub serves no HTTP. */
  console?: ConsoleOptions;
  /**
   * The store failed: the hub takes no further input, since its queue decided what the disk
   * did not keep. The command line exits so that systemd restarts it and the store is
   * replayed; without this the hub refuses every request until stopped.
   */
  onFatal?: (error: Error) => void;
  log: Logger;
}

export interface HubStats {
  accepted: number;
  duplicates: number;
  refused: Record<string, number>;
}

export interface RunningHub {
  queue: LiveQueue;
  store: Store;
  broker?: EmbeddedBroker;
  link: BrokerLink;
  /** The modems, outbox and reminders; absent when the hub runs without a modem. */
  sms?: SmsLink;
  mqttUrl: string;
  wsUrl?: string;
  /** The staff console's HTTP server, when asked for. */
  console?: RunningConsole;
  stats(): HubStats;
  stop(): Promise<void>;
}

export { defaultDataDir };

/** Starts the hub: store, live queue, broker (embedded unless an external one is named) and link. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  // Every listener binds the one address `hub.host` resolves to, decided before anything opens.
  const config = { ...options.config, hub: { ...options.config.hub, host: listenAddress(options.config) } };
  const log = moduleLogger(options.log, "motcua:hub");
  const clock = options.clock ?? new ScaledClock();
  const office = config.office.id;
  const stats: HubStats = { accepted: 0, duplicates: 0, refused: {} };
  const refuse = (reason: string) => {
    stats.refused[reason] = (stats.refused[reason] ?? 0) + 1;
  };

  const dataDir = options.dataDir ?? defaultDataDir();
  const store = openStore({ path: storePath(office, dataDir) });
  let queue: LiveQueue;
  try {
    // The file's configuration as written: the queue tells whether it changed since the last start.
    queue = LiveQueue.open(options.config, store, clock, moduleLogger(options.log, "motcua:queue"));
  } catch (error) {
    store.close();
    throw error;
  }
  const outgoing = new OutgoingMessages(queue.core);

  queue.onFailure = (error) => options.onFatal?.(error);

  // Requests are taken only once the link is up, so every decision is announced.
  let ready = false;
  const limiter = new RateLimiter(options.rateLimit ?? config.hub.requestRate);
  // A flooding device is told and logged about its first refusals, then only counted: the
  // refusals of a stuck key must cost next to nothing, or they would starve the other counters.
  const answered = new RateLimiter({ burst: 5, perSecond: 5 });
  const logged = new RateLimiter({ burst: 3, perSecond: 0.1 });
  // Refusals of one device over its rate are acknowledged one after another, this far apart:
  // a stuck key or a script is slowed down to that pace (the broker reads nothing more from it
  // meanwhile), so its flood costs the hub little and the other counters go first.
  const REFUSAL_SPACING_MS = 1;
  const MAX_REFUSAL_BACKLOG_MS = 2000;
  const releaseAt = new Map<string, number>();
  const pace = (who: string): number => {
    const now = performance.now();
    const at = Math.max(now, releaseAt.get(who) ?? 0) + REFUSAL_SPACING_MS;
    if (at - now > MAX_REFUSAL_BACKLOG_MS) return 0;
    releaseAt.set(who, at);
    if (releaseAt.size > 10_000) releaseAt.clear();
    return at - now;
  };
  const refuseRequest = (
    read: ReadRequest,
    reason: RefusalReason,
    topic: string,
    payload: Buffer,
  ): { forward: false; delayMs?: number } => {
    refuse(reason);
    const from = read.ok ? { topic: read.topic, device: read.device } : read.from;
    const who = from ? `${from.topic}/${from.device}` : topic.slice(0, 200);
    if (logged.take(`${reason}/${who}`)) {
      const detail = read.ok ? "the hub is starting" : read.detail;
      log.warn(
        { topic: topic.slice(0, 200), reason, detail: detail.slice(0, 300) },
        "device request refused",
      );
    }
    if (from && isAnswerable(reason) && answered.take(who)) {
      const id = read.ok ? read.id : readRequestId(payload);
      if (id !== undefined) link.send(outgoing.refusal(from.topic, from.device, id, reason));
    }
    return reason === "rate_limited" ? { forward: false, delayMs: pace(who) } : { forward: false };
  };

  /**
   * Takes a device's request: settles once it is stored (or refused and answered), so the
   * embedded broker acknowledges it only then; `forward: false` keeps a refused request from
   * every other subscriber. A refusal is decided at once, without waiting. Rejects when the
   * store failed (the device is not acknowledged).
   */
  const takeRequest = (
    topic: string,
    payload: Buffer,
    retained: boolean,
  ): { forward: boolean; delayMs?: number } | Promise<{ forward: boolean }> => {
    // The office in force: a counter the console added or removed is known at once.
    const read = readRequest(queue.config, limiter, topic, payload, retained);
    if (!read.ok) return refuseRequest(read, read.reason, topic, payload);
    if (!ready) return refuseRequest(read, "starting", topic, payload);
    return queue.enqueue(read.make, read.key).then((outcome) => {
      if (outcome.kind === "decided") {
        stats.accepted++;
        if (outcome.decision.ignored)
          log.info({ key: read.key, reason: outcome.decision.ignored }, "request changed nothing");
      } else if (outcome.kind === "duplicate") {
        // A resend (after a lost answer or a crash): the stored answer again, nothing decided.
        stats.duplicates++;
        log.info({ key: read.key, seq: outcome.seq }, "request sent again: answered from the store");
        link.send(outgoing.answer(outcome.input, outcome.events, true));
      } else {
        log.info({ key: read.key }, "request had nothing to act on");
      }
      return { forward: true };
    });
  };

  const hubSecret = randomBytes(24).toString("base64url");
  let broker: EmbeddedBroker | undefined;
  let username: string | undefined;
  let password: string | undefined;
  if (options.brokerUrl === undefined) {
    broker = await startBroker({
      hub: config.hub,
      ...(options.mqttPort !== undefined ? { mqttPort: options.mqttPort } : {}),
      ...(options.wsPort !== undefined ? { wsPort: options.wsPort } : {}),
      access: new AccessControl(office, config.security, hubSecret),
      log: moduleLogger(options.log, "motcua:broker"),
      onRefused: refuse,
      onRequest: takeRequest,
    });
    username = HUB_USERNAME;
    password = hubSecret;
  }

  // With the embedded broker the hub's own client is connected in process, before any
  // listener opens: no device can press while the hub is not yet listening.
  const embedded = broker;
  const link = new BrokerLink({
    url: options.brokerUrl ?? "in-process",
    ...(embedded
      ? {
          connect: () => embedded.connectInternal(),
          // Resolves once the broker has handed the message to its subscribers' connections.
          direct: (topic: string, payload: Buffer, retain: boolean) =>
            new Promise<void>((resolve) =>
              embedded.aedes.publish(
                { cmd: "publish", topic, payload, qos: 1, retain, dup: false },
                (error) => {
                  if (error) log.error({ topic, err: error.message }, "publish failed");
                  resolve();
                },
              ),
            ),
        }
      : {}),
    office,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    log: moduleLogger(options.log, "motcua:link"),
    onConnect: () => {
      void link.send([...outgoing.retainedChanges(true), clockMessage()]);
    },
    onMessage: (topic, payload, retained) => {
      if (retained) {
        // Delivered from the broker's store, so made while nobody was listening: a request is
        // acted on only when it is live (PROTOCOL.md: never late). The stored copy is cleared.
        refuse("retained");
        log.warn({ topic: topic.slice(0, 200) }, "retained request ignored and cleared");
        link.client.publish(topic, "", { qos: 1, retain: true });
        return;
      }
      Promise.resolve(takeRequest(topic, payload, false)).catch((error: Error) =>
        log.error({ topic: topic.slice(0, 200), err: error.message }, "request not stored"),
      );
    },
    // Through an external broker the hub subscribes to the requests; the embedded one hands
    // them over in its authorisation hook instead.
    subscriptions: broker === undefined ? REQUEST_TOPICS.map((name) => filterOf(name, office)) : [],
  });
  // The hub's clock for the displays (docs/protocol.md, "The hub's clock"): with --now and
  // --speed a wall clock can no longer be read from the machine it runs on.
  const clockMessage = () => ({
    topic: topics.hubClock(office),
    payload: {
      at: queue.core.calendar.format(clock.now()),
      realAt: queue.core.calendar.format(Date.now()),
      speed: clock.speed ?? 1,
    } satisfies HubClock,
    retain: true,
  });
  // Calls and tickets go out at once; the retained states and board are coalesced over a
  // short window, since one ticket can change every counter's `waiting` (40 messages on a
  // provincial floor) and a burst of presses should not queue a call behind them.
  let flush: NodeJS.Timeout | undefined;
  const flushRetained = () => {
    flush = undefined;
    link.send(outgoing.retainedChanges());
  };
  // A call goes out as soon as it is decided; the answer to the device once it is stored.
  queue.onAnnounce((_input, decision) => link.send(outgoing.calls(decision)));
  queue.onDecision((input, decision) => {
    for (const event of decision.events) log.info({ event }, event.type);
    link.send(outgoing.answer(input, decision.events, false));
    link.send(outgoing.staffNotices(decision));
    flush ??= setTimeout(flushRetained, RETAINED_COALESCE_MS);
  });
  // A counter the console removed: its retained state is cleared (an empty retained message).
  queue.onConfigChange(() => {
    for (const topic of outgoing.staleCounterStates())
      link.client.publish(topic, "", { qos: 1, retain: true });
  });

  try {
    await link.ready();
  } catch (error) {
    await link.client.endAsync(true);
    await broker?.close();
    queue.close();
    store.close();
    throw error;
  }
  ready = true;
  let consoleServer: RunningConsole | undefined;
  // The modem's last status, for the console's SMS page (set by the SMS link below).
  let modemReading: ModemReading | undefined;
  try {
    await broker?.listen();
    if (options.console)
      consoleServer = await startConsole({
        ...options.console,
        host: config.hub.host,
        store,
        queue,
        config,
        log: moduleLogger(options.log, "motcua:console"),
        modem: () => modemReading,
      });
  } catch (error) {
    await link.close();
    await broker?.close();
    queue.close();
    store.close();
    throw portInUse(error, options) ?? error;
  }
  const url = options.brokerUrl ?? `${config.hub.tls ? "mqtts" : "mqtt"}://127.0.0.1:${broker?.mqttPort}`;

  let sms: SmsLink | undefined;
  const modem =
    options.modem === undefined
      ? config.modem.paths
      : options.modem === "sim"
        ? "sim"
        : typeof options.modem === "string"
          ? [options.modem]
          : [...options.modem];
  if (modem === "sim" || modem.length > 0) {
    const modemStatus = topics.deviceStatus(office, "modem");
    sms = await startSmsLink({
      config,
      modem,
      queue,
      store,
      clock,
      // The modem library names its own modules (motcua:modem, motcua:outbox).
      log: options.log,
      ...(options.simSendDelayMs !== undefined ? { simSendDelayMs: options.simSendDelayMs } : {}),
      onStatus: (status) => {
        modemReading = { status, at: queue.stamp() };
        // PROTOCOL.md: the presence topic carries "online"/"offline"; the details go beside it.
        const online = status.modems.some((m) => m.state === "ready");
        link.send([
          { topic: modemStatus, payload: online ? "online" : "offline", retain: true },
          { topic: `${modemStatus.slice(0, -"/status".length)}/info`, payload: status, retain: true },
        ]);
      },
    });
    queue.setOutgoing((input, decision) => sms?.outgoing(input, decision));
    queue.onDecision(() => sms?.kick());
  }
  // The office file changed since the last start: its configuration goes in force now that the
  // outbox is connected (the SMS to the citizens whose bookings it breaks are queued).
  queue.applyFileConfig();
  queue.arm();
  log.info(
    {
      office,
      mqtt: url.replace(/\/\/[^@/]*@/, "//***@"),
      ws: broker ? `ws://127.0.0.1:${broker.wsPort}` : undefined,
      console: consoleServer
        ? `${config.hub.tls ? "https" : "http"}://${config.hub.host}:${consoleServer.port}/`
        : undefined,
      data: dataDir,
    },
    "hub ready",
  );

  return {
    queue,
    store,
    ...(broker ? { broker } : {}),
    link,
    ...(sms ? { sms } : {}),
    mqttUrl: url,
    ...(broker ? { wsUrl: `ws://127.0.0.1:${broker.wsPort}` } : {}),
    ...(consoleServer ? { console: consoleServer } : {}),
    stats: () => structuredClone(stats),
    async stop() {
      await sms?.stop();
      queue.close();
      if (flush) {
        clearTimeout(flush);
        flushRetained();
      }
      await consoleServer?.close();
      await link.close();
      await broker?.close();
      store.close();
      log.info({}, "hub stopped");
    },
  };
}

/**
 * A port of the hub that another program (or another hub) already holds. Its message is the
 * one line a person needs: the port, what it is for and the flag that moves it.
 */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  readonly code = "EADDRINUSE";
  constructor(
    readonly port: number,
    readonly flag: string,
    what: string,
  ) {
    super(`port ${port} (${what}) is already in use by another program: choose another with ${flag} N`);
  }
}

function portInUse(error: unknown, options: HubOptions): PortInUseError | undefined {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== "EADDRINUSE" || port === undefined) return undefined;
  const hub = options.config.hub;
  if (port === (options.mqttPort ?? hub.mqttPort)) return new PortInUseError(port, "--mqtt-port", "MQTT");
  if (port === (options.wsPort ?? hub.wsPort))
    return new PortInUseError(port, "--ws-port", "MQTT over WebSocket");
  if (port === options.console?.port) return new PortInUseError(port, "--http-port", "the staff console");
  return undefined;
}

/** Refusals a device can be told about on its answer topic. */
function isAnswerable(reason: string): reason is RequestRefusal {
  return (REQUEST_REFUSALS as readonly string[]).includes(reason);
}
