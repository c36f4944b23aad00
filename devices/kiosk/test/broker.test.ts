import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { createGpio, createSimDisplay, type SimGpio } from "@motcua/gpio";
import { O, Signal } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { FilePrinter } from "@motcua/printer";
import { Aedes } from "aedes";
import { afterEach, describe, expect, it } from "vitest";
import { kioskPins, MESSAGES, type RunningKiosk, startKiosk, type VoidNotice } from "../src/index.js";
import { watch } from "./helpers.js";

// The hub behind an external broker (docs/hub.md, --broker): the broker is up, the hub may not be.
const config = loadOfficeConfig();

let broker: Aedes;
let server: Server;
let kiosk: RunningKiosk | undefined;
let dir: string;

async function bareBroker(): Promise<string> {
  broker = await Aedes.createBroker();
  server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function kioskOn(url: string, answerTimeoutMs = 300) {
  dir = mkdtempSync(join(tmpdir(), "motcua-kiosk-broker-"));
  const gpio: SimGpio = await createGpio({ backend: "sim", pins: kioskPins(config) });
  const display = createSimDisplay();
  const printer = new FilePrinter(dir);
  kiosk = await startKiosk({
    hubUrl: url,
    kiosk: "1",
    config,
    printer,
    gpio,
    display,
    log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
    answerTimeoutMs,
  });
  const changed = new Signal();
  kiosk.link.onChange(changed.notify);
  kiosk.onEvent(changed.notify);
  await kiosk.connected();
  return { kiosk, display, changed, printer };
}

describe("the kiosk on a broker without a (live) hub", () => {
  it("the hub's presence says offline: refused at once, nothing sent", async () => {
    const url = await bareBroker();
    const hubSide = await watch(url, `${O}/#`);
    await hubSide.publish(`${O}/device/hub/status`, "offline", { retain: true });
    const { kiosk, display, changed } = await kioskOn(url);
    await changed.until(() => kiosk.link.hub === "offline", "the hub's presence");
    const from = hubSide.mark();
    expect(await kiosk.press("TP")).toEqual({ outcome: "hub_unreachable" });
    expect(display.text).toBe(MESSAGES.hubUnreachable);
    // Something the kiosk sends afterwards: a press sent before it would have arrived first.
    const health = {
      printer: "ok",
      paperLow: false,
      answered: true,
      at: "2026-11-25T07:31:00+07:00",
    } as const;
    kiosk.link.publishHealth(health);
    await hubSide.next(`${O}/kiosk/1/health`, (h) => h.at === health.at, { from });
    expect(hubSide.on(`${O}/kiosk/1/press`)).toEqual([]);
    await hubSide.close();
  });

  it("nobody answers: the citizen is told, the request is announced void, nothing printed", async () => {
    const url = await bareBroker();
    const office = await watch(url, `${O}/#`);
    const { kiosk, display, printer } = await kioskOn(url);
    const outcome = await kiosk.press("TP", true);
    expect(outcome).toMatchObject({ outcome: "unanswered" });
    expect(display.text).toBe(MESSAGES.hubTimeout);
    const press = await office.next<{ id: string; priority: boolean }>(`${O}/kiosk/1/press`);
    expect(press.priority).toBe(true);
    expect(await office.next<VoidNotice>(`${O}/kiosk/1/void`)).toMatchObject({
      requestId: press.id,
      reason: "unanswered",
      priority: true,
    });
    expect(readdirSync(dir).filter((f) => f.endsWith(".escpos"))).toEqual([]);
    // An answer that is not JSON of the contract is refused, and changes nothing.
    await office.publish(`${O}/kiosk/1/ticket`, "{not json");
    await office.publish(`${O}/kiosk/1/ticket`, { requestId: press.id });
    // Then a real answer, late: the kiosk reads the answers in order, and voids this one.
    const from = office.mark();
    await office.publish(`${O}/kiosk/1/ticket`, {
      requestId: press.id,
      service: "TP",
      serviceName: "Tư pháp – Hộ tịch",
      number: 1,
      label: "TP-001",
      counters: ["1"],
      waiting: 0,
      estimatedAt: "2026-11-25T07:40:00+07:00",
      issuedAt: "2026-11-25T07:31:00+07:00",
    });
    expect(await office.next<VoidNotice>(`${O}/kiosk/1/void`, () => true, { from })).toMatchObject({
      requestId: press.id,
      reason: "late",
      label: "TP-001",
    });
    await printer.settled();
    expect(office.on<VoidNotice>(`${O}/kiosk/1/void`).map((v) => v.reason)).toEqual(["unanswered", "late"]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".escpos"))).toEqual([]);
    await office.close();
  });
});
