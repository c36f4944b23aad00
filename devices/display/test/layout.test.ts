/*
 * A provincial centre's floor (bench/offices/provincial.yaml: 40 counters, 12 services) on the
 * wall, both ways up: every number and counter name fits its card, the appointments turn pages,
 * a checked-in one's "Đã đến" fits its column.
 * Screenshots go to test/artifacts/display/.
 */
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import type { TestClient, TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../src/build.js";
import { type RunningDisplay, startDisplay } from "../src/server.js";
import { chromiumGate, device, hubFor, launchChromium, press, screenshot, ticket } from "./helpers.js";

const run = chromiumGate("layout.test.ts");
const provincial = loadOfficeConfig(
  fileURLToPath(new URL("../../../bench/offices/provincial.yaml", import.meta.url)),
);
// Its devices have credentials; here the test's pad presses without one.
// The test's one kiosk asks for 40 tickets at machine speed: its request rate is lifted.
const config = {
  ...provincial,
  hub: { ...provincial.hub, requestRate: { burst: 1000, perSecond: 1000 } },
  security: { allowAnonymous: true, devices: [] },
};
const o = `motcua/${config.office.id}`;

/** Counters whose number or name is wider than their card (page code as text: no DOM types here). */
const OVERFLOWING = `[...document.querySelectorAll(".counter")].filter((card) =>
  [...card.querySelectorAll(".counter-number, .counter-name")].some((el) => el.scrollWidth > el.clientWidth + 1 ||
    el.getBoundingClientRect().right > card.getBoundingClientRect().right + 1 ||
    el.getBoundingClientRect().bottom > card.getBoundingClientRect().bottom + 1)).map((card) => card.dataset.testid)`;

/** Appointment statuses ("Đã đến", "Đã tiếp nhận"…) cut by their column (page code as text). */
const STATUS_CUT = `[...document.querySelectorAll(".appointment td:last-child")]
  .filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent)`;

describe.skipIf(!run)("a floor of 40 counters", () => {
  let hub: TestHub;
  let display: RunningDisplay;
  let browser: Browser;
  let pad: TestClient;

  beforeAll(async () => {
    const built = ensureBuilt();
    hub = await hubFor({ config });
    for (let i = 0; i < 14; i++) {
      const procedure = ["KS", "KT", "KH"][i % 3];
      const booked = hub.hub.queue
        .submit({
          at: hub.hub.queue.stamp(),
          type: "sms",
          from: `09123456${String(i).padStart(2, "0")}`,
          text: `DK Nguyen Van ${String.fromCharCode(65 + i)} ${procedure} 25/11`,
        })
        .events.find((e) => e.type === "booked");
      // Every other citizen checked in: "Đã đến" beside "Đã hẹn" on the first page.
      if (booked && "code" in booked && i % 2 === 0)
        hub.hub.queue.submit({
          at: hub.hub.queue.stamp(),
          type: "checkin",
          code: booked.code,
          officer: "lan",
        });
    }
    pad = await device(hub.url);
    // A number on every counter: a ticket of one of its services, then its next.
    for (const counter of config.counters) {
      const service = config.services.find((s) => s.counters.includes(counter.id));
      await ticket(pad, service?.code as string, o);
      await press(pad, counter.id, "next", o);
    }
    await built;
    display = await startDisplay({
      hubWsUrl: hub.wsUrl,
      port: 0,
      config,
      settings: { voice: { enabled: false }, chime: false },
      presence: false,
      log: createLogger({ level: "silent" }),
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await display?.stop();
    await pad?.close();
    await hub?.close();
  });

  for (const [layout, width, height] of [
    ["landscape", 1920, 1080],
    ["portrait", 1080, 1920],
  ] as const) {
    it(`fits every counter, ${layout}`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await page.goto(`${display.url}?layout=${layout}`);
        await page
          .getByTestId("counter-40-number")
          .getByText(/^[A-Z]{2}-\d{3}$/)
          .waitFor({ timeout: 5000 });
        await page.evaluate("document.fonts.ready");
        await screenshot(page, `${layout}-40-counters`);
        expect(await page.evaluate(OVERFLOWING)).toEqual([]);
        expect(await page.locator(".appointment.arrived").count()).toBeGreaterThan(0);
        expect(await page.evaluate(STATUS_CUT)).toEqual([]);
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBe(width);
        // 14 appointments, as many a page as the panel holds, every row whole.
        const rows = await page.getByTestId("appointment").count();
        expect(rows).toBeGreaterThanOrEqual(4);
        expect(rows).toBeLessThanOrEqual(10);
        expect(await page.locator(".appointments .page").textContent()).toBe(`1/${Math.ceil(14 / rows)}`);
        const panel = await page.locator(".appointments").boundingBox();
        const last = await page.getByTestId("appointment").last().boundingBox();
        expect((last?.y ?? 0) + (last?.height ?? 0)).toBeLessThanOrEqual(
          (panel?.y ?? 0) + (panel?.height ?? 0),
        );
      } finally {
        await page.close();
      }
    });
  }
});
