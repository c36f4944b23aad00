/**
 * The page's connection to the hub: MQTT over WebSocket through @motcua/link, read-only (no
 * presence: the display server announces the display). It subscribes again on every
 * (re)connection, so the retained messages alone rebuild the whole picture, and reconnects by
 * itself every few seconds while the hub is away.
 */
import { DeviceLink } from "@motcua/link";
import { filterOf, topics } from "@motcua/protocol";
import type { PageConfig } from "../src/page-config";
import { type Message, readMessage } from "./model";

export interface HubLink {
  close(): void;
}

export function connectHub(config: PageConfig, onMessage: (m: Message) => void): HubLink {
  const office = config.office.id;
  const link = new DeviceLink({
    url: config.hubUrl,
    office,
    device: `display-${config.display}`,
    // One client id per open page: two pages of one display must not take each other's place.
    instance: Math.random().toString(36).slice(2, 10),
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    presence: false,
    subscriptions: [
      topics.board(office),
      filterOf("counterState", office),
      topics.calls(office),
      topics.displayNotice(office),
      topics.hubClock(office),
    ],
    reconnectMs: 2000,
    keepaliveSec: 15,
  });
  link.onChange(() => onMessage({ kind: "link", link: link.connected ? "online" : "offline" }));
  link.onMessage(({ topic, payload, retained }) => {
    const message = readMessage(office, topic, payload, retained);
    if (message) onMessage(message);
  });
  return { close: () => void link.close() };
}
