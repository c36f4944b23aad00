import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { createGpio, createSimDisplay, type PinConfig, type SimDisplay, type SimGpio } from "@motcua/gpio";
import { O, Signal, type TestClient, type TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { FilePrinter, type Printer, PrinterError, ticketBytes } from "@motcua/printer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type IssuedTicket,
  type KioskEvent,
  type KioskHealth,
  kioskPins,
  LEDS,
  MESSAGES,
  PRIORITY_BUTTON,
  printerMessage,
  type RunningKiosk,
  startKiosk,
  ticketContent,
  type VoidNotice,
} from "../src/index.js";
import { hubFor, watch } from "./helpers.js";

const config = loadOfficeConfig();
const log = createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" });

let hub: TestHub;
let dir: string;
let printer: FilePrinter;
let panel: SimGpio;
let display: SimDisplay;
let kiosk: RunningKiosk;
let watcher: TestClient;
let events: KioskEvent[];
/** The kiosk's events, LEDs and link: what its tests wait on. */
let changed: Signal;

async function start(
  options: {
    now?: string;
    printer?: Printer;
    answerTimeoutMs?: number;
    pins?: PinConfig;
    statusPollMs?: number;
  } = {},
) {
  hub = await hubFor(options.now ? { now: options.now } : {});
  watcher = await watch(hub.url, `${O}/#`);
  changed = new Signal();
  panel = await createGpio({ backend: "sim", pins: options.pins ?? kioskPins(config) });
  const setLed = panel.leds.set.bind(panel.leds);
  panel.leds.set = (name, pattern) => {
    setLed(name, pattern);
    changed.notify();
  };
  display = createSimDisplay();
  events = [];
  kiosk = await startKiosk({
    hubUrl: hub.url,
    kiosk: "1",
    config,
    printer: options.printer ?? printer,
    gpio: panel,
    display,
    log,
    answerTimeoutMs: options.answerTimeoutMs ?? 3000,
    reconnectMs: 200,
    ...(options.statusPollMs !== undefined ? { statusPollMs: options.statusPollMs } : {}),
  });
  kiosk.onEvent((e) => {
    events.push(e);
    changed.notify();
  });
  kiosk.link.onChange(changed.notify);
  await kiosk.connected();
  await watcher.next<string>(`${O}/device/kiosk-1/status`, (p) => p === "online");
}

const until = <T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number) =>
  changed.until(check, what, timeoutMs);

const pressed = async (n = 1) => {
  await until(() => events.filter((e) => e.type === "press").length >= n, "a press outcome", 8000);
  return events.filter((e) => e.type === "press")[n - 1] as Extract<KioskEvent, { type: "press" }>;
};
const ticketFiles = () => readdirSync(dir).filter((f) => f.endsWith(".escpos"));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-kiosk-tickets-"));
  printer = new FilePrinter(dir);
});
afterEach(async () => {
  await kiosk?.stop();
  await watcher?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the kiosk with a real hub", () => {
  it("TP: asks the hub, prints the ticket it answered, and says so", async () => {
    await start();
    expect(panel.leds.get(LEDS.ready)).toBe("on");
    expect(panel.leds.get(LEDS.fault)).toBe("off");
    expect(display.text).toBe(MESSAGES.ready);

    panel.press("TP");
    const outcome = await pressed();
    expect(outcome).toMatchObject({
      outcome: "printed",
      service: "TP",
      priority: false,
      label: "TP-001",
      number: 1,
    });

    // The hub's answer, as the office sees it on the wire.
    const answer = await watcher.next<IssuedTicket>(`${O}/kiosk/1/ticket`);
    expect(answer).toMatchObject({ service: "TP", label: "TP-001", counters: ["1"] });
    const press = (watcher.on(`${O}/kiosk/1/press`) as { id: string; priority: boolean }[])[0];
    expect(press).toMatchObject({ id: answer.requestId, service: "TP", priority: false });

    // The file holds exactly the ticket for that answer.
    const files = ticketFiles();
    expect(files).toHaveLength(1);
    const bytes = readFileSync(join(dir, files[0] as string));
    expect(bytes.equals(Buffer.from(ticketBytes(ticketContent(answer, config, false), 384)))).toBe(true);
    await printer.settled();
    expect(readdirSync(dir).filter((f) => f.endsWith(".png"))).toHaveLength(1);
    // Drawn and rendered from the glyph atlas: Skia was loaded by a child process, never here.
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((f) => /@napi-rs[+/]canvas/.test(f))).toEqual([]);

    expect(display.text).toBe(MESSAGES.printed("TP-001"));
    expect(hub.issued()).toEqual(["TP-001"]);
    expect(await watcher.next<KioskHealth>(`${O}/kiosk/1/health`)).toMatchObject({
      printer: "ok",
      paperLow: false,
    });
    // Presence and health are retained: someone connecting later sees them without asking.
    const late = await watch(hub.url, `${O}/#`);
    expect(await late.next<string>(`${O}/device/kiosk-1/status`)).toBe("online");
    expect(await late.next<KioskHealth>(`${O}/kiosk/1/health`)).toMatchObject({ printer: "ok" });
    await late.close();
  });

  it("priority TP: the priority flag goes to the hub and the ticket says so", async () => {
    await start();
    panel.press("TP");
    await pressed(1);
    panel.press(PRIORITY_BUTTON);
    expect(panel.leds.get(LEDS.priority)).toBe("on");
    expect(display.text).toBe(MESSAGES.priorityArmed);
    panel.press("TP");
    const outcome = await pressed(2);
    expect(outcome).toMatchObject({ outcome: "printed", priority: true, label: "TP-002" });
    expect(panel.leds.get(LEDS.priority)).toBe("off");
    const presses = watcher.on(`${O}/kiosk/1/press`) as { priority: boolean }[];
    expect(presses.map((p) => p.priority)).toEqual([false, true]);
    // The hub took it as a priority walk-in (its stored input).
    const stored = [...hub.hub.store.entries()].map((e) => e.input).filter((i) => i.type === "ticket");
    expect(stored.map((i) => (i as { priority?: boolean }).priority)).toEqual([false, true]);
    // The priority ticket carries one more line (ƯU TIÊN) than the plain one.
    const [plain, prio] = ticketFiles()
      .sort()
      .map((f) => readFileSync(join(dir, f)).length);
    expect(prio).toBeGreaterThan(plain as number);
    // Pressing priority twice cancels it.
    panel.press(PRIORITY_BUTTON);
    panel.press(PRIORITY_BUTTON);
    expect(panel.leds.get(LEDS.priority)).toBe("off");
  });

  it.each([["paper_out"], ["cover_open"], ["unplugged"]] as const)(
    "%s: no ticket is asked for, the citizen and the office are told",
    async (fault) => {
      await start();
      printer.setFault(fault);
      panel.press("TP");
      expect(await pressed()).toMatchObject({ outcome: "printer", condition: fault });
      expect(watcher.on(`${O}/kiosk/1/press`)).toEqual([]);
      expect(hub.issued()).toEqual([]);
      expect(ticketFiles()).toEqual([]);
      expect(
        await watcher.next<KioskHealth>(`${O}/kiosk/1/health`, (h) => h.printer === fault),
      ).toMatchObject({
        printer: fault,
      });
      expect(display.text).toBe(printerMessage(fault));
      expect(panel.leds.get(LEDS.fault)).toBe("slow-blink");
      expect(panel.leds.get(LEDS.ready)).toBe("off");

      // Fixed: the next press prints, and the office sees the printer ok again.
      printer.setFault(undefined);
      panel.press("TP");
      expect(await pressed(2)).toMatchObject({ outcome: "printed", label: "TP-001" });
      expect(await watcher.next<KioskHealth>(`${O}/kiosk/1/health`, (h) => h.printer === "ok")).toBeDefined();
      expect(panel.leds.get(LEDS.fault)).toBe("off");
    },
  );

  it("the printer's state is watched between presses too (the office learns of paper out at once)", async () => {
    // A kiosk wired with one service button and no priority light.
    await start({ pins: { buttons: { TP: 5 }, leds: { ready: 17, fault: 27 } }, statusPollMs: 50 });
    printer.setFault("paper_low");
    expect(await watcher.next<KioskHealth>(`${O}/kiosk/1/health`, (h) => h.paperLow === true)).toMatchObject({
      printer: "ok",
    });
    printer.setFault("paper_out");
    expect(
      await watcher.next<KioskHealth>(`${O}/kiosk/1/health`, (h) => h.printer === "paper_out"),
    ).toBeDefined();
    await until(() => panel.leds.get(LEDS.fault) === "slow-blink", "the fault LED");
  });

  it("hub stopped: the press is refused at once, nothing is printed or sent later", async () => {
    await start();
    await hub.stop();
    await until(() => !kiosk.link.connected, "the kiosk to see the hub go", 5000);
    panel.press("TP");
    expect(await pressed()).toMatchObject({ outcome: "hub_unreachable" });
    expect(display.text).toBe(MESSAGES.hubUnreachable);
    expect(panel.leds.get(LEDS.fault)).toBe("fast-blink");
    expect(ticketFiles()).toEqual([]);
    // Nothing waits in the client to be delivered when the hub comes back.
    expect(Object.keys(kiosk.link.client.outgoing)).toEqual([]);
  });

  it("the hub restarts: the kiosk comes back by itself, and the press made meanwhile never arrives", async () => {
    await start();
    panel.press("TP");
    expect(await pressed(1)).toMatchObject({ outcome: "printed", label: "TP-001" });
    await watcher.close();
    await hub.stop();
    await until(() => !kiosk.link.connected, "the kiosk to see the hub go", 5000);
    panel.press("TP");
    expect(await pressed(2)).toMatchObject({ outcome: "hub_unreachable" });
    await hub.restart();
    watcher = await watch(hub.url, `${O}/#`);
    await until(() => kiosk.link.usable, "the kiosk to reconnect", 10_000);
    expect(await watcher.next<string>(`${O}/device/kiosk-1/status`)).toBe("online");
    expect(await watcher.next<KioskHealth>(`${O}/kiosk/1/health`)).toMatchObject({ printer: "ok" });
    await until(() => panel.leds.get(LEDS.ready) === "on", "the ready LED");
    panel.press("TP");
    expect(await pressed(3)).toMatchObject({ outcome: "printed", label: "TP-002" });
    expect(hub.issued()).toEqual(["TP-001", "TP-002"]);
    expect(ticketFiles()).toHaveLength(2);
  });

  it("a late answer is never printed: the number is announced void", async () => {
    await start({ answerTimeoutMs: 300 });
    // The hub's ticket answers are held back (a hub under load, a slow link)...
    const link = hub.hub.link;
    const send = link.send.bind(link);
    const held: Parameters<typeof send>[0][number][] = [];
    link.send = (messages) => {
      held.push(...messages.filter((m) => m.topic.endsWith("/ticket")));
      return send(messages.filter((m) => !m.topic.endsWith("/ticket")));
    };
    panel.press("TP");
    const outcome = await pressed();
    expect(outcome).toMatchObject({ outcome: "unanswered" });
    expect(display.text).toBe(MESSAGES.hubTimeout);
    expect(panel.leds.get(LEDS.fault)).toBe("double-blink");
    const requestId = (outcome as { requestId: string }).requestId;
    expect(await watcher.next<VoidNotice>(`${O}/kiosk/1/void`)).toMatchObject({
      requestId,
      reason: "unanswered",
      service: "TP",
    });

    // ...and arrive after all, once the kiosk has given up: logged, announced void with its
    // number, not printed.
    send(held.splice(0));
    const late = await watcher.next<VoidNotice>(`${O}/kiosk/1/void`, (v) => v.reason === "late");
    expect(late).toMatchObject({ requestId, reason: "late", number: 1, label: "TP-001", service: "TP" });
    expect(await watcher.next<IssuedTicket>(`${O}/kiosk/1/ticket`)).toMatchObject({
      requestId,
      label: "TP-001",
    });
    await until(() => events.some((e) => e.type === "void" && e.notice.reason === "late"), "the late void");
    await printer.settled();
    expect(ticketFiles()).toEqual([]);
    expect(hub.issued()).toEqual(["TP-001"]);
    expect(
      events.filter((e) => e.type === "void").map((e) => (e as { notice: { reason: string } }).notice.reason),
    ).toEqual(["unanswered", "late"]);
  });

  it("a printer that fails after the number was issued: the number is void", async () => {
    const failing: Printer = {
      name: "failing",
      paperDots: 384,
      status: () => printer.status(),
      print: async () => {
        throw new PrinterError("PRINTER_UNPLUGGED", "cable pulled mid-ticket");
      },
      close: async () => undefined,
    };
    await start({ printer: failing });
    panel.press("TP");
    expect(await pressed()).toMatchObject({
      outcome: "print_failed",
      label: "TP-001",
      code: "PRINTER_UNPLUGGED",
    });
    expect(await watcher.next<VoidNotice>(`${O}/kiosk/1/void`)).toMatchObject({
      reason: "print_failed",
      number: 1,
      label: "TP-001",
    });
    expect(display.text).toBe(MESSAGES.printFailed("TP-001"));
  });

  it("a refusal of the hub (closed hours) is shown as the hub words it, nothing printed", async () => {
    await start({ now: "2026-11-25T12:00:00+07:00" });
    panel.press("DD");
    const outcome = await pressed();
    expect(outcome).toMatchObject({ outcome: "refused", code: "closed" });
    expect(display.text).toBe((outcome as { message: string }).message);
    expect(display.text.length).toBeGreaterThan(5);
    expect(ticketFiles()).toEqual([]);
  });

  it("a second press while the first is in hand is turned away, not queued", async () => {
    await start();
    const first = kiosk.press("TP");
    const second = await kiosk.press("TP");
    expect(second).toEqual({ outcome: "busy" });
    expect(await first).toMatchObject({ outcome: "printed" });
    expect(ticketFiles()).toHaveLength(1);
    expect(hub.issued()).toEqual(["TP-001"]);
  });

  it("stops cleanly: presence offline, retained", async () => {
    await start();
    await kiosk.stop();
    expect(await watcher.next<string>(`${O}/device/kiosk-1/status`, (p) => p === "offline")).toBe("offline");
  });
});
