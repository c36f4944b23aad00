import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";
import { openStore } from "../src/index.js";
import { CRASH_DAY, crashEntry } from "./fixtures/crash-entry.js";

const writer = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));
// A plain `node` with tsx as a loader (SOURCE_EXEC_ARGV), not tsx's CLI: the writer itself must be
// the process a SIGKILL reaches.

const KILLS = 3;

interface Run {
  acked: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the writer, SIGKILLs it 200–600 ms after its first ack, returns the acknowledged seqs. */
function runAndKill(path: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...SOURCE_EXEC_ARGV, writer, path], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the writer acknowledged nothing within 8 s; stderr: ${stderr}`));
    }, 8_000);
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (timer === undefined && stdout.includes("\n")) {
        clearTimeout(giveUp);
        timer = setTimeout(() => child.kill("SIGKILL"), 200 + Math.random() * 400);
      }
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(giveUp);
      clearTimeout(timer);
      // Only whole lines count: a line is written after its append returned, so a cut-off
      // last line (not possible for such short writes, but cheap to guard) is not an ack.
      const lines = stdout.split("\n").slice(0, -1);
      resolve({ acked: lines.map(Number), signal, stderr });
    });
  });
}

describe("crash safety", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "motcua-store-crash-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged entry across ${KILLS} SIGKILLs, contiguous and exact`, async () => {
    const path = join(dir, "hub", "store.db");
    let previous = 0;
    for (let round = 1; round <= KILLS; round++) {
      const run = await runAndKill(path);
      expect(run.stderr).toBe("");
      expect(run.signal).toBe("SIGKILL");
      expect(run.acked.length).toBeGreaterThan(0);
      // The writer resumed exactly where the recovered store ended.
      expect(run.acked).toEqual(run.acked.map((_, i) => previous + 1 + i));
      const lastAcked = run.acked.at(-1) ?? 0;

      const store = openStore({ path });
      try {
        const n = store.count();
        // n may exceed lastAcked by one: committed, then killed before the ack was printed.
        expect(n).toBeGreaterThanOrEqual(lastAcked);
        expect(n).toBeLessThanOrEqual(lastAcked + 1);
        let expected = 1;
        for (const entry of store.entries()) {
          expect(entry.seq).toBe(expected);
          const { input, events } = crashEntry(entry.seq);
          expect(entry.input).toEqual(input);
          expect(entry.events).toEqual(events);
          expected++;
        }
        expect(expected - 1).toBe(n);
        // Projections committed with the log, never apart from it.
        const numbers = store.numbers(CRASH_DAY, "TP");
        expect(numbers.map((row) => row.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(store.getMeta("seed")).toBe(42);
        previous = n;
      } finally {
        store.close();
      }
    }
  }, 20_000);
});
