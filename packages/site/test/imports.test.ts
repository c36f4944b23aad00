import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The site check runs at boot before every role (motcua-site.service, each unit's
// ExecStartPre): on a counter pad or a kiosk it must not load the hub, its broker or its store,
// even to verify the card's password against the office's hash.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const check = join(root, "packages/site/src/check.ts");
const examples = join(root, "images/examples");
const tsx = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
// Appends every module the program loads (ES modules as they load, CommonJS ones at exit).
const recordLoads = join(root, "packages/cli/test/fixtures/record-loads.mjs");
const dir = mkdtempSync(join(tmpdir(), "motcua-site-loads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCheck(args: string[], name: string) {
  const loads = join(dir, `${name}.txt`);
  const run = spawnSync(
    process.execPath,
    ["--conditions=@motcua/source", "--import", recordLoads, "--import", tsx, check, ...args],
    { cwd: root, encoding: "utf8", env: { ...process.env, MOTCUA_RECORD_LOADS: loads } },
  );
  const loaded = readFileSync(loads, "utf8").split("\n").filter(Boolean);
  return { code: run.status, output: `${run.stdout}${run.stderr}`, loaded };
}

/** What a card's boot check must never load. */
const FORBIDDEN = [
  /\/devices\/[^/]+\/src\//, // any device program: the hub, the pad, the kiosk, the display
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?aedes\//,
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?better-sqlite3\//,
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?mqtt\//,
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?serialport\//,
];

describe("the site check's module graph", () => {
  for (const [card, role, what] of [
    ["kiosk-1.yaml", "kiosk", "its pins and its password against the office's hash"],
    ["display-1.yaml", "display", "its password against the office's hash"],
    ["counter-1.yaml", "counter", "the pad's own file"],
  ] as const) {
    it(`checking ${card} (${what}) loads no device, broker or store`, () => {
      const run = runCheck(["--role", role, "--write", join(dir, role), join(examples, card)], role);
      expect(run.output).toContain(`${card}: ok:`);
      expect(run.code).toBe(0);
      // The recording worked: the check's own modules are in it.
      expect(run.loaded.some((p) => p.includes("/packages/site/src/load.ts"))).toBe(true);
      expect(run.loaded.some((p) => p.includes("/packages/config/src/password.ts"))).toBe(true);
      expect(run.loaded.filter((p) => FORBIDDEN.some((pattern) => pattern.test(p)))).toEqual([]);
    });
  }
});
