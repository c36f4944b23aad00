import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";

// The real command on its sources, as `pnpm motcua:dev` runs it: the workspace packages'
// source condition and tsx as a loader of a plain node.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const main = join(root, "packages/cli/src/main.ts");
const recordLoads = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "motcua-help-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** Runs `motcua …args`; `loaded` lists the files it loaded (its own sources and libraries). */
function motcua(args: string[]) {
  const loads = join(dir, `loads-${runs++}.txt`);
  const run = spawnSync(process.execPath, ["--import", recordLoads, ...SOURCE_EXEC_ARGV, main, ...args], {
    cwd: root,
    encoding: "utf8",
    input: "",
    env: { ...process.env, MOTCUA_RECORD_LOADS: loads },
  });
  let loaded: string[] = [];
  try {
    loaded = readFileSync(loads, "utf8").split("\n").filter(Boolean);
  } catch {}
  return { code: run.status, output: `${run.stdout}${run.stderr}`, loaded };
}

/** The npm packages among loaded files (tsx and its esbuild, the loader of sources, left out). */
function libraries(loaded: string[]): Set<string> {
  const names = loaded.flatMap((path) => {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
    return match?.[1] ? [match[1]] : [];
  });
  return new Set(names.filter((name) => name !== "tsx" && !name.includes("esbuild")));
}

/** The workspace packages among loaded files: `packages/config`, `devices/hub`… */
function workspace(loaded: string[]): Set<string> {
  return new Set(loaded.flatMap((path) => /\/((?:packages|devices)\/[^/]+)\/src\//.exec(path)?.[1] ?? []));
}

/** What no verb's --help needs: the hub's broker and store, the serial port, Skia, Vite. */
const HEAVY = ["aedes", "better-sqlite3", "serialport", "@napi-rs/canvas", "vite", "rolldown"];

// Each verb, and a flag its usage names.
const VERBS: Record<string, string> = {
  simulate: "--summary",
  hub: "--mqtt-port",
  counter: "--counter ID",
  rating: "very_satisfied",
  kiosk: "--printer",
  display: "--notice",
  office: "--display-port",
  passwd: "DEVICE-ID",
  whatif: "--store FILE",
};

describe("motcua --help", () => {
  it("lists every verb, exits 0 and loads no library and no role", () => {
    const run = motcua(["--help"]);
    expect(run.code).toBe(0);
    for (const verb of Object.keys(VERBS)) expect(run.output).toMatch(new RegExp(`^  ${verb} `, "m"));
    expect([...libraries(run.loaded)]).toEqual([]);
    expect([...workspace(run.loaded)]).toEqual(["packages/cli"]);
  });

  it("without a verb, shows the same usage and exits 2", () => {
    const run = motcua([]);
    expect(run.code).toBe(2);
    expect(run.output).toContain("Usage: pnpm motcua <verb>");
  });
});

describe.each(Object.entries(VERBS))("motcua %s --help", (verb, flag) => {
  it("prints the verb's usage and exits 0, loading none of the heavy libraries", () => {
    const run = motcua([verb, "--help"]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`motcua ${verb}`);
    expect(run.output).toContain(flag);
    const heavy = [...libraries(run.loaded)].filter((name) => HEAVY.includes(name));
    expect(heavy).toEqual([]);
  });
});

describe("the verbs the CLI itself defines answer --help at once", () => {
  it.each(["simulate", "hub", "passwd"])("%s --help loads no other workspace package", (verb) => {
    const run = motcua([verb, "--help"]);
    expect(run.code).toBe(0);
    expect([...workspace(run.loaded)]).toEqual(["packages/cli"]);
  });
});

describe("a wrong flag", () => {
  it.each(["hub", "passwd", "simulate"])("%s: names the flag, shows the verb's usage and exits 2", (verb) => {
    const run = motcua([verb, "--no-such-flag"]);
    expect(run.code).toBe(2);
    expect(run.output).toContain("--no-such-flag");
    expect(run.output).toContain(`Usage: pnpm motcua ${verb}`);
  });
});
