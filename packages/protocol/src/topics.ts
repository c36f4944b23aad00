/** Every topic of the wire contract starts with `motcua/{office}/`. */
export const topics = {
  counterPress: (office: string, counter: string) => `motcua/${office}/counter/${counter}/press`,
  kioskPress: (office: string, kiosk: string) => `motcua/${office}/kiosk/${kiosk}/press`,
  kioskTicket: (office: string, kiosk: string) => `motcua/${office}/kiosk/${kiosk}/ticket`,
  calls: (office: string) => `motcua/${office}/calls`,
  counterState: (office: string, counter: string) => `motcua/${office}/counter/${counter}/state`,
  board: (office: string) => `motcua/${office}/board`,
  deviceStatus: (office: string, device: string) => `motcua/${office}/device/${device}/status`,
} as const;

export type TopicName = keyof typeof topics;

const patterns: Array<[TopicName, RegExp]> = [
  ["counterPress", /^motcua\/([^/]+)\/counter\/([^/]+)\/press$/],
  ["kioskPress", /^motcua\/([^/]+)\/kiosk\/([^/]+)\/press$/],
  ["kioskTicket", /^motcua\/([^/]+)\/kiosk\/([^/]+)\/ticket$/],
  ["calls", /^motcua\/([^/]+)\/calls$/],
  ["counterState", /^motcua\/([^/]+)\/counter\/([^/]+)\/state$/],
  ["board", /^motcua\/([^/]+)\/board$/],
  ["deviceStatus", /^motcua\/([^/]+)\/device\/([^/]+)\/status$/],
];

/** Which contract topic a name is, with its office and its device/counter/kiosk id. */
export function parseTopic(topic: string): { name: TopicName; office: string; id?: string } | undefined {
  for (const [name, re] of patterns) {
    const m = re.exec(topic);
    if (m)
      return m[2] === undefined
        ? { name, office: m[1] as string }
        : { name, office: m[1] as string, id: m[2] };
  }
  return undefined;
}

export type Presence = "online" | "offline";

/**
 * A presence payload (`device/{d}/status`): the JSON string `"online"` or `"offline"`, since
 * every payload of the contract is JSON.
 */
export function presencePayload(state: Presence): string {
  return JSON.stringify(state);
}

/** Reads a presence payload, JSON (`"online"`) or bare (`online`, as some devices send it). */
export function readPresence(payload: Uint8Array | string): Presence | undefined {
  const text = (typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8"))
    .trim()
    .replace(/^"(.*)"$/, "$1");
  return text === "online" || text === "offline" ? text : undefined;
}
