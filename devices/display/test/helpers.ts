import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { ScaledClock, startHub } from "@motcua/hub";
import { createLogger } from "@motcua/log";
import mqtt, { type MqttClient } from "mqtt";
import { type Browser, chromium, type Page } from "playwright-core";

/** A Wednesday in the morning session of the example office (24/11 is a holiday). */
export const OPEN_MORNING = "2026-11-25T07:31:00+07:00";
export const O = "motcua/son-tay";

/** Screenshots of the tests, kept for a look (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL("../../../test/artifacts/display/", import.meta.url));

/**
 * A real hub in this process (as devices/hub/test/harness.ts starts it) on loopback ports;
 * `restart()` starts it again on the same ports and store, as a hub coming back would.
 */
export async function hubFor(options: { now?: string; config?: OfficeConfig } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "motcua-display-hub-"));
  const config = options.config ?? loadOfficeConfig();
  const now = Date.parse(options.now ?? OPEN_MORNING);
  const started = Date.now();
  const start = (mqttPort: number, wsPort: number) =>
    startHub({
      config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
      dataDir,
      mqttPort,
      wsPort,
      // A restarted hub goes on from where the clock was, not from the start again.
      clock: new ScaledClock(now + (Date.now() - started), 1),
      log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
    });
  let hub = await start(0, 0);
  let running = true;
  const mqttPort = hub.broker?.mqttPort as number;
  const wsPort = hub.broker?.wsPort as number;
  return {
    get hub() {
      return hub;
    },
    url: `mqtt://127.0.0.1:${mqttPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    async stop() {
      if (running) await hub.stop();
      running = false;
    },
    async restart() {
      hub = await start(mqttPort, wsPort);
      running = true;
    },
    async close() {
      if (running) await hub.stop().catch(() => undefined);
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type Hub = Awaited<ReturnType<typeof hubFor>>;

/** A device of the office (a counter pad, a kiosk) on the hub's TCP port. */
export async function device(url: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000 });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  return client;
}

let pressId = 0;
/** A counter button, as a counter pad sends it (`o`: the office's topic prefix). */
export async function press(client: MqttClient, counter: string, button = "next", o = O): Promise<void> {
  const payload = JSON.stringify({ id: `t${++pressId}`, button });
  await client.publishAsync(`${o}/counter/${counter}/press`, payload, { qos: 1 });
}
/** A kiosk's ticket button. */
export async function ticket(client: MqttClient, service: string, o = O): Promise<void> {
  const payload = JSON.stringify({ id: `k${++pressId}`, service });
  await client.publishAsync(`${o}/kiosk/1/press`, payload, { qos: 1 });
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
