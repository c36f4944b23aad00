import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRepository, REPO, runBuild } from "./helpers/build.js";
import { SOURCE_CONDITION, SOURCE_EXEC_ARGV } from "./helpers/source-node.js";

// scripts/build.mjs: every package's src/ compiled to its dist/, what `pnpm motcua` and the
// SD cards run with plain node.

describe("scripts/build.mjs on a small workspace", () => {
  let root: string;
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const built = (path: string) => existsSync(join(root, path));
  const lastLog = (run: ReturnType<typeof runBuild>) => run.log.at(-1) ?? {};
  /** An output made a minute before its sources changed (rather than dating a source in the future). */
  const outdated = (path: string) => {
    const before = new Date(Date.now() - 60_000);
    utimesSync(join(root, path), before, before);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "motcua-build-"));
    file("packages/alpha/package.json", '{ "name": "alpha", "type": "module" }\n');
    file(
      "packages/alpha/src/index.ts",
      'import { twice } from "./sub/twice.js";\nexport type Count = number;\nconst n: Count = twice(21);\nconsole.log("alpha", n);\n',
    );
    file("packages/alpha/src/sub/twice.ts", "export const twice = (n: number): number => n * 2;\n");
    file("packages/alpha/src/vendor.d.ts", 'declare module "nothing";\n');
    file("devices/beta/package.json", '{ "name": "beta", "type": "module" }\n');
    file("devices/beta/src/main.ts", '#!/usr/bin/env node\nconsole.log("beta" as string);\n');
    file("packages/docs-only/package.json", '{ "name": "docs-only" }\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("compiles each source to the same place under dist/, types removed, run by plain node", () => {
    const run = runBuild([], root);
    expect(run.status).toBe(0);
    expect(lastLog(run)).toMatchObject({ ns: "motcua:build", packages: 2, files: 3, built: 3, msg: "built" });
    expect(built("packages/alpha/dist/index.js")).toBe(true);
    expect(built("packages/alpha/dist/sub/twice.js")).toBe(true);
    expect(built("packages/alpha/dist/vendor.d.js")).toBe(false);
    expect(readFileSync(join(root, "devices/beta/dist/main.js"), "utf8")).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    const alpha = spawnSync(process.execPath, [join(root, "packages/alpha/dist/index.js")], {
      encoding: "utf8",
    });
    expect(alpha.stdout).toBe("alpha 42\n");
  });

  it("does nothing the second time", () => {
    const run = runBuild([], root);
    expect(run.status).toBe(0);
    expect(lastLog(run)).toMatchObject({ built: 0, msg: "build up to date" });
    expect(runBuild(["--quiet"], root).stderr).toBe("");
  });

  it("compiles a changed source again, and removes what no source accounts for", () => {
    file("packages/alpha/src/sub/twice.ts", "export const twice = (n: number): number => n + n;\n");
    outdated("packages/alpha/dist/sub/twice.js");
    rmSync(join(root, "devices/beta/src/main.ts"));
    file("packages/alpha/dist/old/gone.js", "// left by a source since removed\n");

    const run = runBuild([], root);
    expect(run.status).toBe(0);
    expect(lastLog(run)).toMatchObject({ built: 1, removed: 2, rebuilt: ["devices/beta", "packages/alpha"] });
    expect(readFileSync(join(root, "packages/alpha/dist/sub/twice.js"), "utf8")).toContain("n + n");
    expect(built("devices/beta/dist/main.js")).toBe(false);
    expect(built("packages/alpha/dist/old")).toBe(false);
  });

  it("refuses a source importing a file from outside src/, which dist/ would not have", () => {
    file("packages/alpha/shared/greeting.ts", 'export const GREETING: string = "xin chào";\n');
    file(
      "packages/alpha/src/greet.ts",
      'import { GREETING } from "../shared/greeting.js";\nimport { twice } from "./sub/twice.js";\nconsole.log(GREETING, twice(1));\n',
    );
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(run.log).toHaveLength(1);
    expect(lastLog(run)).toMatchObject({
      level: 50,
      ns: "motcua:build",
      source: "packages/alpha/src/greet.ts",
      import: "../shared/greeting.js",
    });
    expect(lastLog(run).msg).toMatch(
      /outside its package's src\/.*dist\/ would not have.*move that file into src\//,
    );
    expect(built("packages/alpha/dist/greet.js")).toBe(false);
    // Not taken for up to date the next time.
    expect(runBuild([], root).status).toBe(1);

    // Moved into src/, it builds. A type-only import from outside is erased: no file is missing.
    rmSync(join(root, "packages/alpha/shared/greeting.ts"));
    file("packages/alpha/src/greeting.ts", 'export const GREETING: string = "xin chào";\n');
    file("packages/alpha/shared/types.ts", "export type Name = string;\n");
    file(
      "packages/alpha/src/greet.ts",
      'import type { Name } from "../shared/types.js";\nimport { GREETING } from "./greeting.js";\nimport { twice } from "./sub/twice.js";\nconst who: Name = "anh";\nconsole.log(GREETING, who, twice(1));\n',
    );
    const fixed = runBuild([], root);
    expect(fixed.status).toBe(0);
    expect(lastLog(fixed)).toMatchObject({ built: 2, msg: "built" });
    const greet = spawnSync(process.execPath, [join(root, "packages/alpha/dist/greet.js")], {
      encoding: "utf8",
    });
    expect(greet.stdout).toBe("xin chào anh 2\n");
  });

  it("names the file and the line of a syntax error, and exits 1", () => {
    file("packages/alpha/src/broken.ts", "export const x = ;\n");
    const run = runBuild([], root);
    expect(run.status).toBe(1);
    expect(lastLog(run)).toMatchObject({ level: 50, msg: "build failed" });
    expect(JSON.stringify(lastLog(run).err)).toMatch(/broken\.ts:1: /);
    rmSync(join(root, "packages/alpha/src/broken.ts"));
  });
});

describe("the tests' own processes", () => {
  it("resolve the workspace packages to their sources (vitest passes the source condition to its workers)", () => {
    const resolved = createRequire(import.meta.url).resolve("@motcua/config");
    expect(resolved).toBe(join(REPO, "packages/config/src/index.ts"));
  });
});

/** The workspace packages with sources: packages/* and devices/*. */
function workspacePackages(): string[] {
  return ["packages", "devices"].flatMap((group) =>
    readdirSync(join(REPO, group))
      .map((name) => join(REPO, group, name))
      .filter((dir) => existsSync(join(dir, "package.json")) && existsSync(join(dir, "src"))),
  );
}

describe("the repository's packages, compiled", () => {
  beforeAll(buildRepository, 120_000);

  it("export their sources under the source condition and, by default, the file the build makes of each", () => {
    for (const dir of workspacePackages()) {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      for (const [subpath, target] of Object.entries<Record<string, string>>(pkg.exports ?? {})) {
        const where = `${pkg.name} exports ${subpath}`;
        expect(Object.keys(target), where).toEqual([SOURCE_CONDITION, "default"]);
        const source = target[SOURCE_CONDITION] as string;
        expect(source, where).toMatch(/^\.\/src\/.*\.ts$/);
        expect(existsSync(join(dir, source)), `${where}: ${source}`).toBe(true);
        expect(target.default, where).toBe(source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, ".js"));
        expect(existsSync(join(dir, target.default as string)), `${where}: ${target.default}`).toBe(true);
      }
      for (const bin of Object.values<string>(pkg.bin ?? {})) expect(bin).toMatch(/^\.\/dist\/.*\.js$/);
    }
  });

  it("load with plain node, every package, and find the files next to them", () => {
    const indexes = workspacePackages()
      .filter((dir) => existsSync(join(dir, "src/index.ts")))
      .map((dir) => pathToFileURL(join(dir, "dist/index.js")).href);
    expect(indexes.length).toBeGreaterThan(15);
    const script = `
      for (const index of ${JSON.stringify(indexes)}) await import(index);
      const config = await import(${JSON.stringify(pathToFileURL(join(REPO, "packages/config/dist/index.js")).href)});
      process.stdout.write(config.EXAMPLE_OFFICE_PATH);
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(join(REPO, "packages/config/offices/son-tay.yaml"));
    expect(existsSync(run.stdout)).toBe(true);
  });

  it("run the command with plain node as the sources run it (the sample day's events)", () => {
    const args = ["simulate", "examples/sample-day.jsonl"];
    const options = { cwd: REPO, encoding: "utf8" } as const;
    const compiled = spawnSync(process.execPath, ["packages/cli/dist/main.js", ...args], options);
    const sources = spawnSync(
      process.execPath,
      [...SOURCE_EXEC_ARGV, "packages/cli/src/main.ts", ...args],
      options,
    );
    expect(compiled.status).toBe(0);
    expect(compiled.stdout.split("\n").length).toBeGreaterThan(100);
    expect(compiled.stdout).toBe(sources.stdout);
    const help = spawnSync(process.execPath, ["packages/cli/dist/main.js", "--help"], options);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^motcua — /);
  });
});
