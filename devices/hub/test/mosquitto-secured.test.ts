import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { O, TestClient, TestHub, WEDNESDAY_MORNING } from "@motcua/hub/testing";
import { clientIdOf } from "@motcua/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findMosquittoTools, MosquittoBroker, missingTools, which } from "./helpers/mosquitto.js";

/*
 * The guarantees of the embedded broker, on Debian's Mosquitto configured as docs/hub.md says
 * (examples/mosquitto/motcua.conf and motcua.acl, used here as they are but for the port and
 * the paths), with the hub on it through --broker.
 */

const examples = fileURLToPath(new URL("../../../examples/mosquitto/", import.meta.url));
const tools = findMosquittoTools();
const passwd = which("mosquitto_passwd");
const missing = [...missingTools(tools), ...(passwd ? [] : ["mosquitto_passwd"])];
const suite = describe.skipIf(missing.length > 0 && !process.env.CI);

const PASSWORDS: Record<string, string> = {
  "motcua-hub": "hub-secret",
  "counter-1": "pad-one",
  "counter-2": "pad-two",
  "kiosk-1": "kiosk-one",
  // Not an office device: reads everything, to look at what the broker keeps.
  "office-watch": "watch-secret",
};

/** The example configuration, pointed at the test's folder and port. */
function settings(dir: string): string[] {
  return readFileSync(join(examples, "motcua.conf"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#") && !line.startsWith("listener"))
    .map((line) =>
      line
        .replace("/etc/mosquitto/motcua.passwd", join(dir, "motcua.passwd"))
        .replace("/etc/mosquitto/motcua.acl", join(dir, "motcua.acl")),
    );
}

function prepare(dir: string): void {
  const acl = join(dir, "motcua.acl");
  writeFileSync(
    acl,
    `${readFileSync(join(examples, "motcua.acl"), "utf8")}\nuser office-watch\ntopic read motcua/son-tay/#\n`,
  );
  const file = join(dir, "motcua.passwd");
  writeFileSync(file, "");
  for (const [user, password] of Object.entries(PASSWORDS))
    execFileSync(passwd as string, ["-b", file, user, password]);
  // Started as root, Mosquitto drops to its own user: give it the files, as on a real hub.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "mosquitto"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "mosquitto"], { encoding: "utf8" }).trim());
    chmodSync(dir, 0o755);
    for (const f of [acl, file]) chownSync(f, uid, gid);
  }
}

suite("Mosquitto configured as documented gives the embedded broker's guarantees", () => {
  let broker: MosquittoBroker;
  let h: TestHub;
  const clients: TestClient[] = [];
  const as = async (user: string, clientId?: string) => {
    const c = await TestClient.connect(broker.url, {
      username: user,
      password: PASSWORDS[user] as string,
      clientId: clientId ?? clientIdOf("son-tay", user),
    });
    clients.push(c);
    return c;
  };
  const hubUrl = () => `mqtt://motcua-hub:${PASSWORDS["motcua-hub"]}@127.0.0.1:${broker.port}`;

  beforeEach(async () => {
    if (missing.length > 0)
      throw new Error(`missing: ${missing.join(", ")} (scripts/setup.sh installs them)`);
    broker = await MosquittoBroker.start(tools.broker as string, undefined, (dir) => {
      prepare(dir);
      return settings(dir);
    });
    h = await TestHub.start({ now: WEDNESDAY_MORNING, config: loadOfficeConfig(), brokerUrl: hubUrl() });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await h.close();
    await broker.close();
  });

  it("refuses anonymous clients, and a device cannot take the hub's session", async () => {
    await expect(TestClient.connect(broker.url)).rejects.toThrow();
    const watch = await as("office-watch");
    await watch.subscribe(`${O}/device/hub/status`);
    await watch.next(`${O}/device/hub/status`, (s) => (s as unknown) === "online");
    // counter-2 asks for the hub's client id: Mosquitto gives it its username instead.
    await as("counter-2", clientIdOf("son-tay", "hub"));
    const pad = await as("counter-1");
    await pad.subscribe(`${O}/counter/1/ack`);
    await pad.publish(`${O}/counter/1/press`, { id: "after", button: "next" });
    expect(await pad.next(`${O}/counter/1/ack`, (a) => a.id === "after")).toMatchObject({ ok: true });
    expect(watch.raw(`${O}/device/hub/status`)).not.toContain('"offline"');
  });

  it("closes the connection of a device that sends a packet over the limit", async () => {
    const pad = await as("counter-1");
    pad.send(
      `${O}/counter/1/press`,
      JSON.stringify({ id: "big", button: "next", pad: "x".repeat(64 * 1024) }),
    );
    await pad.whenClosed();
    expect(h.storedIds()).not.toContain("big");
  });

  it("never acts on a press retained while the hub was away, and the hub clears it", async () => {
    await h.stop();
    const pad = await as("counter-1");
    await pad.publish(`${O}/counter/1/press`, { id: "kept", button: "next" }, { retain: true });
    const from = h.log.mark();
    await h.restart();
    await h.log.next((l) => l.msg === "retained request ignored and cleared", { from });
    expect(h.storedIds()).not.toContain("kept");
    // A subscriber arriving now gets no stored press: a retained one would come before this one.
    const watch = await as("office-watch");
    await watch.subscribe(`${O}/counter/1/press`);
    await pad.publish(`${O}/counter/1/press`, { id: "live", button: "next" });
    await watch.next(`${O}/counter/1/press`, (p) => p.id === "live");
    expect(watch.raw(`${O}/counter/1/press`)).toEqual([JSON.stringify({ id: "live", button: "next" })]);
  });

  it("lets no device read another's requests, refused or not", async () => {
    const other = await as("counter-2");
    await other.subscribe(`${O}/counter/+/press`, `${O}/counter/+/ack`);
    const pad = await as("counter-1");
    await pad.publish(`${O}/counter/1/press`, "{not json");
    await pad.publish(`${O}/counter/1/press`, { id: "good", button: "next" });
    await other.next(`${O}/counter/1/ack`, (a) => a.id === "good");
    expect(other.raw(`${O}/counter/+/press`)).toEqual([]);
  });

  it("refuses a device over its request rate and tells it", async () => {
    const pad = await as("counter-1");
    await pad.subscribe(`${O}/counter/1/ack`);
    for (let i = 0; i < 15; i++) pad.send(`${O}/counter/1/press`, { id: `f${i}`, button: "recall" });
    expect(await pad.next(`${O}/counter/1/ack`, (a) => a.ok === false)).toMatchObject({
      error: { code: "rate_limited" },
    });
  });
});
