import type { Logger } from "@motcua/log";
import {
  type ActionRefusal,
  BUTTONS,
  type Button,
  type ConsoleInput,
  OFFICER_ACTIONS,
  type OfficerAction,
  type SimEvent,
  simInput,
} from "@motcua/protocol";
import type { LiveQueue } from "../queue.js";
import { checkMayAct } from "./action-rules.js";
import { ApiError } from "./http.js";
import { requireRole } from "./roles.js";
import type { Answer, Route, RouteContext } from "./router.js";
import type { OpenSession } from "./sessions.js";

/** Fields the hub fills itself: a body that names them is refused rather than overridden. */
const HUB_FIELDS = ["at", "officer"] as const;

/** What the route needs of a protocol schema; each option of `simInput` is a zod object. */
interface InputSchema {
  shape: Record<string, unknown>;
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: ZodLikeError };
}
interface ZodLikeError {
  issues: { path: PropertyKey[]; message: string }[];
}

/**
 * The console's actions: PROTOCOL.md's officer actions, a counter's five buttons (an officer at a
 * counter without a pad, or whose pad is broken, runs the counter from the console), the notice.
 */
export const CONSOLE_ACTIONS = [...OFFICER_ACTIONS, ...BUTTONS, "notice"] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

const inputSchemas = new Map<string, InputSchema>(
  (simInput.options as unknown as InputSchema[]).map(
    (schema) => [(schema.shape.type as { value: string }).value, schema] as const,
  ),
);
/** The protocol's own schema of each officer action (PROTOCOL.md) and of the notice, by `type`. */
const schemaOf = new Map<string, InputSchema>(
  [...inputSchemas].filter(([type]) => (CONSOLE_ACTIONS as readonly string[]).includes(type)),
);
/** A counter's button is the counter's press, named by its button; the body names only the counter. */
const pressSchema = inputSchemas.get("press") as InputSchema;
const BUTTON_FIELDS = { type: true, counter: true };

/** The action a console input stands for: a press by its button. */
export function actionOf(input: ConsoleInput): ConsoleAction {
  return input.type === "press" ? input.button : input.type;
}

const badField = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

/**
 * The body as an officer action of `officer`, validated with the protocol's schema for its
 * type; `at` is a placeholder until the queue stamps the input with its own clock.
 */
export function readAction(body: unknown, officer: string, at: string): ConsoleInput {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badField("", "Dữ liệu gửi lên phải là một đối tượng JSON.");
  const fields = body as Record<string, unknown>;
  const button = (BUTTONS as readonly unknown[]).includes(fields.type) ? (fields.type as Button) : undefined;
  const schema = button
    ? pressSchema
    : typeof fields.type === "string"
      ? schemaOf.get(fields.type)
      : undefined;
  if (!schema) throw badField("type", `Thao tác không hợp lệ: cần một trong ${CONSOLE_ACTIONS.join(", ")}.`);
  for (const name of HUB_FIELDS)
    if (Object.hasOwn(fields, name))
      throw badField(name, `Trường "${name}" do máy chủ điền, không được gửi lên.`);
  // The schemas accept unknown keys; an action with a field it does not have is a mistake.
  const known = button ? BUTTON_FIELDS : schema.shape;
  for (const name of Object.keys(fields))
    if (!Object.hasOwn(known, name)) throw badField(name, `Thao tác này không có trường "${name}".`);
  const input = button ? { ...fields, type: "press", button } : fields;
  const parsed = schema.safeParse({ ...input, at, officer });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map(String).join(".");
    throw badField(path, `Trường "${path}" không hợp lệ.`);
  }
  return parsed.data as ConsoleInput;
}

/** Vietnamese for a refusal of the core, by its reason (PROTOCOL.md: `action_refused`). */
const REFUSAL_TEXT: Record<ActionRefusal, Partial<Record<OfficerAction, string>> & { other: string }> = {
  not_found: {
    checkin: "Không tìm thấy lịch hẹn có mã giao dịch này.",
    officer_cancel: "Không tìm thấy lịch hẹn có mã giao dịch này.",
    call: "Không tìm thấy số thứ tự hoặc quầy này trong ngày hôm nay.",
    transfer: "Không tìm thấy số thứ tự hoặc dịch vụ này trong ngày hôm nay.",
    void: "Không tìm thấy số thứ tự này trong ngày hôm nay.",
    unblock: "Số điện thoại này chưa từng liên hệ với cơ quan.",
    other: "Không tìm thấy đối tượng của thao tác.",
  },
  not_allowed: {
    checkin: "Lịch hẹn này không còn chờ hôm nay hoặc đã được xác nhận có mặt.",
    officer_cancel: "Lịch hẹn này không thể hủy được nữa.",
    call: "Không thể gọi số này lúc này (quầy tạm dừng, số không còn chờ hoặc quầy không phục vụ dịch vụ này).",
    transfer: "Không thể chuyển số này (đã thuộc dịch vụ đó, không còn chờ, hoặc hết buổi làm việc).",
    void: "Không thể hủy số này (số hẹn, hoặc số không còn chờ).",
    unblock: "Số điện thoại này không bị chặn.",
    other: "Trạng thái hiện tại không cho phép thao tác này.",
  },
  invalid: {
    checkin: "Mã giao dịch không đúng định dạng.",
    officer_cancel: "Mã giao dịch không đúng định dạng.",
    call: "Số thứ tự không đúng định dạng.",
    transfer: "Số thứ tự hoặc mã dịch vụ không đúng định dạng.",
    void: "Số thứ tự không đúng định dạng.",
    unblock: "Số điện thoại không đúng định dạng.",
    other: "Giá trị gửi lên không đúng định dạng.",
  },
};

export function refusalText(action: OfficerAction, reason: ActionRefusal): string {
  const texts = REFUSAL_TEXT[reason];
  return texts[action] ?? texts.other;
}

/** A press the counter's state leaves without effect, in the officer's words. */
const UNCHANGED_TEXT: Record<Button, string> = {
  next: "Quầy này đang tạm dừng: hãy mở lại quầy trước khi gọi số.",
  recall: "Quầy này chưa gọi ai để gọi lại.",
  skip: "Quầy này chưa gọi ai để bỏ qua.",
  pause: "Quầy này đang tạm dừng rồi.",
  resume: "Quầy này đang mở rồi.",
};

/**
 * `POST /api/actions`: one officer action, decided by the hub's queue like a device's press —
 * stamped with the hub's clock, stored in the event log with the acting login, replayed from
 * it. 200 with the events decided; 409 with the core's reason when it refused (the refusal is
 * stored too).
 */
export function actionsRoute(queue: LiveQueue, log: Logger): Route {
  return {
    method: "POST",
    path: "/api/actions",
    access: requireRole("officer", "leader", "admin"),
    handle: async ({ session, body }: RouteContext): Promise<Answer> => {
      const { account } = session as OpenSession;
      const action = readAction(body, account.login, queue.stamp());
      // The office in force, not the one the console started with: a service may have moved.
      checkMayAct(account, action, queue.config);
      // The core takes a press of a counter it does not have, or a pause of a paused counter, as
      // nothing at all (no event): refused here, so the log keeps only what changed something.
      if (action.type === "press") {
        const state = queue.core.counterStates().find((c) => c.counter === action.counter);
        if (!state)
          throw new ApiError(409, "action_refused", `Văn phòng không có quầy ${action.counter}.`, {
            reason: "not_found",
          });
        const unchanged =
          action.button === "pause" || action.button === "resume"
            ? (state.status === "paused") === (action.button === "pause")
            : action.button === "next"
              ? state.status === "paused"
              : state.serving === null;
        if (unchanged)
          throw new ApiError(409, "action_refused", UNCHANGED_TEXT[action.button], { reason: "not_allowed" });
      }
      const outcome = await queue.enqueue((at) => ({ ...action, at }));
      if (outcome.kind !== "decided") throw new Error(`an officer action was ${outcome.kind}`);
      const events: SimEvent[] = outcome.decision.events;
      log.info({ login: account.login, action: actionOf(action), seq: outcome.seq }, "console action");
      // The core answers a pause of a paused counter (or a resume of an open one) with no
      // event; the press is in the log all the same, like a counter's button pressed twice.
      if (action.type === "press" && outcome.decision.ignored !== undefined)
        return {
          status: 409,
          body: {
            error: { code: "action_refused", reason: "not_allowed", message: UNCHANGED_TEXT[action.button] },
            events,
          },
        };
      const refusal = events.find((e) => e.type === "action_refused");
      if (refusal)
        return {
          status: 409,
          body: {
            error: {
              code: "action_refused",
              reason: refusal.reason,
              message: refusalText(refusal.action as OfficerAction, refusal.reason),
            },
            events,
          },
        };
      return { body: { events } };
    },
  };
}
