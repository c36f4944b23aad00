import type { DeviceConfig, SecurityConfig } from "@motcua/config";
import { verifyPassword } from "./credentials.js";

/** What a kiosk tells the office besides its presses: its printer's health, and voided numbers. */
const KIOSK_NOTICES = new Set(["health", "void"]);

/** Who a connected client is, once authenticated. */
export type Principal =
  | { kind: "device"; device: DeviceConfig }
  | { kind: "anonymous" }
  /** The hub's own client, when it talks to its embedded broker. */
  | { kind: "hub" };

/**
 * Authentication and the access list of the embedded broker. A counter pad may publish only
 * its own counter's presses (and its presence), a kiosk only its own, a display only
 * subscribes; the hub alone publishes calls, states, the board and tickets.
 */
export class AccessControl {
  private readonly devices: Map<string, DeviceConfig>;

  constructor(
    private readonly office: string,
    private readonly security: SecurityConfig,
    private readonly hubSecret: string,
  ) {
    this.devices = new Map(security.devices.map((d) => [d.id, d]));
  }

  /** The principal for a username/password, or undefined when refused. */
  authenticate(username: string | undefined, password: Buffer | undefined): Principal | undefined {
    if (username === undefined || username === "") {
      return this.security.allowAnonymous ? { kind: "anonymous" } : undefined;
    }
    const secret = password?.toString("utf8") ?? "";
    if (username === "motcua-hub")
      return secret === this.hubSecret && secret.length > 0 ? { kind: "hub" } : undefined;
    const device = this.devices.get(username);
    if (!device || !verifyPassword(secret, device.passwordHash)) return undefined;
    return { kind: "device", device };
  }

  canPublish(principal: Principal, topic: string): boolean {
    const prefix = `motcua/${this.office}/`;
    if (!topic.startsWith(prefix)) return false;
    if (principal.kind === "hub") return true;
    const [kind, id, leaf, ...more] = topic.slice(prefix.length).split("/");
    if (more.length > 0 || id === undefined || leaf === undefined) return false;
    const ownPress = (device: "counter" | "kiosk") => kind === device && leaf === "press";
    const kioskNotice = kind === "kiosk" && KIOSK_NOTICES.has(leaf);
    const presence = kind === "device" && leaf === "status";
    if (principal.kind === "anonymous") {
      // Demonstration mode: any button may be pressed, any device may announce itself.
      return ownPress("counter") || ownPress("kiosk") || kioskNotice || (presence && id !== "hub");
    }
    const device = principal.device;
    if (presence) return id === device.id;
    if (device.role === "counter") return ownPress("counter") && id === device.counter;
    if (device.role === "kiosk") return (ownPress("kiosk") || kioskNotice) && id === device.kiosk;
    return false;
  }

  canSubscribe(principal: Principal, filter: string): boolean {
    // Everything of this office is readable by its own devices; nothing of other offices.
    return (
      filter === `motcua/${this.office}/#` ||
      filter.startsWith(`motcua/${this.office}/`) ||
      (principal.kind === "hub" && filter.startsWith("$SYS/"))
    );
  }
}
