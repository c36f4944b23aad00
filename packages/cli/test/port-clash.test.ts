import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";

// A technician starting a second hub (or anything else on its port) reads one line naming the
// port and the flag to change, not a stack trace.
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "motcua-port-clash-"));
let holder: Server;
let taken: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, resolve));
  taken = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function hub(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [...SOURCE_EXEC_ARGV, main, "hub", "--data", dir, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe("motcua hub on a port that is taken", () => {
  it("names the port and its flag in one line, and exits 1", async () => {
    const { code, stderr } = await hub(["--mqtt-port", String(taken), "--ws-port", "0"]);
    expect(code).toBe(1);
    const lines = stderr.split("\n").filter((line) => line !== "" && !line.startsWith("{"));
    expect(lines).toEqual([
      `motcua hub: port ${taken} (MQTT) is already in use by another program: choose another with --mqtt-port N`,
    ]);
  });

  it("does the same for the WebSocket port", async () => {
    const { code, stderr } = await hub(["--mqtt-port", "0", "--ws-port", String(taken)]);
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${taken} (MQTT over WebSocket) is already in use`);
    expect(stderr).toContain("--ws-port N");
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
