/*
 * The staff console's pages in a real browser (Debian's chromium, driven by playwright-core)
 * against a real hub in this process that serves them (docs/console.md, "The pages"): login,
 * what each role sees and is refused even by a direct call from the page, a check-in shown
 * "Đã đến" in the console and on the wall display, a live configuration change a new booking
 * obeys, a breaking change listed before it applies, unblocking a phone, the audit and SMS
 * pages, CSRF, the idle session's end and the lost live view. One browser for the file, a
 * context (its own cookies) per person. Screenshots go to test/artifacts/console/.
 */

import { existsSync, mkdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import { ensureBuilt } from "@motcua/console";
import { ensureBuilt as ensureDisplayBuilt, type RunningDisplay, startDisplay } from "@motcua/display";
import { TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import type { AccountRole } from "@motcua/store";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/console/", import.meta.url));
const run = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!run) console.warn(`console-browser.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const PASSWORD = "mật-khẩu-đủ-dài";
/** Wednesday 25/11/2026 07:31, the morning session of the example office. */
const NOW = "2026-11-25T07:31:00+07:00";
const HOUR = 3_600_000;

/** An HTTP GET without the URL normalisation of fetch (a `..` stays in the path). */
function rawGet(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    })
      .on("error", reject)
      .end();
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate("document.fonts.ready");
  // From the top: the sticky menu bar would otherwise sit where the page was scrolled to.
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** What the page's own fetch gets (status and error code), run in the page: its cookie, no token. */
const fetchFromPage = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ([method, path, body]) => {
      const res = await fetch(path as string, {
        method: method as string,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      return { status: res.status, code: json.error?.code };
    },
    [method, path, body] as const,
  );

describe.skipIf(!run)("the staff console in Chromium", () => {
  let hub: TestHub;
  let base = "";
  let browser: Browser;
  /** How far the console's clock is ahead of the real one (sessions' idle limit). */
  let ahead = 0;
  const contexts: BrowserContext[] = [];
  const codes: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const phones = { KS: "0912345678", HG: "0912345679", thursday: "0912345680", KT: "0912345682" };

  const submitSms = (from: string, text: string) => {
    const { queue } = hub.hub;
    const decision = queue.submit({ at: queue.stamp(), type: "sms", from, text });
    return decision.events.find((e) => e.type === "booked") as
      | { code: string; label: string; time: string }
      | undefined;
  };

  function addAccount(login: string, role: AccountRole, counters: string[] = []) {
    hub.hub.store.accounts.add(
      { login, name: `Nguyễn Văn ${login}`, role, counters, passwordHash: hashPassword(PASSWORD) },
      { actor: "test", at: new Date().toISOString() },
    );
  }

  /** A new browser context (its own cookies) on the console's login page. */
  async function open(viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: "vi-VN" });
    contexts.push(context);
    // Every wait ends on a real signal; one that does not come fails in seconds, not at the test's end.
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) pageErrors.push(message.text());
    });
    await page.goto(base);
    await page.getByTestId("login-form").waitFor();
    return page;
  }

  async function signIn(login: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await open(viewport);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("logout").waitFor();
    return page;
  }

  let display: RunningDisplay | undefined;
  /** The wall display (its own page server, on the hub's MQTT over WebSocket), started once. */
  async function wallDisplay(): Promise<RunningDisplay> {
    display ??= await startDisplay({
      hubWsUrl: hub.wsUrl,
      port: 0,
      log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
    });
    return display;
  }

  /** Every uncaught error of a console page, and every load its Content-Security-Policy blocked. */
  const pageErrors: string[] = [];
  const signedIn = new Map<string, Page>();
  /**
   * The page of a person signed in once for the file (a new browser context costs a second),
   * loaded again on the Today page for each test.
   */
  async function as(login: string): Promise<Page> {
    const known = signedIn.get(login);
    if (!known) {
      const page = await signIn(login);
      signedIn.set(login, page);
      return page;
    }
    await known.goto(`${base}#/hom-nay`);
    await known.reload();
    await known.getByTestId("logout").waitFor();
    return known;
  }

  beforeAll(async () => {
    const built = Promise.all([ensureBuilt(), ensureDisplayBuilt()]);
    const example = loadOfficeConfig();
    hub = await TestHub.start({
      now: NOW,
      // One no-show blocks a phone, so that the phones page has one to unblock.
      config: { ...example, rules: { ...example.rules, maxNoShows: 0 } },
      // Every test signs in afresh: no login limit in the way (docs/console.md, "Login attempts").
      more: {
        console: {
          port: 0,
          now: () => Date.now() + ahead,
          loginLimits: {
            perAddress: { burst: 1000, perSecond: 100 },
            perLogin: { burst: 1000, perSecond: 100 },
          },
        },
      },
    });
    base = `http://127.0.0.1:${hub.hub.console?.port}/`;
    addAccount("can-bo-1", "officer", ["1"]);
    addAccount("lanh-dao", "leader");
    addAccount("quan-tri", "admin");
    // Today (from 08:40, after the travel buffer): a family-record (KS, service TP) and a
    // land (HG, service DD) and a social (KT) appointment; Thursday 26/11: one more KS, on the
    // first slot.
    for (const [key, text] of [
      ["KS", "DK Nguyen Van A KS 25/11"],
      ["HG", "DK Tran Thi B HG 25/11"],
      ["KT", "DK Vo Van E KT 25/11"],
      ["thursday", "DK Le Van C KS 26/11"],
    ] as const) {
      const booked = submitSms(phones[key], text);
      expect(booked, text).toBeDefined();
      codes[key] = (booked as { code: string }).code;
      labels[key] = (booked as { label: string }).label;
    }
    await built;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await display?.stop();
    await hub?.close();
  });

  it("serves the pages from the hub: index.html for page paths, cached assets, a strict CSP, no traversal", async () => {
    const port = hub.hub.console?.port as number;
    const index = await fetch(base);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("x-content-type-options")).toBe("nosniff");
    expect(index.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await index.text();
    expect(html).toContain('lang="vi"');
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1] as string;
    const asset = await fetch(new URL(script, base));
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(new URL("/hom-nay", base))).status).toBe(200);
    expect((await fetch(new URL("/assets/missing.js", base))).status).toBe(404);
    for (const path of ["/../package.json", "/%2e%2e/%2e%2e/package.json", "/assets/..%2f..%2fpackage.json"])
      expect((await rawGet(port, path)).status, path).toBe(404);
    // The API keeps its own answers.
    expect((await fetch(new URL("/api/nothing", base))).status).toBe(404);
  });

  it("signs in: a wrong password said in Vietnamese, then the right one; a reload keeps the session", async () => {
    const page = await open();
    await page.getByLabel("Tên đăng nhập").fill("can-bo-1");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau-roi");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect
      .poll(() => page.getByTestId("login-error").textContent())
      .toBe("Sai tên đăng nhập hoặc mật khẩu.");
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("who").waitFor();
    expect(await page.getByTestId("who").textContent()).toBe("Nguyễn Văn can-bo-1 · Cán bộ");
    await page.reload();
    await page.getByTestId("who").waitFor();
    await page.getByTestId("logout").click();
    await page.getByTestId("login-form").waitFor();
    // Signed out on the hub too: the session is gone.
    expect((await fetchFromPage(page, "GET", "/api/session")).status).toBe(401);
  });

  it("says a locked account and too many attempts in Vietnamese", async () => {
    addAccount("da-nghi", "officer", ["2"]);
    hub.hub.store.accounts.disable("da-nghi", { actor: "test", at: new Date().toISOString() });
    const page = await open();
    await page.getByLabel("Tên đăng nhập").fill("da-nghi");
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("login-error").getByText("Tài khoản bị khóa").waitFor();
    // The hub's limit (tested on the hub) answered as the hub answers it: 429 with Retry-After.
    await page.route("**/api/login", (route) =>
      route.fulfill({
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "60" },
        body: JSON.stringify({ error: { code: "rate_limited", message: "…" } }),
      }),
    );
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("login-error").getByText("Vui lòng thử lại sau 60 giây.").waitFor();
    await page.context().close();
  });

  it("shows each role its pages only; an officer is refused the configuration by the page and by the hub", async () => {
    const officer = await as("can-bo-1");
    const nav = async (page: Page) =>
      (await page.getByTestId("nav").locator("a").allTextContents()).join(" | ");
    expect(await nav(officer)).toBe("Hôm nay");
    await officer.goto(`${base}#/cau-hinh`);
    await officer.getByTestId("forbidden").waitFor();
    expect(await officer.getByTestId("forbidden").textContent()).toContain("không có quyền");
    // A direct call from the page, past what the page hides: the hub says no.
    expect(await fetchFromPage(officer, "GET", "/api/config")).toEqual({ status: 403, code: "forbidden" });
    expect(await fetchFromPage(officer, "GET", "/api/accounts")).toEqual({ status: 403, code: "forbidden" });
    expect(await fetchFromPage(officer, "GET", "/api/phones")).toEqual({ status: 403, code: "forbidden" });
    const leader = await as("lanh-dao");
    expect(await nav(leader)).toBe(
      "Hôm nay | Hồ sơ cơ quan | Báo cáo | Thống kê | Số điện thoại | Tin nhắn | Nhật ký | Nếu như…",
    );
    expect(await fetchFromPage(leader, "GET", "/api/config")).toEqual({ status: 403, code: "forbidden" });
    const admin = await as("quan-tri");
    expect(await nav(admin)).toBe(
      "Hôm nay | Hồ sơ cơ quan | Báo cáo | Thống kê | Số điện thoại | Tin nhắn | Nhật ký | Nếu như… | Cấu hình | Tài khoản",
    );
  });

  it("refuses a change without the session's CSRF token (403), even from the page itself", async () => {
    const leader = await as("lanh-dao");
    const refused = await fetchFromPage(leader, "POST", "/api/actions", { type: "void", label: "TP-001" });
    expect(refused).toEqual({ status: 403, code: "csrf" });
    expect(hub.storedInputs("void")).toEqual([]);
  });

  it("checks in an appointment by its code: the Today page shows it 'Đã đến', live, and the wall display too", async () => {
    const display = await wallDisplay();
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(display.url);
    const wallRow = wall.locator(`[data-testid="appointment"][data-label="${labels.KS}"]`);
    await wallRow.getByText("Đã hẹn").waitFor();
    const officer = await as("can-bo-1");
    const row = officer.locator(`[data-testid="appointment"][data-code="${codes.KS}"]`);
    await row.waitFor();
    expect(await row.getByTestId("appointment-status").textContent()).toBe("Đã đặt");
    // An officer's own counter only: counter 1 has its pause button, counter 2 none.
    await officer.getByTestId("pause-1").waitFor();
    expect(await officer.getByTestId("pause-2").count()).toBe(0);
    await officer.getByTestId("live-status").getByText("Trực tiếp").waitFor();
    // A second page (the leader's) sees the check-in through the live stream alone.
    const leader = await as("lanh-dao");
    const leaderRow = leader.locator(`[data-testid="appointment"][data-code="${codes.KS}"]`);
    await leaderRow.waitFor();
    await leader.getByTestId("live-status").getByText("Trực tiếp").waitFor();
    await officer
      .getByTestId("checkin-form")
      .getByRole("textbox")
      .fill(codes.KS as string);
    await officer.getByTestId("checkin-form").getByRole("button").click();
    await row.getByTestId("appointment-status").getByText("Đã đến").waitFor();
    await leaderRow.getByTestId("appointment-status").getByText("Đã đến").waitFor();
    await wallRow.getByText("Đã đến").waitFor();
    await wall.close();
    expect(hub.storedInputs("checkin")).toEqual([
      expect.objectContaining({ code: codes.KS, officer: "can-bo-1" }),
    ]);
    // The core's refusal, in Vietnamese: checked in twice.
    await officer
      .getByTestId("checkin-form")
      .getByRole("textbox")
      .fill(codes.KS as string);
    await officer.getByTestId("checkin-form").getByRole("button").click();
    await officer.getByTestId("outcome").getByText("đã được xác nhận có mặt").waitFor();
    await screenshot(officer, "today-officer");
    await screenshot(await signIn("can-bo-1", { width: 390, height: 844 }), "today-phone");
  });

  it("runs the day from Today: a call, a pause that refuses the next call, a void, the wall notice, a transfer, a cancelled appointment, next, recall and skip", async () => {
    const { queue } = hub.hub;
    const walkIn = (id: string) => {
      const decision = queue.submit({ at: queue.stamp(), type: "ticket", service: "TP", kiosk: "1", id });
      return (decision.events.find((e) => e.type === "ticket_issued") as { label: string }).label;
    };
    const [first, second] = [walkIn("k-today-1"), walkIn("k-today-2")];
    const leader = await as("lanh-dao");
    const row = (label: string) => leader.locator(`[data-testid="walkin"][data-label="${label}"]`);
    await row(first).getByTestId("call").click();
    await leader.getByTestId("serving-1").getByText(first).waitFor();
    expect(hub.storedInputs("call")).toEqual([expect.objectContaining({ counter: "1", label: first })]);
    await leader.getByTestId("pause-1").click();
    await leader.getByTestId("counter-1").getByText("Tạm dừng").first().waitFor();
    await row(second).getByTestId("call").click();
    await leader.getByTestId("outcome").getByText("quầy tạm dừng").waitFor();
    await leader.getByTestId("resume-1").click();
    await leader.getByTestId("pause-1").waitFor();
    await row(second).getByTestId("walkin-void").click();
    await leader.getByTestId("confirm-yes").click();
    await row(second).getByText("Đã hủy số").waitFor();
    await leader.getByTestId("notice-form").getByRole("textbox").fill("Chiều nay nghỉ họp từ 15:00.");
    await leader.getByTestId("notice-form").getByRole("button").click();
    await leader.getByTestId("outcome").getByText("Đã đăng thông báo.").waitFor();
    expect(hub.storedInputs("notice")).toEqual([
      expect.objectContaining({ text: "Chiều nay nghỉ họp từ 15:00.", officer: "lanh-dao" }),
    ]);
    // A transfer: the third walk-in moves to the land service, first in its queue.
    const third = walkIn("k-today-3");
    await row(third).getByTestId("transfer-service").selectOption("DD");
    await row(third).getByTestId("transfer").click();
    await row(third).getByText("Đã chuyển").waitFor();
    const moved = hub.storedEvents("transferred").find((e) => e.label === third) as { newLabel: string };
    await row(moved.newLabel).waitFor();
    // An appointment cancelled by the office, once confirmed: the citizen gets an SMS.
    const appointment = leader.locator(`[data-testid="appointment"][data-code="${codes.KT}"]`);
    await appointment.getByTestId("appointment-cancel").click();
    await leader
      .getByTestId("confirm")
      .getByText(labels.KT as string)
      .waitFor();
    await leader.getByTestId("confirm-yes").click();
    await appointment.getByTestId("appointment-status").getByText("Đã hủy").waitFor();
    expect(hub.storedEvents("sms_out").some((e) => e.to === phones.KT && e.officer === "lanh-dao")).toBe(
      true,
    );
    // A counter's own buttons from the page: next, recall, skip.
    const fourth = walkIn("k-today-4");
    await leader.getByTestId("next-1").click();
    await leader.getByTestId("serving-1").getByText(fourth).waitFor();
    await leader.getByTestId("recall-1").click();
    await leader.getByTestId("outcome").getByText(`đã gọi lại ${fourth}`).waitFor();
    await leader.getByTestId("skip-1").click();
    await leader.getByTestId("serving-1").waitFor({ state: "detached" });
    expect(
      hub
        .storedInputs("press")
        .filter((p) => p.officer === "lanh-dao")
        .map((p) => p.button),
    ).toEqual(["pause", "resume", "next", "recall", "skip"]);
    await screenshot(leader, "today-leader");
  });

  it("shows the audit of who did what, and the same rows as CSV", async () => {
    const leader = await as("lanh-dao");
    await leader.getByTestId("nav-nhat-ky").click();
    const rows = leader.getByTestId("audit-entry");
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.some((t) => t.includes("can-bo-1") && t.includes("Xác nhận có mặt"))).toBe(true);
    expect(texts.some((t) => t.includes("lanh-dao") && t.includes("Hủy số"))).toBe(true);
    const href = (await leader.getByTestId("audit-csv").getAttribute("href")) as string;
    const csv = await leader.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect(csv.text).toContain("checkin");
    await screenshot(leader, "audit");
  });

  it("shows the day's SMS: each citizen's message and what it did", async () => {
    const leader = await as("lanh-dao");
    await leader.getByTestId("nav-tin-nhan").click();
    await leader.getByTestId("modem").waitFor();
    const row = leader.getByTestId("inbox").filter({ hasText: phones.KS });
    await row.waitFor();
    expect(await row.textContent()).toContain("Đặt lịch");
    expect(await row.textContent()).toContain(codes.KS);
  });

  it("lets the admin add an officer, who then signs in", async () => {
    const admin = await as("quan-tri");
    await admin.getByTestId("nav-tai-khoan").click();
    const form = admin.getByTestId("account-add");
    await form.getByLabel("Tên đăng nhập").fill("can-bo-3");
    await form.getByLabel("Họ tên").fill("Trần Thị Thu");
    await form.getByLabel("Vai trò").selectOption("officer");
    await form.getByLabel("Quầy").fill("3");
    await form.getByLabel("Mật khẩu").fill(PASSWORD);
    await form.getByRole("button", { name: "Thêm" }).click();
    await admin.getByTestId("outcome").getByText("Đã thêm tài khoản can-bo-3.").waitFor();
    await admin.locator('[data-testid="account"][data-login="can-bo-3"]').waitFor();
    const officer = await signIn("can-bo-3");
    expect(await officer.getByTestId("who").textContent()).toBe("Trần Thị Thu · Cán bộ");
  });

  it("applies a new average of minutes live: the next booking follows it at once", async () => {
    const admin = await as("quan-tri");
    await admin.getByTestId("nav-cau-hinh").click();
    const average = admin.getByTestId("average-TP");
    await average.waitFor();
    expect(await average.inputValue()).toBe("10");
    await average.fill("20");
    await admin.getByTestId("config-check").click();
    await admin
      .getByTestId("config-preview")
      .getByText("Lĩnh vực TP: thời gian trung bình 10 → 20 phút")
      .waitFor();
    await admin.getByTestId("config-apply").click();
    await admin.getByTestId("outcome").getByText("Đã áp dụng cấu hình mới").waitFor();
    await screenshot(admin, "config-applied");
    // Thursday's first KS slot is 08:00 (booked before); under the old rules the next is 08:10.
    const next = submitSms("0912345681", "DK Pham Thi D KS 26/11");
    expect(next?.time).toBe("2026-11-26T08:20:00+07:00");
  });

  it("adds a procedure's other name live: an SMS with it books at once", async () => {
    expect(submitSms("0912345683", "DK Ngo Van F KHAISINH 27/11")).toBeUndefined();
    const admin = await as("quan-tri");
    await admin.getByTestId("nav-cau-hinh").click();
    const aliases = admin.getByTestId("procedure-KS").getByLabel("Tên gọi khác của KS");
    await aliases.fill(`${await aliases.inputValue()}, KHAISINH`.replace(/^, /, ""));
    await aliases.blur();
    await admin.getByTestId("config-apply").click();
    await admin.getByTestId("outcome").getByText("Đã áp dụng cấu hình mới").waitFor();
    expect(submitSms("0912345683", "DK Ngo Van F KHAISINH 27/11")).toMatchObject({ label: "TP-001" });
  });

  it("refuses an invalid configuration from the advanced editor, naming each field", async () => {
    const admin = await as("quan-tri");
    await admin.getByTestId("nav-cau-hinh").click();
    await admin.getByTestId("config-advanced").click();
    const applied = hub.storedInputs("config").length;
    const text = admin.getByTestId("config-text");
    const config = JSON.parse(await text.inputValue()) as { services: { averageMinutes: number }[] };
    (config.services[0] as { averageMinutes: number }).averageMinutes = 0;
    await text.fill(JSON.stringify(config, null, 2));
    await admin.getByTestId("config-apply").click();
    const issues = admin.getByTestId("config-issues");
    await issues.waitFor();
    expect(await issues.textContent()).toContain("services[0].averageMinutes");
    await text.fill("{ not json");
    await admin.getByTestId("config-check").click();
    await admin.getByTestId("outcome").getByText("Nội dung không phải JSON hợp lệ").waitFor();
    expect(hub.storedInputs("config")).toHaveLength(applied);
  });

  it("lists the bookings a change would break, and applies it only once confirmed", async () => {
    const admin = await as("quan-tri");
    await admin.getByTestId("nav-cau-hinh").click();
    const holidays = admin.getByTestId("holidays");
    await holidays.waitFor();
    const before = await fetchFromPage(admin, "GET", "/api/config");
    expect(before.status).toBe(200);
    await holidays.fill(`${await holidays.inputValue()}\n2026-11-26`.trim());
    await holidays.blur();
    await admin.getByTestId("config-apply").click();
    const confirm = admin.getByTestId("config-confirm");
    await confirm.waitFor();
    const rows = confirm.getByTestId("impact-row");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await confirm.textContent()).toContain(codes.thursday);
    await screenshot(admin, "config-breaking");
    // Not applied yet: Thursday's bookings stand.
    expect(hub.storedEvents("cancelled").filter((e) => e.code === codes.thursday)).toEqual([]);
    await admin.getByTestId("config-confirm-yes").click();
    await admin.getByTestId("outcome").getByText("Đã áp dụng cấu hình mới").waitFor();
    expect(hub.storedEvents("cancelled").map((e) => e.code)).toContain(codes.thursday);
  });

  it("unblocks a phone blocked by a no-show, from the phones page", async () => {
    // The land appointment's time comes; counter 2 calls it, skips it, and the grace period
    // runs out: one no-show blocks the phone in this office.
    const { queue } = hub.hub;
    const appointment = hub.storedEvents("booked").find((e) => e.code === codes.HG) as { time: string };
    const due = Date.parse(appointment.time);
    const iso = (ms: number) => new Date(ms).toISOString();
    queue.submit({ at: iso(due), type: "tick" });
    expect(hub.storedEvents("called").some((e) => e.counter === "2")).toBe(true);
    queue.submit({ at: iso(due + 1000), type: "press", counter: "2", button: "skip" });
    queue.submit({ at: iso(due + 11 * 60_000), type: "tick" });
    expect(hub.storedEvents("blocked")).toEqual([expect.objectContaining({ phone: phones.HG })]);

    const leader = await as("lanh-dao");
    await leader.getByTestId("nav-so-dien-thoai").click();
    const row = leader.locator(`[data-testid="blocked"][data-phone="${phones.HG}"]`);
    await row.waitFor();
    await screenshot(leader, "phones-blocked");
    await row.getByTestId("unblock").click();
    await leader.getByTestId("confirm-yes").click();
    await leader.getByTestId("outcome").getByText(`Đã bỏ chặn số ${phones.HG}.`).waitFor();
    await row.waitFor({ state: "detached" });
    // The phone's own page: its booking, no longer blocked, the block and the unblock in its history.
    await leader.getByTestId("phone-lookup").getByRole("textbox").fill(phones.HG);
    await leader.getByTestId("phone-lookup").getByRole("button").click();
    const record = leader.getByTestId("phone-record");
    await record.getByText("Không bị chặn").waitFor();
    expect(await record.textContent()).toContain(codes.HG);
    expect(await record.textContent()).toContain("Bỏ chặn – lanh-dao");
    expect(hub.storedInputs("unblock")).toEqual([
      expect.objectContaining({ phone: phones.HG, officer: "lanh-dao" }),
    ]);
  });

  it("sends a page whose session has been idle an hour back to login, saying why", async () => {
    const leader = await signIn("lanh-dao");
    await leader.getByTestId("live-status").waitFor();
    ahead = HOUR + 60_000;
    // Nobody touches the page; the hall goes on (a walk-in ticket): the live view's next push
    // finds the session ended and closes the stream, and the page goes back to login.
    const { queue } = hub.hub;
    queue.submit({ at: queue.stamp(), type: "ticket", service: "TP", kiosk: "1", id: "k-expiry" });
    await leader.getByTestId("login-form").waitFor();
    expect(await leader.getByTestId("login-notice").textContent()).toContain("Phiên làm việc đã hết hạn");
    await screenshot(leader, "session-expired");
    ahead = 0;
  });

  it("says the live view is lost while the hub is down, keeping the last picture", async () => {
    const leader = await signIn("quan-tri");
    await leader.getByTestId("live-status").getByText("Trực tiếp").waitFor();
    await hub.stop();
    await leader.getByTestId("live-status").getByText("Mất kết nối").waitFor();
    expect(await leader.getByTestId("appointment").count()).toBeGreaterThan(0);
    await screenshot(leader, "today-offline");
  });

  it("ran every page without an uncaught error or anything its Content-Security-Policy blocked", () => {
    expect(pageErrors).toEqual([]);
  });
});
