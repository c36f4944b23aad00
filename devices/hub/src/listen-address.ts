import { isIP } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import type { OfficeConfig } from "@motcua/config";

/** `hub.host` (or `--bind`) cannot be listened on: the one line a technician needs. */
export class ListenAddressError extends Error {
  override readonly name = "ListenAddressError";
}

/**
 * The address the hub's listeners bind, from `hub.host`: an address as it is; the name of one
 * of this machine's network interfaces (`eth0`, `wlan0`) as that interface's IPv4 address, so a
 * Pi whose address comes from DHCP is told its LAN by name; anything else is a host name for
 * the system to resolve. Without it, only an office that lets anonymous clients in listens on
 * every interface: a secured office must say where (docs/hub.md, "The address it listens on").
 */
export function listenAddress(
  config: Pick<OfficeConfig, "hub" | "security">,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string {
  const host = config.hub.host;
  if (host === undefined) {
    if (config.security.allowAnonymous) return "0.0.0.0";
    throw new ListenAddressError(
      `a secured office's hub must be told where to listen: hub.host in the configuration or --bind, naming its LAN interface (${interfaceNames(interfaces)}) or address; 0.0.0.0 listens on every interface`,
    );
  }
  if (isIP(host) !== 0) return host;
  const addresses = interfaces[host];
  if (addresses === undefined) return host;
  const ipv4 = addresses.find((a) => a.family === "IPv4");
  if (ipv4 === undefined)
    throw new ListenAddressError(
      `the interface ${host} has no IPv4 address yet (is its cable or Wi-Fi connected?); the hub tries again when restarted`,
    );
  return ipv4.address;
}

function interfaceNames(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const names = Object.keys(interfaces).filter((name) => interfaces[name]?.some((a) => !a.internal));
  return names.length > 0 ? `here: ${names.join(", ")}` : "e.g. eth0, wlan0";
}
