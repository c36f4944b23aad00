// Where the hub listens: `hub.host` as an address, an interface's name or nothing at all.
import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { ListenAddressError, listenAddress } from "../src/listen-address.js";

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null }) as NetworkInterfaceInfo;
const pi = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  eth0: [nic("fe80::1", "IPv6"), nic("192.168.1.10", "IPv4")],
  wlan0: [nic("fe80::2", "IPv6")],
  tun0: [nic("10.8.0.2", "IPv4")],
};
const office = (host: string | undefined, allowAnonymous: boolean) => ({
  hub: { host } as never,
  security: { allowAnonymous, devices: [] },
});

describe("the hub's listen address", () => {
  it("takes an interface's name as that interface's IPv4 address, not the VPN's", () => {
    expect(listenAddress(office("eth0", false), pi)).toBe("192.168.1.10");
    expect(listenAddress(office("lo", false), pi)).toBe("127.0.0.1");
  });

  it("takes an address as it is, 0.0.0.0 included when a technician asks for every interface", () => {
    expect(listenAddress(office("192.168.1.10", false), pi)).toBe("192.168.1.10");
    expect(listenAddress(office("0.0.0.0", false), pi)).toBe("0.0.0.0");
    expect(listenAddress(office("::", false), pi)).toBe("::");
  });

  it("passes any other name on for the system to resolve", () => {
    expect(listenAddress(office("motcua-hub.local", false), pi)).toBe("motcua-hub.local");
  });

  it("listens on every interface without hub.host only when the office lets anonymous clients in", () => {
    expect(listenAddress(office(undefined, true), pi)).toBe("0.0.0.0");
    expect(() => listenAddress(office(undefined, false), pi)).toThrow(ListenAddressError);
    expect(() => listenAddress(office(undefined, false), pi)).toThrow(
      "a secured office's hub must be told where to listen: hub.host in the configuration or --bind, naming its LAN interface (here: eth0, wlan0, tun0) or address; 0.0.0.0 listens on every interface",
    );
  });

  it("refuses an interface that has no IPv4 address yet, saying so", () => {
    expect(() => listenAddress(office("wlan0", false), pi)).toThrow(
      "the interface wlan0 has no IPv4 address yet (is its cable or Wi-Fi connected?); the hub tries again when restarted",
    );
  });

  it("reads this machine's own interfaces by default: lo is the loopback", () => {
    expect(listenAddress(office("lo", false))).toBe("127.0.0.1");
  });
});
