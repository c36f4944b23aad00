/**
 * Every topic of the wire contract, defined once: PROTOCOL.md's topics and the additions
 * documented in docs/protocol.md. The builders, the parser, the subscription filters and the
 * broker's rules (who may publish it, whether it is retained) all come from this one table.
 */

/**
 * Who publishes a topic: the hub, a counter's pad, a counter's rating pad (the citizen's), a
 * kiosk, or any device about itself.
 */
export type Publisher = "hub" | "counter" | "rating" | "kiosk" | "self";

interface TopicSpec {
  /** The path after `motcua/{o}/`; `{id}` is the counter, kiosk or device id. */
  path: string;
  publisher: Publisher;
  /** Whether the publisher retains it: the broker refuses the other way for device topics. */
  retained: boolean;
}

const SPECS = {
  // Devices → hub (PROTOCOL.md): QoS 1, never retained.
  counterPress: { path: "counter/{id}/press", publisher: "counter", retained: false },
  /** The citizen's pad beside the counter: the officer's own pad may not rate the counter. */
  counterRating: { path: "counter/{id}/rating", publisher: "rating", retained: false },
  kioskPress: { path: "kiosk/{id}/press", publisher: "kiosk", retained: false },
  /** A number the kiosk issued (or may have) but never printed: the hub voids it. */
  kioskVoid: { path: "kiosk/{id}/void", publisher: "kiosk", retained: false },
  /** The kiosk's printer as last seen. */
  kioskHealth: { path: "kiosk/{id}/health", publisher: "kiosk", retained: true },
  deviceStatus: { path: "device/{id}/status", publisher: "self", retained: true },
  // Hub → devices.
  kioskTicket: { path: "kiosk/{id}/ticket", publisher: "hub", retained: false },
  /** The hub's answer to each counter press or rating: stored (and what it did) or refused. */
  counterAck: { path: "counter/{id}/ack", publisher: "hub", retained: false },
  calls: { path: "calls", publisher: "hub", retained: false },
  counterState: { path: "counter/{id}/state", publisher: "hub", retained: true },
  board: { path: "board", publisher: "hub", retained: true },
  /** The line the wall display shows instead of its configured notice (empty: none). */
  displayNotice: { path: "display/notice", publisher: "hub", retained: true },
  /** The hub's clock (its `--now` and `--speed`), so a display shows the hub's time from the start. */
  hubClock: { path: "clock", publisher: "hub", retained: true },
  /** Details beside a presence (the modem's signal, storage, outbox). */
  deviceInfo: { path: "device/{id}/info", publisher: "hub", retained: true },
  /** DOSSIERS.md: one message per notice to an officer (`{id}` is the officer's id). */
  staffInbox: { path: "staff/{id}/inbox", publisher: "hub", retained: false },
  /** DOSSIERS.md: the officer's open steps, so a staff page that (re)connects sees them at once. */
  staffTasks: { path: "staff/{id}/tasks", publisher: "hub", retained: true },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = keyof typeof SPECS;
type WithId = {
  [K in TopicName]: (typeof SPECS)[K]["path"] extends `${string}{id}${string}` ? K : never;
}[TopicName];
type WithoutId = Exclude<TopicName, WithId>;

export const TOPIC_NAMES = Object.keys(SPECS) as TopicName[];

/** The root of an office's topics, `motcua/{o}`. */
export function officeRoot(office: string): string {
  return `motcua/${office}`;
}

function build(name: TopicName, office: string, id?: string): string {
  const path = SPECS[name].path;
  return `${officeRoot(office)}/${id === undefined ? path : path.replace("{id}", id)}`;
}

/** Topic builders: `topics.counterPress("son-tay", "1")` is `motcua/son-tay/counter/1/press`. */
export const topics = Object.fromEntries(
  TOPIC_NAMES.map((name) => [name, (office: string, id?: string) => build(name, office, id)]),
) as { [K in WithId]: (office: string, id: string) => string } & {
  [K in WithoutId]: (office: string) => string;
};

/** Subscription filters: the same topics with `+` for every counter, kiosk or device. */
export function filterOf(name: TopicName, office: string): string {
  return build(name, office, "+");
}

/** The whole office, for tools that watch everything. */
export function officeFilter(office: string): string {
  return `${officeRoot(office)}/#`;
}

const PATTERNS = TOPIC_NAMES.map((name) => {
  const [before, after] = SPECS[name].path.split("{id}") as [string, string | undefined];
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const body = after === undefined ? literal(before) : `${literal(before)}([^/#+]+)${literal(after)}`;
  return { name, re: new RegExp(`^motcua/([^/#+]+)/${body}$`) };
});

export interface ParsedTopic {
  name: TopicName;
  office: string;
  /** The counter, kiosk or device id of the topic, when it has one. */
  id?: string;
}

/** Which contract topic a name is, with its office and its counter/kiosk/device id. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  for (const { name, re } of PATTERNS) {
    const m = re.exec(topic);
    if (!m) continue;
    const office = m[1] as string;
    return m[2] === undefined ? { name, office } : { name, office, id: m[2] };
  }
  return undefined;
}

/** Who may publish a topic, and whether it is retained. */
export function topicRules(name: TopicName): { publisher: Publisher; retained: boolean } {
  const { publisher, retained } = SPECS[name];
  return { publisher, retained };
}

/** Topics that carry a device's request to the hub: stored and answered, idempotent by `id`. */
export const REQUEST_TOPICS = ["counterPress", "counterRating", "kioskPress", "kioskVoid"] as const;
export type RequestTopic = (typeof REQUEST_TOPICS)[number];

export function isRequestTopic(name: TopicName): name is RequestTopic {
  return (REQUEST_TOPICS as readonly TopicName[]).includes(name);
}

// ---- client ids ------------------------------------------------------------------------

/**
 * The MQTT client id of device `d` of office `o`: `motcua-{o}-{d}`; the hub's device id is
 * `hub`. A device that needs several connections at once (a display page open twice) adds
 * `.{anything}`. The embedded broker lets only the device's own credential use its ids.
 */
export function clientIdOf(office: string, device: string, instance?: string): string {
  return `motcua-${office}-${device}${instance === undefined ? "" : `.${instance}`}`;
}

/** The device a client id names (`motcua-{o}-{d}` or `motcua-{o}-{d}.…`), if any. */
export function deviceOfClientId(office: string, clientId: string): string | undefined {
  const prefix = `motcua-${office}-`;
  if (!clientId.startsWith(prefix)) return undefined;
  const rest = clientId.slice(prefix.length);
  const dot = rest.indexOf(".");
  const device = dot === -1 ? rest : rest.slice(0, dot);
  return device.length > 0 ? device : undefined;
}

/** The hub's presence `{d}`: `device/hub/status`. */
export const HUB_DEVICE = "hub";

// ---- presence --------------------------------------------------------------------------

export type Presence = "online" | "offline";

/**
 * A presence payload (`device/{d}/status`): the JSON string `"online"` or `"offline"`, since
 * every payload of the contract is JSON.
 */
export function presencePayload(state: Presence): string {
  return JSON.stringify(state);
}
