/*
 * The office simulator page in a real browser (Debian's chromium, driven by playwright-core, as
 * test/console-browser.test.ts does): each counter's rating pad is drawn with its three keys
 * and its light, and clicking the keys works the real rating programs on simulated GPIO — a
 * thank-you for the citizen the counter served, then a refusal for a second rating. A
 * screenshot goes to test/artifacts/office/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { createLogger } from "@motcua/log";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningOffice, startOffice } from "../src/office.js";

const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../../test/artifacts/office/", import.meta.url));
const hasSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
// In CI the tools must be there (scripts/setup.sh installs them); elsewhere the test says so.
const run = (existsSync(CHROMIUM) && hasSocat) || process.env.CI !== undefined;
if (!run) console.warn(`page-browser.test.ts skipped: needs ${CHROMIUM} and socat`);

(run ? describe : describe.skip)("the office simulator page in a browser: the rating pads", () => {
  let office: RunningOffice;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    office = await startOffice({
      config: loadOfficeConfig(),
      port: 0,
      displayPort: 0,
      mqttPort: 0,
      wsPort: 0,
      now: Date.parse("2026-11-25T07:40:00+07:00"),
      smsDelayMs: 20,
      log: createLogger({ level: "silent" }),
    });
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
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(office.urls.office);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await office?.stop();
  });

  const light = (counter: string) => page.locator(`#rating-light-${counter}`);
  /** Waits until the page shows that rating pad's light in that pattern. */
  const lit = (counter: string, pattern: string, timeout = 5000) =>
    page.locator(`#rating-light-${counter}[data-light="${pattern}"]`).waitFor({ state: "attached", timeout });
  const rated = () =>
    [...office.hub.store.entries()].flatMap((e) => e.events).filter((e) => e.type === "rated");

  it("draws a rating pad with its three keys and its light under every counter", async () => {
    for (const counter of ["1", "2", "3"]) {
      const pad = page.getByLabel(`Đánh giá Quầy ${counter}`);
      await pad.waitFor();
      expect(await pad.getByRole("button").allTextContents()).toEqual([
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
      ]);
      // Off once the pad reaches the hub (the periodic state carries the light too).
      await lit(counter, "off");
    }
  });

  it("thanks the citizen the counter served when a key is clicked, and refuses a second rating", async () => {
    await lit("3", "off"); // the pad has reached the hub
    // A citizen takes an XH ticket at the kiosk; counter 3 (XH, VH) calls them.
    await page.locator('#service-buttons button[data-service="XH"]').click();
    await page.locator('button[data-counter="3"][data-button="next"]').click();
    await page.locator("#serving-3").getByText("XH-001").waitFor();

    await page
      .getByLabel("Đánh giá Quầy 3")
      .getByRole("button", { name: "Rất hài lòng", exact: true })
      .click();
    await lit("3", "on");
    expect(await light("3").getAttribute("title")).toBe("Cảm ơn quý khách đã đánh giá");
    expect(rated()).toEqual([
      expect.objectContaining({ counter: "3", label: "XH-001", value: "very_satisfied" }),
    ]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "rating-thanks.png"), fullPage: true });

    // The thank-you light goes out by itself; the same citizen's second rating is refused.
    await lit("3", "off", 10_000);
    await page.getByLabel("Đánh giá Quầy 3").getByRole("button", { name: "Không hài lòng" }).click();
    await lit("3", "double-blink");
    expect(await light("3").getAttribute("class")).toBe("light double-blink");
    expect(rated()).toHaveLength(1);
  }, 30_000);
});
