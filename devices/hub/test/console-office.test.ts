// The leader's and the admin's pages of the console against a real hub on loopback, by direct
// HTTP calls: phones (blocked, with their history), SMS (outbox, inbox, modem), the audit (JSON
// and CSV) and the accounts; every route refused to an officer and to a caller without a session.
import { loadOfficeConfig } from "@motcua/config";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../src/console/audit.js";
import { pollUntil, TestHub, type TestHubOptions } from "../src/testing.js";
import { addAccount, ConsoleClient, PASSWORD } from "./helpers/console-client.js";

let h: TestHub | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(options: TestHubOptions = {}): Promise<{ hub: TestHub; api: ConsoleClient }> {
  h = await TestHub.start({ ...options, more: { console: { port: 0 } } });
  addAccount(h, "can-bo-1", "officer", ["1"]);
  addAccount(h, "lanh-dao", "leader");
  addAccount(h, "quan-tri", "admin");
  return { hub: h, api: new ConsoleClient(h) };
}

const LEADER_ROUTES = [
  "/api/phones",
  "/api/phones/0912345678",
  "/api/sms",
  "/api/audit",
  "/api/audit?format=csv",
];

describe("roles", () => {
  it("refuses an officer the leader's pages (403) and everyone without a session (401)", async () => {
    const { api } = await start();
    const officer = await api.signIn("can-bo-1");
    for (const path of [...LEADER_ROUTES, "/api/accounts"]) {
      const refused = await api.get(path, officer);
      expect([path, refused.status, refused.body.error?.code]).toEqual([path, 403, "forbidden"]);
      const anonymous = await api.get(path);
      expect([path, anonymous.status, anonymous.body.error?.code]).toEqual([path, 401, "unauthenticated"]);
    }
    const body = { login: "moi", name: "Mới", role: "leader", counters: [], password: PASSWORD };
    expect((await api.post("/api/accounts", body, officer)).status).toBe(403);
    expect((await api.post("/api/accounts/can-bo-1", { name: "X" }, officer)).status).toBe(403);
    // A leader runs the day, not the accounts.
    const leader = await api.signIn("lanh-dao");
    expect((await api.post("/api/accounts", body, leader)).status).toBe(403);
    for (const path of LEADER_ROUTES)
      expect((await fetch(`${api.base}${path}`, { headers: leader })).status, path).toBe(200);
  });
});

describe("GET /api/phones", () => {
  it("lists a phone blocked by a no-show with its bookings, and one phone's whole history", async () => {
    // One no-show blocks: booked on Monday for Wednesday 08:00, skipped, absent after the grace.
    const example = loadOfficeConfig();
    const { hub, api } = await start({
      now: "2026-11-23T09:00:00+07:00",
      config: { ...example, rules: { ...example.rules, maxNoShows: 0 } },
    });
    const phone = "0912345678";
    const booked = hub.hub.queue.submit({
      at: hub.hub.queue.stamp(),
      type: "sms",
      from: phone,
      text: "DK Nguyen Van A KS 25/11",
    });
    const code = booked.events.find((e) => e.type === "booked")?.code;
    expect(code).toBeDefined();
    await hub.restart({ now: "2026-11-25T08:00:30+07:00" });
    hub.hub.queue.submit({ at: hub.hub.queue.stamp(), type: "press", counter: "1", button: "skip" });
    await hub.restart({ now: "2026-11-25T08:11:00+07:00" });

    const leader = await api.signIn("lanh-dao");
    const list = await api.get<{ blocked: Record<string, unknown>[] }>("/api/phones", leader);
    expect(list.status).toBe(200);
    expect(list.body.blocked).toEqual([
      {
        phone,
        blockedAt: expect.stringMatching(/^2026-11-25T08:1/),
        noShows: 1,
        history: [
          {
            code,
            name: "Nguyen Van A",
            date: "2026-11-25",
            time: "2026-11-25T08:00:00+07:00",
            procedure: "KS",
            status: "no_show",
            bookedAt: "2026-11-23T09:00:00+07:00",
          },
        ],
      },
    ]);

    // The same phone in its international form: one history.
    const one = await api.get<{ events: { type: string; reason?: string }[] }>(
      "/api/phones/%2B84912345678",
      leader,
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ blocked: true, noShows: 1, bookings: [{ code, status: "no_show" }] });
    expect(one.body.events.map((e) => [e.type, e.reason])).toEqual([
      ["blocked", undefined],
      ["cancelled", "no_show"],
      ["booked", undefined],
      ["sms", undefined],
    ]);

    // Unblocked by the leader: off the list, and in the phone's history with the officer.
    expect((await api.post("/api/actions", { type: "unblock", phone }, leader)).status).toBe(200);
    expect((await api.get<{ blocked: unknown[] }>("/api/phones", leader)).body.blocked).toEqual([]);
    const after = await api.get<{ blocked: boolean; events: { type: string; officer?: string }[] }>(
      `/api/phones/${phone}`,
      leader,
    );
    expect(after.body.blocked).toBe(false);
    expect(after.body.events[0]).toMatchObject({ type: "unblocked", officer: "lanh-dao" });
    expect((await api.get("/api/phones/not-a-phone", leader)).status).toBe(400);
  });
});

const hasSocat = await import("node:child_process").then(
  ({ spawnSync }) => spawnSync("sh", ["-c", "command -v socat"]).status === 0,
);

describe("GET /api/sms", () => {
  it.skipIf(!hasSocat && !process.env.CI)("gives the day's outbox, inbox and the modem's state", async () => {
    const { hub, api } = await start({ now: "2026-11-25T07:44:00+07:00", modem: "sim" });
    const sim = hub.hub.sms?.simulator;
    sim?.inject({ from: "+84912345678", text: "DK Nguyễn Văn An khai sinh 26/11" });
    sim?.inject({ from: "+84987654321", text: "DK" });
    await sim?.waitForSent((m) => m.to === "+84987654321", 10_000);
    await sim?.waitForSent((m) => m.to === "+84912345678", 10_000);
    const leader = await api.signIn("lanh-dao");
    // Marked sent once +CMGS answers, after the simulator has the message; the modem reports
    // its state once ready: both polled through the API itself.
    type Sms = { outbox: Record<string, unknown>[]; inbox: Record<string, unknown>[]; modem: unknown };
    const reply = await pollUntil(
      async () => {
        const r = await api.get<Sms>("/api/sms", leader);
        return r.body.outbox.length === 2 && r.body.outbox.every((m) => m.status === "sent") && r.body.modem
          ? r
          : undefined;
      },
      "both replies sent and the modem's state",
      { timeoutMs: 10_000, everyMs: 50 },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ date: "2026-11-25" });
    // Newest first.
    expect(reply.body.inbox).toEqual([
      expect.objectContaining({ from: "+84987654321", text: "DK", outcome: "rejected:syntax" }),
      expect.objectContaining({ from: "+84912345678", outcome: "booked", code: expect.any(String) }),
    ]);
    expect(reply.body.outbox.map((m) => [m.to, m.status, m.attempts])).toEqual(
      expect.arrayContaining([
        ["+84912345678", "sent", 0],
        ["+84987654321", "sent", 0],
      ]),
    );
    expect(reply.body.outbox[0]).toMatchObject({
      id: expect.any(Number),
      createdAt: expect.any(String),
      sentAt: expect.any(String),
    });
    expect(reply.body.modem).toMatchObject({
      state: "ready",
      signal: expect.any(Number),
      registered: true,
      simUsed: expect.any(Number),
      simTotal: expect.any(Number),
      updatedAt: expect.any(String),
    });
    // Another day has none of them.
    const other = await api.get<{ outbox: unknown[]; inbox: unknown[] }>("/api/sms?date=2026-11-24", leader);
    expect([other.body.outbox, other.body.inbox]).toEqual([[], []]);
    expect((await api.get("/api/sms?date=25/11/2026", leader)).status).toBe(400);
  });

  it("says there is no modem when the hub runs without one", async () => {
    const { api } = await start();
    const reply = await api.get("/api/sms", await api.signIn("quan-tri"));
    expect(reply.body).toEqual({ date: "2026-11-25", outbox: [], inbox: [], modem: null });
  });
});

describe("GET /api/audit", () => {
  it("lists the console's actions with their outcome and the account changes, newest first, filtered", async () => {
    const { hub, api } = await start();
    const leader = await api.signIn("lanh-dao");
    expect((await api.post("/api/actions", { type: "void", label: "TP-099" }, leader)).status).toBe(409);
    const officer = await api.signIn("can-bo-1");
    expect((await api.post("/api/actions", { type: "pause", counter: "1" }, officer)).status).toBe(200);
    const admin = await api.signIn("quan-tri");
    const added = await api.post(
      "/api/accounts",
      {
        login: "can-bo-3",
        name: 'Trần Thị "Ba", tổ 1',
        role: "officer",
        counters: ["3"],
        password: PASSWORD,
      },
      admin,
    );
    expect(added.status, JSON.stringify(added.body)).toBe(200);

    const all = await api.get<{ entries: AuditEntry[] }>("/api/audit", leader);
    expect(all.status).toBe(200);
    // The log's inputs newest first; the account change made within the same second beside them.
    const fromLog = all.body.entries.filter((e) => e.seq !== undefined);
    expect(fromLog.map((e) => [e.login, e.action, e.outcome])).toEqual([
      ["can-bo-1", "pause", "done"],
      ["lanh-dao", "void", "refused:not_found"],
    ]);
    expect(fromLog[0]).toMatchObject({ detail: { counter: "1" } });
    expect(fromLog[1]).toMatchObject({ detail: { label: "TP-099" } });
    const changes = all.body.entries.filter((e) => e.login === "quan-tri");
    expect(changes).toEqual([
      {
        at: expect.stringMatching(/^2026-11-25T/),
        login: "quan-tri",
        action: "account_add",
        outcome: "done",
        detail: { account: "can-bo-3", name: 'Trần Thị "Ba", tổ 1', role: "officer", counters: ["3"] },
      },
    ]);

    // A configuration change is named by what it did, without the whole office in it.
    const config = hub.hub.queue.core.config;
    const services = config.services.map((s, i) =>
      i === 0 ? { ...s, averageMinutes: s.averageMinutes + 1 } : s,
    );
    hub.hub.queue.submit({
      at: hub.hub.queue.stamp(),
      type: "config",
      config: { ...config, services },
      officer: "quan-tri",
      source: "console",
    });
    const withConfig = await api.get<{ entries: AuditEntry[] }>("/api/audit?action=config", leader);
    expect(withConfig.body.entries).toEqual([
      expect.objectContaining({
        login: "quan-tri",
        outcome: "done",
        detail: { source: "console", version: expect.any(Number), cancelled: [] },
      }),
    ]);

    const byLogin = await api.get<{ entries: AuditEntry[] }>("/api/audit?login=can-bo-1", leader);
    expect(byLogin.body.entries.map((e) => e.action)).toEqual(["pause"]);
    const byAction = await api.get<{ entries: AuditEntry[] }>("/api/audit?action=void", leader);
    expect(byAction.body.entries.map((e) => e.login)).toEqual(["lanh-dao"]);
    const before = await api.get<{ entries: AuditEntry[] }>("/api/audit?to=2026-11-24", leader);
    expect(before.body.entries.filter((e) => e.seq !== undefined)).toEqual([]);
    const during = await api.get<{ entries: AuditEntry[] }>(
      "/api/audit?from=2026-11-25&to=2026-11-25",
      leader,
    );
    expect(during.body.entries.filter((e) => e.seq !== undefined)).toHaveLength(3);
    expect((await api.get("/api/audit?from=hôm-nay", leader)).status).toBe(400);
  });

  it("downloads as CSV for Excel: BOM, header, quoted fields, attachment", async () => {
    const { api } = await start();
    const admin = await api.signIn("quan-tri");
    const name = 'Trần Thị "Ba", tổ 1';
    await api.post(
      "/api/accounts",
      { login: "can-bo-3", name, role: "leader", counters: [], password: PASSWORD },
      admin,
    );
    const res = await fetch(`${api.base}/api/audit?format=csv&login=quan-tri`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="motcua-audit-[\d_-]+\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("seq,at,login,action,outcome,detail");
    const detail = JSON.stringify({ account: "can-bo-3", name, role: "leader", counters: [] });
    expect(lines[1]).toMatch(/^,2026-11-25T[^,]+,quan-tri,account_add,done,"/);
    expect(lines[1]?.endsWith(`,"${detail.replace(/"/g, '""')}"`)).toBe(true);
    expect(lines.at(-1)).toBe("");
  });
});

describe("accounts from the console", () => {
  it("adds an account with the rules of motcua user, audited with the admin's login", async () => {
    const { hub, api } = await start();
    const admin = await api.signIn("quan-tri");
    const account = {
      login: "can-bo-2",
      name: "Lê Văn Hai",
      role: "officer",
      counters: ["2"],
      password: PASSWORD,
    };
    const added = await api.post<{ account: Record<string, unknown> }>("/api/accounts", account, admin);
    expect(added.status).toBe(200);
    expect(added.body.account).toMatchObject({
      login: "can-bo-2",
      role: "officer",
      counters: ["2"],
      disabledAt: null,
    });
    expect(JSON.stringify(added.body)).not.toContain("scrypt");
    expect(hub.hub.store.accounts.audit()[0]).toMatchObject({
      actor: "quan-tri",
      action: "add",
      login: "can-bo-2",
    });
    // The new account signs in.
    await api.signIn("can-bo-2");

    const refusals: [Record<string, unknown>, number, string][] = [
      [account, 409, "account_exists"],
      [{ ...account, login: "Có Dấu" }, 400, "login"],
      [{ ...account, login: "x2", password: "ngắn" }, 400, "password"],
      [{ ...account, login: "x2", counters: [] }, 400, "counters"],
      [{ ...account, login: "x2", counters: ["9"] }, 400, "counters"],
      [{ ...account, login: "x2", role: "leader" }, 400, "counters"],
      [{ ...account, login: "x2", role: "root" }, 400, "role"],
      [{ ...account, login: "x2", name: " " }, 400, "name"],
      [{ ...account, login: "x2", extra: 1 }, 400, "extra"],
    ];
    for (const [body, status, what] of refusals) {
      const reply = await api.post("/api/accounts", body, admin);
      expect([reply.status, reply.body.error?.path ?? reply.body.error?.code], JSON.stringify(body)).toEqual([
        status,
        what,
      ]);
    }
    expect(hub.hub.store.accounts.get("x2")).toBeUndefined();
  });

  it("changes an account's name, role, counters and password, and disables it, each audited", async () => {
    const { hub, api } = await start();
    const admin = await api.signIn("quan-tri");
    const officer = await api.signIn("can-bo-1");
    const moved = await api.post("/api/accounts/can-bo-1", { counters: ["1", "2"], name: "Lê Bình" }, admin);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.account).toMatchObject({ counters: ["1", "2"], name: "Lê Bình" });
    // The officer's session goes on, with the new counters at once.
    expect((await api.post("/api/actions", { type: "pause", counter: "2" }, officer)).status).toBe(200);
    const promoted = await api.post("/api/accounts/can-bo-1", { role: "leader" }, admin);
    expect(promoted.body.account).toMatchObject({ role: "leader", counters: [] });
    const password = await api.post("/api/accounts/can-bo-1", { password: "một-mật-khẩu-mới" }, admin);
    expect(password.status).toBe(200);
    // A new password ends the account's sessions.
    expect((await api.get("/api/today", officer)).status).toBe(401);
    expect((await api.post("/api/accounts/can-bo-1", { disabled: true }, admin)).status).toBe(200);
    expect(hub.hub.store.accounts.get("can-bo-1")?.disabledAt).not.toBeNull();
    expect(
      hub.hub.store.accounts
        .audit()
        .filter((a) => a.login === "can-bo-1" && a.actor === "quan-tri")
        .map((a) => a.action),
    ).toEqual(["disable", "passwd", "update", "update"]);

    const refusals: [string, Record<string, unknown>, number, string][] = [
      ["/api/accounts/nobody", { name: "X" }, 404, "account_unknown"],
      ["/api/accounts/lanh-dao", {}, 400, ""],
      ["/api/accounts/lanh-dao", { disabled: false }, 400, "disabled"],
      ["/api/accounts/lanh-dao", { counters: ["1"] }, 400, "counters"],
      ["/api/accounts/lanh-dao", { role: "officer" }, 400, "counters"],
      ["/api/accounts/quan-tri", { disabled: true }, 409, "own_account"],
      ["/api/accounts/quan-tri", { role: "leader" }, 409, "own_account"],
      ["/api/accounts/can-bo-1", { name: "Lại" }, 409, "account_disabled"],
    ];
    for (const [path, body, status, what] of refusals) {
      const reply = await api.post(path, body, admin);
      expect(
        [reply.status, reply.body.error?.path ?? reply.body.error?.code],
        `${path} ${JSON.stringify(body)}`,
      ).toEqual([status, what]);
    }
  });
});
