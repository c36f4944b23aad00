/*
 * The wall display in a real browser (Debian's chromium, driven by playwright-core) against a
 * real hub in this process: the board from retained messages, a press on the wall within a
 * second, checked-in, cancelled and no-show appointments, the unreachable marker, the
 * announcement queue.
 * Screenshots go to test/artifacts/display/.
 */

import type { TestClient, TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../src/build.js";
import { type RunningDisplay, startDisplay } from "../src/server.js";
import { chromiumGate, device, hubFor, launchChromium, O, press, screenshot, ticket } from "./helpers.js";

const run = chromiumGate("browser.test.ts");

interface Announced {
  counter: string;
  label: string;
  repeat: boolean;
  start: number;
  end?: number;
  chime?: boolean;
  voice?: boolean;
}

/** The text as rendered (playwright's innerText: CSS applied), not the DOM's textContent. */
// biome-ignore lint/performance/useDomNodeTextContent: a playwright Locator, not a DOM node
const rendered = (locator: Locator) => locator.innerText();
const text = (page: Page, testId: string) => rendered(page.getByTestId(testId));
const content = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

/** Waits until the element shows `expected`. (Page code as text: this file has no DOM types.) */
async function shows(page: Page, testId: string, expected: string, timeout = 1000): Promise<void> {
  await page.waitForFunction(
    `document.querySelector('[data-testid="${testId}"]')?.textContent?.trim() === ${JSON.stringify(expected)}`,
    undefined,
    { timeout, polling: "raf" },
  );
}

/** The page's announcements so far (its `window.__motcua` hook). */
const announced = (page: Page) => page.evaluate("window.__motcua.announcements") as Promise<Announced[]>;

describe.skipIf(!run)("the wall display in Chromium", () => {
  let hub: TestHub;
  let display: RunningDisplay;
  let browser: Browser;
  let page: Page;
  let pad: TestClient;
  type Call = { label: string; counter: string; repeat: boolean };
  /** The calls the pad has heard since `from` (a mark), once there are `n` of them. */
  const calls = (from: number, n: number) =>
    pad.until(
      () => pad.on<Call>(`${O}/calls`, from).length >= n && pad.on<Call>(`${O}/calls`, from),
      `${n} call(s)`,
      2000,
    );
  const codes: Record<string, string> = {};

  const submit = (text: string, from: string) => {
    const decision = hub.hub.queue.submit({ at: hub.hub.queue.stamp(), type: "sms", from, text });
    const booked = decision.events.find((e) => e.type === "booked");
    return booked && "code" in booked ? (booked as { code: string; label: string }) : undefined;
  };

  beforeAll(async () => {
    const built = ensureBuilt();
    hub = await hubFor();
    // Today (the hub's clock: Wednesday 25/11/2026 07:31) — bookings for today land after
    // the travel buffer, from 08:40.
    for (const [name, procedure, phone] of [
      ["Nguyen Van A", "KS", "0912345678"],
      ["Tran Thi B", "HG", "0912345679"],
      ["Le Van C", "KT", "0912345680"],
    ] as const) {
      const booked = submit(`DK ${name} ${procedure} 25/11`, phone);
      expect(booked, `${name} booked for today`).toBeDefined();
      codes[procedure] = (booked as { code: string }).code;
    }
    pad = await device(hub.url);
    await pad.subscribe(`${O}/calls`);
    await ticket(pad, "TP");
    await ticket(pad, "TP");
    await ticket(pad, "DD");
    await built;
    display = await startDisplay({
      hubWsUrl: hub.wsUrl,
      port: 0,
      // A quicker voice than the hall's, so the announcement tests take less time.
      settings: { voice: { speed: 300 } },
      log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    await page.goto(display.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await display?.stop();
    await pad?.close();
    await hub?.close();
  });

  it("shows the whole board from the retained messages alone", async () => {
    await page.getByTestId("waiting-TP").getByText("2").waitFor({ timeout: 5000 });
    expect(await content(page, "office-name")).toBe("UBND xã Sơn Tây");
    expect(await text(page, "counter-1")).toContain("Quầy 1");
    expect(await text(page, "counter-1")).toContain("Tư pháp – Hộ tịch");
    expect(await text(page, "counter-3")).toContain("Lao động – Thương binh và Xã hội · Văn hóa – Thông tin");
    expect(await text(page, "waiting-TP")).toMatch(/Tư pháp – Hộ tịch\s+2/);
    expect(await text(page, "waiting-DD")).toMatch(/Đất đai – Xây dựng\s+1/);
    expect(await text(page, "waiting-XH")).toMatch(/0$/);
    const rows = page.getByTestId("appointment");
    await expect.poll(() => rows.count()).toBe(3);
    const first = await rendered(rows.nth(0));
    expect(first).toMatch(/^\d\d:\d\d\s+TP-001\s+Tư pháp – Hộ tịch\s+1\s+Đã hẹn$/);
    // The hub's clock (its --now: Wednesday 25/11/2026 07:31) from its retained clock, before any call.
    await shows(page, "date", "Thứ Tư, 25/11/2026");
    expect(await text(page, "clock")).toMatch(/^07:3\d:\d\d$/);
    expect(await text(page, "notice")).toContain("Giờ làm việc: Buổi sáng 07:30–11:00");
    expect(await page.getByTestId("offline").count()).toBe(0);
    await screenshot(page, "landscape-board");
  });

  it("marks an appointment checked in by an officer 'Đã đến', apart from the booked ones", async () => {
    // The officer's checkin (PROTOCOL.md "Officer actions"), decided and stored by the live
    // queue as the console's POST /api/actions does it.
    const decision = hub.hub.queue.submit({
      at: hub.hub.queue.stamp(),
      type: "checkin",
      code: codes.KS as string,
      officer: "lan",
    });
    const checkedIn = decision.events.find((e) => e.type === "checked_in") as { label: string } | undefined;
    expect(checkedIn?.label).toBe("TP-001");
    const row = page.locator('[data-testid="appointment"][data-label="TP-001"]');
    await page.locator('[data-testid="appointment"][data-label="TP-001"].arrived').waitFor({ timeout: 2000 });
    expect(await rendered(row)).toMatch(/^\d\d:\d\d\s+TP-001\s+Tư pháp – Hộ tịch\s+1\s+Đã đến$/);
    // The others are still booked, in a colour of their own.
    const other = page.getByTestId("appointment").filter({ hasNotText: "TP-001" }).first();
    expect(await rendered(other)).toMatch(/Đã hẹn$/);
    const background = (selector: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`);
    expect(await background(".appointment.arrived .status")).not.toBe(
      await background(".appointment.booked .status"),
    );
    // The word fits its column: the cell shows it whole, not cut by an ellipsis.
    expect(
      await page.evaluate(
        `(() => { const c = document.querySelector(".appointment.arrived td:last-child"); return c.scrollWidth <= c.clientWidth; })()`,
      ),
    ).toBe(true);
    await screenshot(page, "landscape-checked-in");
  });

  it("shows the number a counter press calls within a second, and announces it", async () => {
    const from = pad.mark();
    const t0 = Date.now();
    await press(pad, "1");
    const label = (await calls(from, 1))[0]?.label as string;
    expect(label).toMatch(/^TP-00[23]$/);
    await shows(page, "counter-1-number", label, Math.max(1, 1000 - (Date.now() - t0)));
    expect(Date.now() - t0).toBeLessThan(1000);
    // A live call sets the page's clock again: still the hub's Wednesday.
    expect(await text(page, "date")).toBe("Thứ Tư, 25/11/2026");
    expect(await text(page, "recent")).toContain(`${label}\n→\nQuầy 1`);
    await expect.poll(async () => (await announced(page)).length).toBe(1);
  });

  it("announces two quick calls one after the other, in order, and a recall again", async () => {
    // The first call's announcement (previous test) may still be playing: wait for it.
    await expect
      .poll(async () => (await announced(page)).every((a) => a.end !== undefined), { timeout: 15_000 })
      .toBe(true);
    const before = (await announced(page)).length;
    const from = pad.mark();
    await press(pad, "2");
    await press(pad, "1");
    await calls(from, 2);
    await press(pad, "1", "recall");
    const heard = await calls(from, 3);
    // One announcement at a time: the counter being announced flashes, and only it.
    await page.locator(".counter.flash").first().waitFor({ timeout: 2000 });
    expect(await page.locator(".counter.flash").count()).toBe(1);
    await screenshot(page, "landscape-announcing");
    await expect
      .poll(async () => (await announced(page)).slice(before).filter((a) => a.end !== undefined).length, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(3);
    const mine = (await announced(page)).slice(before);
    expect(mine.map((a) => [a.counter, a.label, a.repeat])).toEqual(
      heard.map((c) => [c.counter, c.label, c.repeat]),
    );
    expect(mine[2]?.repeat).toBe(true);
    for (let i = 1; i < mine.length; i++)
      expect(mine[i]?.start as number).toBeGreaterThanOrEqual(mine[i - 1]?.end as number);
    // Sound: the chime always; the voice when espeak-ng is there (the server says which).
    for (const a of mine) {
      expect(a.chime).toBe(true);
      expect(a.voice).toBe(display.voice);
    }
  }, 45_000);

  it("marks a cancelled appointment 'Đã hủy' and a no-show 'Vắng mặt'", async () => {
    submit(`HUY ${codes.KT}`, "0912345680");
    const cancelled = page.locator('[data-testid="appointment"].cancelled');
    await cancelled.waitFor({ timeout: 2000 });
    expect(await rendered(cancelled)).toContain("Đã hủy");
    expect(
      await page.evaluate(
        `getComputedStyle(document.querySelector('[data-testid="appointment"].cancelled td')).textDecorationLine`,
      ),
    ).toBe("line-through");
    // The land dispute (DD) appointment: its time comes (the hub's inputs carry their own
    // time), counter 2 calls it, skips it, and the grace period runs out.
    const rows = await page.getByTestId("appointment").allInnerTexts();
    const hg = rows.find((r) => r.includes("Đất đai")) as string;
    const time = (hg.match(/^(\d\d:\d\d)/) as RegExpMatchArray)[1] as string;
    // Counter 2 finishes its walk-in and is idle: acknowledged means decided and stored.
    await press(pad, "2");
    hub.hub.queue.submit({ at: `2026-11-25T${time}:00+07:00`, type: "tick" });
    await page.locator('[data-testid="appointment"].called').waitFor({ timeout: 2000 });
    await press(pad, "2", "skip");
    await page.locator('[data-testid="appointment"].grace').waitFor({ timeout: 2000 });
    const [h, m] = time.split(":").map(Number) as [number, number];
    const after = `${String(h + Math.floor((m + 11) / 60)).padStart(2, "0")}:${String((m + 11) % 60).padStart(2, "0")}`;
    hub.hub.queue.submit({ at: `2026-11-25T${after}:00+07:00`, type: "tick" });
    const noShow = page.locator('[data-testid="appointment"].no_show');
    await noShow.waitFor({ timeout: 2000 });
    expect(await rendered(noShow)).toContain("Vắng mặt");
    await screenshot(page, "landscape-cancelled-no-show");
  });

  it("shows a marker while the hub is unreachable, and the board again when it is back", async () => {
    const number = await text(page, "counter-1-number");
    await hub.stop();
    await page.getByTestId("offline").waitFor({ timeout: 5000 });
    expect(await text(page, "offline")).toContain("Mất kết nối");
    // What was shown stays (dimmed): a hall is better served by the last picture than by none.
    expect(await text(page, "counter-1-number")).toBe(number);
    await screenshot(page, "landscape-offline");
    await hub.restart();
    await page.getByTestId("offline").waitFor({ state: "detached", timeout: 10_000 });
    expect(await text(page, "counter-1-number")).toBe(number);
  }, 30_000);

  it("shows the marker while the hub says it is offline, the broker still up", async () => {
    // As a hub behind an external broker leaves it: its retained presence (its last will).
    const presence = (state: string) => ({ topic: `${O}/device/hub/status`, payload: state, retain: true });
    hub.hub.link.send([presence("offline")]);
    await page.getByTestId("offline").waitFor({ timeout: 2000 });
    expect(await text(page, "offline")).toContain("Hệ thống tạm ngừng");
    hub.hub.link.send([presence("online")]);
    await page.getByTestId("offline").waitFor({ state: "detached", timeout: 2000 });
  });

  it("has a portrait layout", async () => {
    const portrait = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    try {
      await portrait.goto(`${display.url}?layout=portrait`);
      await portrait.getByTestId("appointment").first().waitFor({ timeout: 5000 });
      expect(await portrait.locator(".screen.portrait").count()).toBe(1);
      const counters = await portrait.getByTestId("counter-1").boundingBox();
      const appointments = await portrait.locator(".appointments").boundingBox();
      // Stacked: the appointments under the counters, both the screen's width.
      expect(appointments?.y).toBeGreaterThan((counters?.y ?? 0) + (counters?.height ?? 0));
      expect(counters?.width).toBeGreaterThan(900);
      await screenshot(portrait, "portrait-board");
    } finally {
      await portrait.close();
    }
  });
});
