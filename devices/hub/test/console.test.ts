// The staff console's HTTP API against a real hub on loopback: accounts in its store, the
// session clock moved by the test (never slept through), every refusal by direct HTTP calls.
import { createServer } from "node:net";
import { loadOfficeConfig } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import { createLogger } from "@motcua/log";
import type { AccountRole } from "@motcua/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ABSOLUTE_MS, IDLE_MS } from "../src/console/sessions.js";
import { PortInUseError, startHub } from "../src/index.js";
import { TestHub } from "../src/testing.js";

const PASSWORD = "mật-khẩu-đủ-dài";
let h: TestHub;
let now = Date.parse("2026-11-25T00:44:00Z");
let base = "";

beforeEach(async () => {
  now = Date.parse("2026-11-25T00:44:00Z");
  h = await TestHub.start({
    more: {
      console: {
        port: 0,
        now: () => now,
        loginLimits: { perAddress: { burst: 6, perSecond: 0 }, perLogin: { burst: 3, perSecond: 0 } },
      },
    },
  });
  base = `http://127.0.0.1:${h.hub.console?.port}`;
  addAccount("quan-tri", "admin");
  addAccount("can-bo-1", "officer", ["1"]);
});
afterEach(() => h.close());

function addAccount(login: string, role: AccountRole, counters: string[] = []) {
  h.hub.store.accounts.add(
    { login, name: `Tài khoản ${login}`, role, counters, passwordHash: hashPassword(PASSWORD) },
    { actor: "test", at: new Date(now).toISOString() },
  );
}

interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Reply["body"], headers: res.headers };
}

/** Signs in: the cookie to send back and the CSRF token. */
async function login(name: string, password = PASSWORD) {
  const reply = await call("POST", "/api/login", { body: { login: name, password } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const cookie = (reply.headers.get("set-cookie") ?? "").split(";")[0] as string;
  return { cookie, csrf: reply.body.csrfToken as string, reply };
}

describe("login", () => {
  it("opens a session: the cookie's attributes, the account without its hash, a CSRF token", async () => {
    const { cookie, csrf, reply } = await login("can-bo-1");
    const setCookie = reply.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^motcua_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie.split("; ").slice(1).sort()).toEqual(
      ["HttpOnly", "SameSite=Strict", "Path=/", `Max-Age=${ABSOLUTE_MS / 1000}`].sort(),
    );
    expect(reply.body.account).toEqual(
      expect.objectContaining({ login: "can-bo-1", role: "officer", counters: ["1"] }),
    );
    expect(JSON.stringify(reply.body)).not.toContain("scrypt");
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await call("GET", "/api/session", { headers: { cookie } });
    expect(session).toMatchObject({ status: 200, body: { csrfToken: csrf, account: { login: "can-bo-1" } } });
    // The store keeps the session's hash, never the id the browser holds.
    expect(JSON.stringify(h.hub.store.sessions.get(cookie.split("=")[1] as string))).toBeUndefined();
    const logged = await h.log.next((l) => l.msg === "console login");
    expect(logged).toMatchObject({ login: "can-bo-1", role: "officer" });
    expect(h.log.text()).not.toContain(PASSWORD);
  });

  it("refuses a wrong password and an unknown login alike, in Vietnamese", async () => {
    const wrong = await call("POST", "/api/login", { body: { login: "can-bo-1", password: "sai-mật-khẩu" } });
    const unknown = await call("POST", "/api/login", { body: { login: "khong-co", password: PASSWORD } });
    for (const reply of [wrong, unknown]) {
      expect(reply.status).toBe(401);
      expect(reply.body.error).toEqual({
        code: "bad_credentials",
        message: "Tên đăng nhập hoặc mật khẩu không đúng.",
      });
      expect(reply.headers.get("set-cookie")).toBeNull();
    }
    await h.log.next((l) => l.msg === "console login refused" && l.login === "khong-co");
    expect(h.log.text()).not.toContain("sai-mật-khẩu");
  });

  it("refuses a disabled account, and ends its open sessions", async () => {
    const { cookie } = await login("can-bo-1");
    h.hub.store.accounts.disable("can-bo-1", { actor: "test", at: new Date(now).toISOString() });
    expect((await call("GET", "/api/session", { headers: { cookie } })).status).toBe(401);
    const again = await call("POST", "/api/login", { body: { login: "can-bo-1", password: PASSWORD } });
    expect(again.status).toBe(403);
    expect(again.body.error?.code).toBe("account_disabled");
  });

  it("limits attempts per login, then refuses even the right password", async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await call("POST", "/api/login", { body: { login: "quan-tri", password: "sai" } })).status,
      ).toBe(401);
    const limited = await call("POST", "/api/login", { body: { login: "quan-tri", password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toBe("60");
    // Another login is still let in from the same address.
    await login("can-bo-1");
  });

  it("limits attempts per client address across logins", async () => {
    for (const name of ["a1", "a2", "a3", "a4", "a5", "a6"])
      expect((await call("POST", "/api/login", { body: { login: name, password: "sai" } })).status).toBe(401);
    const limited = await call("POST", "/api/login", { body: { login: "can-bo-1", password: PASSWORD } });
    expect(limited.status).toBe(429);
  });
});

describe("sessions", () => {
  it("end after an idle hour", async () => {
    const { cookie } = await login("can-bo-1");
    now += IDLE_MS - 1000;
    expect((await call("GET", "/api/session", { headers: { cookie } })).status).toBe(200);
    now += IDLE_MS;
    const expired = await call("GET", "/api/session", { headers: { cookie } });
    expect([expired.status, expired.body.error?.code]).toEqual([401, "session_expired"]);
    // Forgotten: the same cookie is now simply unknown.
    expect((await call("GET", "/api/session", { headers: { cookie } })).body.error?.code).toBe(
      "unauthenticated",
    );
  });

  it("end at their absolute end however busy", async () => {
    const { cookie } = await login("can-bo-1");
    const start = now;
    while (now + IDLE_MS / 2 < start + ABSOLUTE_MS) {
      now += IDLE_MS / 2;
      expect((await call("GET", "/api/session", { headers: { cookie } })).status).toBe(200);
    }
    now = start + ABSOLUTE_MS;
    const expired = await call("GET", "/api/session", { headers: { cookie } });
    expect(expired.body.error?.code).toBe("session_expired");
  });

  it("end at logout, which removes the cookie", async () => {
    const { cookie, csrf } = await login("can-bo-1");
    const out = await call("POST", "/api/logout", { body: {}, headers: { cookie, "x-csrf-token": csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^motcua_session=; .*Max-Age=0/);
    expect((await call("GET", "/api/session", { headers: { cookie } })).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("refuses a change without the session's token, or with another's", async () => {
    const { cookie } = await login("can-bo-1");
    const other = await login("quan-tri");
    const attempts: Record<string, string>[] = [
      { cookie },
      { cookie, "x-csrf-token": other.csrf },
      { cookie, "x-csrf-token": "x" },
    ];
    for (const headers of attempts) {
      const reply = await call("POST", "/api/logout", { body: {}, headers });
      expect([reply.status, reply.body.error?.code]).toEqual([403, "csrf"]);
    }
    expect((await call("GET", "/api/session", { headers: { cookie } })).status).toBe(200);
  });

  it("refuses a change from another origin, even with the token", async () => {
    const { cookie, csrf } = await login("can-bo-1");
    const own = { cookie, "x-csrf-token": csrf };
    const crossOrigin = await call("POST", "/api/logout", {
      body: {},
      headers: { ...own, origin: "http://evil.example" },
    });
    expect([crossOrigin.status, crossOrigin.body.error?.code]).toEqual([403, "cross_origin"]);
    const crossSite = await call("POST", "/api/logout", {
      body: {},
      headers: { ...own, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.body.error?.code).toBe("cross_origin");
    const elsewhere = await call("POST", "/api/login", {
      body: { login: "can-bo-1", password: PASSWORD },
      headers: { origin: "http://evil.example" },
    });
    expect(elsewhere.body.error?.code).toBe("cross_origin");
    const same = await call("POST", "/api/logout", {
      body: {},
      headers: { ...own, origin: base, "sec-fetch-site": "same-origin" },
    });
    expect(same.status).toBe(200);
  });
});

describe("roles, enforced on the server", () => {
  it("refuses an officer the admin's route, and anyone without a session", async () => {
    const officer = await login("can-bo-1");
    const refused = await call("GET", "/api/accounts", { headers: { cookie: officer.cookie } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "forbidden",
      message: "Tài khoản của bạn không có quyền thực hiện thao tác này.",
    });
    await h.log.next(
      (l) => l.msg === "console request refused" && l.code === "forbidden" && l.login === "can-bo-1",
    );
    expect((await call("GET", "/api/accounts")).status).toBe(401);
    const admin = await login("quan-tri");
    const listed = await call("GET", "/api/accounts", { headers: { cookie: admin.cookie } });
    expect((listed.body.accounts as { login: string }[]).map((a) => a.login)).toEqual([
      "can-bo-1",
      "quan-tri",
    ]);
  });
});

describe("bad requests", () => {
  it("answers bad JSON, a wrong type, a large body, an unknown route and a wrong method", async () => {
    const badJson = await call("POST", "/api/login", { body: "{login:" });
    expect([badJson.status, badJson.body.error?.code]).toEqual([400, "bad_json"]);
    expect(badJson.body.error?.message).toBe("Dữ liệu gửi lên không phải JSON hợp lệ.");
    const text = await call("POST", "/api/login", { body: "x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    const large = await call("POST", "/api/login", { body: { login: "x", password: "p".repeat(20_000) } });
    expect([large.status, large.body.error?.code]).toEqual([413, "too_large"]);
    const missing = await call("POST", "/api/login", { body: { login: "x" } });
    expect([missing.status, missing.body.error?.code]).toEqual([400, "bad_request"]);
    expect((await call("GET", "/api/nothing")).body.error?.code).toBe("not_found");
    expect((await call("GET", "/api/login")).status).toBe(405);
  });
});

describe("the console's port", () => {
  it("taken by another program: one error naming --http-port", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const config = loadOfficeConfig();
      const started = startHub({
        config: { ...config, hub: { ...config.hub, host: "127.0.0.1" } },
        dataDir: `${h.dataDir}/other`,
        mqttPort: 0,
        wsPort: 0,
        console: { port: taken },
        log: createLogger({ level: "silent" }),
      });
      await expect(started).rejects.toThrow(PortInUseError);
      await expect(started).rejects.toThrow(`port ${taken} (the staff console) is already in use`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
