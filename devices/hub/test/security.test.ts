import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { hashPassword, loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub } from "@motcua/hub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const example = loadOfficeConfig();

/** A GET over HTTPS that accepts the test's self-signed certificate: its status and subject. */
function httpsGet(url: string): Promise<{ status: number; certificate: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const subject = (res.socket as TLSSocket).getPeerCertificate().subject;
      res.resume();
      res.once("end", () => resolve({ status: res.statusCode ?? 0, certificate: `CN=${subject?.CN}` }));
    });
    req.once("error", reject);
    req.end();
  });
}

function securedOffice(extra: Partial<OfficeConfig["hub"]> = {}): OfficeConfig {
  return {
    ...example,
    hub: { ...example.hub, ...extra },
    security: {
      allowAnonymous: false,
      devices: [
        { id: "counter-1", role: "counter", counter: "1", passwordHash: hashPassword("pad-one-secret") },
        { id: "kiosk-1", role: "kiosk", kiosk: "1", passwordHash: hashPassword("kiosk-secret") },
        { id: "display-hall", role: "display", passwordHash: hashPassword("display-secret") },
      ],
    },
  };
}

/** A kiosk's printer health report (docs/protocol.md). */
const health = (printer: "ok" | "paper_out") => ({
  printer,
  paperLow: false,
  answered: true,
  at: "2026-11-25T07:44:00+07:00",
});

describe("the broker's access list", () => {
  let h: TestHub;
  let open: TestClient[] = [];
  const as = async (username?: string, password?: string) => {
    const c = await TestClient.connect(
      h.url,
      username === undefined ? {} : { username, password: password ?? "" },
    );
    open.push(c);
    return c;
  };

  beforeEach(async () => {
    h = await TestHub.start({ now: "2026-11-25T07:44:00+07:00", config: securedOffice() });
  });
  afterEach(async () => {
    await Promise.all(open.map((c) => c.close()));
    open = [];
    await h.close();
  });

  it("refuses anonymous clients and wrong passwords", async () => {
    await expect(TestClient.connect(h.url)).rejects.toThrow(/Not authorized|Bad username|refused/i);
    await expect(TestClient.connect(h.url, { username: "counter-1", password: "wrong" })).rejects.toThrow();
    await expect(TestClient.connect(h.url, { username: "motcua-hub", password: "guess" })).rejects.toThrow();
    expect(h.hub.stats().refused.bad_credentials).toBe(3);
  });

  it("lets a counter pad press only its own counter", async () => {
    const display = await as("display-hall", "display-secret");
    await display.subscribe(`${O}/#`);
    const kiosk = await as("kiosk-1", "kiosk-secret");
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "k-1", service: "TP" });
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "k-2", service: "TP" });
    const pad = await as("counter-1", "pad-one-secret");
    await pad.publish(`${O}/counter/1/press`, { id: "p-1", button: "next" });
    expect(await display.next(`${O}/calls`)).toMatchObject({ label: "TP-001", counter: "1" });

    // Pressing for counter 2 is refused: the broker drops the pad and nothing is called.
    pad.send(`${O}/counter/2/press`, { id: "p-2", button: "next" });
    await pad.whenClosed();
    await h.probe(kiosk, [display], { kiosk: "1" });
    expect(display.on(`${O}/calls`)).toHaveLength(1);
    expect(h.hub.stats().refused.not_allowed).toBeGreaterThanOrEqual(1);
    expect(h.storedIds()).not.toContain("p-2");
  });

  it("lets a kiosk ask for tickets only as itself, and a display only listen", async () => {
    const kiosk = await as("kiosk-1", "kiosk-secret");
    await kiosk.publish(`${O}/kiosk/1/press`, { id: "k-1", service: "TP" });
    kiosk.send(`${O}/kiosk/2/press`, { id: "k-x", service: "TP" });
    await kiosk.whenClosed();
    const display = await as("display-hall", "display-secret");
    display.send(`${O}/counter/1/press`, { id: "d-1", button: "next" });
    await display.whenClosed();
    // Both were dropped by the broker; a kiosk connecting now is handled after them.
    const again = await as("kiosk-1", "kiosk-secret");
    const probe = await h.probe(again, [again], { kiosk: "1" });
    expect(h.storedIds()).toEqual(["k-1", probe]);
    expect(h.hub.store.numbers("2026-11-25").map((n) => n.label)).toEqual(["TP-001"]);
  });

  it("lets a kiosk publish its own printer health and voided numbers, not another kiosk's", async () => {
    const listener = await as("display-hall", "display-secret");
    await listener.subscribe(`${O}/kiosk/+/health`);
    const kiosk = await as("kiosk-1", "kiosk-secret");
    await kiosk.publish(`${O}/kiosk/1/health`, health("paper_out"));
    expect(await listener.next(`${O}/kiosk/1/health`)).toEqual(health("paper_out"));
    kiosk.send(`${O}/kiosk/2/health`, health("ok"));
    await kiosk.whenClosed();
    // Published after the refusal: had kiosk 2's health been relayed, it would have come first.
    const again = await as("kiosk-1", "kiosk-secret");
    await again.publish(`${O}/kiosk/1/health`, health("ok"));
    await listener.next(`${O}/kiosk/1/health`, (p) => p.printer === "ok");
    expect(listener.on(`${O}/kiosk/2/health`)).toEqual([]);
  });

  it("never lets a device speak for the hub (calls, board, states)", async () => {
    const listener = await as("display-hall", "display-secret");
    await listener.subscribe(`${O}/calls`);
    const pad = await as("counter-1", "pad-one-secret");
    pad.send(`${O}/calls`, {
      number: 99,
      label: "TP-099",
      service: "TP",
      counter: "1",
      kind: "walkin",
      repeat: false,
      at: "2026-11-25T07:44:00+07:00",
    });
    await pad.whenClosed();
    const kiosk = await as("kiosk-1", "kiosk-secret");
    await h.probe(kiosk, [listener], { kiosk: "1" });
    expect(listener.on(`${O}/calls`)).toEqual([]);
  });

  it("refuses subscriptions to another office's topics", async () => {
    const display = await as("display-hall", "display-secret");
    // SUBACK 0x80: mqtt.js reports the refused subscription as an error.
    await expect(display.subscribe("motcua/other-office/#")).rejects.toThrow(/Subscribe error/);
    expect(await display.subscribe(`${O}/#`)).toEqual([1]);
  });
});

describe("TLS on the TCP listener", () => {
  it("serves MQTT over TLS with the configured certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-tls-"));
    const certFile = join(dir, "hub.crt");
    const keyFile = join(dir, "hub.key");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-days",
        "2",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ],
      { stdio: "ignore" },
    );
    const h = await TestHub.start({
      now: "2026-11-25T07:44:00+07:00",
      config: { ...example, hub: { ...example.hub, tls: { certFile, keyFile } } },
      more: { console: { port: 0 } },
    });
    try {
      // The console speaks HTTPS with the same certificate, and nothing in clear.
      const consoleUrl = `127.0.0.1:${h.hub.console?.port}`;
      const secured = await httpsGet(`https://${consoleUrl}/api/session`);
      expect(secured.status).toBe(401);
      expect(secured.certificate).toContain("CN=localhost");
      await expect(fetch(`http://${consoleUrl}/api/session`)).rejects.toThrow();
      const url = h.url;
      expect(url).toMatch(/^mqtts:/);
      const plain = TestClient.connect(url.replace("mqtts://", "mqtt://"));
      await expect(plain).rejects.toThrow();
      const secure = await TestClient.connect(url, { rejectUnauthorized: false });
      await secure.subscribe(`${O}/board`);
      expect(await secure.next(`${O}/board`)).toMatchObject({ session: "morning" });
      await secure.close();
    } finally {
      await h.close();
    }
  });
});
