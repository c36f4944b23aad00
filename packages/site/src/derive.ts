import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  counterFileSchema,
  counterPinsOf,
  kioskPins,
  kioskPinsFileSchema,
  ratingFileSchema,
  ratingPinsOf,
} from "@motcua/config";
import { stringify as toYaml } from "yaml";
import type { LoadedSite } from "./load.js";
import {
  defaultHostname,
  type HubAddress,
  hubAddressSchema,
  kioskSiteSchema,
  type Site,
  type WifiSettings,
} from "./schema.js";

/** One file a unit starts with, written by `check.ts --write DIR`. */
export interface RoleFile {
  name: string;
  content: string;
  /** 0o600 for anything holding a secret. */
  mode: number;
}

/** Every name `--write` may produce: a name not produced this time is removed from DIR. */
export const ROLE_FILE_NAMES = [
  "env",
  "credentials.yaml",
  "counter.yaml",
  "rating.yaml",
  "pins.yaml",
  "hostname",
  "wifi.nmconnection",
  "wifi-country",
  "chrony.sources",
  "pullups",
] as const;

/** The data directory of the hub on every image: the store on the persistent partition. */
export const HUB_DATA_DIR = "/var/lib/motcua";

// `$MOTCUA_ARGS` in a unit's ExecStart= is split at white space and quotes are not honoured:
// every argument must be one plain word.
const WORD = /^[A-Za-z0-9._:/@+=,-]+$/;

export function hubMqttUrl(hub: HubAddress): string {
  return `${hub.tls ? "mqtts" : "mqtt"}://${hub.host}:${hub.mqttPort}`;
}

export function hubWsUrl(hub: HubAddress): string {
  return `ws://${hub.host}:${hub.wsPort}`;
}

/**
 * The arguments after the verb in the unit's ExecStart= (`$MOTCUA_ARGS`), and the files they
 * name, for the card's role; plus the system's share (host name, Wi-Fi, time source, GPIO
 * pull-ups) that motcua-site.service applies as root. Pure: `dir` is where the files will be.
 */
export async function roleFiles(loaded: LoadedSite, dir: string): Promise<RoleFile[]> {
  const { site } = loaded;
  const files: RoleFile[] = [];
  const file = (name: string, content: string, mode = 0o644) => {
    files.push({ name, content, mode });
    return join(dir, name);
  };
  const hub = site.hub ?? hubAddressSchema.parse({});
  const credentials =
    site.credential !== undefined
      ? file(
          "credentials.yaml",
          toYaml({ username: site.credential.username, password: site.credential.password }),
          0o600,
        )
      : undefined;
  const args: string[] = [];
  let pullups: number[] = [];
  switch (site.role) {
    case "hub":
      args.push("--config", loaded.officePath as string);
      break;
    case "counter": {
      // The pad's own file, made valid by the pad's own schema.
      const padFile = counterFileSchema.parse({
        hub: hubMqttUrl(hub),
        office: site.office,
        counter: site.counter?.id,
        gpio: "onoff",
        ...(credentials !== undefined ? { credentials } : {}),
        ...(site.counter?.pins !== undefined ? { pins: site.counter.pins } : {}),
        ...(site.counter?.timing !== undefined ? { timing: site.counter.timing } : {}),
        display: "none",
      });
      args.push("--config", file("counter.yaml", toYaml(padFile)));
      if (padFile.pins?.activeLow !== false) pullups = Object.values(counterPinsOf(padFile).buttons);
      break;
    }
    case "rating": {
      // The rating pad's own file, made valid by the pad's own schema.
      const padFile = ratingFileSchema.parse({
        hub: hubMqttUrl(hub),
        office: site.office,
        counter: site.rating?.counter,
        gpio: "onoff",
        ...(credentials !== undefined ? { credentials } : {}),
        ...(site.rating?.pins !== undefined ? { pins: site.rating.pins } : {}),
        ...(site.rating?.timing !== undefined ? { timing: site.rating.timing } : {}),
      });
      args.push("--config", file("rating.yaml", toYaml(padFile)));
      if (padFile.pins?.activeLow !== false) pullups = Object.values(ratingPinsOf(padFile).buttons);
      break;
    }
    case "kiosk": {
      const kiosk = site.kiosk ?? kioskSiteSchema.parse({});
      const pins = kioskPinsFileSchema.parse(kiosk.pins ?? {});
      args.push(
        "--kiosk",
        kiosk.id,
        "--hub",
        hubMqttUrl(hub),
        "--printer",
        kiosk.printer,
        "--paper",
        String(kiosk.paper),
        "--timeout",
        String(kiosk.timeout),
        "--config",
        loaded.officePath as string,
        "--pins",
        file("pins.yaml", toYaml(pins)),
      );
      if (credentials !== undefined) args.push("--credentials", credentials);
      if (pins.activeLow !== false && loaded.office !== undefined)
        pullups = Object.values(kioskPins(loaded.office, pins).buttons);
      break;
    }
    case "display": {
      const id = site.display?.id ?? "1";
      const port = site.display?.port ?? 8080;
      args.push(
        "--hub",
        hubWsUrl(hub),
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--id",
        id,
        "--config",
        loaded.officePath as string,
      );
      if (credentials !== undefined) args.push("--credentials", credentials);
      break;
    }
  }
  const bad = args.find((a) => !WORD.test(a));
  if (bad !== undefined)
    throw new Error(
      `"${bad}" cannot be passed through a unit's $MOTCUA_ARGS (spaces or quotes): move the files`,
    );
  const env = [`MOTCUA_ROLE=${site.role}`, `MOTCUA_ARGS=${args.join(" ")}`];
  if (site.role === "display") env.push(`MOTCUA_DISPLAY_URL=http://127.0.0.1:${site.display?.port ?? 8080}/`);
  file("env", `${env.join("\n")}\n`);

  file("hostname", `${site.hostname ?? defaultHostname(site)}\n`);
  if (site.wifi !== undefined) {
    file("wifi.nmconnection", nmConnection(site.wifi), 0o600);
    file("wifi-country", `${site.wifi.country}\n`);
  }
  // Devices keep the hub's time (chrony on the hub serves the LAN), and the pools when online.
  if (site.role !== "hub") file("chrony.sources", `server ${hub.host} iburst\n`);
  if (pullups.length > 0) file("pullups", `${[...new Set(pullups)].sort((a, b) => a - b).join(" ")}\n`);
  return files;
}

/** GKeyFile escaping: a backslash doubled, leading spaces kept. */
function keyfileValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/^ /, "\\s");
}

/**
 * A NetworkManager keyfile for the site's Wi-Fi. It goes to /run/NetworkManager/system-connections
 * (NetworkManager reads that folder too), so a read-only root needs no write and the site file
 * stays the only place the network is named.
 */
export function nmConnection(wifi: WifiSettings): string {
  const hash = createHash("sha1").update(`motcua-wifi:${wifi.ssid}`).digest("hex");
  const uuid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  const lines = [
    "[connection]",
    "id=motcua-wifi",
    `uuid=${uuid}`,
    "type=wifi",
    "autoconnect=true",
    "",
    "[wifi]",
    "mode=infrastructure",
    `ssid=${keyfileValue(wifi.ssid)}`,
    ...(wifi.hidden ? ["hidden=true"] : []),
    "",
    ...(wifi.psk !== undefined
      ? ["[wifi-security]", "key-mgmt=wpa-psk", `psk=${keyfileValue(wifi.psk)}`, ""]
      : []),
    "[ipv4]",
    "method=auto",
    "",
    "[ipv6]",
    "method=auto",
    "",
  ];
  return lines.join("\n");
}

/** A one-line account of the card, for the log and the technician. */
export function describeSite(loaded: LoadedSite): string {
  const { site } = loaded;
  const hub = site.hub ?? hubAddressSchema.parse({});
  const who =
    site.role === "hub"
      ? "the hub"
      : site.role === "counter"
        ? `the pad of counter ${site.counter?.id}`
        : site.role === "rating"
          ? `the rating pad of counter ${site.rating?.counter}`
          : site.role === "kiosk"
            ? `kiosk ${site.kiosk?.id ?? "1"}`
            : `display ${site.display?.id ?? "1"}`;
  const office = loaded.office !== undefined ? `${loaded.office.office.name} (${site.office})` : site.office;
  const parts = [`${who} of ${office}`, `host ${site.hostname ?? defaultHostname(site)}`];
  if (site.role !== "hub") parts.push(`hub ${hub.host}`);
  parts.push(site.wifi !== undefined ? `Wi-Fi "${site.wifi.ssid}"` : "wired");
  if (site.credential !== undefined) parts.push(`as ${site.credential.username}`);
  return parts.join(", ");
}

export type { Site };
