import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOfficeConfig } from "@motcua/config";
import { createGpio, createSimDisplay, type SimGpio } from "@motcua/gpio";
import { createLogger } from "@motcua/log";
import { FilePrinter } from "@motcua/printer";
import { Aedes } from "aedes";
import { afterEach, describe, expect, it } from "vitest";
import { kioskPins, MESSAGES, type RunningKiosk, startKiosk, type VoidNotice } from "../src/index.js";
import { until, Watcher } from "./helpers.js";

// The hub behind an external broker (docs/hub.md, --broker): the broker is up, the hub may not be.
const config = loadOfficeConfig();
const O = "motcua/son-tay";

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
  kiosk = await startKiosk({
    hubUrl: url,
    kiosk: "1",
    config,
    printer: new FilePrinter(dir),
    gpio,
    display,
    log: createLogger({ level: process.env.MOTCUA_TEST_LOG ?? "silent" }),
    answerTimeoutMs,
  });
  await kiosk.connected();
  return { kiosk, display };
}

describe("the kiosk on a broker without a (live) hub", () => {
  it("the hub's presence says offline: refused at once, nothing sent", async () => {
    const url = await bareBroker();
    const hubSide = await Watcher.connect(url, `${O}/#`);
    await hubSide.client.publishAsync(`${O}/device/hub/status`, "offline", { qos: 1, retain: true });
    const { kiosk, display } = await kioskOn(url);
    await until(() => kiosk.link.hub === "offline", 3000, "the hub's presence");
    expect(await kiosk.press("TP")).toEqual({ outcome: "hub_unreachable" });
    expect(display.text).toBe(MESSAGES.hubUnreachable);
    expect(hubSide.on(`${O}/kiosk/1/press`)).toEqual([]);
    await hubSide.close();
  });

  it("nobody answers: the citizen is told, the request is announced void, nothing printed", async () => {
    const url = await bareBroker();
    const office = await Watcher.connect(url, `${O}/#`);
    const { kiosk, display } = await kioskOn(url);
    const outcome = await kiosk.press("TP", true);
    expect(outcome).toMatchObject({ outcome: "unanswered" });
    expect(display.text).toBe(MESSAGES.hubTimeout);
    const press = (await office.next(`${O}/kiosk/1/press`)) as { id: string; priority: boolean };
    expect(press.priority).toBe(true);
    expect(await office.next<VoidNotice>(`${O}/kiosk/1/void`)).toMatchObject({
      requestId: press.id,
      reason: "unanswered",
      priority: true,
    });
    expect(readdirSync(dir).filter((f) => f.endsWith(".escpos"))).toEqual([]);
    // An answer that is not JSON of the contract is refused, and changes nothing.
    await office.client.publishAsync(`${O}/kiosk/1/ticket`, "{not json", { qos: 1 });
    await office.client.publishAsync(`${O}/kiosk/1/ticket`, JSON.stringify({ requestId: press.id }), {
      qos: 1,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(dir).filter((f) => f.endsWith(".escpos"))).toEqual([]);
    await office.close();
  });
});
