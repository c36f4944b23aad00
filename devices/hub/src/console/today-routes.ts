import type { LiveQueue } from "../queue.js";
import { type LiveStreams, todayFor } from "./live.js";
import { requireRole } from "./roles.js";
import type { Route } from "./router.js";
import type { OpenSession } from "./sessions.js";

/**
 * `GET /api/today`: the day's picture once; `GET /api/live`: the same picture as server-sent
 * events, again after every decision of the queue (docs/console.md, "The live view").
 */
export function todayRoutes(queue: LiveQueue, live: LiveStreams): Route[] {
  return [
    {
      method: "GET",
      path: "/api/today",
      access: requireRole(),
      handle: ({ session }) => ({ body: todayFor(queue, session as OpenSession) }),
    },
    {
      method: "GET",
      path: "/api/live",
      access: requireRole(),
      handle: ({ res, session }) => {
        live.open(res, session as OpenSession);
        return { sent: true };
      },
    },
  ];
}
