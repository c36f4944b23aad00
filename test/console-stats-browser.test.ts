/*
 * The statistics page (`#/thong-ke`, docs/console.md "Thống kê") in Debian's chromium against a
 * real hub whose log holds two scripted mornings: the figures in Vietnamese, the charts drawn by
 * uPlot (loaded only with this page), the filters changing the figures, the downloads, and the
 * printable month and day reports. Screenshots go to test/artifacts/console/.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@motcua/config/password";
import { ensureBuilt } from "@motcua/console";
import { TestHub } from "@motcua/hub/testing";
import type { SimInput } from "@motcua/protocol";
import type { AccountRole } from "@motcua/store";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SteppedClock } from "../devices/hub/test/helpers/stepped-clock.js";

const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/console/", import.meta.url));
const run = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!run)
  console.warn(`console-stats-browser.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const PASSWORD = "mật-khẩu-đủ-dài";

type Step = [string, Omit<SimInput, "at"> & Record<string, unknown>];

/**
 * Monday 23/11/2026 and Wednesday 25/11 (24/11 is a holiday) of the example office:
 *   Monday: TP-001 waits 10 min, DD-001 8, TP-002 18; all three served; two ratings (very
 *   satisfied, satisfied). Counter 1 ends paused.
 *   Wednesday: counter 1 resumes, TP-001 waits 6 and is being served; one rating (unsatisfied).
 * November: 4 tickets, 3 served, waits 6, 8, 10, 18 (median by nearest rank 8, p90 18), 66.7 %
 * satisfied. Wednesday alone: 1 ticket, a 6-minute wait. DD alone: 1 ticket, an 8-minute wait.
 */
const SCRIPT: Step[] = [
  ["2026-11-23T07:40", { type: "ticket", service: "TP" }],
  ["2026-11-23T07:42", { type: "ticket", service: "TP" }],
  ["2026-11-23T07:44", { type: "ticket", service: "DD" }],
  ["2026-11-23T07:50", { type: "press", counter: "1", button: "next" }],
  ["2026-11-23T07:52", { type: "press", counter: "2", button: "next" }],
  ["2026-11-23T07:58", { type: "rating", counter: "1", value: "very_satisfied" }],
  ["2026-11-23T08:00", { type: "press", counter: "1", button: "next" }],
  ["2026-11-23T08:02", { type: "rating", counter: "2", value: "satisfied" }],
  ["2026-11-23T08:10", { type: "press", counter: "1", button: "pause" }],
  ["2026-11-23T08:12", { type: "press", counter: "2", button: "next" }],
  ["2026-11-25T07:40", { type: "press", counter: "1", button: "resume" }],
  ["2026-11-25T07:41", { type: "ticket", service: "TP" }],
  ["2026-11-25T07:47", { type: "press", counter: "1", button: "next" }],
  ["2026-11-25T07:50", { type: "rating", counter: "1", value: "unsatisfied" }],
];

describe.skipIf(!run)("the statistics page in Chromium", () => {
  let hub: TestHub;
  let base = "";
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  function addAccount(login: string, role: AccountRole, counters: string[] = []) {
    hub.hub.store.accounts.add(
      { login, name: `Nguyễn Văn ${login}`, role, counters, passwordHash: hashPassword(PASSWORD) },
      { actor: "test", at: new Date().toISOString() },
    );
  }

  beforeAll(async () => {
    const built = ensureBuilt();
    const clock = new SteppedClock(Date.parse("2026-11-23T07:30:00+07:00"));
    hub = await TestHub.start({
      now: "2026-11-23T07:30:00+07:00",
      more: {
        clock,
        console: {
          port: 0,
          loginLimits: {
            perAddress: { burst: 1000, perSecond: 100 },
            perLogin: { burst: 1000, perSecond: 100 },
          },
        },
      },
    });
    base = `http://127.0.0.1:${hub.hub.console?.port}/`;
    const { queue } = hub.hub;
    for (const [time, input] of SCRIPT) {
      clock.set(`${time}:00+07:00`);
      const decision = queue.submit({ ...input, at: queue.stamp() } as SimInput);
      expect(
        decision.events.filter((e) => e.type === "action_refused"),
        `${time} ${JSON.stringify(input)}`,
      ).toEqual([]);
    }
    addAccount("can-bo-1", "officer", ["1"]);
    addAccount("lanh-dao", "leader");
    addAccount("quan-tri", "admin");
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
    await hub?.close();
  });

  /** A signed-in page of its own (cookies, downloads), on "Hôm nay"; `loaded` lists its scripts. */
  async function signIn(login: string): Promise<{ page: Page; loaded: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "vi-VN" });
    contexts.push(context);
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".js")) loaded.push(new URL(r.url()).pathname);
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) pageErrors.push(message.text());
    });
    await page.goto(base);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("logout").waitFor();
    return { page, loaded };
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate("document.fonts.ready");
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  const value = (page: Page, card: string) => page.getByTestId(`stat-${card}-value`);

  /** The stats page's month, figures and charts shown. */
  async function openStats(page: Page): Promise<void> {
    await page.getByTestId("nav-thong-ke").click();
    await page.getByTestId("stats-period").getByText("Tháng 11/2026").waitFor();
    await page.locator('[data-testid="chart-waits"][data-points]').waitFor();
  }

  it("draws this month's figures and charts in Vietnamese, uPlot loaded only with the page", async () => {
    const { page, loaded } = await signIn("lanh-dao");
    expect(loaded.some((p) => p.includes("stats-"))).toBe(false);
    await openStats(page);
    expect(loaded.some((p) => p.includes("stats-charts"))).toBe(true);
    await expect.poll(() => value(page, "tickets").textContent()).toBe("4");
    expect(await value(page, "served").textContent()).toBe("3");
    expect(await value(page, "wait").textContent()).toBe("8,0 phút");
    expect(await page.getByTestId("stat-wait").textContent()).toContain("p90: 18,0 phút");
    expect(await value(page, "satisfaction").textContent()).toBe("66,7 %");
    expect(await page.getByTestId("stats-cards").textContent()).toContain("Thời gian chờ (trung vị)");
    // Each chart is a uPlot canvas with its data: the waits' median and p90 on the two days with
    // calls, the ten buckets of the histogram, the satisfaction of the two days with ratings.
    for (const chart of ["visits", "waits", "histogram", "ratings", "dossiers"])
      expect(await page.getByTestId(`chart-${chart}`).locator("canvas").count(), chart).toBe(1);
    const points = (chart: string) => page.getByTestId(`chart-${chart}`).getAttribute("data-points");
    expect(await points("waits")).toBe("4");
    expect(await points("histogram")).toBe("10");
    expect(await points("ratings")).toBe("2");
    expect(await points("visits")).toBe("60"); // tickets and served, each day of November
    expect(await page.getByTestId("chart-visits").textContent()).toContain("Vé lấy số");
    // Under the charts: the tables, the suggested minutes beside the configured ones.
    const tp = page.getByTestId("stats-services-row").filter({ hasText: "Tư pháp – Hộ tịch" });
    expect(await tp.locator("td").nth(2).textContent()).toBe("3");
    await page.getByTestId("stats-suggested-row").filter({ hasText: "TP" }).waitFor();
    expect(await page.getByTestId("stats-suggested-hint").locator("a[href='#/cau-hinh']").count()).toBe(0);
    await screenshot(page, "stats-month");
    // On a phone the charts follow the screen's width and the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() =>
        page
          .getByTestId("chart-waits")
          .locator("canvas")
          .evaluate((c) => c.getBoundingClientRect().width),
      )
      .toBeLessThanOrEqual(390);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.getByTestId("chart-visits").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "stats-month-phone.png") });
    expect(pageErrors).toEqual([]);
  });

  it("changes the figures with the quick periods, the service, the counter and the grouping", async () => {
    const { page } = await signIn("quan-tri");
    await openStats(page);
    await page.getByTestId("stats-service").selectOption("DD");
    await page.getByTestId("stats-period").getByText("Lĩnh vực: Đất đai – Xây dựng").waitFor();
    await expect.poll(() => value(page, "tickets").textContent()).toBe("1");
    expect(await value(page, "wait").textContent()).toBe("8,0 phút");
    await page.getByTestId("stats-service").selectOption("");
    await page.getByTestId("stats-counter").selectOption("1");
    await page.getByTestId("stats-period").getByText("Quầy: Quầy 1").waitFor();
    await expect.poll(() => value(page, "tickets").textContent()).toBe("3");
    await page.getByTestId("stats-counter").selectOption("");
    await page.getByTestId("stats-quick-today").click();
    await page.getByTestId("stats-period").getByText("Ngày 25/11/2026").waitFor();
    await expect.poll(() => value(page, "tickets").textContent()).toBe("1");
    expect(await value(page, "wait").textContent()).toBe("6,0 phút");
    await page.getByTestId("stats-quick-week").click();
    await page.getByTestId("stats-period").getByText("Từ ngày 23/11/2026 đến ngày 29/11/2026").waitFor();
    await expect.poll(() => value(page, "tickets").textContent()).toBe("4");
    await page.getByTestId("stats-quick-last-month").click();
    await page.getByTestId("stats-period").getByText("Tháng 10/2026").waitFor();
    await expect.poll(() => value(page, "tickets").textContent()).toBe("0");
    expect(await value(page, "wait").textContent()).toBe("—");
    await page.getByTestId("stats-quick-month").click();
    await page.getByTestId("stats-group").selectOption("week");
    // W44 (its Sunday is 1 November) to W49 (Monday 30 November), and the total.
    await expect.poll(() => page.getByTestId("stats-series-row").count()).toBe(7);
    expect(await page.getByTestId("stats-series").textContent()).toContain("2026-W48");
    // The admin is pointed to the configuration page for the average minutes.
    expect(await page.getByTestId("stats-suggested-hint").locator("a[href='#/cau-hinh']").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("downloads a table as CSV and the tables as xlsx", async () => {
    const { page } = await signIn("lanh-dao");
    await openStats(page);
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("stats-csv-services").click(),
    ]);
    expect(csv.suggestedFilename()).toBe("thong-ke-2026-11-01_2026-11-30-services.csv");
    const text = readFileSync(await csv.path(), "utf8");
    expect(text.startsWith("\uFEFFMã lĩnh vực,Lĩnh vực,Số vé lấy số")).toBe(true);
    expect(text).toContain("TP,Tư pháp – Hộ tịch,3,");
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("stats-xlsx-counters").click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe("thong-ke-2026-11-01_2026-11-30-counters.xlsx");
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  it("prints the month's and a day's report on A4, without the menu", async () => {
    const { page } = await signIn("lanh-dao");
    await openStats(page);
    await page.getByTestId("stats-print-link").click();
    const title = page.getByTestId("print-title");
    await title.getByText("BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THÁNG 11/2026").waitFor();
    const report = page.getByTestId("stats-report");
    expect(await report.textContent()).toContain("UBND XÃ SƠN TÂY");
    expect(await page.getByTestId("print-key-figures").textContent()).toContain(
      "66,7 % trên 3 lượt đánh giá",
    );
    expect(
      await page.getByTestId("print-services-row").filter({ hasText: "Tư pháp – Hộ tịch" }).textContent(),
    ).toContain("3");
    expect(await page.getByTestId("print-counters-row").count()).toBe(4); // three counters and the total
    expect(await page.getByTestId("print-satisfaction").textContent()).toContain("Quầy 1");
    await page.emulateMedia({ media: "print" });
    expect(await page.getByTestId("nav").isVisible()).toBe(false);
    expect(await page.getByTestId("print-button").isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(794);
    await screenshot(page, "stats-print-month");
    // The browser's print, as a PDF: the month on sheets of A4 (595 × 842 points).
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(ARTIFACTS, "stats-print-month.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const sheets = pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? [];
    expect(sheets.length).toBeGreaterThanOrEqual(1);
    expect(sheets.length).toBeLessThanOrEqual(3);
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox\s*\[0 0 59[45][.\d]* 84[12][.\d]*\]/);
    await page.emulateMedia({ media: "screen" });
    await page.goto(`${base}#/thong-ke/in?ky=ngay&ngay=2026-11-23`);
    await title.getByText("BÁO CÁO THỐNG KÊ HOẠT ĐỘNG NGÀY 23/11/2026").waitFor();
    expect(await page.getByTestId("print-key-figures").textContent()).toContain("3 (từ chối 0)");
    expect(pageErrors).toEqual([]);
  });

  it("is not an officer's page: not in the menu, refused by its address", async () => {
    const { page } = await signIn("can-bo-1");
    expect(await page.getByTestId("nav-thong-ke").count()).toBe(0);
    await page.goto(`${base}#/thong-ke`);
    await page.getByTestId("forbidden").waitFor();
    expect(await page.getByTestId("stats-page").count()).toBe(0);
  });
});
