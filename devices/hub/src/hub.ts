import { randomBytes } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import type { OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { moduleLogger } from "@motcua/log";
import { topics } from "@motcua/protocol";
import { openStore, type Store } from "@motcua/store";
import { AccessControl } from "./access.js";
import { type EmbeddedBroker, startBroker } from "./broker.js";
import { type Clock, ScaledClock } from "./clock.js";
import { readDeviceMessage } from "./incoming.js";
import { BrokerLink } from "./link.js";
import { OutgoingMessages } from "./outgoing.js";
import { LiveQueue } from "./queue.js";
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
  stats(): HubStats;
  stop(): Promise<void>;
}

export function defaultDataDir(): string {
  return (
    process.env.MOTCUA_DATA ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "motcua")
  );
}

/** Starts the hub: store, live queue, broker (embedded unless an external one is named) and link. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { config } = options;
  const log = moduleLogger(options.log, "motcua:hub");
  const clock = options.clock ?? new ScaledClock();
  const office = config.office.id;
  const stats: HubStats = { accepted: 0, duplicates: 0, refused: {} };
  const refuse = (reason: string) => {
    stats.refused[reason] = (stats.refused[reason] ?? 0) + 1;
  };

  const dataDir = options.dataDir ?? defaultDataDir();
  const store = openStore({ path: join(dataDir, `${office}.sqlite`) });
  let queue: LiveQueue;
  try {
    queue = LiveQueue.open(config, store, clock, moduleLogger(options.log, "motcua:queue"));
  } catch (error) {
    store.close();
    throw error;
  }
  const outgoing = new OutgoingMessages(config, queue.core);

  // Presses are taken only once the link is up, so every decision is announced; a device
  // pressing in the first instants is refused and retries (its press is not acknowledged).
  let ready = false;
  const handlePress = (topic: string, payload: Buffer) => {
    if (!ready) throw new Error("the hub is starting");
    const read = readDeviceMessage(config, topic, payload, queue.stamp());
    if (!read.ok) {
      refuse(read.reason);
      log.warn(
        { topic: topic.slice(0, 200), reason: read.reason, detail: read.detail.slice(0, 300) },
        "device message refused",
      );
      return;
    }
    if (queue.hasSeen(read.key)) {
      stats.duplicates++;
      log.info({ key: read.key }, "duplicate press ignored");
      return;
    }
    stats.accepted++;
    try {
      const decision = queue.submit(read.input);
      if (decision.ignored) log.info({ key: read.key, reason: decision.ignored }, "press changed nothing");
    } catch (error) {
      refuse("failed");
      log.error({ key: read.key, err: (error as Error).message }, "press failed");
    }
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
      onPress: handlePress,
    });
    username = "motcua-hub";
    password = hubSecret;
  }

  // With the embedded broker the hub's own client is connected in process, before any
  // listener opens: no device can press while the hub is not yet listening.
  const embedded = broker;
  const link = new BrokerLink({
    url: options.brokerUrl ?? "in-process",
    ...(embedded ? { connect: () => embedded.connectInternal() } : {}),
    office,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    log: moduleLogger(options.log, "motcua:link"),
    onConnect: () => link.send(outgoing.retainedChanges(true)),
    onMessage: (topic, payload) => {
      try {
        handlePress(topic, payload);
      } catch (error) {
        refuse("starting");
        log.warn({ topic: topic.slice(0, 200), err: (error as Error).message }, "press dropped");
      }
    },
    presses: broker === undefined,
  });
  // Calls and tickets go out at once; the retained states and board are coalesced over a
  // short window, since one ticket can change every counter's `waiting` (40 messages on a
  // provincial floor) and a burst of presses should not queue a call behind them.
  let flush: NodeJS.Timeout | undefined;
  const flushRetained = () => {
    flush = undefined;
    link.send(outgoing.retainedChanges());
  };
  queue.onDecision((input, decision) => {
    for (const event of decision.events) log.info({ event }, event.type);
    link.send(outgoing.forDecision(input, decision));
    flush ??= setTimeout(flushRetained, RETAINED_COALESCE_MS);
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
  try {
    await broker?.listen();
  } catch (error) {
    await link.close();
    await broker?.close();
    queue.close();
    store.close();
    throw error;
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
  queue.arm();
  log.info(
    {
      office,
      mqtt: url.replace(/\/\/[^@/]*@/, "//***@"),
      ws: broker ? `ws://127.0.0.1:${broker.wsPort}` : undefined,
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
    stats: () => structuredClone(stats),
    async stop() {
      await sms?.stop();
      queue.close();
      if (flush) {
        clearTimeout(flush);
        flushRetained();
      }
      await link.close();
      await broker?.close();
      store.close();
      log.info({}, "hub stopped");
    },
  };
}
