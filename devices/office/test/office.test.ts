import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { loadOfficeConfig } from "@motcua/config";
import { COUNTER_KEYS } from "@motcua/counter";
import { pollUntil, Signal } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { RATING_KEYS } from "@motcua/rating";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningOffice, startOffice } from "../src/office.js";

const hasSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
// In CI the tools must be there (scripts/setup.sh installs them); elsewhere the test says so.
const run = hasSocat || process.env.CI ? describe : describe.skip;
if (!hasSocat && !process.env.CI) console.warn("office.test.ts skipped: socat is not installed");

/** Reads the page's server-sent events into a list, as the browser's EventSource would. */
async function listen(
  url: string,
  into: Record<string, unknown>[],
  arrived: Signal,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, { signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (line.startsWith("data: ")) into.push(JSON.parse(line.slice(6)) as Record<string, unknown>);
      end = buffer.indexOf("\n\n");
    }
    arrived.notify();
  }
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

run("the whole office on one machine, driven from the office simulator page", () => {
  let office: RunningOffice;
  const events: Record<string, unknown>[] = [];
  const arrived = new Signal();
  const abort = new AbortController();
  /** The first event of the page that `match` accepts, once it has come. */
  const event = (match: (e: Record<string, unknown>) => boolean, what: string) =>
    arrived.until(() => events.find(match), `the page's event: ${what}`, 8000);

  beforeAll(async () => {
    office = await startOffice({
      config: loadOfficeConfig(),
      port: 0,
      displayPort: 0,
      mqttPort: 0,
      wsPort: 0,
      now: Date.parse("2026-11-25T07:40:00+07:00"),
      smsDelayMs: 20,
      clockNote: "Đồng hồ mô phỏng bắt đầu từ giờ mở cửa tiếp theo.",
      log: createLogger({ level: "silent" }),
    });
    void listen(new URL("/events", office.urls.office).href, events, arrived, abort.signal);
  }, 60_000);
  afterAll(async () => {
    abort.abort();
    await office?.stop();
  });

  it("serves the page with the office's counters and services", async () => {
    const html = await fetch(office.urls.office).then((r) => r.text());
    expect(html).toContain("Máy lấy số");
    const boot = (await fetch(new URL("/bootstrap.json", office.urls.office)).then((r) =>
      r.json(),
    )) as Record<string, unknown>;
    expect(boot).toMatchObject({ office: "UBND xã Sơn Tây", displayUrl: office.urls.display });
    expect((boot.counters as unknown[]).length).toBe(3);
    // Why the clock is not the real time, for the page to show.
    expect(boot.clockNote).toBe("Đồng hồ mô phỏng bắt đầu từ giờ mở cửa tiếp theo.");
    expect(html).toContain('id="clock-note"');
  });

  it("names each counter button as the pad's key is named in docs/operating.md", async () => {
    const boot = (await fetch(new URL("/bootstrap.json", office.urls.office)).then((r) => r.json())) as {
      keys: { key: string; label: string }[];
    };
    // The pad's table in docs/operating.md: | **Gọi số tiếp** (next) | …
    const operating = readFileSync(new URL("../../../docs/operating.md", import.meta.url), "utf8");
    const documented = [...operating.matchAll(/^\|\s*\*\*([^*]+)\*\*\s*\((\w+)\)\s*\|/gm)].map((m) => ({
      key: m[2],
      label: m[1],
    }));
    expect(documented.map((k) => k.key)).toEqual([...COUNTER_KEYS]);
    expect(boot.keys).toEqual(documented);
    // "Vắng mặt" is the display's word for a no-show, not a button.
    expect(boot.keys.map((k) => k.label)).not.toContain("Vắng mặt");
    // The page draws its buttons from that list alone.
    const script = await fetch(new URL("/office.js", office.urls.office)).then((r) => r.text());
    expect(script).toContain("boot.keys");
    expect(script).not.toMatch(/Vắng mặt|Tiếp theo|Tiếp tục/);
  });

  it("serves the staff console, linked from the page, with a demonstration account per role", async () => {
    const boot = (await fetch(new URL("/bootstrap.json", office.urls.office)).then((r) => r.json())) as {
      console: { url: string; logins: string[]; password: string };
    };
    expect(boot.console.url).toBe(office.urls.console);
    expect(boot.console.logins).toEqual(["quan-tri", "lanh-dao", "can-bo"]);
    const roles: Record<string, unknown> = {};
    for (const login of boot.console.logins) {
      const answer = await fetch(new URL("/api/login", boot.console.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login, password: boot.console.password }),
      });
      expect(answer.status).toBe(200);
      const { account } = (await answer.json()) as { account: { role: string; counters: string[] } };
      roles[login] = account;
    }
    expect(roles).toMatchObject({
      "quan-tri": { role: "admin" },
      "lanh-dao": { role: "leader" },
      "can-bo": { role: "officer", counters: ["1"] },
    });
    // Each dossier officer signs in by their id: a specialist sees their own dossiers, a leader
    // the office's, a reception officer serves the counters of their services.
    const officers: Record<string, unknown> = {};
    for (const login of ["cv-tp", "ld-tp", "tn-2"]) {
      const answer = await fetch(new URL("/api/login", boot.console.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login, password: boot.console.password }),
      });
      expect(answer.status).toBe(200);
      officers[login] = ((await answer.json()) as { account: unknown }).account;
    }
    expect(officers).toMatchObject({
      "cv-tp": { role: "officer", counters: [] },
      "ld-tp": { role: "leader" },
      "tn-2": { role: "officer", counters: ["2", "3"] },
    });
    // A wrong password is still refused: the demonstration accounts are real accounts.
    const wrong = await fetch(new URL("/api/login", boot.console.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "quan-tri", password: "not-the-password" }),
    });
    expect(wrong.status).toBe(401);
  });

  it("listens on this machine only: the broker is not reachable on the machine's other addresses", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external === undefined) return; // a machine without a network: nothing else to reach it on
    const port = office.hub.broker?.mqttPort as number;
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: external, port });
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
    expect(office.urls.mqtt).toBe(`mqtt://127.0.0.1:${port}`);
  });

  it("a citizen's SMS typed on the phone gets the office's reply", async () => {
    const sent = await post(new URL("/sms", office.urls.office).href, {
      from: "0912345678",
      text: "DK Nguyễn Văn An KS mai",
    });
    expect(sent.status).toBe(200);
    const reply = await event((e) => e.type === "sms_out" && e.to === "+84912345678", "the SMS reply");
    expect(reply.text).toMatch(/Da hen Dang ky khai sinh: so TP-001, quay 1, 08:00 ngay 26\/11\/2026/);
  });

  it("a kiosk button prints a ticket the page shows as an image", async () => {
    const press = await post(new URL("/kiosk/press", office.urls.office).href, { service: "TP" });
    expect(press.body).toMatchObject({ outcome: "printed", label: "TP-001" });
    const ticket = await event((e) => e.type === "ticket", "the ticket");
    // The picture is drawn after the ticket is printed, and nothing announces it: polled.
    const image = await pollUntil(
      async () => {
        const response = await fetch(new URL(ticket.image as string, office.urls.office));
        if (response.status === 200) return response;
        await response.body?.cancel();
        return undefined;
      },
      "the ticket's picture",
      { timeoutMs: 4000, everyMs: 50 },
    );
    expect(image.status).toBe(200);
    expect(image?.headers.get("content-type")).toBe("image/png");
  });

  it("a counter button calls the next citizen, and the page sees the counter serving", async () => {
    const press = await post(new URL("/counter/1/press", office.urls.office).href, { button: "next" });
    expect(press.body).toMatchObject({ ok: true, button: "next" });
    const state = await event(
      (e) => e.type === "counter" && e.counter === "1" && e.serving === "TP-001",
      "counter 1 serving TP-001",
    );
    expect(state.status).toBe("open");
  });

  it("the pause button pauses a counter and, pressed again, opens it, as the pad's key does", async () => {
    const pressPause = () => post(new URL("/counter/2/press", office.urls.office).href, { button: "pause" });
    expect((await pressPause()).body).toMatchObject({ ok: true, button: "pause" });
    const paused = await event(
      (e) => e.type === "counter" && e.counter === "2" && e.status === "paused",
      "counter 2 paused",
    );
    // Only what the page hears after it showed the counter paused.
    const from = events.indexOf(paused) + 1;
    expect((await pressPause()).body).toMatchObject({ ok: true, button: "resume" });
    await arrived.until(
      () => events.slice(from).find((e) => e.type === "counter" && e.counter === "2" && e.status === "open"),
      "counter 2 open again",
      8000,
    );
  });

  it("names each rating pad's key as docs/operating.md does, beside every counter", async () => {
    const boot = (await fetch(new URL("/bootstrap.json", office.urls.office)).then((r) => r.json())) as {
      ratingKeys: { key: string; label: string }[];
    };
    // The rating pad's table in docs/operating.md: | **Rất hài lòng** | `very_satisfied` | …
    const operating = readFileSync(new URL("../../../docs/operating.md", import.meta.url), "utf8");
    const documented = [...operating.matchAll(/^\|\s*\*\*([^*]+)\*\*\s*\|\s*`(\w+)`\s*\|/gm)].map((m) => ({
      key: m[2],
      label: m[1],
    }));
    expect(documented.map((k) => k.key)).toEqual([...RATING_KEYS]);
    expect(boot.ratingKeys).toEqual(documented);
    expect([...office.ratings.keys()]).toEqual(["1", "2", "3"]);
    const script = await fetch(new URL("/office.js", office.urls.office)).then((r) => r.text());
    expect(script).toContain("boot.ratingKeys");
  });

  it("a rating pad's key thanks the citizen the counter served, once: a second rating is refused", async () => {
    const url = (path: string) => new URL(path, office.urls.office).href;
    const ratedFor = (label: string) =>
      [...office.hub.store.entries()]
        .flatMap((e) => e.events)
        .filter((e) => e.type === "rated" && e.label === label);
    await office.ratings.get("3")?.pad.whenReachable(5000);
    // Counter 3, which no other test uses: a citizen takes a ticket and is called there.
    const ticket = await post(url("/kiosk/press"), { service: "XH" });
    const label = ticket.body.label as string;
    expect((await post(url("/counter/3/press"), { button: "next" })).body).toMatchObject({ ok: true });
    await event((e) => e.type === "counter" && e.counter === "3" && e.serving === label, `${label} served`);

    const from = events.length;
    const first = await post(url("/rating/3/press"), { key: "very_satisfied" });
    expect(first.body).toMatchObject({ ok: true, value: "very_satisfied", label });
    const thanked = await event(
      (e) => events.indexOf(e) >= from && e.type === "rating" && e.counter === "3" && e.light === "on",
      "the thank-you light",
    );
    expect(thanked.meaning).toBe("Cảm ơn quý khách đã đánh giá");
    // A press while the light thanks is the same citizen's double press: nothing is sent.
    expect((await post(url("/rating/3/press"), { key: "very_satisfied" })).body).toMatchObject({
      ignored: true,
      light: "on",
    });
    await event(
      (e) => events.indexOf(e) > events.indexOf(thanked) && e.type === "rating" && e.light === "off",
      "the light out",
    );
    const second = await post(url("/rating/3/press"), { key: "unsatisfied" });
    expect(second.body).toMatchObject({ ok: false, reason: "not_allowed" });
    await event(
      (e) => e.type === "rating" && e.counter === "3" && e.light === "double-blink",
      "the refusal's double blink",
    );
    expect(ratedFor(label)).toEqual([expect.objectContaining({ counter: "3", value: "very_satisfied" })]);
  });

  it("refuses a bad request without touching the office", async () => {
    expect(
      (await post(new URL("/sms", office.urls.office).href, { from: "not a phone", text: "x" })).status,
    ).toBe(400);
    expect(
      (await post(new URL("/counter/9/press", office.urls.office).href, { button: "next" })).status,
    ).toBe(404);
    expect((await post(new URL("/kiosk/press", office.urls.office).href, { service: "ZZ" })).status).toBe(
      404,
    );
    expect(
      (await post(new URL("/rating/9/press", office.urls.office).href, { key: "satisfied" })).status,
    ).toBe(404);
    expect((await post(new URL("/rating/1/press", office.urls.office).href, { key: "great" })).status).toBe(
      404,
    );
  });
});
