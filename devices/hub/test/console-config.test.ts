// The office configuration changed live from the console, against a real hub on loopback
// (docs/console.md "Configuration"): admins only, the next decision obeys it at once, a change
// that breaks bookings lists them and applies only when confirmed (the citizens told by SMS),
// and a restart keeps the console's configuration unless the office file changed.

import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import type { AccountRole } from "@motcua/store";
import { afterEach, describe, expect, it } from "vitest";
import { O, TestClient, TestHub, type TestHubOptions } from "../src/testing.js";

const PASSWORD = "mật-khẩu-đủ-dài";
const ADMIN = "quan-tri";
let h: TestHub;
let base = "";

async function start(options: TestHubOptions = {}) {
  h = await TestHub.start({ ...options, more: { console: { port: 0 } } });
  base = `http://127.0.0.1:${h.hub.console?.port}`;
  for (const [login, role] of [
    [ADMIN, "admin"],
    ["lanh-dao", "leader"],
    ["can-bo-1", "officer"],
  ] as const)
    addAccount(login, role);
}

function addAccount(login: string, role: AccountRole) {
  h.hub.store.accounts.add(
    {
      login,
      name: `Tài khoản ${login}`,
      role,
      counters: role === "officer" ? ["1"] : [],
      passwordHash: hashPassword(PASSWORD),
    },
    { actor: "test", at: new Date().toISOString() },
  );
}

afterEach(() => h.close());

interface Reply {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; issues?: { path: string; message: string }[] };
  };
}

async function call(method: "GET" | "POST", path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply["body"] } satisfies Reply;
}

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

function changed(from: OfficeConfig, mutate: (c: OfficeConfig) => void): OfficeConfig {
  const copy = structuredClone(from);
  mutate(copy);
  return copy;
}

const minutesOfTP = (minutes: number) => (c: OfficeConfig) => {
  const tp = c.services.find((s) => s.code === "TP");
  if (tp) tp.averageMinutes = minutes;
};

/** The configuration in force, as GET /api/config gives it. */
async function inForce(admin: Record<string, string>) {
  const reply = await call("GET", "/api/config", admin);
  expect(reply.status).toBe(200);
  return reply.body as {
    version: number;
    config: OfficeConfig;
    appliedBy: string | null;
    source: string | null;
  };
}

/** A booking by SMS straight into the hub's queue (the modem's path without the modem): its time. */
function book(phone: string, text: string): string | undefined {
  const { queue } = h.hub;
  const events = queue.submit({ at: queue.stamp(), type: "sms", from: phone, text }).events;
  const booked = events.find((e) => e.type === "booked");
  return booked?.type === "booked" ? booked.time : undefined;
}

describe("the configuration API", () => {
  it("lets an admin change a service's minutes: the next SMS booking obeys it at once", async () => {
    await start({ now: "2026-11-25T07:44:00+07:00", modem: "sim" });
    const sim = h.hub.sms?.simulator;
    expect(sim).toBeDefined();
    sim?.inject({ from: "+84912000001", text: "DK Nguyen Van A KS 26/11" });
    const first = await sim?.waitForSent((m) => m.to === "+84912000001", 10_000);
    expect(first?.text).toContain("so TP-001, quay 1, 08:00 ngay 26/11/2026");

    const admin = await signIn(ADMIN);
    const before = await inForce(admin);
    expect(before).toMatchObject({ version: 0, appliedBy: null });
    const slower = changed(before.config, minutesOfTP(20));
    const applied = await call("POST", "/api/config", admin, { config: slower });
    expect(applied, JSON.stringify(applied.body)).toEqual({
      status: 200,
      body: { version: 1, cancelled: [] },
    });
    expect(await inForce(admin)).toMatchObject({ version: 1, appliedBy: ADMIN, source: "console" });
    // Saved again without a change: nothing is logged.
    const again = await call("POST", "/api/config", admin, { config: slower });
    expect(again.body).toEqual({ version: 1, cancelled: [], unchanged: true });
    expect(h.storedInputs("config")).toEqual([
      expect.objectContaining({ officer: ADMIN, source: "console", confirm: false, config: slower }),
    ]);

    // 08:10 under the old minutes; TP-001's slot now lasts 20 minutes too.
    sim?.inject({ from: "+84912000002", text: "DK Nguyen Van B KS 26/11" });
    const second = await sim?.waitForSent((m) => m.to === "+84912000002", 10_000);
    expect(second?.text).toContain("so TP-002, quay 1, 08:20 ngay 26/11/2026");
  });

  it("refuses a leader and an officer (403), by direct calls, and stores nothing", async () => {
    await start();
    const config = changed(loadOfficeConfig(), minutesOfTP(20));
    for (const login of ["lanh-dao", "can-bo-1"]) {
      const who = await signIn(login);
      for (const [method, path, body] of [
        ["GET", "/api/config", undefined],
        ["POST", "/api/config/preview", { config }],
        ["POST", "/api/config", { config, confirm: true }],
      ] as const) {
        const reply = await call(method, path, who, body);
        expect([login, path, reply.status, reply.body.error?.code]).toEqual([login, path, 403, "forbidden"]);
      }
    }
    expect(h.storedInputs("config")).toEqual([]);
    expect(h.hub.queue.config.services[0]?.averageMinutes).toBe(10);
  });

  it("refuses an invalid configuration with each field's path (400), and the office file's sections", async () => {
    await start();
    const admin = await signIn(ADMIN);
    const { config } = await inForce(admin);
    const bad = changed(config, (c) => {
      (c.services[0] as { averageMinutes: number }).averageMinutes = 0;
      (c.rules as Record<string, unknown>).travelBuferMinutes = 30;
    });
    for (const path of ["/api/config/preview", "/api/config"]) {
      const reply = await call("POST", path, admin, { config: bad, confirm: true });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.code).toBe("invalid_config");
      expect(reply.body.error?.issues).toEqual(
        expect.arrayContaining([
          { path: "services[0].averageMinutes", message: expect.any(String) },
          { path: "rules.travelBuferMinutes", message: 'unknown field; did you mean "travelBufferMinutes"?' },
        ]),
      );
    }
    const otherPort = changed(config, (c) => {
      c.hub.mqttPort = 11883;
      c.office.id = "xa-khac";
      c.display.notice = "Một dòng khác";
    });
    const reply = await call("POST", "/api/config", admin, { config: otherPort });
    expect(reply.body.error?.issues?.map((i) => i.path)).toEqual(["office.id", "hub", "display"]);
    expect(h.storedInputs("config")).toEqual([]);
  });

  it("lists the bookings a change breaks, refuses it unconfirmed (409) and applies it confirmed, telling the citizen", async () => {
    await start({ now: "2026-11-23T09:00:00+07:00", modem: "sim" });
    expect(book("+84912000001", "DK Nguyen Van A KS 26/11")).toBe("2026-11-26T08:00:00+07:00");
    expect(book("+84912000002", "DK Nguyen Van B KS 26/11")).toBe("2026-11-26T08:10:00+07:00");
    const admin = await signIn(ADMIN);
    const { config } = await inForce(admin);
    const shorter = changed(config, (c) => {
      const morning = c.sessions[0];
      if (morning) morning.end = "08:15";
    });
    const preview = await call("POST", "/api/config/preview", admin, { config: shorter });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      valid: true,
      changes: ["Buổi sáng: 07:30–11:00 (hẹn từ 08:00) → 07:30–08:15 (hẹn từ 08:00)"],
      impact: [
        {
          phone: "+84912000002",
          name: "Nguyen Van B",
          date: "2026-11-26",
          time: "08:10",
          service: "TP",
          counter: "1",
          label: "TP-002",
          reason: expect.stringContaining("nằm ngoài giờ làm việc mới"),
        },
      ],
    });
    const impact = preview.body.impact as { code: string }[];

    const refused = await call("POST", "/api/config", admin, { config: shorter });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe("needs_confirmation");
    expect(refused.body.impact).toEqual(impact);
    expect(h.storedInputs("config")).toEqual([]);

    const applied = await call("POST", "/api/config", admin, { config: shorter, confirm: true });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ version: 1, cancelled: impact });
    expect(h.storedEvents("cancelled")).toEqual([
      expect.objectContaining({ code: impact[0]?.code, reason: "officer", officer: ADMIN }),
    ]);
    const told = await h.hub.sms?.simulator?.waitForSent(
      (m) => m.to === "+84912000002" && m.text.includes("da bi huy"),
      10_000,
    );
    expect(told?.text).toContain(`Lich hen ${impact[0]?.code} (so TP-002, 08:10 ngay 26/11/2026) da bi huy`);
  });
});

describe("the hub follows the configuration in force", () => {
  it("takes presses of a counter the console added, and clears the retained state of one it removed", async () => {
    await start({ now: "2026-11-25T09:00:00+07:00" });
    const admin = await signIn(ADMIN);
    const { config } = await inForce(admin);
    const watcher = await TestClient.connect(h.url);
    await watcher.subscribe(`${O}/counter/+/state`, `${O}/counter/4/ack`);
    await watcher.next(`${O}/counter/3/state`, (p) => p.counter === "3");
    // Counter 4 takes Văn hóa from counter 3; counter 3 is gone.
    const moved = changed(config, (c) => {
      c.counters = [...c.counters.filter((k) => k.id !== "3"), { id: "4", name: "Quầy 4" }];
      for (const s of c.services) if (s.counters.includes("3")) s.counters = ["4"];
    });
    const from = watcher.mark();
    expect((await call("POST", "/api/config", admin, { config: moved })).status).toBe(200);
    await watcher.next(`${O}/counter/3/state`, (_p, m) => m.payload === "", { from });
    await watcher.next(`${O}/counter/4/state`, (p) => p.counter === "4" && p.status === "open", { from });
    // A press of the new counter is taken (refused as unknown_counter under the file's office).
    await watcher.publish(`${O}/counter/4/press`, { id: "p-4-1", button: "pause" });
    expect(await watcher.next(`${O}/counter/4/ack`, (a) => a.id === "p-4-1")).toMatchObject({ ok: true });
    expect(h.storedInputs("press")).toEqual([expect.objectContaining({ counter: "4", button: "pause" })]);
    await watcher.close();
  });
});

describe("a restart", () => {
  it("replays the log identically and keeps the console's configuration", async () => {
    await start({ now: "2026-11-23T09:00:00+07:00" });
    const admin = await signIn(ADMIN);
    expect(book("+84912000001", "DK Nguyen Van A KS 26/11")).toBe("2026-11-26T08:00:00+07:00");
    const { config } = await inForce(admin);
    expect(
      (await call("POST", "/api/config", admin, { config: changed(config, minutesOfTP(20)) })).status,
    ).toBe(200);
    expect(book("+84912000002", "DK Nguyen Van B KS 26/11")).toBe("2026-11-26T08:20:00+07:00");
    const stored = h.storedEvents();

    await h.restart();
    base = `http://127.0.0.1:${h.hub.console?.port}`;
    // Replayed under the configuration in force at each entry: the bookings after the change
    // decide the same as they did (under the file's 10 minutes, TP-002 would be at 08:10).
    expect(h.log.find((l) => l.msg === "queue restored from the store")).toMatchObject({ mismatches: 0 });
    expect(h.log.find((l) => String(l.msg).startsWith("replayed events differ"))).toBeUndefined();
    expect(h.storedEvents().slice(0, stored.length)).toEqual(stored);
    expect(await inForce(admin)).toMatchObject({ version: 1, appliedBy: ADMIN });
    expect(h.hub.queue.config.services.find((s) => s.code === "TP")?.averageMinutes).toBe(20);
    expect(book("+84912000003", "DK Nguyen Van C KS 26/11")).toBe("2026-11-26T08:40:00+07:00");
    expect(h.storedInputs("config")).toHaveLength(1);
  });

  it("applies the office file when it changed since the last start, and only then", async () => {
    await start({ now: "2026-11-23T09:00:00+07:00" });
    const admin = await signIn(ADMIN);
    const { config } = await inForce(admin);
    expect(
      (await call("POST", "/api/config", admin, { config: changed(config, minutesOfTP(20)) })).status,
    ).toBe(200);
    // The technician edits the file (Tư pháp: 15 minutes) and restarts the hub.
    await h.restart({ config: changed(loadOfficeConfig(), minutesOfTP(15)) });
    base = `http://127.0.0.1:${h.hub.console?.port}`;
    expect(h.log.find((l) => l.msg === "queue restored from the store")).toMatchObject({ mismatches: 0 });
    expect(
      h.log.find((l) => l.msg === "the office file changed: its configuration is now in force"),
    ).toBeDefined();
    expect(await inForce(admin)).toMatchObject({ version: 2, appliedBy: null, source: "file" });
    expect(h.hub.queue.config.services.find((s) => s.code === "TP")?.averageMinutes).toBe(15);
    expect(h.storedInputs("config").map((i) => [i.source, i.confirm])).toEqual([
      ["console", false],
      ["file", true],
    ]);
    expect(book("+84912000001", "DK Nguyen Van A KS 26/11")).toBe("2026-11-26T08:00:00+07:00");
    expect(book("+84912000002", "DK Nguyen Van B KS 26/11")).toBe("2026-11-26T08:15:00+07:00");

    // The same file again: nothing more is applied.
    await h.restart();
    expect(h.storedInputs("config")).toHaveLength(2);
    expect(h.hub.queue.config.services.find((s) => s.code === "TP")?.averageMinutes).toBe(15);
  });

  it("cancels the bookings an edited file breaks and queues their SMS in the outbox", async () => {
    await start({ now: "2026-11-23T09:00:00+07:00", modem: "sim" });
    expect(book("+84912000001", "DK Nguyen Van A KS 26/11")).toBe("2026-11-26T08:00:00+07:00");
    const code = h.storedEvents("booked")[0]?.code;
    // The technician makes Thursday 26/11 a holiday in the file and restarts the hub.
    await h.restart({ config: changed(loadOfficeConfig(), (c) => c.calendar.holidays.push("2026-11-26")) });
    expect(h.storedEvents("cancelled")).toEqual([expect.objectContaining({ code, reason: "officer" })]);
    expect(h.storedEvents("config_applied")).toEqual([
      expect.objectContaining({ version: 1, source: "file", cancelled: [code] }),
    ]);
    const sent = await h.hub.sms?.simulator?.waitForSent(
      (m) => m.to === "+84912000001" && m.text.includes("da bi huy"),
      10_000,
    );
    expect(sent?.text).toContain(`Lich hen ${code}`);
    expect(sent?.text).toContain("co quan nghi ngay nay");
  });
});
