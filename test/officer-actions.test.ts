import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import { type SimEvent, type SimInput, simInput } from "@motcua/protocol";
import { openStore } from "@motcua/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "./helpers/source-node.js";

// PROTOCOL.md "Officer actions and ratings": the staff console's actions are scenario lines that
// `simulate` replays, and log entries a hub stores and replays after a restart.
const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");

function motcua(args: string[], stdin: string) {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, ...args], {
    input: stdin,
    encoding: "utf8",
    cwd: root,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const jsonLines = (objects: object[]) => objects.map((o) => JSON.stringify(o)).join("\n");
const parseLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });

const at = (clock: string) => `2026-11-23T${clock}:00+07:00`; // a Monday
const PHONE = "0912345678";
const booking = { at: at("07:40"), type: "sms", from: PHONE, text: "DK Nguyen Van An KS 25/11" };

/** A Monday morning at the office with every officer action; `code` is the booking's code. */
function morning(code: string): object[] {
  return [
    booking,
    { at: at("07:45"), type: "ticket", service: "TP" }, // TP-001
    { at: at("07:46"), type: "ticket", service: "TP" }, // TP-002, never printed
    { at: at("07:47"), type: "ticket", service: "TP" }, // TP-003
    { at: at("07:48"), type: "void", label: "TP-002", officer: "kiosk-1" },
    { at: at("07:49"), type: "void", label: "TP-002", officer: "kiosk-1" },
    { at: at("07:50"), type: "press", counter: "1", button: "next" },
    { at: at("07:55"), type: "call", counter: "1", label: "TP-003", officer: "lan" },
    { at: at("07:56"), type: "rating", counter: "1", value: "satisfied", id: "pad-1-1" },
    { at: at("08:00"), type: "transfer", label: "TP-003", service: "DD", officer: "lan" },
    { at: at("08:01"), type: "press", counter: "2", button: "next" },
    { at: at("08:02"), type: "checkin", code, officer: "lan" }, // booked for Wednesday
    { at: at("08:03"), type: "officer_cancel", code, officer: "lan" },
    { at: at("08:04"), type: "unblock", phone: "0987654321", officer: "lan" },
    { at: at("08:05"), type: "rating", counter: "1", value: "meh" },
    { at: at("12:00"), type: "tick" },
  ];
}

/** The booking's code for seed 0: the same scenario prefix always gives the same code. */
function codeOf(): string {
  const first = parseLines(motcua(["simulate", "-"], JSON.stringify(booking)).stdout)[0];
  expect(first?.type).toBe("booked");
  return first?.code as string;
}

describe("simulate replays the officer actions", () => {
  it("writes their events as JSON lines, each naming its officer", () => {
    const code = codeOf();
    const run = motcua(["simulate", "-"], jsonLines(morning(code)));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = parseLines(run.stdout);
    expect(out.slice(5)).toEqual([
      { at: at("07:48"), type: "voided", label: "TP-002", officer: "kiosk-1" },
      { at: at("07:49"), type: "action_refused", action: "void", reason: "not_allowed", officer: "kiosk-1" },
      {
        at: at("07:50"),
        type: "called",
        number: 1,
        label: "TP-001",
        service: "TP",
        counter: "1",
        kind: "walkin",
        repeat: false,
      },
      {
        at: at("07:55"),
        type: "served",
        number: 1,
        label: "TP-001",
        service: "TP",
        counter: "1",
        kind: "walkin",
        officer: "lan",
      },
      {
        at: at("07:55"),
        type: "called",
        number: 3,
        label: "TP-003",
        service: "TP",
        counter: "1",
        kind: "walkin",
        repeat: false,
        officer: "lan",
      },
      { at: at("07:56"), type: "rated", counter: "1", label: "TP-003", service: "TP", value: "satisfied" },
      {
        at: at("08:00"),
        type: "served",
        number: 3,
        label: "TP-003",
        service: "TP",
        counter: "1",
        kind: "walkin",
        officer: "lan",
      },
      {
        at: at("08:00"),
        type: "transferred",
        label: "TP-003",
        service: "DD",
        number: 1,
        newLabel: "DD-001",
        officer: "lan",
      },
      {
        at: at("08:01"),
        type: "called",
        number: 1,
        label: "DD-001",
        service: "DD",
        counter: "2",
        kind: "walkin",
        repeat: false,
      },
      { at: at("08:02"), type: "action_refused", action: "checkin", reason: "not_allowed", officer: "lan" },
      { at: at("08:03"), type: "cancelled", code, reason: "officer", officer: "lan" },
      { at: at("08:03"), type: "sms_out", to: PHONE, text: expect.stringContaining(code), officer: "lan" },
      { at: at("08:04"), type: "action_refused", action: "unblock", reason: "not_found", officer: "lan" },
      { at: at("08:05"), type: "action_refused", action: "rating", reason: "invalid" },
      {
        at: at("11:00"),
        type: "served",
        number: 1,
        label: "DD-001",
        service: "DD",
        counter: "2",
        kind: "walkin",
      },
    ]);
    expect(out.slice(0, 5).map((e) => e.type)).toEqual([
      "booked",
      "sms_out",
      "ticket_issued",
      "ticket_issued",
      "ticket_issued",
    ]);
  });

  it("skips an officer action that names no officer, as a bad line", () => {
    const run = motcua(
      ["simulate", "-"],
      jsonLines([
        { at: at("07:45"), type: "ticket", service: "TP" },
        { at: at("07:46"), type: "void", label: "TP-001" },
        { at: at("07:47"), type: "press", counter: "1", button: "next" },
      ]),
    );
    expect(run.code).toBe(1);
    expect(parseLines(run.stdout).map((e) => [e.type, e.label])).toEqual([
      ["ticket_issued", "TP-001"],
      ["called", "TP-001"],
    ]);
    expect(JSON.parse(run.stderr.trim()) as { line: number }).toMatchObject({ line: 2 });
  });

  it("counts voided tickets, transfers and ratings in --summary", () => {
    const run = motcua(["simulate", "--summary", "-"], jsonLines(morning(codeOf())));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Vé hủy\s+Chuyển đi\s+Chuyển đến/);
    // TP: 3 tickets, the appointment cancelled by the office, 1 voided, 1 transferred out.
    expect(run.stdout).toMatch(/TP Tư pháp – Hộ tịch\s+3\s+0\s+.*\s1\s+–\s+1\s+1\s+0\n/);
    expect(run.stdout).toMatch(/DD Đất đai – Xây dựng\s+0\s+.*\s0\s+0\s+1\n/);
    expect(run.stdout).toContain("Đánh giá: rất hài lòng 0 · hài lòng 1 · không hài lòng 0");
  });
});

describe("a real store keeps the officer actions", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "motcua-officer-store-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("projects them, and replays the stored log into the same events", () => {
    const config = loadOfficeConfig();
    const path = join(dir, "hub.db");
    const core = new QueueCore(config, { seed: 0 });
    const store = openStore({ path });
    const decided: SimEvent[][] = [];
    // The code is the seed's first: decide the booking first, then the rest with its code.
    const first = simInput.parse(booking);
    const bookedEvents = core.handle(first);
    store.append(first, bookedEvents);
    const code = (bookedEvents.find((e) => e.type === "booked") as { code: string }).code;
    decided.push(bookedEvents);
    for (const line of morning(code).slice(1)) {
      const input = simInput.parse(line);
      const events = core.handle(input);
      store.append(input, events);
      decided.push(events);
    }

    expect(store.numbers("2026-11-23").map((n) => [n.label, n.status, n.counter])).toEqual([
      ["DD-001", "served", "2"],
      ["TP-001", "served", "1"],
      ["TP-002", "voided", null],
      ["TP-003", "transferred", "1"],
    ]);
    expect(store.bookings().map((b) => [b.code, b.status])).toEqual([[code, "cancelled"]]);
    expect(store.numbers("2026-11-25").map((n) => [n.label, n.status])).toEqual([["TP-001", "cancelled"]]);
    store.close();

    // A hub restarting on this store: every stored input parses and decides the same events.
    const reopened = openStore({ path });
    const replay = new QueueCore(config, { seed: 0 });
    const entries = [...reopened.entries()];
    reopened.close();
    expect(entries).toHaveLength(decided.length);
    const inputs: SimInput[] = entries.map((e) => simInput.parse(e.input));
    expect(inputs.map((input) => replay.handle(input))).toEqual(decided);
    expect(entries.map((e) => e.events)).toEqual(decided);
  });
});
