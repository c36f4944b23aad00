import { ConfigError, type OfficeConfig, parseOfficeConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import type { Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Answer, Route, RouteContext } from "./router.js";
import type { OpenSession } from "./sessions.js";

// "Nếu như…" (docs/whatif.md, docs/console.md): the log of a period replayed under an edited
// copy of the configuration, off the hub's own store, its figures beside the recorded ones.
// Nothing is applied and nothing is written. The replay runs on the hub's thread in slices of
// about 20 ms, each followed by a turn of the event loop, so presses, tickets and SMS keep
// their pace; it is bounded by the period (31 days), one run at a time, and a time box.

/** The longest period a run replays. */
export const WHATIF_MAX_DAYS = 31;
/** A run still going after this long is stopped (a Pi with years of log before the period). */
export const WHATIF_TIME_BOX_MS = 5 * 60_000;
const CONFIG_BODY_BYTES = 512 * 1024;
/**
 * The technician's sections (listeners, credentials, modems, displays): not shown to leaders
 * (device password hashes) and irrelevant to the queue's figures, so the run keeps the hub's.
 */
const FILE_ONLY = ["hub", "security", "modem", "display"] as const;

const bad = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

function editable(config: OfficeConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const section of FILE_ONLY) delete copy[section];
  return copy;
}

function readBody(body: unknown, current: OfficeConfig): { from: string; to: string; config: OfficeConfig } {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.from !== "string") throw bad("from", '"from" phải là một ngày dạng YYYY-MM-DD.');
  if (typeof b.to !== "string") throw bad("to", '"to" phải là một ngày dạng YYYY-MM-DD.');
  const document = b.config;
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw new ApiError(400, "invalid_config", 'Thiếu cấu hình: gửi {"config": {...}}.', {
      issues: [{ path: "config", message: "expected an object" }],
    });
  const whole: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  for (const section of FILE_ONLY) whole[section] = current[section];
  let config: OfficeConfig;
  try {
    config = parseOfficeConfig(whole, "console");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ApiError(400, "invalid_config", "Cấu hình không hợp lệ: xem từng trường trong issues.", {
      issues: error.problems.map(({ path, message }) => ({ path, message })),
    });
  }
  if (config.office.id !== current.office.id)
    throw new ApiError(400, "invalid_config", "Không thể đổi mã cơ quan.", {
      issues: [{ path: "office.id", message: `keep "${current.office.id}"` }],
    });
  return { from: b.from, to: b.to, config };
}

/** `GET /api/whatif` (the configuration to start from) and `POST /api/whatif` (a run), for admins and leaders. */
export function whatifRoutes(store: Store, queue: LiveQueue, log: Logger): Route[] {
  let running = false;
  const access = requireRole("admin", "leader");
  return [
    {
      method: "GET",
      path: "/api/whatif",
      access,
      handle: (): Answer => ({
        body: {
          config: editable(queue.config),
          today: queue.stamp().slice(0, 10),
          maxDays: WHATIF_MAX_DAYS,
        },
      }),
    },
    {
      method: "POST",
      path: "/api/whatif",
      access,
      maxBodyBytes: CONFIG_BODY_BYTES,
      handle: async ({ body, session }: RouteContext): Promise<Answer> => {
        const { from, to, config } = readBody(body, queue.config);
        // Loaded on the first run only: a hub nobody asks "what if" never loads the replay.
        const whatif = await import("@motcua/whatif");
        try {
          whatif.checkPeriod(from, to, WHATIF_MAX_DAYS);
        } catch (error) {
          if (error instanceof whatif.WhatIfError)
            throw bad("to", `Kỳ không hợp lệ (tối đa ${WHATIF_MAX_DAYS} ngày): ${error.message}`);
          throw error;
        }
        if (running)
          throw new ApiError(409, "busy", "Một phép thử “nếu như” khác đang chạy. Vui lòng thử lại sau.");
        running = true;
        const controller = new AbortController();
        const timer = setTimeout(
          () =>
            controller.abort(
              new ApiError(503, "timeout", "Phép thử chạy quá lâu và đã dừng. Hãy chọn kỳ ngắn hơn."),
            ),
          WHATIF_TIME_BOX_MS,
        );
        const started = performance.now();
        const login = (session as OpenSession).account.login;
        try {
          const result = await whatif.runWhatIf({
            source: {
              entries: (fromSeq) => store.storedEntries(fromSeq),
              seed: store.getMeta<number>("seed") ?? 0,
              configBase: store.getMeta<unknown>("configBase"),
            },
            config,
            from,
            to,
            maxDays: WHATIF_MAX_DAYS,
            pause: () => new Promise((resolve) => setImmediate(resolve)),
            signal: controller.signal,
          });
          log.info(
            {
              login,
              from,
              to,
              entries: result.entries,
              ms: Math.round(performance.now() - started),
              divergences: result.divergences,
            },
            "console whatif",
          );
          return { body: result };
        } catch (error) {
          if (error instanceof whatif.WhatIfError) {
            if (error.code === "empty_period")
              throw new ApiError(422, "empty_period", `Không có dữ liệu từ ${from} đến ${to}.`);
            throw new ApiError(400, error.code, error.message);
          }
          throw error;
        } finally {
          clearTimeout(timer);
          running = false;
        }
      },
    },
  ];
}
