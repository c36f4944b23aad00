// The console's officer actions against a real hub on loopback: each goes through the live
// queue like a device's press (MQTT calls, the store's log with the acting login, a replay on
// restart), and every refusal is shown by direct HTTP calls without a page.

import { loadOfficeConfig } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import type { AccountRole } from "@motcua/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { O, retained, TestClient, TestHub, type TestHubOptions } from "../src/testing.js";

const PASSWORD = "mật-khẩu-đủ-dài";
let h: TestHub;
let base = "";

/** A hub with its console and three accounts. The example office: TP at counter 1, DD at 2. */
async function startWithAccounts(options: TestHubOptions = {}) {
  h = await TestHub.start({ ...options, more: { console: { port: 0 } } });
  base = `http://127.0.0.1:${h.hub.console?.port}`;
  addAccount("can-bo-1", "officer", ["1"]);
  addAccount("can-bo-2", "officer", ["2"]);
  addAccount("lanh-dao", "leader");
}

beforeEach(() => startWithAccounts());
afterEach(() => h.close());

function addAccount(login: string, role: AccountRole, counters: string[] = []) {
  h.hub.store.accounts.add(
    { login, name: `Tài khoản ${login}`, role, counters, passwordHash: hashPassword(PASSWORD) },
    { actor: "test", at: new Date().toISOString() },
  );
}

interface Reply {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; path?: string; reason?: string };
    events?: Record<string, unknown>[];
  };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Reply["body"] };
}

/** Signs in and returns the headers every change of that session carries. */
async function signIn(login: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  return { cookie, "x-csrf-token": csrfToken };
}

/** A walk-in ticket of `service` from kiosk 1; its label once the hub has stored it. */
async function ticket(kiosk: TestClient, service: string): Promise<string> {
  const id = `t-${kiosk.mark()}-${service}`;
  await kiosk.publish(`${O}/kiosk/1/press`, { id, service });
  const answer = await kiosk.next(`${O}/kiosk/1/ticket`, (p) => p.requestId === id);
  return answer.label as string;
}

describe("POST /api/actions", () => {
  let device: TestClient;
  beforeEach(async () => {
    device = await TestClient.connect(h.url);
    await device.subscribe(`${O}/kiosk/1/ticket`, `${O}/calls`);
  });
  afterEach(() => device.close());

  it("lets an officer call a number at their own counter: announced on MQTT, stored with the officer", async () => {
    await ticket(device, "TP");
    const second = await ticket(device, "TP");
    const officer = await signIn("can-bo-1");
    const from = device.mark();
    const reply = await post("/api/actions", { type: "call", counter: "1", label: second }, officer);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.events).toEqual([
      expect.objectContaining({ type: "called", label: second, counter: "1", officer: "can-bo-1" }),
    ]);
    const announced = await device.next(`${O}/calls`, (c) => c.label === second, { from });
    expect(announced).toMatchObject({ counter: "1", service: "TP", repeat: false });
    const stored = h.storedInputs("call");
    expect(stored).toEqual([
      { type: "call", counter: "1", label: second, officer: "can-bo-1", at: expect.any(String) },
    ]);
  });

  it("refuses an officer another's counter or service (403) and stores nothing", async () => {
    const label = await ticket(device, "TP");
    const other = await signIn("can-bo-2");
    const atCounter = await post("/api/actions", { type: "call", counter: "1", label }, other);
    expect([atCounter.status, atCounter.body.error?.code]).toEqual([403, "forbidden"]);
    expect(atCounter.body.error?.message).toContain("quầy của mình");
    const voided = await post("/api/actions", { type: "void", label }, other);
    expect([voided.status, voided.body.error?.code]).toEqual([403, "forbidden"]);
    expect(h.storedInputs("call")).toEqual([]);
    expect(h.storedInputs("void")).toEqual([]);
  });

  it("surfaces the core's refusal with its reason and a Vietnamese message (409), stored too", async () => {
    const leader = await signIn("lanh-dao");
    const reply = await post("/api/actions", { type: "void", label: "TP-099" }, leader);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toEqual({
      code: "action_refused",
      reason: "not_found",
      message: "Không tìm thấy số thứ tự này trong ngày hôm nay.",
    });
    expect(reply.body.events).toEqual([
      expect.objectContaining({ type: "action_refused", action: "void", officer: "lanh-dao" }),
    ]);
    expect(h.storedEvents("action_refused")).toHaveLength(1);
  });

  it("is replayed identically from the store after a restart", async () => {
    const label = await ticket(device, "TP");
    const officer = await signIn("can-bo-1");
    expect((await post("/api/actions", { type: "call", counter: "1", label }, officer)).status).toBe(200);
    const before = h.storedEvents();
    await h.restart();
    base = `http://127.0.0.1:${h.hub.console?.port}`;
    const restored = h.log.find((l) => l.msg === "queue restored from the store" && l.entries === 2);
    expect(restored).toMatchObject({ mismatches: 0 });
    expect(h.storedEvents().slice(0, before.length)).toEqual(before);
    // The restored queue serves the called number at counter 1.
    const state = await retained(h.url, `${O}/counter/1/state`);
    expect(state).toMatchObject({ serving: { label } });
    // The session is in the store too: the same officer acts again without signing in.
    expect((await post("/api/actions", { type: "void", label: "TP-099" }, officer)).status).toBe(409);
  });
});

describe("unblock", () => {
  it("is refused to an officer and lifts a block for a leader", async () => {
    // An office where one no-show blocks the phone: booked on Monday for Wednesday 08:00, called
    // then skipped at counter 1, and still absent at the end of the grace period.
    await h.close();
    const example = loadOfficeConfig();
    await startWithAccounts({
      now: "2026-11-23T09:00:00+07:00",
      config: { ...example, rules: { ...example.rules, maxNoShows: 0 } },
    });
    const phone = "0912345678";
    const { queue } = h.hub;
    const booked = queue.submit({
      at: queue.stamp(),
      type: "sms",
      from: phone,
      text: "DK Nguyen Van A KS 25/11",
    });
    expect(booked.events.map((e) => e.type)).toContain("booked");
    await h.restart({ now: "2026-11-25T08:00:30+07:00" });
    h.hub.queue.submit({ at: h.hub.queue.stamp(), type: "press", counter: "1", button: "skip" });
    await h.restart({ now: "2026-11-25T08:11:00+07:00" });
    expect(h.storedEvents("blocked")).toEqual([expect.objectContaining({ phone })]);
    base = `http://127.0.0.1:${h.hub.console?.port}`;

    const officer = await signIn("can-bo-1");
    const refused = await post("/api/actions", { type: "unblock", phone }, officer);
    expect([refused.status, refused.body.error?.code]).toEqual([403, "forbidden"]);
    expect(h.storedInputs("unblock")).toEqual([]);
    const leader = await signIn("lanh-dao");
    const done = await post("/api/actions", { type: "unblock", phone }, leader);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.events?.map((e) => [e.type, e.officer])).toEqual([
      ["unblocked", "lanh-dao"],
      ["sms_out", "lanh-dao"],
    ]);
    expect(h.storedInputs("unblock")).toEqual([expect.objectContaining({ phone, officer: "lanh-dao" })]);
    // Unblocked once: a second time the core says so, in Vietnamese.
    const again = await post("/api/actions", { type: "unblock", phone }, leader);
    expect(again.body.error).toEqual({
      code: "action_refused",
      reason: "not_allowed",
      message: "Số điện thoại này không bị chặn.",
    });
  });
});

describe("POST /api/actions, refused before the queue", () => {
  it("without the CSRF token", async () => {
    const { "x-csrf-token": _token, ...withoutToken } = await signIn("lanh-dao");
    const reply = await post("/api/actions", { type: "void", label: "TP-001" }, withoutToken);
    expect([reply.status, reply.body.error?.code]).toEqual([403, "csrf"]);
    expect(h.storedInputs("void")).toEqual([]);
  });

  it("without a session", async () => {
    const reply = await post("/api/actions", { type: "void", label: "TP-001" });
    expect([reply.status, reply.body.error?.code]).toEqual([401, "unauthenticated"]);
  });

  it("with a bad body: 400 naming the field", async () => {
    const leader = await signIn("lanh-dao");
    const cases: [unknown, string][] = [
      [{ type: "call", counter: "1" }, "label"],
      [{ type: "call", counter: "", label: "TP-001" }, "counter"],
      [{ type: "void", label: "TP-001", officer: "someone-else" }, "officer"],
      [{ type: "void", label: "TP-001", at: "2026-11-25T07:00:00+07:00" }, "at"],
      [{ type: "void", label: "TP-001", counter: "1" }, "counter"],
      [{ type: "rating", counter: "1", value: "satisfied" }, "type"],
      [{ type: "press", counter: "1", button: "next" }, "type"],
      [["void"], ""],
    ];
    for (const [body, path] of cases) {
      const reply = await post("/api/actions", body, leader);
      expect([reply.status, reply.body.error?.code, reply.body.error?.path], JSON.stringify(body)).toEqual([
        400,
        "bad_request",
        path,
      ]);
    }
    expect(h.storedInputs().filter((i) => i.type !== "tick")).toEqual([]);
  });
});
