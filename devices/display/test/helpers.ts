import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { type Browser, chromium, type Page } from "playwright-core";

/** A Wednesday in the morning session of the example office (24/11 is a holiday). */
export const OPEN_MORNING = "2026-11-25T07:31:00+07:00";
export { O };

/** Screenshots of the tests, kept for a look (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL("../../../test/artifacts/display/", import.meta.url));

/**
 * A real hub in this process (the shared test hub) on loopback ports; `restart()` starts it
 * again on the same ports and store, as a hub coming back would.
 */
export function hubFor(options: { now?: string; config?: OfficeConfig } = {}): Promise<TestHub> {
  return TestHub.start({
    now: options.now ?? OPEN_MORNING,
    ...(options.config ? { config: options.config } : {}),
  });
}

/** A device of the office (a counter pad, a kiosk) on the hub's TCP port. */
export function device(url: string): Promise<TestClient> {
  return TestClient.connect(url);
}

let pressId = 0;
/** A counter button, as a counter pad sends it (`o`: the office's topic prefix); resolves once stored. */
export async function press(client: TestClient, counter: string, button = "next", o = O): Promise<void> {
  await client.publish(`${o}/counter/${counter}/press`, { id: `t${++pressId}`, button });
}
/** A kiosk's ticket button; resolves once stored. */
export async function ticket(client: TestClient, service: string, o = O): Promise<void> {
  await client.publish(`${o}/kiosk/1/press`, { id: `k${++pressId}`, service });
}

export const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // The kiosk's own flag (README): announcements play without a click.
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * Whether the browser tests run: Debian's chromium must be there. Outside CI a missing one
 * skips them with a message; under CI they run, and fail.
 */
export function chromiumGate(file: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) return true;
  console.warn(
    `${file} skipped: ${CHROMIUM} not found (scripts/setup.sh installs it as root: apt-get install chromium)`,
  );
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} missing under CI: scripts/setup.sh must install Debian's chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.evaluate("document.fonts.ready");
  await page.screenshot({ path });
  return path;
}
