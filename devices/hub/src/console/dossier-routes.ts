import type { IncomingMessage } from "node:http";
import type { OfficeConfig, OfficerConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import {
  type ActionRefusal,
  type DossierAction,
  type DossierInput,
  type SimEvent,
  type SimInput,
  simInput,
} from "@motcua/protocol";
import type { Account, Store } from "@motcua/store";
import type { LiveQueue } from "../queue.js";
import {
  CITIZEN,
  controlSheet,
  currentStep,
  type DossierState,
  dossierState,
  listed,
  officerOf,
  type Reassignment,
  stepUrgency,
  takesPart,
  tasksFor,
  type ViewContext,
} from "./dossier-view.js";
import { ApiError } from "./http.js";
import type { LiveStreams } from "./live.js";
import { requireRole } from "./roles.js";
import type { Answer, Route, RouteContext } from "./router.js";
import type { OpenSession } from "./sessions.js";

// The console's dossier routes (docs/console.md, "Hồ sơ / Dossiers"). A console account acts
// for dossiers as the officer of the configuration whose id is its login; every change is a
// dossier input of the queue's core with `officer: account.login`, decided, stored and replayed
// like the other officer actions.

/** A dossier input as the console makes it, before the queue stamps its `at`. */
type DossierBody = DossierInput extends infer T ? (T extends DossierInput ? Omit<T, "at"> : never) : never;

const forbidden = (message: string) => new ApiError(403, "forbidden", message);
const badField = (path: string, message: string) => new ApiError(400, "bad_request", message, { path });

/** The hub's clocks for one request, with the configuration in force. */
export function viewContext(queue: LiveQueue): ViewContext {
  const calendar = queue.core.calendar;
  return {
    config: queue.config,
    days: calendar,
    now: Date.parse(queue.stamp()),
    format: (instant) => calendar.format(instant),
  };
}

/** The officer a console account acts as: the officer whose id is its login. */
export function officerAccount(account: Account, config: OfficeConfig): OfficerConfig | undefined {
  return officerOf(config, account.login);
}

function requireOfficer(account: Account, config: OfficeConfig): OfficerConfig {
  const officer = officerAccount(account, config);
  if (!officer)
    throw new ApiError(
      403,
      "not_an_officer",
      "Tài khoản này không gắn với cán bộ nào trong cấu hình (tên đăng nhập phải trùng mã cán bộ), nên không xử lý hồ sơ được.",
    );
  return officer;
}

function requireDossierRole(
  officer: OfficerConfig,
  role: OfficerConfig["roles"][number],
  message: string,
): void {
  if (!officer.roles.includes(role)) throw forbidden(message);
}

/** The segment before the action's name: `/api/dossiers/<code>/done` → the code. */
function innerParameter(req: IncomingMessage): string {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const segments = path.split("/");
  try {
    return decodeURIComponent(segments[segments.length - 2] ?? "");
  } catch {
    throw new ApiError(404, "not_found", "Không tìm thấy hồ sơ có mã này.");
  }
}

function lastParameter(req: IncomingMessage): string {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  } catch {
    throw new ApiError(404, "not_found", "Không tìm thấy hồ sơ có mã này.");
  }
}

function objectBody(body: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badField("", "Dữ liệu gửi lên phải là một đối tượng JSON.");
  const fields = body as Record<string, unknown>;
  for (const name of ["at", "officer", "type", "code"])
    if (Object.hasOwn(fields, name))
      throw badField(name, `Trường "${name}" do máy chủ điền, không được gửi lên.`);
  for (const name of Object.keys(fields))
    if (!known.includes(name)) throw badField(name, `Thao tác này không có trường "${name}".`);
  return fields;
}

/** The protocol's own schema decides what an input may hold. */
function parseInput(input: Record<string, unknown>): SimInput {
  const parsed = simInput.safeParse(input);
  if (!parsed.success) {
    const path = (parsed.error.issues[0]?.path ?? []).map(String).join(".");
    throw badField(path, `Trường "${path}" không hợp lệ.`);
  }
  return parsed.data;
}

/** Vietnamese for the core's refusal of a dossier input. */
const REFUSALS: Record<DossierAction, Partial<Record<ActionRefusal, string>>> = {
  dossier_receive: {
    invalid: "Không tìm thấy thủ tục này, hoặc thủ tục chưa có quy trình nội bộ.",
    not_allowed: "Bạn không phải cán bộ tiếp nhận của lĩnh vực có thủ tục này.",
  },
  step_done: {
    not_allowed: "Bước hiện tại của hồ sơ không do bạn xử lý, hoặc hồ sơ đang chờ bổ sung hay đã có kết quả.",
  },
  dossier_supplement: {
    not_allowed:
      "Chỉ cán bộ đang xử lý bước hiện tại hoặc lãnh đạo lĩnh vực được yêu cầu bổ sung hồ sơ đang giải quyết.",
  },
  dossier_supplied: {
    not_allowed: "Hồ sơ này không chờ bổ sung, hoặc bạn không phải cán bộ tiếp nhận của lĩnh vực.",
  },
  apology_approved: {
    not_allowed:
      "Chỉ lãnh đạo của lĩnh vực được duyệt phiếu xin lỗi, khi hồ sơ đã quá hạn mà chưa có kết quả.",
    invalid: "Ngày hẹn trả kết quả mới phải sau thời điểm hiện tại.",
  },
  dossier_returned: {
    not_allowed: "Chỉ cán bộ tiếp nhận của lĩnh vực trả kết quả, và chỉ khi hồ sơ đã có kết quả.",
  },
  step_reassign: {
    not_allowed: "Chỉ lãnh đạo của lĩnh vực được chuyển bước, khi hồ sơ đang ở một bước xử lý.",
    not_found: "Không tìm thấy cán bộ này trong cấu hình.",
    invalid:
      "Cán bộ được chọn phải khác cán bộ đang giữ bước, cùng vai trò của bước và phụ trách lĩnh vực này.",
  },
};

function refusalText(action: DossierAction, reason: ActionRefusal): string {
  return (
    REFUSALS[action][reason] ??
    (reason === "not_found"
      ? "Không tìm thấy hồ sơ có mã này."
      : reason === "invalid"
        ? "Giá trị gửi lên không hợp lệ."
        : "Trạng thái hiện tại của hồ sơ không cho phép thao tác này.")
  );
}

/**
 * Submits a dossier input through the live queue (stamped with the hub's clock, stored with its
 * events, replayed on restart): 200 with the events, 409 with the core's refusal.
 */
async function submit(
  queue: LiveQueue,
  log: Logger,
  login: string,
  input: DossierBody,
): Promise<{ status: 200; events: SimEvent[] } | { status: 409; answer: Answer }> {
  const checked = parseInput({ ...input, at: queue.stamp() });
  const outcome = await queue.enqueue((at) => ({ ...checked, at }) as SimInput);
  if (outcome.kind !== "decided") throw new Error(`a dossier action was ${outcome.kind}`);
  const events = outcome.decision.events;
  log.info({ login, action: input.type, seq: outcome.seq }, "console action");
  const refusal = events.find((e) => e.type === "action_refused");
  const reason: ActionRefusal | undefined =
    refusal?.type === "action_refused"
      ? refusal.reason
      : events.length === 0 && outcome.decision.ignored !== undefined
        ? "not_allowed"
        : undefined;
  if (reason)
    return {
      status: 409,
      answer: {
        status: 409,
        body: {
          error: { code: "action_refused", reason, message: refusalText(input.type, reason) },
          events,
        },
      },
    };
  return { status: 200, events };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The new date of an apology: a day (`2026-12-10`: the end of that day's working hours) or an
 * instant with its offset.
 */
function newDueOf(value: unknown, queue: LiveQueue): string {
  if (typeof value !== "string") throw badField("newDue", "Cần ngày hẹn trả kết quả mới.");
  const calendar = queue.core.calendar;
  if (DATE.test(value)) {
    if (Number.isNaN(Date.parse(value))) throw badField("newDue", "Ngày hẹn mới không hợp lệ.");
    const periods = queue.config.dossiers.workingHours;
    const end = periods[periods.length - 1]?.end ?? "17:00";
    const [h, m] = end.split(":").map(Number);
    return calendar.format(calendar.instantOf(value, (h ?? 17) * 60 + (m ?? 0)));
  }
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[+-]\d{2}:\d{2}$|Z$/.test(value))
    throw badField("newDue", "Ngày hẹn mới phải là một ngày YYYY-MM-DD hoặc một thời điểm có múi giờ.");
  return calendar.format(at);
}

type Filters = { service?: string; step?: number; late: boolean; state?: DossierState; open: boolean };

const STATES: readonly DossierState[] = [
  "overdue",
  "step_overdue",
  "warning",
  "on_time",
  "paused",
  "ready",
  "returned",
];
/** At most this many dossiers in one answer of the office's list. */
export const LIST_LIMIT = 1000;

function readFilters(url: string | undefined): Filters {
  const q = new URL(url ?? "/", "http://console").searchParams;
  const text = (name: string) => {
    const value = q.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const service = text("service");
  const stepText = text("step");
  const step = stepText === undefined ? undefined : Number(stepText);
  if (step !== undefined && !(Number.isInteger(step) && step > 0))
    throw badField("step", "Bước phải là số thứ tự của bước (1, 2, …).");
  const state = text("state") as DossierState | undefined;
  if (state !== undefined && !STATES.includes(state))
    throw badField("state", `Trạng thái phải là một trong ${STATES.join(", ")}.`);
  const flag = (name: string, fallback: boolean) => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (["1", "true", "yes"].includes(value)) return true;
    if (["0", "false", "no"].includes(value)) return false;
    throw badField(name, `"${name}" phải là 1 hoặc 0.`);
  };
  return {
    ...(service ? { service } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(state ? { state } : {}),
    late: flag("late", false),
    // Handed-over dossiers only when asked for (`open=0`): an office's year is tens of thousands.
    open: flag("open", true) && state !== "returned",
  };
}

export interface DossierRouteDeps {
  queue: LiveQueue;
  /** The event log: a dossier's reassignments, for its control sheet. */
  store: Store;
  live: LiveStreams;
  log: Logger;
}

/** The dossier routes: every route names who may call it, and each change is the acting officer's input. */
export function dossierRoutes({ queue, store, live, log }: DossierRouteDeps): Route[] {
  const desk = () => queue.core.dossiers;

  /** The dossier of the path's code, or 404. */
  const dossierAt = (code: string) => {
    const record = desk().get(code);
    if (!record) throw new ApiError(404, "not_found", "Không tìm thấy hồ sơ có mã này.");
    return record;
  };

  /** A change of one dossier, by the account's officer: `check` refuses what the role may not do. */
  const change = (
    action: "done" | "supplement" | "supplied" | "reassign" | "apology" | "returned",
    fields: readonly string[],
    make: (code: string, body: Record<string, unknown>, officer: OfficerConfig) => DossierBody,
  ): Route => ({
    method: "POST",
    path: `/api/dossiers/*/${action}`,
    access: requireRole("officer", "leader", "admin"),
    handle: async ({ req, session, body }: RouteContext): Promise<Answer> => {
      const { account } = session as OpenSession;
      const officer = requireOfficer(account, queue.config);
      const fieldsOf = objectBody(body ?? {}, fields);
      // The full code, so that the log names the dossier the way the desk does.
      const record = dossierAt(innerParameter(req));
      const input = make(record.code, fieldsOf, officer);
      const result = await submit(queue, log, account.login, input);
      if (result.status === 409) return result.answer;
      return { body: { events: result.events, dossier: listed(dossierAt(record.code), viewContext(queue)) } };
    },
  });

  return [
    {
      method: "POST",
      path: "/api/dossiers",
      access: requireRole("officer", "leader", "admin"),
      handle: async ({ session, body }) => {
        const { account } = session as OpenSession;
        const config = queue.config;
        const officer = requireOfficer(account, config);
        requireDossierRole(officer, "reception", "Chỉ cán bộ tiếp nhận được mở hồ sơ.");
        const fields = objectBody(body, ["procedure", "name", "phone", "counter"]);
        const procedure = typeof fields.procedure === "string" ? fields.procedure.trim().toUpperCase() : "";
        if (!config.procedures.some((p) => p.code === procedure))
          throw badField("procedure", "Cần chọn một thủ tục của cơ quan.");
        if (!config.processes.some((p) => p.procedures.includes(procedure)))
          throw badField("procedure", "Thủ tục này chưa có quy trình nội bộ trong cấu hình.");
        const name = typeof fields.name === "string" ? fields.name.trim() : "";
        if (name === "") throw badField("name", "Cần họ tên người nộp hồ sơ.");
        const phone = typeof fields.phone === "string" ? fields.phone.replace(/[\s.-]/g, "") : undefined;
        if (phone !== undefined && phone !== "" && !/^\+?\d{9,15}$/.test(phone))
          throw badField("phone", "Số điện thoại không đúng (9–15 chữ số).");
        // The citizen being served at the account's counter: an officer's own counter only.
        const counter =
          typeof fields.counter === "string" && fields.counter !== "" ? fields.counter : undefined;
        if (counter !== undefined && !config.counters.some((c) => c.id === counter))
          throw badField("counter", `Văn phòng không có quầy ${counter}.`);
        if (counter !== undefined && account.role === "officer" && !account.counters.includes(counter))
          throw forbidden(`Bạn chỉ tiếp nhận tại quầy của mình, không phải quầy ${counter}.`);
        const at = counter ?? (account.counters.length === 1 ? account.counters[0] : undefined);
        const result = await submit(queue, log, account.login, {
          type: "dossier_receive",
          officer: account.login,
          procedure,
          name,
          ...(phone ? { phone } : {}),
          ...(at !== undefined ? { counter: at } : {}),
        });
        if (result.status === 409) return result.answer;
        const received = result.events.find((e) => e.type === "dossier_received");
        if (received?.type !== "dossier_received") throw new Error("a receipt decided no dossier_received");
        return {
          body: {
            code: received.code,
            due: received.due,
            countFrom: received.countFrom,
            events: result.events,
            dossier: detailOf(received.code, account, queue, store),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/api/dossiers/mine",
      access: requireRole("officer", "leader", "admin"),
      handle: ({ session }) => {
        const { account } = session as OpenSession;
        const ctx = viewContext(queue);
        const officer = requireOfficer(account, ctx.config);
        return {
          body: {
            at: ctx.format(ctx.now),
            officer: { id: officer.id, name: officer.name, roles: officer.roles, services: officer.services },
            tasks: tasksFor(desk().records({ returned: false }), officer.id, ctx),
            // What reception may open a dossier for: the procedures with an internal process.
            procedures: receivable(ctx.config, officer),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/api/dossiers/live",
      access: requireRole(),
      handle: ({ res, session }) => {
        live.open(res, session as OpenSession, { today: false });
        return { sent: true };
      },
    },
    {
      method: "GET",
      path: "/api/dossiers",
      access: requireRole("leader", "admin"),
      handle: ({ req }) => {
        const filters = readFilters(req.url);
        const ctx = viewContext(queue);
        const byStep = new Map<
          string,
          { service: string; step: number; name: string; count: number; overdue: number }
        >();
        const byState: Record<DossierState, number> = {
          overdue: 0,
          step_overdue: 0,
          warning: 0,
          on_time: 0,
          paused: 0,
          ready: 0,
          returned: 0,
        };
        const dossiers = [];
        let total = 0;
        for (const record of desk().records(filters.open ? { returned: false } : {})) {
          if (filters.service !== undefined && record.service !== filters.service) continue;
          const state = dossierState(record, ctx);
          const step = currentStep(record);
          // The summaries count the office's (service's) open dossiers, whatever the other filters.
          byState[state]++;
          if (step) {
            const key = `${record.service}\u0000${step.step}\u0000${step.name}`;
            const group = byStep.get(key) ?? {
              service: record.service,
              step: step.step,
              name: step.name,
              count: 0,
              overdue: 0,
            };
            group.count++;
            if (stepUrgency(record, step, ctx) === "overdue") group.overdue++;
            byStep.set(key, group);
          }
          if (filters.step !== undefined && step?.step !== filters.step) continue;
          if (filters.state !== undefined && state !== filters.state) continue;
          if (
            filters.late &&
            state !== "overdue" &&
            state !== "step_overdue" &&
            record.readyStatus !== "late"
          )
            continue;
          total++;
          if (dossiers.length < LIST_LIMIT) dossiers.push(listed(record, ctx));
        }
        const rank = (s: DossierState) => STATES.indexOf(s);
        dossiers.sort((a, b) => rank(a.state) - rank(b.state) || a.due.localeCompare(b.due));
        return {
          body: {
            at: ctx.format(ctx.now),
            total,
            dossiers,
            byState,
            byStep: [...byStep.values()].sort(
              (a, b) => a.service.localeCompare(b.service) || a.step - b.step,
            ),
            services: ctx.config.services.map((s) => ({ code: s.code, name: s.name })),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/api/dossiers/*",
      access: requireRole(),
      handle: ({ req, session }) => {
        const { account } = session as OpenSession;
        const record = dossierAt(lastParameter(req));
        return { body: detailOf(record.code, account, queue, store) };
      },
    },
    change("done", [], (code, _body, officer) => ({ type: "step_done", code, officer: officer.id })),
    change("supplement", ["note"], (code, body, officer) => {
      const note = typeof body.note === "string" ? body.note.trim() : "";
      if (body.note !== undefined && typeof body.note !== "string")
        throw badField("note", "Ghi chú phải là chữ.");
      return { type: "dossier_supplement", code, officer: officer.id, ...(note ? { note } : {}) };
    }),
    change("supplied", [], (code, _body, officer) => ({
      type: "dossier_supplied",
      code,
      officer: officer.id,
    })),
    change("reassign", ["to"], (code, body, officer) => {
      requireDossierRole(officer, "leader", "Chỉ lãnh đạo được chuyển hồ sơ cho cán bộ khác.");
      if (typeof body.to !== "string" || !officerOf(queue.config, body.to))
        throw badField("to", "Cần chọn một cán bộ trong cấu hình.");
      return { type: "step_reassign", code, officer: officer.id, to: body.to };
    }),
    change("apology", ["newDue"], (code, body, officer) => {
      requireDossierRole(
        officer,
        "leader",
        "Chỉ lãnh đạo được duyệt phiếu xin lỗi và hẹn lại ngày trả kết quả.",
      );
      return { type: "apology_approved", code, officer: officer.id, newDue: newDueOf(body.newDue, queue) };
    }),
    change("returned", [], (code, _body, officer) => {
      requireDossierRole(officer, "reception", "Chỉ cán bộ tiếp nhận được trả kết quả cho công dân.");
      return { type: "dossier_returned", code, officer: officer.id };
    }),
  ];
}

/**
 * The dossier's reassignments, from the log: the record keeps a step's officer now, the control
 * sheet names each one who held it. The log is searched by the short code (an input may name
 * the dossier either way), then each event by its full code.
 */
function reassignmentsOf(store: Store, code: string): Reassignment[] {
  const short = code.split("-").slice(-2).join("-");
  const moves: Reassignment[] = [];
  for (const entry of store.searchLog({ types: ["step_reassign"], contains: short, limit: 100 }))
    for (const e of entry.events)
      if (e.type === "step_reassigned" && e.code === code)
        moves.push({
          step: e.step,
          from: e.from,
          to: e.to,
          at: Date.parse(e.at),
          ...(e.officer ? { by: e.officer } : {}),
        });
  return moves;
}

/** The procedures that have an internal process, those of the officer's services marked `mine`. */
function receivable(config: OfficeConfig, officer: OfficerConfig) {
  return config.procedures.flatMap((p) => {
    const process = config.processes.find((x) => x.procedures.includes(p.code));
    if (!process) return [];
    return [
      {
        code: p.code,
        name: p.name,
        service: p.service,
        serviceName: config.services.find((s) => s.code === p.service)?.name ?? p.service,
        legalDays: process.legalDays,
        mine: officer.services.includes(p.service),
      },
    ];
  });
}

/**
 * One dossier as `GET /api/dossiers/<code>` answers it: its steps, its control sheet, what the
 * viewer may do. The citizen's name and phone are shown to leaders and admins and to the officers
 * who have had a part in it; to another officer the dossier shows as `TT` would, without them.
 */
export function detailOf(code: string, account: Account, queue: LiveQueue, store: Store) {
  const ctx = viewContext(queue);
  const { config, format } = ctx;
  const record = queue.core.dossiers.get(code);
  if (!record) throw new ApiError(404, "not_found", "Không tìm thấy hồ sơ có mã này.");
  const officer = officerOf(config, account.login);
  const moves = reassignmentsOf(store, record.code);
  // Who holds or held a step (one given to another officer included) or received the dossier.
  const personal =
    account.role !== "officer" ||
    takesPart(record, account.login) ||
    moves.some((m) => m.from === account.login);
  const step = currentStep(record);
  const serviceLeader =
    officer?.roles.includes("leader") === true && officer.services.includes(record.service);
  const serviceReception =
    officer?.roles.includes("reception") === true && officer.services.includes(record.service);
  const open = record.phase === "in_progress";
  const process = config.processes.find((p) => p.procedures.includes(record.procedure));
  const listedView = listed(record, ctx);
  return {
    at: format(ctx.now),
    office: {
      name: config.office.name,
      unitCode: config.dossiers.unitCode,
      smsNumber: config.office.smsNumber ?? null,
    },
    personal,
    dossier: {
      ...listedView,
      name: personal ? record.name : null,
      phone: personal ? record.phone : null,
      processName: process?.name ?? null,
      legalDays: process?.legalDays ?? null,
      receivedBy: record.receivedBy,
      receivedByName: officerOf(config, record.receivedBy)?.name ?? record.receivedBy,
      counter: record.counter ?? null,
      countFrom: format(record.countFrom),
      stepCount: record.stepCount,
      readyAt: record.readyAt === undefined ? null : format(record.readyAt),
      returnedAt: record.returnedAt === undefined ? null : format(record.returnedAt),
    },
    steps: record.steps.map((s) => ({
      step: s.step,
      name: s.name,
      role: s.role,
      officer: s.officer,
      officerName: officerOf(config, s.officer)?.name ?? s.officer,
      startedAt: format(s.startedAt),
      clockFrom: format(s.clockFrom),
      due: format(s.due),
      doneAt: s.doneAt === undefined ? null : format(s.doneAt),
      status: s.status ?? null,
      urgency: stepUrgency(record, s, ctx),
    })),
    sheet: controlSheet(record, ctx, moves).map((row) =>
      row.to === CITIZEN && !personal ? { ...row, toName: "Công dân" } : row,
    ),
    /** What this account may do now (the hub checks again, and the core after it). */
    may: {
      done: open && step !== undefined && step.officer === account.login,
      supplement: open && step !== undefined && (step.officer === account.login || serviceLeader),
      supplied: record.phase === "paused" && serviceReception,
      reassign: step !== undefined && serviceLeader,
      apology: serviceLeader && listedView.apologyPending,
      returned: record.phase === "ready" && serviceReception,
    },
    /** Whom the current step may go to: officers of its role on the dossier's service. */
    candidates:
      step !== undefined && serviceLeader
        ? config.officers
            .filter(
              (o) =>
                o.id !== step.officer &&
                o.roles.includes(step.role as OfficerConfig["roles"][number]) &&
                o.services.includes(record.service),
            )
            .map((o) => ({ id: o.id, name: o.name }))
        : [],
  };
}
