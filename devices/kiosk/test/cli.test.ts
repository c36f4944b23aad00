import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { LogLines, O, type TestHub } from "@motcua/hub/testing";
import { createLogger } from "@motcua/log";
import { afterEach, describe, expect, it } from "vitest";
import { inkBox, parseEscPos, type Raster } from "../../../packages/printer/test/escpos-parser.js";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";
import { type KioskHealth, runKiosk } from "../src/index.js";
import { hubFor, watch } from "./helpers.js";

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));

let hub: TestHub | undefined;
let dir: string;
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child?.once("exit", r));
  }
  child = undefined;
  await hub?.close();
  hub = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function spawnKiosk(args: string[]) {
  const proc = spawn(process.execPath, [...SOURCE_EXEC_ARGV, bin, ...args], {
    env: { ...process.env, MOTCUA_LOG_LEVEL: "info" },
  });
  const out = { stdout: "", stderr: "" };
  const log = new LogLines();
  proc.stdout.on("data", (d: Buffer) => {
    out.stdout += d.toString("utf8");
    log.feed(d.toString("utf8"));
  });
  proc.stderr.on("data", (d: Buffer) => {
    out.stderr += d.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { proc, out, log, exited };
}

describe("motcua kiosk on the command line", () => {
  it("--gpio sim: a line TP prints a ticket file, `priority TP` a priority one; end of input stops it", async () => {
    hub = await hubFor();
    const watcher = await watch(hub.url, `${O}/#`);
    dir = mkdtempSync(join(tmpdir(), "motcua-kiosk-cli-"));
    const { proc, out, log, exited } = spawnKiosk([
      "--hub",
      hub.url,
      "--kiosk",
      "1",
      "--gpio",
      "sim",
      "--printer",
      `file:${dir}`,
    ]);
    child = proc;
    await watcher.next<string>(`${O}/device/kiosk-1/status`, (p) => p === "online", { timeoutMs: 15_000 });
    const tickets = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".escpos"))
        .sort();
    const printed = (n: number) =>
      log.until(
        () => log.lines.filter((l) => l.msg === "ticket printed").length >= n,
        `${n} "ticket printed" line(s)\n${log.text()}\n${out.stderr}`,
      );

    proc.stdin.write("TP\n");
    await printed(1);
    expect(tickets()).toHaveLength(1);
    proc.stdin.write("priority TP\n");
    await printed(2);
    expect(tickets()).toHaveLength(2);
    proc.stdin.end();
    expect(await exited).toBe(0);

    const presses = watcher.on(`${O}/kiosk/1/press`) as { priority: boolean; service: string }[];
    expect(presses).toMatchObject([
      { service: "TP", priority: false },
      { service: "TP", priority: true },
    ]);
    const answers = watcher.on(`${O}/kiosk/1/ticket`) as { label: string }[];
    expect(answers.map((a) => a.label)).toEqual(["TP-001", "TP-002"]);
    for (const file of tickets()) {
      const cmds = parseEscPos(readFileSync(join(dir, file)));
      const images = cmds.filter((c): c is Raster => c.op === "raster");
      expect(images.every((r) => r.width === 384)).toBe(true);
      expect(inkBox(images.reduce((a, b) => (b.height > a.height ? b : a)))).toBeDefined();
      expect(existsSync(join(dir, file.replace(/\.escpos$/, ".png")))).toBe(true);
    }
    // The screen line on standard error, the log on standard output (JSON lines).
    expect(out.stderr).toContain("[màn hình] Xin mời nhận phiếu số TP-001");
    expect(out.stderr).toContain("[màn hình] Xin mời nhận phiếu số TP-002");
    const logLines = out.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string; label?: string });
    expect(logLines.filter((l) => l.msg === "ticket printed").map((l) => l.label)).toEqual([
      "TP-001",
      "TP-002",
    ]);
    expect(await watcher.next<string>(`${O}/device/kiosk-1/status`, (p) => p === "offline")).toBe("offline");
    await watcher.close();
  });

  it("a FAULT file on the simulated printer: the line is refused, no number", async () => {
    hub = await hubFor();
    dir = mkdtempSync(join(tmpdir(), "motcua-kiosk-cli-"));
    writeFileSync(join(dir, "FAULT"), "paper_out\n");
    const watcher = await watch(hub.url, `${O}/#`);
    const { proc, out, exited } = spawnKiosk(["--hub", hub.url, "--gpio", "sim", "--printer", `file:${dir}`]);
    child = proc;
    await watcher.next<KioskHealth>(`${O}/kiosk/1/health`, (h) => h.printer === "paper_out", {
      timeoutMs: 15_000,
    });
    proc.stdin.end("TP\n");
    expect(await exited).toBe(0);
    expect(out.stderr).toContain("Máy in hết giấy");
    expect(hub.issued()).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".escpos"))).toEqual([]);
    await watcher.close();
  });

  it("flags: --help, a wrong flag, an unknown printer", async () => {
    const run = async (args: string[]) => {
      const stderr = new PassThrough();
      let text = "";
      stderr.on("data", (d: Buffer) => {
        text += d.toString("utf8");
      });
      const code = await runKiosk(args, createLogger({ level: "silent" }), {
        stdin: new PassThrough(),
        stderr,
        signals: process,
      });
      return { code, text };
    };
    expect(await run(["--help"])).toMatchObject({ code: 0, text: expect.stringContaining("--printer") });
    expect(await run(["--gpio", "wires"])).toMatchObject({
      code: 2,
      text: expect.stringContaining("--gpio"),
    });
    expect(await run(["--paper", "72"])).toMatchObject({ code: 2 });
    expect(await run(["--bogus"])).toMatchObject({ code: 2 });
    const off = mkdtempSync(join(tmpdir(), "motcua-kiosk-cli-"));
    // This machine is no Pi: the onoff backend refuses, and says what to do instead.
    expect(await run(["--gpio", "onoff", "--printer", `file:${off}`])).toMatchObject({
      code: 2,
      text: expect.stringContaining("--gpio sim"),
    });
    rmSync(off, { recursive: true, force: true });
    expect(await run(["--gpio", "sim", "--printer", "lpt1"])).toMatchObject({
      code: 2,
      text: expect.stringContaining("unknown printer"),
    });
  });
});

describe("runKiosk in this process", () => {
  it("reads the typed lines one after the other: services, priority, unknown words", async () => {
    hub = await hubFor();
    dir = mkdtempSync(join(tmpdir(), "motcua-kiosk-cli-"));
    const stdin = new PassThrough();
    const stderr = new PassThrough();
    let screen = "";
    stderr.on("data", (d: Buffer) => {
      screen += d.toString("utf8");
    });
    const watcher = await watch(hub.url, `${O}/#`);
    const running = runKiosk(
      ["--hub", hub.url, "--gpio", "sim", "--printer", `file:${dir}`, "--paper", "80", "--timeout", "2"],
      createLogger({ level: "silent" }),
      { stdin, stderr, signals: process },
    );
    await watcher.next<string>(`${O}/device/kiosk-1/status`, (p) => p === "online", { timeoutMs: 10_000 });
    stdin.write("TP\n# a comment\n\nnope\npriority\ndd\npriority xh\n");
    stdin.end();
    expect(await running).toBe(0);
    const presses = watcher.on(`${O}/kiosk/1/press`) as { service: string; priority: boolean }[];
    expect(presses).toMatchObject([
      { service: "TP", priority: false },
      { service: "DD", priority: true },
      { service: "XH", priority: true },
    ]);
    const files = readdirSync(dir).filter((f) => f.endsWith(".escpos"));
    expect(files).toHaveLength(3);
    for (const f of files) {
      const images = parseEscPos(readFileSync(join(dir, f))).filter((c): c is Raster => c.op === "raster");
      expect(images.every((r) => r.width === 576)).toBe(true);
    }
    expect(screen).toContain("Ưu tiên: xin mời bấm nút dịch vụ");
    expect(screen).toContain("Xin mời nhận phiếu số XH-001");
    await watcher.close();
  });
});
