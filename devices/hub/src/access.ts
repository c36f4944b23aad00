import { type DeviceConfig, type SecurityConfig, verifyPassword } from "@motcua/config";
import {
  clientIdOf,
  deviceOfClientId,
  HUB_DEVICE,
  officeRoot,
  parseTopic,
  topicRules,
} from "@motcua/protocol";

/** The username of the hub's own client on its embedded broker. */
export const HUB_USERNAME = "motcua-hub";

/** Who a connected client is, once authenticated. */
export type Principal =
  | { kind: "device"; device: DeviceConfig }
  | { kind: "anonymous" }
  /** The hub's own client, when it talks to its embedded broker. */
  | { kind: "hub" };

/**
 * Authentication and the access list of the embedded broker, from the topic table of
 * @motcua/protocol: a counter pad may publish only its own counter's requests (and its
 * presence), a rating pad only its own counter's ratings, a kiosk only its own, a display only subscribes; the hub alone publishes calls,
 * states, the board, tickets and answers. A client id that names a device (`motcua-{o}-{d}`)
 * belongs to that device's credential, and the hub's to the hub: nobody can knock another
 * device's session off the broker by connecting with its id.
 */
export class AccessControl {
  private readonly devices: Map<string, DeviceConfig>;
  private readonly root: string;

  constructor(
    private readonly office: string,
    private readonly security: SecurityConfig,
    private readonly hubSecret: string,
  ) {
    this.devices = new Map(security.devices.map((d) => [d.id, d]));
    this.root = `${officeRoot(office)}/`;
  }

  /** The principal for a username/password, or undefined when refused. */
  authenticate(username: string | undefined, password: Buffer | undefined): Principal | undefined {
    if (username === undefined || username === "") {
      return this.security.allowAnonymous ? { kind: "anonymous" } : undefined;
    }
    const secret = password?.toString("utf8") ?? "";
    if (username === HUB_USERNAME)
      return secret === this.hubSecret && secret.length > 0 ? { kind: "hub" } : undefined;
    const device = this.devices.get(username);
    if (!device || !verifyPassword(secret, device.passwordHash)) return undefined;
    return { kind: "device", device };
  }

  /**
   * Whether a principal may connect with this client id: the hub only with its own, a device
   * only with its own (`motcua-{o}-{d}`, or `motcua-{o}-{d}.{instance}`); an anonymous client
   * with any id that names neither the hub nor a device that has a credential.
   */
  mayUseClientId(principal: Principal, clientId: string): boolean {
    const named = deviceOfClientId(this.office, clientId);
    switch (principal.kind) {
      case "hub":
        return clientId === clientIdOf(this.office, HUB_DEVICE);
      case "device":
        return named === principal.device.id;
      case "anonymous":
        return named === undefined || (named !== HUB_DEVICE && !this.devices.has(named));
    }
  }

  canPublish(principal: Principal, topic: string): boolean {
    if (!topic.startsWith(this.root)) return false;
    if (principal.kind === "hub") return true;
    const parsed = parseTopic(topic);
    if (!parsed || parsed.office !== this.office || parsed.id === undefined) return false;
    const { publisher } = topicRules(parsed.name);
    if (publisher === "hub") return false;
    if (principal.kind === "anonymous") {
      // Demonstration mode: any button may be pressed, any device but the hub may announce itself.
      return publisher !== "self" || parsed.id !== HUB_DEVICE;
    }
    const device = principal.device;
    if (publisher === "self") return parsed.id === device.id;
    if (publisher === "counter") return device.role === "counter" && parsed.id === device.counter;
    if (publisher === "rating") return device.role === "rating" && parsed.id === device.counter;
    return device.role === "kiosk" && parsed.id === device.kiosk;
  }

  canSubscribe(principal: Principal, filter: string): boolean {
    // Everything of this office is readable by its own devices; nothing of other offices.
    return filter.startsWith(this.root) || (principal.kind === "hub" && filter.startsWith("$SYS/"));
  }
}
