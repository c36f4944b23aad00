import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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

describe("motcua hub's console", () => {
  it("binds the address it is given and lets in the admin that motcua user added", async () => {
    const added = motcua(
      ["user", "add", "quan-tri", "--role", "admin", "--name", "Quản trị", "--data", dir],
      "mot-hai-ba-bon\n",
    );
    expect(added.status, added.stderr).toBe(0);
    const hub = spawn(
      process.execPath,
      [
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
        "--bind",
        "127.0.0.1",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
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
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const clash = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
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
            String(taken),
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.once("close", (code) => resolve({ code, stderr }));
      });
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(
        `port ${taken} (the staff console) is already in use by another program: choose another with --http-port N`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    const wrong = motcua(["hub", "--http-port", "http"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("--http-port must be a port number");
  });
});
