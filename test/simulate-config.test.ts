import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "./helpers/source-node.js";

// A scenario's `config` line changes the office mid-day (issue 12, docs/protocol.md): what
// follows obeys the new configuration, a change that breaks bookings is refused until
// confirmed, and the whole replays byte for byte.
const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");

function simulate(stdin: string) {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, "simulate", "-"], {
    input: stdin,
    encoding: "utf8",
    cwd: root,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

type Line = Record<string, unknown> & { type: string };
const parseLines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

const at = (clock: string) => `2026-11-23T${clock}:00+07:00`; // a Monday
const thursday = (clock: string) => `2026-11-26T${clock}:00+07:00`;

function changed(from: OfficeConfig, mutate: (c: OfficeConfig) => void): OfficeConfig {
  const copy = structuredClone(from);
  mutate(copy);
  return copy;
}

const office = loadOfficeConfig();
/** Tư pháp takes 20 minutes a citizen instead of 10. */
const slower = changed(office, (c) => {
  const tp = c.services.find((s) => s.code === "TP");
  if (tp) tp.averageMinutes = 20;
});
/** And Thursday's morning ends at 08:30: the 08:20 slot (20 minutes) no longer fits. */
const shorter = changed(slower, (c) => {
  const morning = c.sessions[0];
  if (morning) morning.end = "08:30";
});
const ADMIN = "quan-tri";

const scenario = [
  { at: at("09:00"), type: "sms", from: "0912000001", text: "DK Nguyen Van A KS 26/11" },
  { at: at("09:05"), type: "config", config: slower, officer: ADMIN, source: "console" },
  { at: at("09:06"), type: "sms", from: "0912000002", text: "DK Nguyen Van B KS 26/11" },
  { at: at("09:10"), type: "config", config: shorter, officer: ADMIN, source: "console" },
  { at: at("09:11"), type: "config", config: shorter, officer: ADMIN, source: "console", confirm: true },
  { at: at("09:12"), type: "config", config: { ...shorter, office: { ...shorter.office, id: "khac" } } },
]
  .map((line) => JSON.stringify(line))
  .join("\n");

describe("simulate with config lines", () => {
  const run = simulate(scenario);
  const out = parseLines(run.stdout);
  const booked = out.filter((e) => e.type === "booked");
  const [first, second] = booked;

  it("runs the scenario cleanly", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(booked).toHaveLength(2);
  });

  it("books after a change on the new grid: 20 minutes after the first slot, not 10", () => {
    expect([first?.label, first?.time]).toEqual(["TP-001", thursday("08:00")]);
    expect(out.find((e) => e.at === at("09:05"))).toEqual({
      at: at("09:05"),
      type: "config_applied",
      version: 1,
      source: "console",
      cancelled: [],
      officer: ADMIN,
    });
    expect([second?.label, second?.time]).toEqual(["TP-002", thursday("08:20")]);
  });

  it("refuses a breaking change without confirm, and applies it with, cancelling and telling the citizen", () => {
    expect(out.filter((e) => e.at === at("09:10"))).toEqual([
      { at: at("09:10"), type: "action_refused", action: "config", reason: "not_allowed", officer: ADMIN },
    ]);
    const applied = out.filter((e) => e.at === at("09:11"));
    expect(applied).toEqual([
      { at: at("09:11"), type: "cancelled", code: second?.code, reason: "officer", officer: ADMIN },
      {
        at: at("09:11"),
        type: "sms_out",
        to: "0912000002",
        text: `Lich hen ${second?.code} (so TP-002, 08:20 ngay 26/11/2026) da bi huy do thay doi gio lam viec. Xin loi, vui long dat lich lai.`,
        officer: ADMIN,
      },
      {
        at: at("09:11"),
        type: "config_applied",
        version: 2,
        source: "console",
        cancelled: [second?.code],
        officer: ADMIN,
      },
    ]);
  });

  it("refuses a configuration of another office as invalid", () => {
    expect(out.filter((e) => e.at === at("09:12"))).toEqual([
      { at: at("09:12"), type: "action_refused", action: "config", reason: "invalid" },
    ]);
  });

  it("replays byte for byte", () => {
    expect(simulate(scenario).stdout).toBe(run.stdout);
  });
});
