/**
 * The page's connection to the hub: MQTT over WebSocket, read-only. It subscribes on every
 * (re)connection, so the retained messages alone rebuild the whole picture, and reconnects
 * by itself every few seconds while the hub is away.
 */
import mqtt from "mqtt";
import type { Message } from "./model";
import { readMessage } from "./model";
import type { PageConfig } from "./page-config";

export interface HubLink {
  close(): void;
}

export function connectHub(config: PageConfig, onMessage: (m: Message) => void): HubLink {
  const o = config.office.id;
  const client = mqtt.connect(config.hubUrl, {
    protocolVersion: 4,
    clean: true,
    // A clean session subscribes again itself on each connection (below): no double delivery.
    resubscribe: false,
    reconnectPeriod: 2000,
    connectTimeout: 5000,
    keepalive: 15,
    clientId: `motcua-display-${config.display}-${Math.random().toString(36).slice(2, 10)}`,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
  });
  client.on("connect", () => {
    onMessage({ kind: "link", link: "online" });
    client.subscribe(
      [
        `motcua/${o}/board`,
        `motcua/${o}/counter/+/state`,
        `motcua/${o}/calls`,
        `motcua/${o}/device/hub/status`,
        `motcua/${o}/display/notice`,
      ],
      { qos: 1 },
    );
  });
  const down = () => onMessage({ kind: "link", link: "offline" });
  client.on("close", down);
  client.on("offline", down);
  client.on("error", () => undefined);
  client.on("message", (topic, payload, packet) => {
    const message = readMessage(o, topic, new TextDecoder().decode(payload), packet.retain);
    if (message) onMessage(message);
  });
  return { close: () => client.end(true) };
}
