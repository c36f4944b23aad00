import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  ConfigError,
  type ConfigProblem,
  kioskPins,
  type Locator,
  loadOfficeConfig,
  MigrationError,
  migrateVersions,
  type OfficeConfig,
  placed,
  readYamlFile,
  underPath,
  validate,
  verifyPassword,
} from "@motcua/config";
import { SITE_VERSION, type Site, type SiteRole, siteSchema } from "./schema.js";

/**
 * Where a card's site file is looked for, first found wins: the boot partition of a card with
 * the usual layout, then the BOOTCONFIG partition of an A/B card (rpi-image-gen's image-rota,
 * whose /boot/firmware is a read-only image inside the slot): the partition a PC shows first.
 */
export const SITE_FILE_PATHS = ["/boot/firmware/motcua.yaml", "/bootfs/motcua.yaml"] as const;

/** A site file read and checked, with the office configuration it names. */
export interface LoadedSite {
  /** The file that was read. */
  path: string;
  site: Site;
  /** The office configuration's path and content, when the site file names one. */
  officePath?: string;
  office?: OfficeConfig;
  /** Things that work but deserve a look (printed by check.ts, never fatal). */
  warnings: string[];
}

/**
 * Validates a parsed site document; every problem is named by its field (and its line, given
 * `locate`). A missing `version` is version 1, the only one so far; a newer one is refused.
 */
export function parseSite(document: unknown, source = "site file", locate?: Locator): Site {
  let current: unknown;
  try {
    current = migrateVersions(document ?? {}, SITE_VERSION, {}).document;
  } catch (error) {
    if (error instanceof MigrationError) throw error.inFile(source, locate);
    throw error;
  }
  return validate(siteSchema, current, source, locate);
}

/** The first of `paths` that exists, or a ConfigError naming them all. */
export function findSiteFile(paths: readonly string[] = SITE_FILE_PATHS): string {
  const found = paths.find((p) => existsSync(p));
  if (found === undefined)
    throw new ConfigError(paths.join(", "), [
      {
        path: "",
        message: `no site file: write motcua.yaml on the card's boot partition (looked for ${paths.join(", ")})`,
      },
    ]);
  return found;
}

export interface LoadSiteOptions {
  /** The role the caller runs as (a unit): a card of another role is refused. */
  role?: SiteRole;
  /** Environment overrides of the office configuration (MOTCUA_RULES__…), as the programs read them. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads the first site file of `paths` that exists, validates it, reads the office
 * configuration it names (validated by @motcua/config, as the programs do), and checks the two
 * against each other: the office id, the counter, the kiosk's buttons, and the credential
 * against the hash the hub will check it with.
 */
export async function loadSite(
  paths: readonly string[] = SITE_FILE_PATHS,
  options: LoadSiteOptions = {},
): Promise<LoadedSite> {
  const path = findSiteFile(paths);
  const file = readYamlFile(path);
  const site = parseSite(file.value, path, file.locate);
  if (options.role !== undefined && site.role !== options.role)
    throw new ConfigError(path, [
      {
        path: "role",
        message: `this card is a ${site.role}'s, but the ${options.role}'s program asked for it`,
      },
    ]);
  const loaded: LoadedSite = { path, site, warnings: [] };
  if (site.officeConfig === undefined) {
    if (site.credential === undefined && site.role !== "hub")
      loaded.warnings.push(
        "no credential: only an office whose configuration has security.allowAnonymous: true lets this device in",
      );
    return loaded;
  }
  const officePath = resolve(dirname(path), site.officeConfig);
  const office = loadOfficeConfig(officePath, options.env ?? {});
  loaded.officePath = officePath;
  loaded.office = office;
  const problems = await crossCheck(site, office, officePath, loaded.warnings);
  if (problems.length > 0) throw new ConfigError(path, placed(problems, file.locate));
  return loaded;
}

async function crossCheck(
  site: Site,
  office: OfficeConfig,
  officePath: string,
  warnings: string[],
): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const where = `the office configuration (${officePath})`;
  if (site.office !== office.office.id)
    problems.push({
      path: "office",
      message: `is "${site.office}" but ${where} is office "${office.office.id}"`,
    });
  if (site.counter !== undefined && !office.counters.some((c) => c.id === site.counter?.id))
    problems.push({
      path: "counter.id",
      message: `counter "${site.counter.id}" is not in ${where} (counters: ${office.counters.map((c) => c.id).join(", ")})`,
    });
  if (site.rating !== undefined && !office.counters.some((c) => c.id === site.rating?.counter))
    problems.push({
      path: "rating.counter",
      message: `counter "${site.rating.counter}" is not in ${where} (counters: ${office.counters.map((c) => c.id).join(", ")})`,
    });
  if (site.role === "kiosk") {
    try {
      kioskPins(office, site.kiosk?.pins ?? {});
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...underPath("kiosk.pins", error.problems));
    }
  }
  if (site.role === "hub") {
    // The hub refuses to start without it; the card's check says so before the card is written.
    if (office.hub.host === undefined && !office.security.allowAnonymous)
      problems.push({
        path: "officeConfig",
        message: `${where} must set hub.host, the LAN interface the hub listens on (eth0, wlan0) or its address: a secured office's hub does not start without it`,
      });
    return problems;
  }
  const { security } = office;
  const credential = site.credential;
  if (credential === undefined) {
    if (!security.allowAnonymous)
      problems.push({
        path: "credential",
        message: `required: ${where} lets no device in without one (security.allowAnonymous is false)`,
      });
    else warnings.push("no credential: the office lets anonymous devices in (a demonstration set-up)");
    return problems;
  }
  const device = security.devices.find((d) => d.id === credential.username);
  if (device === undefined) {
    const message = `"${credential.username}" is not in the security.devices of ${where}`;
    if (security.allowAnonymous)
      warnings.push(`credential.username: ${message}; the hub lets it in anonymously`);
    else problems.push({ path: "credential.username", message });
    return problems;
  }
  if (device.role !== site.role)
    problems.push({
      path: "credential.username",
      message: `"${device.id}" is a ${device.role} in ${where}, but this card is a ${site.role}`,
    });
  if (site.role === "counter" && device.counter !== site.counter?.id)
    problems.push({
      path: "credential.username",
      message: `"${device.id}" presses for counter "${device.counter}" in ${where}, but this pad is counter "${site.counter?.id}"`,
    });
  if (site.role === "rating" && device.counter !== site.rating?.counter)
    problems.push({
      path: "credential.username",
      message: `"${device.id}" rates counter "${device.counter}" in ${where}, but this pad rates counter "${site.rating?.counter}"`,
    });
  const kioskId = site.kiosk?.id ?? "1";
  if (site.role === "kiosk" && device.kiosk !== kioskId)
    problems.push({
      path: "credential.username",
      message: `"${device.id}" is kiosk "${device.kiosk}" in ${where}, but this card is kiosk "${kioskId}"`,
    });
  if (!verifyPassword(credential.password, device.passwordHash))
    problems.push({
      path: "credential.password",
      message: `does not match the passwordHash of "${device.id}" in ${where}: the hub would refuse this device`,
    });
  return problems;
}
