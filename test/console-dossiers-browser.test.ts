/*
 * The console's dossier pages in a real browser (Debian's chromium, driven by playwright-core)
 * against a real hub in this process (docs/console.md, "Hồ sơ / Dossiers"): reception opens a
 * dossier at its counter and gets the receipt to print; the specialist's "my dossiers" shows it
 * live with a badge and a sound; done moves it to the next officer, whose page shows it at once;
 * the leader's office page and report show the counts. Every wait ends on a real signal (an
 * element that appears, a text that changes), never a fixed sleep. One browser for the file, a
 * context (its own cookies) per person. Screenshots go to test/artifacts/console/.
 */

import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@motcua/config/password";
import { ensureBuilt } from "@motcua/console";
import { TestHub } from "@motcua/hub/testing";
import type { AccountRole } from "@motcua/store";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/console/", import.meta.url));
const run = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!run)
  console.warn(`console-dossiers-browser.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const PASSWORD = "mật-khẩu-đủ-dài";
/** Monday 07/12/2026 09:00, a working morning of the example office. */
const NOW = "2026-12-07T09:00:00+07:00";
const CODE = "H30.99.01-261207-0001";

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate("document.fonts.ready");
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!run)("the console's dossier pages in Chromium", () => {
  let hub: TestHub;
  let base = "";
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  function addAccount(login: string, name: string, role: AccountRole, counters: string[] = []) {
    hub.hub.store.accounts.add(
      { login, name, role, counters, passwordHash: hashPassword(PASSWORD) },
      { actor: "test", at: new Date().toISOString() },
    );
  }

  async function signIn(login: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: "vi-VN" });
    contexts.push(context);
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) pageErrors.push(message.text());
    });
    await page.goto(base);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByTestId("logout").waitFor();
    return page;
  }

  /** Opens a page of the console by its menu entry. */
  async function go(page: Page, path: string): Promise<void> {
    await page.getByTestId(`nav-${path}`).click();
    await page.waitForURL(new RegExp(`#/${path}$`));
  }

  beforeAll(async () => {
    const built = ensureBuilt();
    hub = await TestHub.start({
      now: NOW,
      more: {
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
    // The example office's officers, with accounts whose login is their officer id.
    addAccount("tn-1", "Lê Thị Hoa", "officer", ["1"]);
    addAccount("cv-tp", "Nguyễn Thị Lan", "officer");
    addAccount("ct", "Đặng Văn Minh", "leader");
    addAccount("lanh-dao", "Lãnh đạo", "leader");
    addAccount("quan-tri", "Quản trị", "admin");
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

  let specialist: Page;
  let head: Page;

  it("reception opens a dossier and gets the receipt; the specialist's page shows it live with a badge", async () => {
    // The specialist and the head are at their "my dossiers" before the citizen arrives.
    specialist = await signIn("cv-tp");
    await go(specialist, "ho-so-cua-toi");
    await specialist.getByTestId("no-tasks").waitFor();
    await specialist.getByTestId("dossier-live").getByText("Trực tiếp").waitFor();
    head = await signIn("ct");
    await go(head, "ho-so-cua-toi");
    await head.getByTestId("no-tasks").waitFor();
    await head.getByTestId("dossier-live").getByText("Trực tiếp").waitFor();

    const reception = await signIn("tn-1");
    // The menu follows the account's officer (reception) once the hub has said who it is.
    await expect
      .poll(() => reception.getByTestId("nav").locator("a").allTextContents())
      .toEqual(["Hôm nay", "Tiếp nhận hồ sơ", "Hồ sơ của tôi"]);
    await go(reception, "tiep-nhan");
    const form = reception.getByTestId("receive-form");
    await form.getByLabel("Thủ tục").selectOption("KS");
    await form.getByLabel("Họ tên người nộp").fill("Nguyễn Văn An");
    await form.getByLabel("Số điện thoại").fill("0912345678");
    await reception.getByTestId("receive-submit").click();
    const receipt = reception.getByTestId("receipt");
    await receipt.waitFor();
    expect(await reception.getByTestId("receipt-code").textContent()).toBe(CODE);
    expect(await reception.getByTestId("receipt-name").textContent()).toBe("Nguyễn Văn An");
    // Due Tuesday 09:00: one working day of 8 h from Monday 09:00.
    expect(await reception.getByTestId("receipt-due").textContent()).toBe("09 giờ 00 phút, ngày 08/12/2026");
    const text = (await receipt.textContent()) ?? "";
    expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(text).toContain("UBND XÃ SƠN TÂY");
    expect(text).toContain("Đăng ký khai sinh");
    expect(await reception.getByTestId("receipt-sms").textContent()).toContain("TT 261207-0001");
    // On paper only the receipt: no menu, no buttons.
    await reception.emulateMedia({ media: "print" });
    expect(await reception.locator("header.top").isVisible()).toBe(false);
    expect(await reception.getByTestId("print-receipt").isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await screenshot(reception, "dossier-receipt-print");
    await reception.emulateMedia({ media: "screen" });
    await screenshot(reception, "dossier-receipt");

    // The specialist's page: the dossier arrives without a reload, marked new, with the badge.
    const row = specialist.locator(`[data-testid="my-dossier"][data-code="${CODE}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-urgency")).toBe("on_time");
    await row.getByTestId("new-badge").waitFor();
    const badge = specialist.getByTestId("dossier-badge");
    await badge.waitFor();
    expect(await badge.textContent()).toBe("1");
    // One sound for the one dossier that arrived.
    expect(await badge.getAttribute("data-beeps")).toBe("1");
    expect(await row.textContent()).toContain("Nguyễn Văn An");
    await screenshot(specialist, "dossier-mine-new");
    // Nothing reached the head yet.
    expect(await head.getByTestId("no-tasks").isVisible()).toBe(true);
  });

  it("done moves the dossier to the next officer, whose page shows it at once", async () => {
    const row = specialist.locator(`[data-testid="my-dossier"][data-code="${CODE}"]`);
    await row.getByTestId("task-done").click();
    await specialist.getByTestId("no-tasks").waitFor();
    expect(await specialist.getByTestId("outcome").textContent()).toContain("Đã xong bước 1");
    const next = head.locator(`[data-testid="my-dossier"][data-code="${CODE}"]`);
    await next.waitFor();
    expect(await next.textContent()).toContain("Bước 2: Ký duyệt");
    expect(await head.getByTestId("dossier-badge").textContent()).toBe("1");
    // The control sheet of the dossier: the receipt handed to the specialist, then to the head.
    await next.getByRole("link", { name: CODE }).click();
    const sheet = head.getByTestId("control-sheet");
    await sheet.waitFor();
    const rows = sheet.getByTestId("sheet-row");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("Lê Thị Hoa");
    expect(await rows.nth(1).textContent()).toContain("Đúng hạn");
    expect(await head.getByTestId("detail-citizen").textContent()).toContain("Nguyễn Văn An");
    // Opened: no longer new.
    await head.getByTestId("dossier-badge").waitFor({ state: "detached" });
    await screenshot(head, "dossier-control-sheet");
  });

  it("shows the leader the office's dossiers by step and the report's counts, with CSV and xlsx to download", async () => {
    const leader = await signIn("lanh-dao");
    await go(leader, "ho-so");
    const listed = leader.locator(`[data-testid="office-dossier"][data-code="${CODE}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute("data-state")).toBe("on_time");
    expect(await leader.getByTestId("by-step").textContent()).toContain("2. Ký duyệt");
    expect(await leader.getByTestId("state-on_time").textContent()).toContain("1");
    await screenshot(leader, "dossier-office");

    await go(leader, "bao-cao");
    const services = leader.getByTestId("report-services");
    await services.waitFor();
    expect(await leader.getByTestId("report-period").textContent()).toBe(
      "Từ ngày 01/12/2026 đến ngày 31/12/2026",
    );
    const tp = services.getByTestId("report-services-row").filter({ hasText: "Tư pháp – Hộ tịch" });
    const cells = await tp.locator("td").allTextContents();
    const header = await services.locator("th").allTextContents();
    expect(cells[header.indexOf("Tiếp nhận")]).toBe("1");
    expect(cells[header.indexOf("Đang giải quyết")]).toBe("1");
    expect(cells[header.indexOf("Chuyển bước đã báo")]).toBe("2");
    const total = services.getByTestId("report-services-row").last();
    expect(await total.textContent()).toContain("Tổng cộng");
    // The same report as files: the page's own links, fetched with its cookie.
    for (const [test, type] of [
      ["report-csv", "text/csv; charset=utf-8"],
      ["report-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ] as const) {
      const href = (await leader.getByTestId(test).getAttribute("href")) as string;
      const answer = await leader.evaluate(async (path) => {
        const res = await fetch(path);
        return {
          status: res.status,
          type: res.headers.get("content-type"),
          size: (await res.arrayBuffer()).byteLength,
        };
      }, href);
      expect(answer.status, test).toBe(200);
      expect(answer.type).toBe(type);
      expect(answer.size).toBeGreaterThan(100);
    }
    await screenshot(leader, "dossier-report");
    // A phone: the report still reads.
    await leader.setViewportSize({ width: 390, height: 844 });
    await services.waitFor();
    await screenshot(leader, "dossier-report-phone");
  });

  it("flags the late dossier to the service's leader, who approves the apology with a new date", async () => {
    addAccount("ld-tp", "Trần Văn Bình", "leader");
    const leader = await signIn("ld-tp");
    await go(leader, "ho-so");
    const listed = leader.locator(`[data-testid="office-dossier"][data-code="${CODE}"]`);
    await listed.waitFor();
    // Time passes the dossier's due instant (Tuesday 09:00) with its step not done: the page follows.
    hub.hub.queue.submit({ at: "2026-12-08T10:00:00+07:00", type: "tick" });
    await expect.poll(() => listed.getAttribute("data-state")).toBe("overdue");
    await listed.getByRole("link", { name: "Phiếu xin lỗi" }).click();
    const form = leader.getByTestId("apology-form");
    await form.waitFor();
    await form.getByLabel("Ngày hẹn trả mới").fill("2026-12-10");
    await form.getByLabel("Lý do chậm").fill("Chờ xác minh thông tin");
    expect(await leader.getByTestId("apology-letter").textContent()).toContain("Chờ xác minh thông tin");
    await leader.getByTestId("apology-approve").click();
    await leader.getByTestId("outcome").getByText("Đã duyệt phiếu xin lỗi").waitFor();
    // Approved: the form is gone, the new date is the dossier's.
    await form.waitFor({ state: "detached" });
    expect(await leader.getByTestId("apology-new-due").textContent()).toBe("17 giờ 30 phút, ngày 10/12/2026");
    await screenshot(leader, "dossier-apology");
  });

  it("the admin edits a process's budgets in a form: over the legal limit is shown and refused, within it applies live", async () => {
    const admin = await signIn("quan-tri");
    await admin.getByTestId("nav-cau-hinh").click();
    const total = admin.getByTestId("process-A-total");
    await total.getByText("Các bước được tính: 8 giờ / thời hạn 8 giờ").waitFor();
    // The specialist's 4 h of process A (one working day of 8 h) made 5: one hour too many.
    const specialist = admin.getByTestId("process-A-hours-2");
    await specialist.fill("5");
    await total.getByText("9 giờ / thời hạn 8 giờ — vượt thời hạn giải quyết").waitFor();
    const applied = hub.storedInputs("config").length;
    await admin.getByTestId("config-apply").click();
    await admin
      .getByTestId("config-issues")
      .getByText(/processes/)
      .waitFor();
    expect(hub.storedInputs("config")).toHaveLength(applied);
    await specialist.fill("3");
    await total.getByText("Các bước được tính: 7 giờ / thời hạn 8 giờ").waitFor();
    await admin.getByTestId("config-apply").click();
    await admin.getByTestId("outcome").getByText("Đã áp dụng cấu hình mới").waitFor();
    expect(hub.hub.queue.config.processes.find((p) => p.id === "A")?.steps[1]).toMatchObject({
      role: "specialist",
      hours: 3,
    });
    await screenshot(admin, "config-processes");
  });

  it("had no page errors and no blocked loads", () => {
    expect(pageErrors).toEqual([]);
  });
});
