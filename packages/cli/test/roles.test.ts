import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Each role, started for real through `motcua`, loads only what it needs: what a process loaded
// is listed by fixtures/record-loads.mjs, read once the role has started and then stopped.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const main = join(root, "packages/cli/src/main.ts");
const tsx = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const recordLoads = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "motcua-roles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `motcua …args`, waits for the log line `started`, stops it; returns what it loaded. */
async function loadsOf(name: string, args: string[], started: string): Promise<string[]> {
  const loads = join(dir, `${name}.txt`);
  const child = spawn(
    process.execPath,
    ["--conditions=@motcua/source", "--import", recordLoads, "--import", tsx, main, ...args],
    {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, MOTCUA_RECORD_LOADS: loads, MOTCUA_LOG_LEVEL: "info" },
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.includes(`"msg":"${started}"`)) resolve();
    });
    void exited.then(() => reject(new Error(`motcua ${name} exited before "${started}":\n${stderr}`)));
  });
  child.stdin.end();
  child.kill("SIGTERM");
  await exited;
  return readFileSync(loads, "utf8").split("\n").filter(Boolean);
}

/** Whether a package (npm or workspace) is among the loaded files. */
const loaded = (files: string[], name: string) =>
  files.some((file) => file.includes(`/node_modules/${name}/`) || file.includes(`/${name}/src/`));

// Nothing listens there: a device starts and keeps trying, which is all this test needs.
const NO_HUB = "mqtt://127.0.0.1:9";

describe("each role loads only itself", () => {
  it("a counter pad: no hub, broker, SQLite, Skia or serial port", async () => {
    const files = await loadsOf(
      "counter",
      ["counter", "--counter", "1", "--office", "son-tay", "--gpio", "sim", "--hub", NO_HUB],
      "counter pad started",
    );
    expect(loaded(files, "devices/counter")).toBe(true);
    for (const name of ["devices/hub", "aedes", "better-sqlite3", "@napi-rs/canvas", "serialport", "ws"])
      expect(loaded(files, name), name).toBe(false);
  });

  it("a rating pad: no hub, broker, SQLite, Skia, serial port, nor the counter's pad", async () => {
    const files = await loadsOf(
      "rating",
      ["rating", "--counter", "1", "--office", "son-tay", "--gpio", "sim", "--hub", NO_HUB],
      "rating pad started",
    );
    expect(loaded(files, "devices/rating")).toBe(true);
    for (const name of [
      "devices/hub",
      "devices/counter",
      "aedes",
      "better-sqlite3",
      "@napi-rs/canvas",
      "serialport",
    ])
      expect(loaded(files, name), name).toBe(false);
  });

  it("the kiosk: no hub, broker, SQLite or Skia (a child process draws the ticket's glyphs)", async () => {
    const tickets = join(dir, "tickets");
    const files = await loadsOf(
      "kiosk",
      ["kiosk", "--gpio", "sim", "--printer", `file:${tickets}`, "--hub", NO_HUB],
      "kiosk started",
    );
    expect(loaded(files, "devices/kiosk")).toBe(true);
    for (const name of ["devices/hub", "aedes", "better-sqlite3", "serialport", "@napi-rs/canvas"])
      expect(loaded(files, name), name).toBe(false);
  });

  it("the hub with real modems (none here): not the modem simulator, nor the what-if replay until asked", async () => {
    const files = await loadsOf(
      "hub",
      ["hub", "--data", join(dir, "hub"), "--mqtt-port", "0", "--ws-port", "0"],
      "hub ready",
    );
    expect(loaded(files, "devices/hub")).toBe(true);
    for (const name of [
      "packages/modem-sim",
      "packages/whatif",
      "@napi-rs/canvas",
      "devices/counter",
      "devices/kiosk",
    ])
      expect(loaded(files, name), name).toBe(false);
  });
});
