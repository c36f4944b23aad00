import { createServer } from "node:http";
import type { OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import type { Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from "./login.js";
import { Router } from "./router.js";
import { consoleRoutes } from "./routes.js";
import { Sessions } from "./sessions.js";
import { consolePages } from "./static.js";

export interface ConsoleOptions {
  /** The HTTP port (`--http-port`, `hub.httpPort`); 0 picks a free one. */
  port: number;
  /** The console's time for sessions, in epoch ms: the real time unless a test moves it. */
  now?: () => number;
  loginLimits?: LoginLimits;
  /** The built pages (`@motcua/console`'s web-dist/ unless a test gives another folder). */
  pagesDir?: string;
}

export interface RunningConsole {
  port: number;
  close(): Promise<void>;
}

/** The staff console's HTTP API on node:http (docs/console.md), over the hub's store and queue. */
export async function startConsole(
  options: ConsoleOptions & {
    host: string;
    store: Store;
    /** Where officer actions go, like a device's press. */
    queue: LiveQueue;
    config: OfficeConfig;
    log: Logger;
  },
): Promise<RunningConsole> {
  const { store, log, queue, config } = options;
  const sessions = new Sessions(store, options.now ?? Date.now);
  const router = new Router(sessions, log);
  for (const route of consoleRoutes(store, sessions, log, options.loginLimits ?? DEFAULT_LOGIN_LIMITS, {
    queue,
    config,
  }))
    router.add(route);
  const pages = consolePages(options.pagesDir);
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => {
    if (!pages(req, res)) void router.handle(req, res);
  });
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
  log.info({ port, host: options.host }, "console listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
