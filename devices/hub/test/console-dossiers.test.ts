// The console's dossier routes against a real hub on loopback (docs/console.md, "Hồ sơ /
// Dossiers"): reception opens a dossier at its counter, each officer sees their own steps and
// finishes them, leaders see the office's and approve the apology, the live stream signals the
// change; every role and CSRF rule is shown by direct HTTP calls without a page, and the reports
// come as JSON, CSV and a real xlsx read back with fflate.

import { createRequire } from "node:module";
import { loadOfficeConfig } from "@motcua/config";
import type { SimEvent } from "@motcua/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Signal, TestHub } from "../src/testing.js";
import { addAccount, ConsoleClient } from "./helpers/console-client.js";

/** Monday 07/12/2026 09:00: a working morning of the example office. */
const MONDAY_9 = "2026-12-07T09:00:00+07:00";
const CODE = "H30.99.01-261207-0001";
const CITIZEN = { name: "Nguyễn Văn An", phone: "0912345678" };

let h: TestHub;
let api: ConsoleClient;
type Headers = Record<string, string>;
const who: Record<string, Headers> = {};

beforeEach(async () => {
  h = await TestHub.start({ now: MONDAY_9, more: { console: { port: 0 } } });
  api = new ConsoleClient(h);
  // The example office's officers (docs/example-office.md) with accounts whose login is their id.
  addAccount(h, "tn-1", "officer", ["1"]); // reception, TP, counter 1
  addAccount(h, "tn-2", "officer", ["2"]); // reception, DD XH VH
  addAccount(h, "cv-tp", "officer"); // specialist, TP
  addAccount(h, "cv-dd", "officer"); // specialist, DD
  addAccount(h, "ld-tp", "leader"); // leader, TP
  addAccount(h, "ct", "leader"); // head: a leader's account, not a leader of a service
  addAccount(h, "vt", "officer"); // clerk
  // Accounts that are nobody's officer.
  addAccount(h, "can-bo-1", "officer", ["1"]);
  addAccount(h, "lanh-dao", "leader");
  addAccount(h, "quan-tri", "admin");
  for (const login of Object.keys(who)) delete who[login];
});
afterEach(() => h.close());

async function as(login: string): Promise<Headers> {
  who[login] ??= await api.signIn(login);
  return who[login];
}

interface Received {
  code: string;
  due: string;
  countFrom: string;
  dossier: { dossier: { code: string; name: string; counter: string | null }; office: { name: string } };
}

async function receive(login = "tn-1", body: Record<string, unknown> = { procedure: "KS", ...CITIZEN }) {
  return api.post<Received>("/api/dossiers", body, await as(login));
}

/** The log's inputs of a type, with their events. */
const logged = (type: string) => h.hub.store.searchLog({ types: [type] });

/**
 * An instant of a dossier received at 09:00, moved by how late after 09:00 the hub's real-time
 * clock actually received it (signing the accounts in takes seconds on a loaded machine). Within
 * the morning's working period every budget moves by the same amount.
 */
function afterReceipt(iso: string): string {
  const at = logged("dossier_receive").at(-1)?.input.at ?? MONDAY_9;
  const late = Date.parse(at) - Date.parse(MONDAY_9);
  const t = new Date(Date.parse(iso) + late + 7 * 3_600_000).toISOString().slice(0, 19);
  return `${t}+07:00`;
}

describe("POST /api/dossiers (reception)", () => {
  it("opens a dossier for the citizen at the account's counter: the code, the due instant, the log", async () => {
    const reply = await receive();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      code: CODE,
      // Procedure KS: 1 working day of 8 h from Monday 09:00 → Tuesday 09:00.
      due: afterReceipt("2026-12-08T09:00:00+07:00"),
      countFrom: afterReceipt(MONDAY_9),
    });
    expect(reply.body.dossier.dossier).toMatchObject({ code: CODE, name: CITIZEN.name, counter: "1" });
    expect(reply.body.dossier.office.name).toBe("UBND xã Sơn Tây");
    const [entry] = logged("dossier_receive");
    expect(entry?.input).toMatchObject({
      type: "dossier_receive",
      officer: "tn-1",
      counter: "1",
      procedure: "KS",
      name: CITIZEN.name,
      phone: CITIZEN.phone,
    });
    expect(entry?.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["dossier_received", "step_started"]),
    );
  });

  it("refuses who may not receive: another role (403), no officer (403), another counter (403), a wrong service (409)", async () => {
    const specialist = await receive("cv-tp");
    expect([specialist.status, specialist.body.error?.code]).toEqual([403, "forbidden"]);
    const nobody = await receive("can-bo-1");
    expect([nobody.status, nobody.body.error?.code]).toEqual([403, "not_an_officer"]);
    expect(nobody.body.error?.message).toContain("không gắn với cán bộ");
    const elsewhere = await receive("tn-1", { procedure: "KS", ...CITIZEN, counter: "2" });
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([403, "forbidden"]);
    // Nothing of those reached the queue.
    expect(logged("dossier_receive")).toEqual([]);
    // tn-2 receives DD, XH, VH: a TP procedure is the core's refusal, stored as such.
    const otherService = await receive("tn-2", { procedure: "KS", ...CITIZEN });
    expect([otherService.status, otherService.body.error?.code, otherService.body.error?.reason]).toEqual([
      409,
      "action_refused",
      "not_allowed",
    ]);
    expect(otherService.body.error?.message).toMatch(/lĩnh vực/);
    expect(logged("dossier_receive")).toHaveLength(1);
  });

  it("checks the body: a procedure of the office, a name, a phone; no `officer` or `at` from the page", async () => {
    for (const [body, path] of [
      [{ procedure: "ZZ", name: "A" }, "procedure"],
      [{ procedure: "KS", name: " " }, "name"],
      [{ procedure: "KS", name: "A", phone: "12" }, "phone"],
      [{ procedure: "KS", name: "A", officer: "ld-tp" }, "officer"],
      [{ procedure: "KS", name: "A", at: MONDAY_9 }, "at"],
      [{ procedure: "KS", name: "A", extra: 1 }, "extra"],
    ] as const) {
      const reply = await receive("tn-1", body);
      expect([reply.status, reply.body.error?.code, reply.body.error?.path], JSON.stringify(body)).toEqual([
        400,
        "bad_request",
        path,
      ]);
    }
  });

  it("refuses a change without the session's CSRF token, and a request without a session", async () => {
    const { cookie } = await as("tn-1");
    const noToken = await api.post(
      "/api/dossiers",
      { procedure: "KS", ...CITIZEN },
      { cookie: cookie as string },
    );
    expect([noToken.status, noToken.body.error?.code]).toEqual([403, "csrf"]);
    const wrongToken = await api.post(
      "/api/dossiers",
      { procedure: "KS", ...CITIZEN },
      { cookie: cookie as string, "x-csrf-token": "x".repeat(43) },
    );
    expect([wrongToken.status, wrongToken.body.error?.code]).toEqual([403, "csrf"]);
    const anonymous = await api.get("/api/dossiers/mine");
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, "unauthenticated"]);
    expect(logged("dossier_receive")).toEqual([]);
    await receive();
    const done = await api.post(
      `/api/dossiers/${CODE}/done`,
      {},
      { cookie: (await as("cv-tp")).cookie as string },
    );
    expect([done.status, done.body.error?.code]).toEqual([403, "csrf"]);
    expect(logged("step_done")).toEqual([]);
  });
});

interface Mine {
  officer: { id: string; roles: string[] };
  tasks: { code: string; kind: string; step: number | null; urgency: string; due: string; name: string }[];
  procedures: { code: string; mine: boolean }[];
}

interface Detail {
  personal: boolean;
  dossier: { code: string; name: string | null; phone: string | null; state: string; step: number | null };
  sheet: { from: string; to: string; at: string; status: string | null }[];
  may: Record<string, boolean>;
  candidates: { id: string }[];
}

describe("my dossiers and the steps", () => {
  it("shows each officer their own open steps; done moves the dossier to the next officer", async () => {
    await receive();
    const specialist = await api.get<Mine>("/api/dossiers/mine", await as("cv-tp"));
    expect(specialist.status).toBe(200);
    expect(specialist.body.officer).toMatchObject({ id: "cv-tp", roles: ["specialist"] });
    expect(specialist.body.tasks).toEqual([
      expect.objectContaining({
        code: CODE,
        kind: "step",
        step: 1,
        urgency: "on_time",
        due: afterReceipt("2026-12-07T15:00:00+07:00"),
        name: CITIZEN.name,
      }),
    ]);
    expect((await api.get<Mine>("/api/dossiers/mine", await as("ct"))).body.tasks).toEqual([]);
    // Reception's procedures: those with an internal process, its services' marked.
    const reception = await api.get<Mine>("/api/dossiers/mine", await as("tn-1"));
    expect(reception.body.procedures.find((p) => p.code === "KS")).toMatchObject({ mine: true });
    expect(reception.body.procedures.find((p) => p.code === "XD")).toMatchObject({ mine: false });

    const done = await api.post<{ events: SimEvent[] }>(`/api/dossiers/${CODE}/done`, {}, await as("cv-tp"));
    expect(done.status).toBe(200);
    expect(done.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "step_done",
          code: CODE,
          step: 1,
          officer: "cv-tp",
          status: "on_time",
        }),
        expect.objectContaining({ type: "step_started", code: CODE, step: 2, officer: "ct" }),
      ]),
    );
    expect((await api.get<Mine>("/api/dossiers/mine", await as("cv-tp"))).body.tasks).toEqual([]);
    expect((await api.get<Mine>("/api/dossiers/mine", await as("ct"))).body.tasks).toEqual([
      expect.objectContaining({ code: CODE, step: 2 }),
    ]);
    // The control sheet: the receipt to the specialist, the specialist to the head (on time).
    const detail = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("ct"));
    expect(detail.body.sheet.map((r) => [r.from, r.to, r.status])).toEqual([
      ["tn-1", "cv-tp", null],
      ["cv-tp", "ct", "on_time"],
    ]);
    // The short code works too.
    expect((await api.get<Detail>("/api/dossiers/261207-0001", await as("ct"))).body.dossier.code).toBe(CODE);
  });

  it("refuses another officer's step (409, in the log) and a request of an account that is no officer", async () => {
    await receive();
    const other = await api.post(`/api/dossiers/${CODE}/done`, {}, await as("cv-dd"));
    expect([other.status, other.body.error?.code, other.body.error?.reason]).toEqual([
      409,
      "action_refused",
      "not_allowed",
    ]);
    expect(other.body.error?.message).toContain("không do bạn xử lý");
    expect(logged("step_done").map((e) => e.input)).toEqual([expect.objectContaining({ officer: "cv-dd" })]);
    const nobody = await api.get("/api/dossiers/mine", await as("lanh-dao"));
    expect([nobody.status, nobody.body.error?.code]).toEqual([403, "not_an_officer"]);
    const unknown = await api.post("/api/dossiers/H30.99.01-261207-0099/done", {}, await as("cv-tp"));
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "not_found"]);
  });

  it("shows the citizen's name and phone only to whom takes part, and to leaders", async () => {
    await receive();
    const mineView = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("cv-tp"));
    expect(mineView.body).toMatchObject({
      personal: true,
      dossier: { name: CITIZEN.name, phone: CITIZEN.phone },
    });
    expect(mineView.body.may).toMatchObject({ done: true, reassign: false, apology: false });
    const otherOfficer = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("cv-dd"));
    expect(otherOfficer.status).toBe(200);
    expect(otherOfficer.body).toMatchObject({ personal: false, dossier: { name: null, phone: null } });
    expect(JSON.stringify(otherOfficer.body)).not.toContain(CITIZEN.phone);
    expect(JSON.stringify(otherOfficer.body)).not.toContain(CITIZEN.name);
    const leader = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("lanh-dao"));
    expect(leader.body).toMatchObject({ personal: true, dossier: { name: CITIZEN.name } });
  });

  it("reassigns only by a leader of the service: reception 403, the head 403, another service's officer 409", async () => {
    await receive();
    const reception = await api.post(`/api/dossiers/${CODE}/reassign`, { to: "cv-dd" }, await as("tn-1"));
    expect([reception.status, reception.body.error?.code]).toEqual([403, "forbidden"]);
    const head = await api.post(`/api/dossiers/${CODE}/reassign`, { to: "cv-dd" }, await as("ct"));
    expect([head.status, head.body.error?.code]).toEqual([403, "forbidden"]);
    expect(logged("step_reassign")).toEqual([]);
    const detail = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("ld-tp"));
    expect(detail.body.may.reassign).toBe(true);
    // TP has one specialist: nobody else to give the step to.
    expect(detail.body.candidates).toEqual([]);
    // The core refuses a specialist of another service, and stores the refusal.
    const wrong = await api.post(`/api/dossiers/${CODE}/reassign`, { to: "cv-dd" }, await as("ld-tp"));
    expect([wrong.status, wrong.body.error?.code, wrong.body.error?.reason]).toEqual([
      409,
      "action_refused",
      "invalid",
    ]);
    expect(wrong.body.error?.message).toContain("phụ trách lĩnh vực");
    expect(logged("step_reassign").map((e) => e.input)).toEqual([
      expect.objectContaining({ officer: "ld-tp" }),
    ]);
    const unknown = await api.post(`/api/dossiers/${CODE}/reassign`, { to: "nobody" }, await as("ld-tp"));
    expect([unknown.status, unknown.body.error?.path]).toEqual([400, "to"]);
  });

  it("gives the step to another specialist of the service: they are told, the control sheet names both", async () => {
    // The example office has one specialist on TP: a second one, for this test.
    await h.close();
    const example = loadOfficeConfig();
    h = await TestHub.start({
      now: MONDAY_9,
      config: {
        ...example,
        officers: [
          ...example.officers,
          { id: "cv-tp2", name: "Phan Văn Tú", roles: ["specialist"], services: ["TP"] },
        ],
      },
      more: { console: { port: 0 } },
    });
    api = new ConsoleClient(h);
    for (const login of Object.keys(who)) delete who[login];
    addAccount(h, "tn-1", "officer", ["1"]);
    addAccount(h, "cv-tp", "officer");
    addAccount(h, "cv-tp2", "officer");
    addAccount(h, "ld-tp", "leader");
    await receive();
    const detail = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("ld-tp"));
    expect(detail.body.candidates).toEqual([{ id: "cv-tp2", name: "Phan Văn Tú" }]);
    const moved = await api.post<{ events: SimEvent[] }>(
      `/api/dossiers/${CODE}/reassign`,
      { to: "cv-tp2" },
      await as("ld-tp"),
    );
    expect(moved.status).toBe(200);
    expect(moved.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "step_reassigned",
          step: 1,
          from: "cv-tp",
          to: "cv-tp2",
          officer: "ld-tp",
        }),
      ]),
    );
    expect((await api.get<Mine>("/api/dossiers/mine", await as("cv-tp"))).body.tasks).toEqual([]);
    expect((await api.get<Mine>("/api/dossiers/mine", await as("cv-tp2"))).body.tasks).toEqual([
      expect.objectContaining({ code: CODE, step: 1 }),
    ]);
    const sheet = (await api.get<Detail>(`/api/dossiers/${CODE}`, await as("cv-tp2"))).body.sheet;
    expect(sheet.map((r) => [r.from, r.to])).toEqual([
      ["tn-1", "cv-tp"],
      ["cv-tp", "cv-tp2"],
    ]);
    // The officer who held the step took part: they still see the citizen.
    expect((await api.get<Detail>(`/api/dossiers/${CODE}`, await as("cv-tp"))).body.personal).toBe(true);
  });

  it("lists the office's dossiers by step and lateness for leaders and admins only", async () => {
    await receive();
    await receive("tn-2", { procedure: "XD", name: "Trần Thị Bình" });
    for (const login of ["cv-tp", "tn-1", "can-bo-1"]) {
      const refused = await api.get("/api/dossiers", await as(login));
      expect([refused.status, refused.body.error?.code], login).toEqual([403, "forbidden"]);
    }
    const all = await api.get<{
      total: number;
      dossiers: { code: string; state: string; step: number }[];
      byStep: { service: string; step: number; count: number }[];
      byState: Record<string, number>;
    }>("/api/dossiers", await as("lanh-dao"));
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.byState.on_time).toBe(2);
    expect(all.body.byStep.map((g) => [g.service, g.step, g.count])).toEqual([
      ["DD", 1, 1],
      ["TP", 1, 1],
    ]);
    const tp = await api.get<{ total: number }>("/api/dossiers?service=TP", await as("quan-tri"));
    expect(tp.body.total).toBe(1);
    const late = await api.get<{ total: number }>("/api/dossiers?late=1", await as("quan-tri"));
    expect(late.body.total).toBe(0);
    const bad = await api.get("/api/dossiers?step=x", await as("quan-tri"));
    expect([bad.status, bad.body.error?.path]).toEqual([400, "step"]);
  });

  it("asks for a supplement (paused), receives it (resumed), and hands the result over", async () => {
    await receive();
    const supplement = await api.post(
      `/api/dossiers/${CODE}/supplement`,
      { note: "Bản sao CCCD" },
      await as("cv-tp"),
    );
    expect(supplement.status).toBe(200);
    expect((await api.get<Mine>("/api/dossiers/mine", await as("cv-tp"))).body.tasks[0]?.urgency).toBe(
      "paused",
    );
    const supplied = await api.post(`/api/dossiers/${CODE}/supplied`, {}, await as("tn-1"));
    expect(supplied.status).toBe(200);
    expect((await api.get<Mine>("/api/dossiers/mine", await as("cv-tp"))).body.tasks[0]?.urgency).toBe(
      "on_time",
    );
    // Every counted step in turn: specialist, head, clerk, reception's "result back to the desk".
    for (const login of ["cv-tp", "ct", "vt", "tn-1"]) {
      const done = await api.post(`/api/dossiers/${CODE}/done`, {}, await as(login));
      expect(done.status, login).toBe(200);
    }
    const reception = await api.get<Mine>("/api/dossiers/mine", await as("tn-1"));
    expect(reception.body.tasks).toEqual([
      expect.objectContaining({ code: CODE, kind: "return", urgency: "ready" }),
    ]);
    const specialistReturn = await api.post(`/api/dossiers/${CODE}/returned`, {}, await as("cv-tp"));
    expect([specialistReturn.status, specialistReturn.body.error?.code]).toEqual([403, "forbidden"]);
    const returned = await api.post(`/api/dossiers/${CODE}/returned`, {}, await as("tn-1"));
    expect(returned.status).toBe(200);
    const detail = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("lanh-dao"));
    expect(detail.body.dossier.state).toBe("returned");
    expect(detail.body.sheet.at(-1)).toMatchObject({ from: "tn-1", to: "cong-dan" });
  });

  it("approves the apology with a new date: the leader of the service only, once the dossier is late", async () => {
    await receive();
    // Time passes the dossier's due (Tuesday 09:00) without its steps done.
    h.hub.queue.submit({ at: "2026-12-08T10:00:00+07:00", type: "tick" });
    const list = await api.get<{ dossiers: { code: string; state: string; apologyPending: boolean }[] }>(
      "/api/dossiers?late=1",
      await as("lanh-dao"),
    );
    expect(list.body.dossiers).toEqual([
      expect.objectContaining({ code: CODE, state: "overdue", apologyPending: true }),
    ]);
    const reception = await api.post(
      `/api/dossiers/${CODE}/apology`,
      { newDue: "2026-12-10" },
      await as("tn-1"),
    );
    expect([reception.status, reception.body.error?.code]).toEqual([403, "forbidden"]);
    const detail = await api.get<Detail>(`/api/dossiers/${CODE}`, await as("ld-tp"));
    expect(detail.body.may.apology).toBe(true);
    const approved = await api.post<{ events: SimEvent[] }>(
      `/api/dossiers/${CODE}/apology`,
      { newDue: "2026-12-10" },
      await as("ld-tp"),
    );
    expect(approved.status).toBe(200);
    expect(approved.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "apology_sent", code: CODE, newDue: "2026-12-10T17:30:00+07:00" }),
      ]),
    );
    const bad = await api.post(`/api/dossiers/${CODE}/apology`, { newDue: "10/12" }, await as("ld-tp"));
    expect([bad.status, bad.body.error?.path]).toEqual([400, "newDue"]);
  });
});

describe("processes in the live configuration", () => {
  it("are in the admin's configuration, and a change of a process is named by the preview", async () => {
    const admin = await as("quan-tri");
    const current = await api.get<{ config: { processes: { id: string; steps: { hours?: number }[] }[] } }>(
      "/api/config",
      admin,
    );
    const config = structuredClone(current.body.config);
    expect(config.processes.map((p) => p.id)).toEqual(["A", "B", "C", "D"]);
    const step = config.processes[0]?.steps[1] as { hours?: number };
    step.hours = 3;
    const preview = await api.post<{ changes: string[] }>("/api/config/preview", { config }, admin);
    expect(preview.status).toBe(200);
    expect(preview.body.changes).toEqual(["Quy trình A (Hộ tịch, chứng thực trong ngày) thay đổi"]);
  });
});

/** The `dossiers` signals of `/api/dossiers/live`, read as they arrive. */
async function dossierSignals(headers: Headers) {
  const res = await fetch(`${api.base}/api/dossiers/live`, { headers: { cookie: headers.cookie as string } });
  const signals: { mine: boolean }[] = [];
  const others: string[] = [];
  const arrived = new Signal();
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === "dossiers" && data) signals.push(JSON.parse(data) as { mine: boolean });
          else if (event) others.push(event);
          arrived.notify();
        }
      }
    } catch {
      // cancelled
    }
  })();
  return { res, signals, others, arrived, close: () => void reader.cancel() };
}

describe("GET /api/dossiers/live", () => {
  it("signals a dossier change at once, `mine` to the officer it reaches, without the day's pictures", async () => {
    await receive();
    const head = await dossierSignals(await as("ct"));
    const other = await dossierSignals(await as("cv-dd"));
    expect(head.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    try {
      await api.post(`/api/dossiers/${CODE}/done`, {}, await as("cv-tp"));
      await head.arrived.until(() => head.signals.length > 0, "the head's dossier signal");
      await other.arrived.until(() => other.signals.length > 0, "another officer's dossier signal");
      expect(head.signals[0]).toMatchObject({ mine: true });
      expect(other.signals[0]).toMatchObject({ mine: false });
      expect(head.others).not.toContain("today");
    } finally {
      head.close();
      other.close();
    }
  });
});

describe("GET /api/reports/dossiers", () => {
  beforeEach(async () => {
    await receive();
    await api.post(`/api/dossiers/${CODE}/done`, {}, await as("cv-tp"));
  });

  it("gives leaders and admins the report of a period; others are refused", async () => {
    for (const login of ["cv-tp", "tn-1"]) {
      const refused = await api.get("/api/reports/dossiers", await as(login));
      expect([refused.status, refused.body.error?.code], login).toEqual([403, "forbidden"]);
    }
    const reply = await api.get<{
      period: { from: string; to: string };
      tables: { services: { header: string[]; rows: (string | number | null)[][] } };
    }>("/api/reports/dossiers?kind=day&date=2026-12-07", await as("lanh-dao"));
    expect(reply.status).toBe(200);
    expect(reply.body.period).toEqual({ from: "2026-12-07", to: "2026-12-07" });
    const { header, rows } = reply.body.tables.services;
    expect(header.slice(0, 4)).toEqual(["STT", "Mã lĩnh vực", "Lĩnh vực", "Tiếp nhận"]);
    const tp = rows.find((r) => r[1] === "TP");
    expect(tp?.[3]).toBe(1);
    expect(rows.at(-1)?.[2]).toBe("Tổng cộng");
    const month = await api.get<{ period: unknown }>(
      "/api/reports/dossiers?kind=quarter&date=2026-12-07",
      await as("quan-tri"),
    );
    expect(month.body.period).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    const range = await api.get<{ period: unknown }>(
      "/api/reports/dossiers?from=2026-12-01&to=2026-12-06",
      await as("quan-tri"),
    );
    expect(range.body.period).toEqual({ from: "2026-12-01", to: "2026-12-06" });
    for (const [query, path] of [
      ["kind=week", "kind"],
      ["kind=day&date=2026-02-30", "date"],
      ["from=2026-12-07&to=2026-12-01", "to"],
      ["format=pdf", "format"],
    ]) {
      const bad = await api.get(`/api/reports/dossiers?${query}`, await as("quan-tri"));
      expect([bad.status, bad.body.error?.path], query).toEqual([400, path]);
    }
  });

  it("downloads CSV for Excel: a byte-order mark, the Vietnamese headings, CRLF", async () => {
    const res = await fetch(`${api.base}/api/reports/dossiers?kind=month&date=2026-12-07&format=csv`, {
      headers: { cookie: (await as("lanh-dao")).cookie as string },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="bao-cao-ho-so-2026-12-01_2026-12-31.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^STT,Mã lĩnh vực,Lĩnh vực,Tiếp nhận,Đã giải quyết,Trước hạn,Đúng hạn,Quá hạn,/);
    expect(lines.find((l) => l.startsWith("1,TP,"))).toMatch(/^1,TP,Tư pháp – Hộ tịch,1,/);
    expect(lines.at(-1)).toBe("");
    const steps = await fetch(
      `${api.base}/api/reports/dossiers?kind=month&date=2026-12-07&format=csv&table=steps`,
      {
        headers: { cookie: (await as("lanh-dao")).cookie as string },
      },
    );
    // (text() drops the byte-order mark, as a decoder does.)
    expect((await steps.text()).split("\r\n")[0]).toBe(
      "Mã lĩnh vực,Lĩnh vực,Bước,Tên bước,Đã xong,Đúng hạn,Quá hạn,Giờ làm việc trung bình",
    );
  });

  it("downloads a real xlsx: a zip whose sheets hold the Vietnamese headings and the counts", async () => {
    const res = await fetch(`${api.base}/api/reports/dossiers?kind=month&date=2026-12-07&format=xlsx`, {
      headers: { cookie: (await as("quan-tri")).cookie as string },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="bao-cao-ho-so-2026-12-01_2026-12-31.xlsx"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(String.fromCharCode(bytes[0] as number, bytes[1] as number)).toBe("PK");
    // fflate is write-excel-file's own dependency: read it from there.
    const require = createRequire(import.meta.resolve("write-excel-file/node"));
    const { unzipSync, strFromU8 } = require("fflate") as {
      unzipSync(data: Uint8Array): Record<string, Uint8Array>;
      strFromU8(data: Uint8Array): string;
    };
    const files = unzipSync(bytes);
    const workbook = strFromU8(files["xl/workbook.xml"] as Uint8Array);
    for (const name of ["Theo lĩnh vực", "Theo bước", "Theo cán bộ"]) expect(workbook).toContain(name);
    const strings = strFromU8(files["xl/sharedStrings.xml"] as Uint8Array);
    for (const heading of [
      "Tiếp nhận",
      "Đúng hạn",
      "Tỉ lệ đúng hạn (%)",
      "Tổng cộng",
      "Tư pháp – Hộ tịch",
      "Tên bước",
    ])
      expect(strings).toContain(`<t>${heading}</t>`);
    expect(strings).toContain("<t>UBND xã Sơn Tây</t>");
    // The TP row's count of received dossiers is a number cell, not text.
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"] as Uint8Array);
    expect(sheet).toMatch(/<c r="D\d+"><v>1<\/v><\/c>/);
  });
});
