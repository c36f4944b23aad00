/*
 * "Nếu như…" (docs/whatif.md, docs/console.md) against a real hub in this process whose store
 * holds a generated week of the example office: the API's access rules and refusals, then the
 * page in a real browser (Debian's chromium, driven by playwright-core) — a leader edits a copy
 * of the configuration (one more counter for Tư pháp), runs it, and sees both columns with the
 * differences marked. Every wait ends on a real signal, never a fixed sleep. The screenshot goes
 * to test/artifacts/console/.
 */

import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { hashPassword } from "@motcua/config/password";
import { ensureBuilt } from "@motcua/console";
import { TestHub } from "@motcua/hub/testing";
import type { AccountRole } from "@motcua/store";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGeneratedDays } from "./helpers/whatif-store.ts";

const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/console/", import.meta.url));
const browsing = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!browsing)
  console.warn(
    `console-whatif-browser.test.ts: ${CHROMIUM} not found, the page is not tried (apt-get install chromium)`,
  );

const PASSWORD = "mật-khẩu-đủ-dài";
const office = loadOfficeConfig();
/** One more counter, 4, for Tư pháp. */
function plusOne(config: Record<string, unknown>): Record<string, unknown> {
  const c = structuredClone(config) as unknown as OfficeConfig;
  c.counters.push({ id: "4", name: "Quầy 4" } as OfficeConfig["counters"][number]);
  const tp = c.services.find((s) => s.code === "TP");
  if (tp) tp.counters = ["1", "4"];
  return c as unknown as Record<string, unknown>;
}

describe("Nếu như… on the console", () => {
  let hub: TestHub;
  let base = "";
  let browser: Browser | undefined;

  async function signIn(login: string): Promise<Record<string, string>> {
    const res = await fetch(`${base}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return {
      cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] as string,
      "x-csrf-token": csrfToken,
    };
  }

  async function call(method: "GET" | "POST", path: string, headers: Record<string, string>, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", origin: base, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & {
        error?: { code: string; issues?: { path: string }[] };
      },
    };
  }

  beforeAll(async () => {
    const built = ensureBuilt();
    const dataDir = mkdtempSync(join(os.tmpdir(), "motcua-whatif-hub-"));
    writeGeneratedDays(join(dataDir, `${office.office.id}.sqlite`), office, "2026-11-16", 7, (_day, i) => ({
      seed: 200 + i,
      walkIns: { TP: 60, DD: 25, XH: 20, VH: 15 },
      bookings: 20,
      cancellations: 3,
      noShows: 2,
    }));
    hub = await TestHub.start({ dataDir, now: "2026-11-26T09:00:00+07:00", more: { console: { port: 0 } } });
    base = `http://127.0.0.1:${hub.hub.console?.port}`;
    for (const [login, role] of [
      ["quan-tri", "admin"],
      ["lanh-dao", "leader"],
      ["can-bo-1", "officer"],
    ] as [string, AccountRole][])
      hub.hub.store.accounts.add(
        {
          login,
          name: `Tài khoản ${login}`,
          role,
          counters: role === "officer" ? ["1"] : [],
          passwordHash: hashPassword(PASSWORD),
        },
        { actor: "test", at: new Date().toISOString() },
      );
    await built;
    if (browsing)
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
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it("answers admins and leaders, never officers; refuses a broken copy, a long period, a missing token", async () => {
    const officer = await signIn("can-bo-1");
    expect((await call("GET", "/api/whatif", officer)).status).toBe(403);
    const leader = await signIn("lanh-dao");
    const start = await call("GET", "/api/whatif", leader);
    expect(start.status).toBe(200);
    const config = start.body.config as Record<string, unknown>;
    // The technician's sections (device password hashes among them) are not shown.
    expect(config.security).toBeUndefined();
    expect(start.body.today).toBe("2026-11-26");

    const broken = structuredClone(config) as { services: { averageMinutes: unknown }[] };
    (broken.services[0] as { averageMinutes: unknown }).averageMinutes = "mười";
    const refused = await call("POST", "/api/whatif", leader, {
      from: "2026-11-17",
      to: "2026-11-18",
      config: broken,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues?.map((i) => i.path)).toContain("services[0].averageMinutes");
    const long = await call("POST", "/api/whatif", leader, { from: "2026-10-01", to: "2026-11-20", config });
    expect(long.status).toBe(400);
    const { "x-csrf-token": _token, ...noToken } = leader;
    expect(
      (await call("POST", "/api/whatif", noToken, { from: "2026-11-17", to: "2026-11-18", config })).status,
    ).toBe(403);
    const empty = await call("POST", "/api/whatif", leader, { from: "2026-12-14", to: "2026-12-18", config });
    expect(empty.status).toBe(422);

    const before = hub.hub.store.count();
    const run = await call("POST", "/api/whatif", leader, {
      from: "2026-11-18",
      to: "2026-11-19",
      config: plusOne(config),
    });
    expect(run.status).toBe(200);
    const rows = run.body.rows as { key: string; baseline: number; whatIf: number }[];
    const tp = rows.find((r) => r.key === "TP.wait.median");
    expect(tp?.whatIf).toBeLessThan(tp?.baseline as number);
    // Nothing was applied or written: the log is as long and the configuration the same.
    expect(hub.hub.store.count()).toBe(before);
    expect(hub.hub.queue.config.counters.map((c) => c.id)).toEqual(["1", "2", "3"]);
  });

  it.skipIf(!browsing)("shows both columns side by side, the differences marked", async () => {
    const context = await (browser as Browser).newContext({
      viewport: { width: 1366, height: 900 },
      locale: "vi-VN",
    });
    context.setDefaultTimeout(20_000);
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${base}/`);
      await page.getByLabel("Tên đăng nhập").fill("lanh-dao");
      await page.getByLabel("Mật khẩu").fill(PASSWORD);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByTestId("nav-neu-nhu").click();
      await page.waitForURL(/#\/neu-nhu$/);
      await page.getByTestId("whatif-from").fill("2026-11-18");
      await page.getByTestId("whatif-to").fill("2026-11-19");
      await page.getByTestId("whatif-advanced").click();
      const text = page.getByTestId("whatif-text");
      const copy = JSON.parse(await text.inputValue()) as Record<string, unknown>;
      await text.fill(JSON.stringify(plusOne(copy), null, 2));
      await page.getByTestId("whatif-run").click();
      await page.getByTestId("whatif-result").waitFor();
      await expect.poll(() => page.getByTestId("whatif-col-baseline").textContent()).toContain("Ghi nhận");
      await expect.poll(() => page.getByTestId("whatif-col-whatif").textContent()).toContain("Nếu như");
      const tp = page.getByTestId("whatif-row-TP.wait.median");
      expect(await tp.getAttribute("data-verdict")).toBe("better");
      expect(await page.getByTestId("whatif-row-tickets").locator("td").count()).toBe(4);
      await page
        .getByTestId("whatif-divergences")
        .getByText(/Quầy 4/)
        .waitFor();
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.evaluate("document.fonts.ready");
      await page.screenshot({ path: join(ARTIFACTS, "whatif.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
