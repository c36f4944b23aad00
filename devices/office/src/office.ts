import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OfficeConfig } from "@motcua/config";
import { DEFAULT_PINS, type RunningCounter, startCounter } from "@motcua/counter";
import { type RunningDisplay, startDisplay } from "@motcua/display";
import { createGpio, createSimDisplay, type SimGpio } from "@motcua/gpio";
import { type RunningHub, ScaledClock, startHub } from "@motcua/hub";
import { kioskPins, type RunningKiosk, startKiosk } from "@motcua/kiosk";
import type { Logger } from "@motcua/log";
import { FilePrinter } from "@motcua/printer";
import { DEFAULT_PINS as RATING_PINS, type RunningRating, startRating } from "@motcua/rating";
import { addDemoAccounts, DEMO_PASSWORD, demoAccounts } from "./demo-accounts.js";
import { type RunningOfficePage, startOfficePage } from "./page-server.js";

export interface OfficeOptions {
  config: OfficeConfig;
  /** Where the store and the printed tickets go; a new temporary folder by default. */
  dataDir?: string;
  /** The office simulator page's port (0: a free one). */
  port: number;
  /** The display page's port (0: a free one). */
  displayPort: number;
  mqttPort: number;
  wsPort: number;
  /** The staff console's port (0 or absent: a free one). */
  consolePort?: number;
  /** Start the clock here (default: now) and run it this many times faster (default 1). */
  now?: number;
  speed?: number;
  /** The simulated modem's delay per SMS segment (default 1.5 s: a demo, not a real modem's 6 s). */
  smsDelayMs?: number;
  /** A line the page shows about the clock (it started at the office's next opening). */
  clockNote?: string;
  log: Logger;
}

export interface RunningOffice {
  hub: RunningHub;
  counters: Map<string, { pad: RunningCounter; gpio: SimGpio }>;
  /** Each counter's rating pad, for its citizens. */
  ratings: Map<string, { pad: RunningRating; gpio: SimGpio }>;
  kiosk: RunningKiosk;
  printer: FilePrinter;
  display: RunningDisplay;
  page: RunningOfficePage;
  urls: { office: string; display: string; console: string; mqtt: string; ws: string };
  stop(): Promise<void>;
}

/**
 * The whole office on one machine, every part the real program with its simulated hardware:
 * the hub with the modem simulator, a button pad and a rating pad per counter, the kiosk with its file printer,
 * the wall display, and the office simulator page that drives them.
 */
export async function startOffice(options: OfficeOptions): Promise<RunningOffice> {
  const { log } = options;
  // A simulator on a laptop: the broker, like the pages, is reachable from this machine only,
  // since it takes anonymous clients (docs/hub.md: a real office's hub serves its network).
  const config = { ...options.config, hub: { ...options.config.hub, host: "127.0.0.1" } };
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "motcua-office-"));
  const office = config.office.id;
  const hub = await startHub({
    config,
    dataDir,
    mqttPort: options.mqttPort,
    wsPort: options.wsPort,
    modem: "sim",
    simSendDelayMs: options.smsDelayMs ?? 1500,
    clock: new ScaledClock(options.now ?? Date.now(), options.speed ?? 1),
    console: { port: options.consolePort ?? 0 },
    log,
  });
  const stops: Array<() => Promise<void>> = [() => hub.stop()];
  try {
    await addDemoAccounts(hub, config);
    const consoleUrl = `http://127.0.0.1:${hub.console?.port}/`;
    const mqtt = `mqtt://127.0.0.1:${hub.broker?.mqttPort}`;
    const ws = `ws://127.0.0.1:${hub.broker?.wsPort}`;

    const counters = new Map<string, { pad: RunningCounter; gpio: SimGpio }>();
    for (const c of config.counters) {
      const gpio = await createGpio({ backend: "sim", pins: DEFAULT_PINS, log });
      const pad = startCounter({
        hubUrl: mqtt,
        office,
        counter: c.id,
        gpio,
        display: createSimDisplay(),
        log,
      });
      counters.set(c.id, { pad, gpio });
      // The pad releases its GPIO lines when it stops.
      stops.unshift(() => pad.stop());
    }

    // The citizens' rating pads, one beside each counter (devices/rating), as on the cards.
    const ratings = new Map<string, { pad: RunningRating; gpio: SimGpio }>();
    for (const c of config.counters) {
      const gpio = await createGpio({ backend: "sim", pins: RATING_PINS, log });
      const pad = startRating({ hubUrl: mqtt, office, counter: c.id, gpio, log });
      ratings.set(c.id, { pad, gpio });
      stops.unshift(() => pad.stop());
    }

    const printer = new FilePrinter(join(dataDir, "tickets"));
    const kioskGpio = await createGpio({ backend: "sim", pins: kioskPins(config), log });
    const kiosk = await startKiosk({
      hubUrl: mqtt,
      kiosk: "1",
      config,
      printer,
      gpio: kioskGpio,
      display: createSimDisplay(),
      log,
    });
    stops.unshift(async () => {
      await kiosk.stop();
      await kioskGpio.close();
    });

    const display = await startDisplay({ hubWsUrl: ws, port: options.displayPort, config, log });
    stops.unshift(() => display.stop());

    const simulator = hub.sms?.simulator;
    if (!simulator) throw new Error("the hub started without its modem simulator");
    const page = await startOfficePage({
      port: options.port,
      config,
      simulator,
      counters,
      ratings,
      kiosk,
      printer,
      displayUrl: display.url,
      console: { url: consoleUrl, logins: demoAccounts(config).map((a) => a.login), password: DEMO_PASSWORD },
      ...(options.clockNote !== undefined ? { clockNote: options.clockNote } : {}),
      log,
    });
    stops.unshift(() => page.stop());

    return {
      hub,
      counters,
      ratings,
      kiosk,
      printer,
      display,
      page,
      urls: { office: page.url, display: display.url, console: consoleUrl, mqtt, ws },
      async stop() {
        for (const stop of stops)
          await stop().catch((error: unknown) => log.warn({ err: String(error) }, "stop failed"));
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}
