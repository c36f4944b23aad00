// The console's day and live view against a real hub on loopback: GET /api/today, the
// server-sent events of /api/live (a decision made elsewhere arrives; the stream ends with its
// session and with the console), pause/resume and the wall notice from the console.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IDLE_MS } from "../src/console/sessions.js";
import type { Today } from "../src/console/today.js";
import { O, retained, TestClient, TestHub } from "../src/testing.js";
import { addAccount, ConsoleClient } from "./helpers/console-client.js";

let h: TestHub;
let api: ConsoleClient;

beforeEach(async () => {
  h = await TestHub.start({ more: { console: { port: 0 } } });
  api = new ConsoleClient(h);
  addAccount(h, "can-bo-1", "officer", ["1"]);
  addAccount(h, "can-bo-2", "officer", ["2"]);
  addAccount(h, "lanh-dao", "leader");
});
afterEach(() => h.close());

/** A walk-in ticket from kiosk 1, once the hub has stored it: its label. */
async function ticket(kiosk: TestClient, service: string): Promise<string> {
  const id = `t-${kiosk.mark()}-${service}`;
  await kiosk.publish(`${O}/kiosk/1/press`, { id, service });
  const answer = await kiosk.next(`${O}/kiosk/1/ticket`, (p) => p.requestId === id);
  return answer.label as string;
}

describe("GET /api/today", () => {
  it("gives any signed-in role the day: counters, services, walk-ins", async () => {
    const kiosk = await TestClient.connect(h.url);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const label = await ticket(kiosk, "TP");
    await kiosk.close();
    const reply = await api.get<Today>("/api/today", await api.signIn("can-bo-2"));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ date: "2026-11-25", notice: "", appointments: [] });
    expect(reply.body.counters.map((c) => [c.counter, c.status])).toEqual(
      h.hub.queue.core.config.counters.map((c) => [c.id, "open"]),
    );
    expect(reply.body.services.find((s) => s.code === "TP")?.counters).toEqual(["1"]);
    expect(reply.body.walkins).toEqual([
      { label, number: 1, service: "TP", priority: false, status: "waiting", issuedAt: expect.any(String) },
    ]);
    expect(reply.body.waiting.TP).toBe(1);
  });

  it("refuses a request without a session (401)", async () => {
    const reply = await api.get("/api/today");
    expect([reply.status, reply.body.error?.code]).toEqual([401, "unauthenticated"]);
    const live = await fetch(`${api.base}/api/live`);
    expect(live.status).toBe(401);
  });
});

describe("GET /api/live", () => {
  it("sends the day at once, then again after a ticket pressed at a kiosk", async () => {
    const stream = await api.live(await api.signIn("can-bo-1"));
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const first = await stream.next<Today>(() => true);
    expect(first.walkins).toEqual([]);
    const kiosk = await TestClient.connect(h.url);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const label = await ticket(kiosk, "TP");
    const pushed = await stream.next<Today>((t) => t.walkins.some((w) => w.label === label));
    expect(pushed.waiting.TP).toBe(1);
    await kiosk.close();
    stream.close();
  });

  it("pushes an action another signed-in officer makes", async () => {
    const kiosk = await TestClient.connect(h.url);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const labels = [await ticket(kiosk, "TP"), await ticket(kiosk, "TP")];
    await kiosk.close();
    const stream = await api.live(await api.signIn("lanh-dao"));
    await stream.next(() => true);
    const from = stream.events.length;
    const officer = await api.signIn("can-bo-1");
    const call = await api.post("/api/actions", { type: "call", counter: "1", label: labels[1] }, officer);
    expect(call.status).toBe(200);
    const seen = await stream.next<Today>((t) => t.counters[0]?.serving?.label === labels[1], { from });
    expect(seen.walkins.find((w) => w.label === labels[1])).toMatchObject({ status: "called", counter: "1" });
    stream.close();
  });

  it("ends when its session is closed by logout", async () => {
    const session = await api.signIn("can-bo-1");
    const stream = await api.live(session);
    await stream.next(() => true);
    const out = await api.post("/api/logout", {}, session);
    expect(out.status).toBe(200);
    await stream.ended;
    expect(h.log.find((l) => l.msg === "console live view closed" && l.why === "logout")).toBeDefined();
  });

  it("ends when the account is disabled by an admin", async () => {
    addAccount(h, "quan-tri", "admin");
    const stream = await api.live(await api.signIn("can-bo-1"));
    await stream.next(() => true);
    const admin = await api.signIn("quan-tri");
    const reply = await api.post("/api/accounts/can-bo-1", { disabled: true }, admin);
    expect(reply.status).toBe(200);
    await stream.ended;
    expect((await api.get("/api/today", { cookie: "" })).status).toBe(401);
  });

  it("keeps at most four streams a session: a fifth ends the oldest", async () => {
    const session = await api.signIn("can-bo-1");
    const streams = [];
    for (let i = 0; i < 5; i++) {
      const stream = await api.live(session);
      await stream.next(() => true);
      streams.push(stream);
    }
    await streams[0]?.ended;
    expect(h.log.find((l) => l.msg === "console live view closed" && l.why === "too many")).toBeDefined();
    for (const stream of streams) stream.close();
  });

  it("ends when the console closes, and the hub stops", async () => {
    const stream = await api.live(await api.signIn("can-bo-1"));
    await stream.next(() => true);
    await h.stop();
    await stream.ended;
  });
});

describe("GET /api/live, its pings", () => {
  it("pings a quiet stream, and ends it at the first ping after the session's idle end", async () => {
    // A console whose session clock the test moves, and a ping every 50 ms instead of 25 s.
    await h.close();
    let now = Date.parse("2026-11-25T00:44:00Z");
    h = await TestHub.start({ more: { console: { port: 0, now: () => now, live: { pingMs: 50 } } } });
    api = new ConsoleClient(h);
    addAccount(h, "can-bo-1", "officer", ["1"]);
    const stream = await api.live(await api.signIn("can-bo-1"));
    await stream.next(() => true);
    await stream.nextComment();
    expect(stream.comments).toContain("ping");
    // The pings are not a use of the session: an hour later it has ended, and so does the stream.
    now += IDLE_MS;
    await stream.ended;
    expect(
      h.log.find((l) => l.msg === "console live view closed" && l.why === "session ended"),
    ).toBeDefined();
  });
});

describe("pause and resume from the console", () => {
  it("pauses the officer's own counter: retained paused on MQTT, the officer in the log", async () => {
    const watcher = await TestClient.connect(h.url);
    await watcher.subscribe(`${O}/counter/1/state`);
    const officer = await api.signIn("can-bo-1");
    const from = watcher.mark();
    const reply = await api.post("/api/actions", { type: "pause", counter: "1" }, officer);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    await watcher.next(`${O}/counter/1/state`, (s) => s.status === "paused", { from });
    await watcher.close();
    expect(await retained(h.url, `${O}/counter/1/state`)).toMatchObject({ counter: "1", status: "paused" });
    expect(h.storedInputs("press")).toEqual([
      { type: "press", counter: "1", button: "pause", officer: "can-bo-1", at: expect.any(String) },
    ]);
    // Paused already: refused, and nothing more in the log.
    const again = await api.post("/api/actions", { type: "pause", counter: "1" }, officer);
    expect([again.status, again.body.error?.code, again.body.error?.reason]).toEqual([
      409,
      "action_refused",
      "not_allowed",
    ]);
    const resumed = await api.post("/api/actions", { type: "resume", counter: "1" }, officer);
    expect(resumed.status).toBe(200);
    expect(h.storedInputs("press").map((p) => p.button)).toEqual(["pause", "resume"]);
  });

  it("finishes the citizen being served, the event naming the officer", async () => {
    const kiosk = await TestClient.connect(h.url);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const label = await ticket(kiosk, "TP");
    await kiosk.close();
    const officer = await api.signIn("can-bo-1");
    expect((await api.post("/api/actions", { type: "call", counter: "1", label }, officer)).status).toBe(200);
    const reply = await api.post("/api/actions", { type: "pause", counter: "1" }, officer);
    expect(reply.body.events).toEqual([
      expect.objectContaining({ type: "served", label, counter: "1", officer: "can-bo-1" }),
    ]);
  });

  it("refuses an officer another's counter (403), an unknown counter and a bad body", async () => {
    const officer = await api.signIn("can-bo-2");
    const other = await api.post("/api/actions", { type: "pause", counter: "1" }, officer);
    expect([other.status, other.body.error?.code]).toEqual([403, "forbidden"]);
    const leader = await api.signIn("lanh-dao");
    const unknown = await api.post("/api/actions", { type: "pause", counter: "9" }, leader);
    expect([unknown.status, unknown.body.error?.reason]).toEqual([409, "not_found"]);
    const extra = await api.post("/api/actions", { type: "resume", counter: "1", button: "next" }, leader);
    expect([extra.status, extra.body.error?.path]).toEqual([400, "button"]);
    const missing = await api.post("/api/actions", { type: "pause" }, leader);
    expect([missing.status, missing.body.error?.path]).toEqual([400, "counter"]);
    expect(h.storedInputs("press")).toEqual([]);
  });
});

describe("a counter's other buttons from the console", () => {
  it("calls the next citizen, calls again and skips, as the pad's keys do, naming the officer", async () => {
    const kiosk = await TestClient.connect(h.url);
    await kiosk.subscribe(`${O}/kiosk/1/ticket`);
    const first = await ticket(kiosk, "TP");
    const second = await ticket(kiosk, "TP");
    await kiosk.close();
    const officer = await api.signIn("can-bo-1");
    const press = (type: string) => api.post("/api/actions", { type, counter: "1" }, officer);

    const recallNobody = await press("recall");
    expect([recallNobody.status, recallNobody.body.error?.reason]).toEqual([409, "not_allowed"]);
    expect(recallNobody.body.error?.message).toBe("Quầy này chưa gọi ai để gọi lại.");

    const next = await press("next");
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.events).toEqual([
      expect.objectContaining({ type: "called", label: first, counter: "1", repeat: false }),
    ]);
    expect((await press("recall")).body.events).toEqual([
      expect.objectContaining({ type: "called", label: first, repeat: true }),
    ]);
    expect((await press("skip")).body.events).toEqual([
      expect.objectContaining({ type: "skipped", label: first, counter: "1" }),
    ]);
    const then = await press("next");
    expect(then.body.events).toEqual([expect.objectContaining({ type: "called", label: second })]);
    // The next press finishes the citizen at the counter: the served event names the officer.
    expect((await press("next")).body.events).toEqual([
      expect.objectContaining({ type: "served", label: second, officer: "can-bo-1" }),
    ]);
    expect((await press("pause")).status).toBe(200);
    const paused = await press("next");
    expect([paused.status, paused.body.error?.message]).toEqual([
      409,
      "Quầy này đang tạm dừng: hãy mở lại quầy trước khi gọi số.",
    ]);
    // Every press is in the log with its officer; the refused ones are not.
    expect(h.storedInputs("press").map((p) => [p.button, p.officer])).toEqual([
      ["next", "can-bo-1"],
      ["recall", "can-bo-1"],
      ["skip", "can-bo-1"],
      ["next", "can-bo-1"],
      ["next", "can-bo-1"],
      ["pause", "can-bo-1"],
    ]);
    // Another officer's counter stays out of reach.
    const other = await api.post(
      "/api/actions",
      { type: "next", counter: "1" },
      await api.signIn("can-bo-2"),
    );
    expect([other.status, other.body.error?.code]).toEqual([403, "forbidden"]);
  });
});

describe("the wall notice from the console", () => {
  it("is published retained on display/notice and is still there after a restart", async () => {
    const leader = await api.signIn("lanh-dao");
    const text = "Chiều nay cơ quan nghỉ họp từ 15:00";
    const watcher = await TestClient.connect(h.url);
    await watcher.subscribe(`${O}/display/notice`);
    const from = watcher.mark();
    const reply = await api.post("/api/actions", { type: "notice", text }, leader);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.events).toEqual([
      expect.objectContaining({ type: "notice", text, officer: "lanh-dao" }),
    ]);
    await watcher.next(`${O}/display/notice`, (p) => (p as unknown) === text, { from });
    await watcher.close();
    expect(h.storedInputs("notice")).toEqual([
      { type: "notice", text, officer: "lanh-dao", at: expect.any(String) },
    ]);

    await h.restart();
    expect(await retained<string>(h.url, `${O}/display/notice`)).toBe(text);
    const today = await api.get<Today>("/api/today", await api.signIn("lanh-dao"));
    expect(today.body.notice).toBe(text);
    // Cleared with an empty line.
    const cleared = await api.post(
      "/api/actions",
      { type: "notice", text: "" },
      await api.signIn("lanh-dao"),
    );
    expect(cleared.status).toBe(200);
    await h.until(() => h.hub.queue.core.notice === "", "the notice cleared");
  });

  it("is refused to an officer (403) and over 120 characters (400)", async () => {
    const officer = await api.signIn("can-bo-1");
    const refused = await api.post("/api/actions", { type: "notice", text: "Nghỉ" }, officer);
    expect([refused.status, refused.body.error?.code]).toEqual([403, "forbidden"]);
    const leader = await api.signIn("lanh-dao");
    const long = await api.post("/api/actions", { type: "notice", text: "x".repeat(121) }, leader);
    expect([long.status, long.body.error?.path]).toEqual([400, "text"]);
    expect(h.storedInputs("notice")).toEqual([]);
  });
});
