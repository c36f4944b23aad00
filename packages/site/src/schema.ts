import {
  counterFileSchema,
  counterId,
  deviceId,
  displayId,
  kioskId,
  kioskPinsFileSchema,
  officeId,
  ratingFileSchema,
} from "@motcua/config";
import { z } from "zod";

/** Current version of the site file format; a newer file is refused. */
export const SITE_VERSION = 1;

/** What a card does: one program each, started by its unit (images/units/motcua-<role>.service). */
export const SITE_ROLES = ["hub", "counter", "rating", "kiosk", "display"] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

const hostname = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be 1–63 lowercase ASCII letters, digits and dashes (no dots: .local is added on the LAN)",
  );
/** A host name or IPv4 address on the office's LAN. */
const host = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, "must be a host name or an IPv4 address");
const port = z.number().int().min(1).max(65535);
/** A file beside the site file, on the same partition. */
const fileName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    "must be the name of a file beside the site file (letters, digits, . _ -; no folders or spaces)",
  );

/** Where a device finds the hub. The hub's own ports are in the office configuration (`hub:`). */
export const hubAddressSchema = z.strictObject({
  /** The hub announces itself as motcua-hub.local (avahi); an IPv4 address works too. */
  host: host.default("motcua-hub.local"),
  mqttPort: port.default(1883),
  /** MQTT over WebSocket, for the display's page. */
  wsPort: port.default(9001),
  /** The hub's TCP listener speaks TLS (`hub.tls` in the office configuration). */
  tls: z.boolean().default(false),
});

/** This device's MQTT credential: `username` is its id in the office's `security.devices`. */
export const credentialSchema = z.strictObject({
  username: deviceId,
  /** The password whose hash (`motcua passwd ID`) is in the office configuration. */
  password: z.string().min(1),
});

export const wifiSchema = z.strictObject({
  ssid: z
    .string()
    .min(1)
    .refine((s) => Buffer.byteLength(s) <= 32, { message: "must be at most 32 bytes" })
    .refine((s) => !/[;\\\n\r]/.test(s), { message: "must not hold ; \\ or a line break" }),
  /** WPA2/WPA3 personal passphrase; leave out for an open network. */
  psk: z
    .string()
    .regex(
      /^([\x20-\x7e]{8,63}|[0-9a-fA-F]{64})$/,
      "must be 8–63 printable ASCII characters (or 64 hex digits)",
    )
    .optional(),
  /** Regulatory domain (ISO 3166): which channels and power the radio may use. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter country code such as VN")
    .default("VN"),
  hidden: z.boolean().default(false),
});

/** A counter pad: its counter, and the `pins`/`timing` sections of the pad's own file. */
export const counterSiteSchema = z.strictObject({
  id: counterId,
  pins: counterFileSchema.shape.pins,
  timing: counterFileSchema.shape.timing,
});

/** A rating pad (the citizen's): the counter it rates, and the `pins`/`timing` of its own file. */
export const ratingSiteSchema = z.strictObject({
  counter: counterId,
  pins: ratingFileSchema.shape.pins,
  timing: ratingFileSchema.shape.timing,
});

const printerSpec = z
  .string()
  .regex(
    /^(usb|usb:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|usb:\/\S+|file:\/\S+)$/,
    "must be usb, usb:VID:PID, usb:/dev/… or file:/dir",
  );

/** A ticket kiosk: its id, printer, paper and the kiosk's pins file. */
export const kioskSiteSchema = z.strictObject({
  id: kioskId.default("1"),
  /** The udev rule in the images names the first USB printer /dev/motcua-printer. */
  printer: printerSpec.default("usb:/dev/motcua-printer"),
  paper: z.union([z.literal(58), z.literal(80)]).default(58),
  pins: kioskPinsFileSchema.optional(),
  /** Seconds to wait for the hub's answer to a press. */
  timeout: z.number().gt(0).max(60).default(5),
});

/** A wall display: its id (presence `device/display-{id}`) and the local page's port. */
export const displaySiteSchema = z.strictObject({
  id: displayId.default("1"),
  port: port.default(8080),
});

const ROLE_SECTIONS = ["counter", "rating", "kiosk", "display"] as const;

/**
 * The site file (`motcua.yaml` on the card's boot partition): what differs from one card to
 * another. Everything about the office itself is in the office configuration, whose file
 * `officeConfig` names beside it.
 */
export const siteSchema = z
  .strictObject({
    version: z.literal(SITE_VERSION),
    role: z.enum(SITE_ROLES),
    /** The office's id: `office.id` of its configuration, the `{o}` of every topic. */
    office: officeId,
    /** The office configuration beside this file: needed by the hub, a kiosk and a display. */
    officeConfig: fileName.optional(),
    /** Default: motcua-hub, motcua-counter-<id>, motcua-rating-<counter>, motcua-kiosk-<id>, motcua-display-<id>. */
    hostname: hostname.optional(),
    hub: hubAddressSchema.optional(),
    credential: credentialSchema.optional(),
    /** Leave out on a wired network (the hub should always be wired). */
    wifi: wifiSchema.optional(),
    counter: counterSiteSchema.optional(),
    rating: ratingSiteSchema.optional(),
    kiosk: kioskSiteSchema.optional(),
    display: displaySiteSchema.optional(),
  })
  .superRefine((site, ctx) => {
    if (site.role !== "counter" && site.role !== "rating" && site.officeConfig === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["officeConfig"],
        message: `a ${site.role} needs the office configuration: name its file (e.g. motcua-office.yaml)`,
      });
    }
    if (site.role === "counter" && site.counter === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["counter"],
        message: "a counter pad must name its counter (id)",
      });
    }
    if (site.role === "rating" && site.rating === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rating"],
        message: "a rating pad must name the counter it rates (rating.counter)",
      });
    }
    for (const section of ROLE_SECTIONS) {
      if (site[section] !== undefined && site.role !== section) {
        ctx.addIssue({
          code: "custom",
          path: [section],
          message: `belongs only on a ${section}'s card; this card's role is ${site.role}`,
        });
      }
    }
    if (site.role === "hub") {
      if (site.hub !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["hub"],
          message: "the hub's own card takes no hub address: its ports are in the office configuration",
        });
      if (site.credential !== undefined)
        ctx.addIssue({ code: "custom", path: ["credential"], message: "the hub takes no device credential" });
    }
  });

export type Site = z.output<typeof siteSchema>;
export type SiteInput = z.input<typeof siteSchema>;
export type HubAddress = z.output<typeof hubAddressSchema>;
export type WifiSettings = z.output<typeof wifiSchema>;
export type KioskSite = z.output<typeof kioskSiteSchema>;
export type DisplaySite = z.output<typeof displaySiteSchema>;
export type CounterSite = z.output<typeof counterSiteSchema>;
export type RatingSite = z.output<typeof ratingSiteSchema>;

/** The host name a card takes when its site file names none. */
export function defaultHostname(site: Site): string {
  switch (site.role) {
    case "hub":
      return "motcua-hub";
    case "counter":
      return `motcua-counter-${(site.counter?.id ?? "x").toLowerCase()}`;
    case "rating":
      return `motcua-rating-${(site.rating?.counter ?? "x").toLowerCase()}`;
    case "kiosk":
      return `motcua-kiosk-${(site.kiosk?.id ?? "1").toLowerCase()}`;
    case "display":
      return `motcua-display-${site.display?.id ?? "1"}`;
  }
}
