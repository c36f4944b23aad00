// The compiled packages (scripts/build.mjs) for tests that run or inspect them.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BUILD_SCRIPT = fileURLToPath(new URL("../../scripts/build.mjs", import.meta.url));

export interface BuildRun {
  status: number | null;
  /** The build's JSON log lines. */
  log: Array<Record<string, unknown>>;
  stderr: string;
}

/** Runs the build (of this repository, or of the workspace at `root`) and reads its log. */
export function runBuild(args: string[] = [], root?: string): BuildRun {
  const run = spawnSync(process.execPath, [BUILD_SCRIPT, ...args, ...(root ? ["--root", root] : [])], {
    encoding: "utf8",
  });
  const log = run.stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: run.status, log, stderr: run.stderr };
}

/** Brings this repository's dist/ up to date (what scripts/setup.sh does); throws if it fails. */
export function buildRepository(): void {
  const run = runBuild(["--quiet"]);
  if (run.status !== 0) throw new Error(`scripts/build.mjs failed:\n${run.stderr}`);
}
