import type { OfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import type { Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { accountRoutes } from "./account-routes.js";
import { actionsRoute } from "./actions.js";
import { auditRoute } from "./audit.js";
import { configRoutes } from "./config-routes.js";
import { overTls, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.js";
import { csrfTokenOf } from "./csrf.js";
import { dossierRoutes } from "./dossier-routes.js";
import type { LiveStreams } from "./live.js";
import { type LoginLimits, loginHandler } from "./login.js";
import { phoneRoutes } from "./phones.js";
import { reportRoutes } from "./report-routes.js";
import { PUBLIC, requireRole } from "./roles.js";
import type { Route } from "./router.js";
import type { OpenSession, Sessions } from "./sessions.js";
import { type ModemReading, smsRoute } from "./sms.js";
import { statsRoutes } from "./stats-routes.js";
import { todayRoutes } from "./today-routes.js";
import { whatifRoutes } from "./whatif-routes.js";

/** The signed-in account and the token its changes must carry. */
const whoAmI = (session: OpenSession) => ({ account: session.account, csrfToken: csrfTokenOf(session.id) });

/** The console's API. Every route names who may call it; the router enforces it. */
export function consoleRoutes(
  store: Store,
  sessions: Sessions,
  log: Logger,
  limits: LoginLimits,
  office: {
    queue: LiveQueue;
    config: OfficeConfig;
    /** The open live views (`/api/live`): a logout ends its session's. */
    live: LiveStreams;
    /** The modem's last status, for `/api/sms`; undefined without a modem. */
    modem: () => ModemReading | undefined;
  },
): Route[] {
  return [
    {
      method: "POST",
      path: "/api/login",
      access: PUBLIC,
      handle: loginHandler(store, sessions, log, limits),
    },
    {
      method: "POST",
      path: "/api/logout",
      access: requireRole(),
      handle: ({ req, session }) => {
        const id = readCookie(req, SESSION_COOKIE);
        if (id !== undefined) {
          sessions.close(id);
          office.live.endSession(id);
        }
        log.info({ login: session?.account.login }, "console logout");
        return { body: { ok: true }, headers: { "set-cookie": sessionCookie("", 0, overTls(req)) } };
      },
    },
    {
      method: "GET",
      path: "/api/session",
      access: requireRole(),
      handle: ({ session }) => ({ body: whoAmI(session as OpenSession) }),
    },
    {
      method: "GET",
      path: "/api/accounts",
      access: requireRole("admin"),
      handle: () => ({ body: { accounts: store.accounts.list() } }),
    },
    actionsRoute(office.queue, log),
    ...todayRoutes(office.queue, office.live),
    ...phoneRoutes(office.queue, store),
    smsRoute(office.queue, store, office.modem),
    auditRoute(office.queue, store),
    ...accountRoutes(store, office.queue, office.live),
    ...configRoutes(office.queue, log),
    ...dossierRoutes({ queue: office.queue, store, live: office.live, log }),
    ...reportRoutes(office.queue),
    ...whatifRoutes(store, office.queue, log),
    ...statsRoutes(office.queue),
  ];
}
