import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "./helpers/source-node.js";

// The real command line, as a technician or an independent test harness runs it.
const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");

function motcua(args: string[], stdin = "") {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, ...args], {
    input: stdin,
    encoding: "utf8",
    cwd: root,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const lines = (objects: object[]) => objects.map((o) => JSON.stringify(o)).join("\n");
const events = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const day = [
  { at: "2026-11-23T07:40:00+07:00", type: "sms", from: "0912345678", text: "DK Nguyễn Văn An KS 25/11" },
  { at: "2026-11-23T07:45:00+07:00", type: "ticket", service: "TP", priority: false },
  { at: "2026-11-23T07:46:00+07:00", type: "press", counter: "1", button: "next" },
  { at: "2026-11-23T07:56:00+07:00", type: "press", counter: "1", button: "next" },
  { at: "2026-11-23T12:00:00+07:00", type: "tick" },
];

describe("motcua simulate", () => {
  it("reads a scenario from standard input and writes the events as JSON lines", () => {
    const run = motcua(["simulate", "-"], lines(day));
    expect(run.code).toBe(0);
    const out = events(run.stdout);
    expect(out.map((e) => e.type)).toEqual(["booked", "sms_out", "ticket_issued", "called", "served"]);
    expect(out[0]).toMatchObject({
      at: "2026-11-23T07:40:00+07:00",
      phone: "0912345678",
      name: "Nguyễn Văn An",
      procedure: "KS",
      service: "TP",
      number: 1,
      label: "TP-001",
      counter: "1",
      time: "2026-11-25T08:00:00+07:00",
    });
    expect(out[2]).toMatchObject({ type: "ticket_issued", service: "TP", number: 1, label: "TP-001" });
    expect(out[3]).toMatchObject({
      type: "called",
      label: "TP-001",
      counter: "1",
      kind: "walkin",
      repeat: false,
    });
    expect(out[4]).toMatchObject({ type: "served", at: "2026-11-23T07:56:00+07:00", label: "TP-001" });
  });

  it("reads a scenario file, and the same seed gives the same codes while another seed does not", () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-sim-"));
    const file = join(dir, "day.jsonl");
    writeFileSync(file, lines(day));
    const code = (seed: string) => events(motcua(["simulate", "--seed", seed, file]).stdout)[0]?.code;
    expect(code("7")).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(code("7")).toBe(code("7"));
    expect(code("7")).not.toBe(code("8"));
    expect(motcua(["simulate", file]).stdout).toBe(motcua(["simulate", "--seed", "0", file]).stdout);
  });

  it("skips a bad line with an error naming its line number, runs the rest, and exits 1", () => {
    const scenario = [
      lines(day.slice(0, 2)),
      "{not json",
      JSON.stringify({ at: "2026-11-23T07:50:00+07:00", type: "dance" }),
      lines(day.slice(2)),
    ].join("\n");
    const run = motcua(["simulate", "-"], scenario);
    expect(run.code).toBe(1);
    expect(events(run.stdout).map((e) => e.type)).toEqual([
      "booked",
      "sms_out",
      "ticket_issued",
      "called",
      "served",
    ]);
    const problems = run.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; msg: string });
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it("refuses a line that goes back in time and keeps the state it had", () => {
    const back = [
      ...day.slice(0, 3),
      { at: "2026-11-23T07:00:00+07:00", type: "ticket", service: "TP" },
      ...day.slice(3),
    ];
    const run = motcua(["simulate", "-"], lines(back));
    expect(run.code).toBe(1);
    expect(events(run.stdout).filter((e) => e.type === "ticket_issued")).toHaveLength(1);
    expect(run.stderr).toContain("time goes backwards");
  });

  it("reports a press for an unknown counter and a ticket for an unknown service, and exits 1", () => {
    const scenario = [
      ...day.slice(0, 2),
      { at: "2026-11-23T07:45:30+07:00", type: "ticket", service: "ZZ" },
      { at: "2026-11-23T07:45:40+07:00", type: "press", counter: "9", button: "next" },
      ...day.slice(2),
    ];
    const run = motcua(["simulate", "-"], lines(scenario));
    expect(run.code).toBe(1);
    // The contract's answer is still written; the rest of the scenario still runs.
    expect(events(run.stdout).map((e) => e.type)).toEqual([
      "booked",
      "sms_out",
      "ticket_issued",
      "ticket_refused",
      "called",
      "served",
    ]);
    const problems = run.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; msg: string });
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
    expect(problems[0]?.msg).toMatch(/^scenario line 3: this office has no service "ZZ"/);
    expect(problems[1]?.msg).toMatch(/^scenario line 4: this office has no counter "9"/);
  });

  it("prints a summary for people with --summary", () => {
    const run = motcua(["simulate", "--summary", "-"], lines(day));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("UBND xã Sơn Tây");
    expect(run.stdout).toMatch(/TP Tư pháp – Hộ tịch\s+1\s+0\s+1 ph/);
  });

  it("names the field of a broken configuration and exits 2 without running", () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-cfg-"));
    const file = join(dir, "office.yaml");
    writeFileSync(file, "version: 1\noffice: {id: x, name: X, timeZone: Mars/Olympus}\n");
    const run = motcua(["simulate", "--config", file, "-"], lines(day));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("office.timeZone");
  });

  it("explains its usage on a wrong call", () => {
    const run = motcua(["simulate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: pnpm motcua");
  });
});
