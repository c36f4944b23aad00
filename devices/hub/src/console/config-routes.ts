import { ConfigError, type ConfigProblem, type OfficeConfig, parseOfficeConfig } from "@motcua/config";
import type { BrokenBooking } from "@motcua/core";
import type { Logger } from "@motcua/log";
import { canonicalJson, sameConfig } from "../config-state.js";
import type { LiveQueue } from "../queue.js";
import { describeChanges } from "./config-changes.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Answer, Route, RouteContext } from "./router.js";
import type { OpenSession } from "./sessions.js";

/** A whole office configuration as JSON: a provincial centre's runs to tens of KiB. */
const CONFIG_BODY_BYTES = 512 * 1024;

/**
 * Sections read once, at start-up, for the hub's listeners (ports, TLS, the devices'
 * credentials, the modems), and the wall displays' own section, which each display reads from
 * its copy of the file: the technician's, changed in the office file and a restart, never from
 * the console (docs/configuration.md, "The file and the console").
 */
const FILE_ONLY = ["hub", "security", "modem", "display"] as const;

const invalid = (message: string, issues: ConfigProblem[]) =>
  new ApiError(400, "invalid_config", message, {
    issues: issues.map(({ path, message }) => ({ path, message })),
  });

/**
 * The body's `config`, checked with the one schema (every problem with its field's path, as the
 * file's loader gives them), for this office, leaving the file's sections as they are.
 */
function readConfig(body: unknown, current: OfficeConfig): OfficeConfig {
  const document =
    typeof body === "object" && body !== null ? (body as { config?: unknown }).config : undefined;
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw invalid('Thiếu cấu hình: gửi {"config": {...}}.', [
      { path: "config", message: "expected an object" },
    ]);
  let config: OfficeConfig;
  try {
    config = parseOfficeConfig(document, "console");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalid("Cấu hình không hợp lệ: xem từng trường trong issues.", error.problems);
  }
  const problems: ConfigProblem[] = [];
  if (config.office.id !== current.office.id)
    problems.push({
      path: "office.id",
      message: `the office id cannot change (it names the store and every MQTT topic): keep "${current.office.id}"`,
    });
  for (const section of FILE_ONLY)
    if (canonicalJson(config[section]) !== canonicalJson(current[section]))
      problems.push({
        path: section,
        message: "set in the office file by the technician (read at the hub's start): keep it as it is",
      });
  if (problems.length > 0)
    throw invalid("Cấu hình không thể áp dụng từ bảng điều khiển: xem từng trường trong issues.", problems);
  return config;
}

const needsConfirmation = (impact: readonly BrokenBooking[]): Answer => ({
  status: 409,
  body: {
    error: {
      code: "needs_confirmation",
      message: `Thay đổi này làm hủy ${impact.length} lịch hẹn (danh sách trong impact). Người dân sẽ được báo qua SMS. Gửi lại với "confirm": true để áp dụng.`,
    },
    impact,
  },
});

/**
 * The configuration routes of the staff console, all for admins (docs/console.md,
 * "Configuration"): read the configuration in force, preview a change (what differs, which
 * bookings it breaks), apply it live through the queue like an officer action.
 */
export function configRoutes(queue: LiveQueue, log: Logger): Route[] {
  return [
    {
      method: "GET",
      path: "/api/config",
      access: requireRole("admin"),
      handle: () => {
        const state = queue.core.configState;
        return {
          body: {
            version: state.version,
            config: queue.config,
            appliedAt: state.appliedAt ?? null,
            appliedBy: state.appliedBy ?? null,
            source: state.source ?? null,
          },
        };
      },
    },
    {
      method: "POST",
      path: "/api/config/preview",
      access: requireRole("admin"),
      maxBodyBytes: CONFIG_BODY_BYTES,
      handle: ({ body }: RouteContext): Answer => {
        const config = readConfig(body, queue.config);
        const impact = queue.core.impactOf(config, Date.parse(queue.stamp()));
        return { body: { valid: true, changes: describeChanges(queue.config, config), impact } };
      },
    },
    {
      method: "POST",
      path: "/api/config",
      access: requireRole("admin"),
      maxBodyBytes: CONFIG_BODY_BYTES,
      handle: async ({ session, body }: RouteContext): Promise<Answer> => {
        const { account } = session as OpenSession;
        const confirm = (body as { confirm?: unknown }).confirm === true;
        const config = readConfig(body, queue.config);
        // Saved without a change: nothing to log, the version stays.
        if (sameConfig(config, queue.config))
          return { body: { version: queue.core.configState.version, cancelled: [], unchanged: true } };
        const early = queue.core.impactOf(config, Date.parse(queue.stamp()));
        if (early.length > 0 && !confirm) return needsConfirmation(early);
        // Decided at the queue's own time, after what came before it: the impact is taken again
        // there, and it is what the core cancels.
        let impact: BrokenBooking[] = early;
        const outcome = await queue.enqueue((at) => {
          impact = queue.core.impactOf(config, Date.parse(at));
          return { at, type: "config", config, officer: account.login, source: "console", confirm };
        });
        if (outcome.kind !== "decided") throw new Error(`a configuration change was ${outcome.kind}`);
        const events = outcome.decision.events;
        const applied = events.find((e) => e.type === "config_applied");
        if (!applied) {
          // Bookings made between the check and the decision: nothing applied, say which.
          if (events.some((e) => e.type === "action_refused" && e.reason === "not_allowed"))
            return needsConfirmation(impact);
          throw invalid("Cấu hình không hợp lệ.", []);
        }
        log.info(
          { login: account.login, version: applied.version, cancelled: applied.cancelled, seq: outcome.seq },
          "console configuration applied",
        );
        const cancelled = impact.filter((b) => applied.cancelled.includes(b.code));
        return { body: { version: applied.version, cancelled } };
      },
    },
  ];
}
