import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LogLines } from "@motcua/hub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";

// `motcua hub --http-port --bind` as a technician starts it, with the first admin made by
// `motcua user add` beforehand: the two commands find the same store.
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-hub-console-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const motcua = (args: string[], input = "") =>
  spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, ...args], { input, encoding: "utf8" });

/** `motcua hub` on this test's store, every port free unless `extra` says otherwise. */
const hubArgs = (...extra: string[]) => [
  ...SOURCE_EXEC_ARGV,
  main,
  "hub",
  "--data",
  dir,
  "--mqtt-port",
  "0",
  "--ws-port",
  "0",
  "--http-port",
  "0",
  ...extra,
];

/** Runs a hub that is expected to stop by itself; its exit code and standard error. */
function failingHub(...extra: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, hubArgs(...extra), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

/** A port another program holds for the duration of `use`. */
async function withTakenPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, resolve));
  try {
    return await use((holder.address() as { port: number }).port);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
}

describe("motcua hub's console", () => {
  it("binds the address it is given and lets in the admin that motcua user added", async () => {
    const added = motcua(
      ["user", "add", "quan-tri", "--role", "admin", "--name", "Quản trị", "--data", dir],
      "mot-hai-ba-bon\n",
    );
    expect(added.status, added.stderr).toBe(0);
    const hub = spawn(process.execPath, hubArgs("--bind", "127.0.0.1"), {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const log = new LogLines();
    hub.stdout.setEncoding("utf8").on("data", (chunk: string) => log.feed(chunk));
    const exited = new Promise((resolve) => hub.once("exit", resolve));
    try {
      const ready = await log.next("hub ready", { timeoutMs: 15_000 });
      expect(ready.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const reply = await fetch(`${ready.console}api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: "quan-tri", password: "mot-hai-ba-bon" }),
      });
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { account: { role: string } }).account.role).toBe("admin");
    } finally {
      hub.kill("SIGTERM");
      await exited;
    }
  });

  it("names --http-port when its port is taken, and refuses a port that is not one", async () => {
    await withTakenPort(async (taken) => {
      const clash = await failingHub("--http-port", String(taken));
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(
        `port ${taken} (the staff console) is already in use by another program: choose another with --http-port N`,
      );
    });
    const wrong = motcua(["hub", "--http-port", "http"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("--http-port must be a port number");
  });
});

// A technician starting a second hub (or anything else on its port) reads one line naming the
// port and the flag to change, not a stack trace.
describe("motcua hub on a broker port that is taken", () => {
  it("names the MQTT port and its flag in one line, and exits 1", async () => {
    await withTakenPort(async (taken) => {
      const { code, stderr } = await failingHub("--mqtt-port", String(taken));
      expect(code).toBe(1);
      const lines = stderr.split("\n").filter((line) => line !== "" && !line.startsWith("{"));
      expect(lines).toEqual([
        `motcua hub: port ${taken} (MQTT) is already in use by another program: choose another with --mqtt-port N`,
      ]);
    });
  });

  it("does the same for the WebSocket port", async () => {
    await withTakenPort(async (taken) => {
      const { code, stderr } = await failingHub("--ws-port", String(taken));
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${taken} (MQTT over WebSocket) is already in use`);
      expect(stderr).toContain("--ws-port N");
      expect(stderr).not.toMatch(/^\s+at /m);
    });
  });
});

// A secured office's hub listens where it is told (docs/hub.md): never every interface by default.
describe("motcua hub in a secured office", () => {
  const secured = () => {
    const example = fileURLToPath(new URL("../../config/offices/son-tay.yaml", import.meta.url));
    const yaml = readFileSync(example, "utf8")
      .replace("allowAnonymous: true", "allowAnonymous: false")
      .replace(/^ {2}host: .*\n/m, "");
    expect(yaml).toContain("allowAnonymous: false");
    expect(yaml).not.toMatch(/^ {2}host:/m);
    const file = join(dir, "secured.yaml");
    writeFileSync(file, yaml);
    return file;
  };

  it("does not start without hub.host or --bind, and says how to name the LAN", async () => {
    const { code, stderr } = await failingHub("--config", secured());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^motcua hub: a secured office's hub must be told where to listen: hub\.host in the configuration or --bind, naming its LAN interface \(.+\) or address; 0\.0\.0\.0 listens on every interface\n$/,
    );
  });

  it("listens on the interface it is named, as that interface's address", async () => {
    const hub = spawn(process.execPath, hubArgs("--config", secured(), "--bind", "lo"), {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const log = new LogLines();
    hub.stdout.setEncoding("utf8").on("data", (chunk: string) => log.feed(chunk));
    const exited = new Promise((resolve) => hub.once("exit", resolve));
    try {
      const ready = await log.next("hub ready", { timeoutMs: 15_000 });
      expect(ready.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(`${ready.console}api/session`)).status).toBe(401);
    } finally {
      hub.kill("SIGTERM");
      await exited;
    }
  });
});
