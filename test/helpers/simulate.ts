import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SOURCE_EXEC_ARGV } from "./source-node.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");

export type SimulatedEvent = Record<string, unknown> & { at: string; type: string };

/** `motcua simulate -` on the TypeScript sources, the scenario's lines on its standard input. */
export function simulate(lines: object[]): { code: number | null; events: SimulatedEvent[]; stderr: string } {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, "simulate", "-"], {
    input: lines.map((l) => JSON.stringify(l)).join("\n"),
    encoding: "utf8",
    cwd: root,
  });
  const events = run.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SimulatedEvent);
  return { code: run.status, events, stderr: run.stderr };
}
