import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import type { Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { type LiveOptions, LiveStreams } from "./live.js";
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from "./login.js";
import { Router } from "./router.js";
import { consoleRoutes } from "./routes.js";
import { Sessions } from "./sessions.js";
import type { ModemReading } from "./sms.js";
import { consolePages } from "./static.js";

export interface ConsoleOptions {
  /** The HTTP port (`--http-port`, `hub.httpPort`); 0 picks a free one. */
  port: number;
  /** The console's time for sessions, in epoch ms: the real time unless a test moves it. */
  now?: () => number;
  loginLimits?: LoginLimits;
  /** The live view's ping and push pacing (tests shorten the ping). */
  live?: LiveOptions;
  /** The built pages (`@motcua/console`'s web-dist/ unless a test gives another folder). */
  pagesDir?: string;
}

export interface RunningConsole {
  port: number;
  close(): Promise<void>;
}

/**
 * The staff console's pages and HTTP API (docs/console.md) on node:http, or node:https when the
 * office has `hub.tls`, over the hub's store and queue.
 */
export async function startConsole(
  options: ConsoleOptions & {
    host: string;
    store: Store;
    /** Where officer actions go, like a device's press. */
    queue: LiveQueue;
    config: OfficeConfig;
    log: Logger;
    /** The modem's last status (the hub keeps it from its SMS link), for `GET /api/sms`. */
    modem?: () => ModemReading | undefined;
  },
): Promise<RunningConsole> {
  const { store, log, queue, config } = options;
  const sessions = new Sessions(store, options.now ?? Date.now);
  const router = new Router(sessions, log);
  const live = new LiveStreams(queue, sessions, log, options.live);
  for (const route of consoleRoutes(store, sessions, log, options.loginLimits ?? DEFAULT_LOGIN_LIMITS, {
    queue,
    config,
    live,
    modem: options.modem ?? (() => undefined),
  }))
    router.add(route);
  const pages = consolePages(options.pagesDir, log);
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (!pages(req, res)) void router.handle(req, res);
  };
  const timeouts = { requestTimeout: 10_000, headersTimeout: 10_000 };
  // With hub.tls the console speaks HTTPS only, with the broker's certificate: passwords and
  // session cookies never cross the LAN in clear, and the cookie is then `Secure` too.
  const tls = config.hub.tls;
  const server = tls
    ? createHttpsServer(
        { ...timeouts, cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
        serve,
      )
    : createServer(timeouts, serve);
  // Idle browser connections would otherwise hold close() up until they time out.
  server.keepAliveTimeout = 5_000;
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : options.port);
    });
  });
  log.info({ port, host: options.host, tls: tls !== undefined }, "console listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
