import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { DeviceLink } from "@motcua/link";
import { type Logger, moduleLogger } from "@motcua/log";
import { DIST_DIR, ensureBuilt } from "./build.js";
import { type PageConfig, VOICE_PATHS } from "./page-config.js";
import { type DisplaySettingsInput, defaultNotice, parseDisplaySettings } from "./settings.js";
import { SPEAKABLE } from "./speech.js";
import { chimeWav, Voice } from "./voice.js";

export interface DisplayOptions {
  /** The hub's MQTT-over-WebSocket address (`ws://host:port`), for the page and the presence. */
  hubWsUrl: string;
  /** The HTTP port of the page; 0 picks a free one. */
  port: number;
  /** Listen address; the kiosk browser runs on the same machine, so loopback by default. */
  host?: string;
  /** The office (names, counters, services); the bundled example office by default. */
  config?: OfficeConfig;
  /** The `display:` section (notice, voice…); the configuration's own otherwise. */
  settings?: DisplaySettingsInput;
  /** This display's id: presence on `device/display-{id}/status`. Default "1". */
  id?: string;
  /** A secured hub's display credential (username `display-{id}` by default). */
  username?: string;
  password?: string;
  /** Publish the presence (default true). */
  presence?: boolean;
  /** Build the page first when it is missing or stale (default true). */
  build?: boolean;
  log: Logger;
}

export interface RunningDisplay {
  /** `http://host:port/`, the page. */
  url: string;
  port: number;
  /** Whether calls are spoken (espeak-ng found), not only chimed. */
  voice: boolean;
  pageConfig: PageConfig;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wav": "audio/wav",
};

/** Serves the wall display page, its `/config.json` and the announcements' sound. */
export async function startDisplay(options: DisplayOptions): Promise<RunningDisplay> {
  const log = moduleLogger(options.log, "motcua:display");
  const config = options.config ?? loadOfficeConfig();
  const settings = options.settings !== undefined ? parseDisplaySettings(options.settings) : config.display;
  const id = options.id ?? "1";
  const device = `display-${id}`;
  if (options.build !== false) await ensureBuilt(log);
  const voice = await Voice.open(settings.voice, log);
  const chime = chimeWav();

  const pageConfig: PageConfig = {
    hubUrl: options.hubWsUrl,
    ...(options.password !== undefined
      ? { username: options.username ?? device, password: options.password }
      : {}),
    display: id,
    office: { id: config.office.id, name: config.office.name, timeZone: config.office.timeZone },
    counters: config.counters.map((c) => ({ id: c.id, name: c.name ?? `Quầy ${c.id}` })),
    services: config.services.map((s) => ({ code: s.code, name: s.name, counters: [...s.counters] })),
    notice: settings.notice || defaultNotice(config),
    recentCalls: settings.recentCalls,
    appointmentsPerPage: settings.appointmentsPerPage,
    pageSeconds: settings.pageSeconds,
    voice: voice.available,
    chime: settings.chime,
  };
  const pageConfigJson = JSON.stringify(pageConfig);

  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: Buffer | string,
    cache = "no-store",
  ) => {
    res.writeHead(status, {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      "cache-control": cache,
      "x-content-type-options": "nosniff",
    });
    res.end(body);
  };

  const serveFile = async (res: ServerResponse, path: string) => {
    const file = normalize(join(DIST_DIR, path === "/" ? "index.html" : decodeURIComponent(path)));
    if (!file.startsWith(DIST_DIR + sep)) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    }
    // Vite names assets by their content: they never change under the same name.
    const immutable = path.startsWith("/assets/");
    send(
      res,
      200,
      TYPES[extname(file)] ?? "application/octet-stream",
      body,
      immutable ? "public, max-age=31536000, immutable" : "no-cache",
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://display");
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
    if (url.pathname === "/config.json") return send(res, 200, TYPES[".json"] as string, pageConfigJson);
    if (url.pathname === VOICE_PATHS.chime)
      return send(res, 200, "audio/wav", chime, "public, max-age=86400");
    if (url.pathname === VOICE_PATHS.call) {
      const label = url.searchParams.get("label") ?? "";
      const counter = url.searchParams.get("counter") ?? "";
      if (!SPEAKABLE.test(label) || !SPEAKABLE.test(counter))
        return send(
          res,
          400,
          "text/plain; charset=utf-8",
          "label and counter: 1–16 letters, digits or dashes\n",
        );
      if (!voice.available) return send(res, 503, "text/plain; charset=utf-8", "no voice on this display\n");
      try {
        const clip = await voice.call(label, counter);
        return send(res, 200, "audio/wav", clip, "public, max-age=86400");
      } catch (error) {
        log.warn({ label, counter, err: (error as Error).message }, "a call could not be spoken");
        return send(res, 503, "text/plain; charset=utf-8", "the voice failed\n");
      }
    }
    if (url.pathname === "/health")
      return send(
        res,
        200,
        TYPES[".json"] as string,
        JSON.stringify({ voice: voice.available, presence: presence?.connected ?? null }),
      );
    return serveFile(res, url.pathname);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      log.error({ err: error.message, url: req.url }, "request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "error\n");
      else res.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  // The display's presence, `device/display-{id}/status`, from the server's own connection: a
  // page on a secured hub may only read, and a browser cannot leave a will that outlives it.
  const presence =
    options.presence === false
      ? undefined
      : new DeviceLink({
          url: options.hubWsUrl,
          office: config.office.id,
          device,
          ...(options.password !== undefined
            ? { username: options.username ?? device, password: options.password }
            : {}),
          // It only announces: the hub's own presence is the page's business.
          watchHub: false,
          reconnectMs: 2000,
          keepaliveSec: 30,
          log: moduleLogger(options.log, "motcua:display-link"),
        });

  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/`;
  log.info({ url, hub: options.hubWsUrl, voice: voice.available, device }, "display ready");

  return {
    url,
    port,
    voice: voice.available,
    pageConfig,
    async stop() {
      await presence?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
