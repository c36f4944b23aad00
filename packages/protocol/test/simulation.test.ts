import { describe, expect, it } from "vitest";
import {
  ACTION_REFUSALS,
  OFFICER_ACTIONS,
  RATING_VALUES,
  REJECT_REASONS,
  type SimEventType,
  simEvent,
  simInput,
} from "../src/index.js";

// Input and output lines of PROTOCOL.md, "Simulation: simulate".
const AT = "2026-11-23T08:05:00+07:00";

describe("scenario input lines", () => {
  const documented = [
    { at: AT, type: "sms", from: "0912345678", text: "DK Nguyen Van A KS 24/11" },
    { at: AT, type: "ticket", service: "TP", priority: false },
    { at: AT, type: "press", counter: "1", button: "next" },
    { at: AT, type: "tick" },
  ];

  it.each(documented)("accepts the documented $type line", (line) => {
    expect(simInput.parse(line)).toEqual(line);
  });

  it("accepts a ticket without priority and a time in UTC", () => {
    expect(simInput.safeParse({ at: "2026-11-23T01:05:00Z", type: "ticket", service: "TP" }).success).toBe(
      true,
    );
  });

  it("refuses an unknown type", () => {
    expect(simInput.safeParse({ at: AT, type: "call", counter: "1" }).success).toBe(false);
    expect(simInput.safeParse({ at: AT }).success).toBe(false);
  });

  it.each([
    "2026-11-23 08:05",
    "2026-11-23T08:05:00",
    "23/11/2026 08:05",
    "2026-11-23",
    "2026-13-23T08:05:00+07:00",
    "",
  ])("refuses the bad at %j", (at) => {
    expect(simInput.safeParse({ at, type: "tick" }).success).toBe(false);
  });

  it("refuses a line without at, and an at that is not text", () => {
    expect(simInput.safeParse({ type: "tick" }).success).toBe(false);
    expect(simInput.safeParse({ at: Date.parse(AT), type: "tick" }).success).toBe(false);
  });

  it("refuses lines with missing or mistyped fields", () => {
    expect(simInput.safeParse({ at: AT, type: "sms", from: "0912345678" }).success).toBe(false);
    expect(simInput.safeParse({ at: AT, type: "press", counter: "1", button: "call" }).success).toBe(false);
    expect(simInput.safeParse({ at: AT, type: "press", counter: 1, button: "next" }).success).toBe(false);
    expect(simInput.safeParse({ at: AT, type: "ticket", service: "TP", priority: "no" }).success).toBe(false);
  });
});

describe("output events", () => {
  const one: Record<SimEventType, Record<string, unknown>> = {
    sms_out: { to: "0912345678", text: "DA DAT LICH ..." },
    booked: {
      code: "7KQ4ZP",
      phone: "+84912345678",
      name: "Nguyen Van A",
      procedure: "KS",
      service: "TP",
      number: 3,
      label: "TP-003",
      counter: "1",
      time: "2026-11-24T08:20:00+07:00",
    },
    cancelled: { code: "7KQ4ZP", reason: "citizen" },
    ticket_issued: { service: "TP", number: 4, label: "TP-004", estimatedAt: "2026-11-23T08:40:00+07:00" },
    ticket_refused: { service: "XX", reason: "unknown_service" },
    called: { number: 4, label: "TP-004", service: "TP", counter: "1", kind: "walkin", repeat: false },
    served: { number: 4, label: "TP-004", service: "TP", counter: "1", kind: "walkin" },
    skipped: { number: 3, label: "TP-003", service: "TP", counter: "1", kind: "appointment" },
    blocked: { phone: "+84912345678" },
    unblocked: { phone: "+84912345678" },
    rejected: { from: "0912345678", reason: "syntax" },
    checked_in: { code: "7KQ4ZP", number: 3, label: "TP-003", officer: "lan" },
    transferred: { label: "TP-004", service: "DD", number: 2, newLabel: "DD-002", officer: "lan" },
    voided: { label: "TP-004", officer: "kiosk-1" },
    rated: { counter: "1", label: "TP-004", service: "TP", value: "satisfied" },
    action_refused: { action: "void", reason: "not_allowed", officer: "kiosk-1" },
    notice: { text: "Chiều nay nghỉ họp từ 15:00", officer: "lanh-dao" },
    config_applied: { version: 2, source: "console", cancelled: ["7KQ4ZP"], officer: "quan-tri" },
    dossier_received: {
      code: "H30.99.01-261207-0001",
      procedure: "KS",
      service: "TP",
      name: "Nguyễn Văn An",
      phone: "0912345678",
      countFrom: "2026-12-07T09:00:00+07:00",
      due: "2026-12-08T09:00:00+07:00",
    },
    step_started: {
      code: "H30.99.01-261207-0001",
      step: 1,
      name: "Thẩm định",
      role: "specialist",
      officer: "cv-tp",
      due: "2026-12-07T13:30:00+07:00",
    },
    step_done: { code: "H30.99.01-261207-0001", step: 1, officer: "cv-tp", status: "on_time" },
    step_warning: {
      code: "H30.99.01-261207-0001",
      step: 1,
      officer: "cv-tp",
      due: "2026-12-07T13:30:00+07:00",
      notified: ["cv-tp", "ld-tp"],
    },
    step_overdue: {
      code: "H30.99.01-261207-0001",
      step: 1,
      officer: "cv-tp",
      due: "2026-12-07T13:30:00+07:00",
      notified: ["cv-tp", "ld-tp"],
    },
    step_reassigned: { code: "H30.99.01-261207-0001", step: 1, from: "cv-tp", to: "cv-dd" },
    dossier_paused: { code: "H30.99.01-261207-0001", reason: "supplement" },
    dossier_resumed: {
      code: "H30.99.01-261207-0001",
      countFrom: "2026-12-09T07:30:00+07:00",
      due: "2026-12-10T07:30:00+07:00",
    },
    dossier_late: { code: "H30.99.01-261207-0001", due: "2026-12-08T09:00:00+07:00" },
    apology_sent: { code: "H30.99.01-261207-0001", newDue: "2026-12-10T17:30:00+07:00" },
    dossier_result_ready: { code: "H30.99.01-261207-0001", status: "early" },
    dossier_returned: { code: "H30.99.01-261207-0001" },
  };

  it.each(Object.entries(one))("accepts a %s event", (type, fields) => {
    const event = { at: AT, type, ...fields };
    expect(simEvent.parse(event)).toEqual(event);
  });

  it.each(REJECT_REASONS)("accepts the rejection reason %s", (reason) => {
    expect(simEvent.safeParse({ at: AT, type: "rejected", from: "0912345678", reason }).success).toBe(true);
  });

  it.each(["citizen", "no_show", "officer"])("accepts the cancellation reason %s", (reason) => {
    expect(simEvent.safeParse({ at: AT, type: "cancelled", code: "ABC234", reason }).success).toBe(true);
  });

  it.each(["closed", "full", "unknown_service"])("accepts the ticket refusal %s", (reason) => {
    expect(simEvent.safeParse({ at: AT, type: "ticket_refused", service: "TP", reason }).success).toBe(true);
  });

  it("the rejection reasons are exactly those of RULES.md", () => {
    expect([...REJECT_REASONS].sort()).toEqual(
      [
        "syntax",
        "unknown_procedure",
        "bad_date",
        "past_date",
        "too_far",
        "closed_hours",
        "full",
        "limit",
        "blocked",
        "rate_limited",
        "not_found",
        "not_allowed", // DOSSIERS.md's addition, for XONG
      ].sort(),
    );
  });

  it("refuses unknown types, unknown reasons, missing fields and events without at", () => {
    expect(simEvent.safeParse({ at: AT, type: "booked_maybe" }).success).toBe(false);
    expect(simEvent.safeParse({ at: AT, type: "rejected", from: "x", reason: "bored" }).success).toBe(false);
    expect(simEvent.safeParse({ at: AT, type: "cancelled", code: "X", reason: "weather" }).success).toBe(
      false,
    );
    expect(simEvent.safeParse({ at: AT, type: "called", ...one.served }).success).toBe(false);
    expect(simEvent.safeParse({ type: "blocked", phone: "+84912345678" }).success).toBe(false);
    expect(simEvent.safeParse({ at: AT, type: "booked", ...one.booked, time: "08:20" }).success).toBe(false);
  });
});

// PROTOCOL.md "Officer actions and ratings".
describe("officer actions and ratings", () => {
  const lines = [
    { at: AT, type: "checkin", code: "7KQ4ZP", officer: "lan" },
    { at: AT, type: "call", counter: "1", label: "TP-007", officer: "lan" },
    { at: AT, type: "transfer", label: "TP-007", service: "DD", officer: "lan" },
    { at: AT, type: "void", label: "TP-007", officer: "kiosk-1" },
    { at: AT, type: "officer_cancel", code: "7KQ4ZP", officer: "lan" },
    { at: AT, type: "unblock", phone: "0912345678", officer: "lan" },
    { at: AT, type: "rating", counter: "1", value: "very_satisfied" },
    { at: AT, type: "rating", counter: "1", value: "unsatisfied", id: "pad-1-42" },
  ];

  it.each(lines)("accepts the $type line", (line) => {
    expect(simInput.parse(line)).toEqual(line);
  });

  it("lists the six officer actions and the three rating values", () => {
    expect([...OFFICER_ACTIONS].sort()).toEqual(
      ["call", "checkin", "officer_cancel", "transfer", "unblock", "void"].sort(),
    );
    expect(RATING_VALUES).toEqual(["very_satisfied", "satisfied", "unsatisfied"]);
    expect(ACTION_REFUSALS).toEqual(["not_found", "not_allowed", "invalid"]);
  });

  it("reads the console's pause with its officer and the notice, at most 120 characters", () => {
    const pause = { at: AT, type: "press", counter: "1", button: "pause", officer: "can-bo-1" };
    expect(simInput.parse(pause)).toEqual(pause);
    const notice = { at: AT, type: "notice", text: "Chiều nay nghỉ họp", officer: "lanh-dao" };
    expect(simInput.parse(notice)).toEqual(notice);
    expect(simInput.safeParse({ ...notice, text: "" }).success).toBe(true);
    expect(simInput.safeParse({ ...notice, text: "x".repeat(121) }).success).toBe(false);
    expect(simInput.safeParse({ at: AT, type: "notice", text: "x" }).success).toBe(false);
  });

  it("still reads an unblock stored before officers were named", () => {
    expect(simInput.safeParse({ at: AT, type: "unblock", phone: "0912345678" }).success).toBe(true);
  });

  it("refuses an officer action that names no officer", () => {
    for (const line of lines.slice(0, 5)) {
      const { officer: _, ...anonymous } = line as { officer?: string };
      expect(simInput.safeParse(anonymous).success, JSON.stringify(anonymous)).toBe(false);
      expect(simInput.safeParse({ ...line, officer: "" }).success).toBe(false);
    }
  });

  it("lets a malformed label or rating value through, for the core to refuse as invalid", () => {
    expect(simInput.safeParse({ at: AT, type: "void", label: "hello", officer: "lan" }).success).toBe(true);
    expect(simInput.safeParse({ at: AT, type: "rating", counter: "1", value: "meh" }).success).toBe(true);
  });

  it("keeps a rated event to the three values and a refusal to its actions and reasons", () => {
    const rated = { at: AT, type: "rated", counter: "1", label: "TP-004", service: "TP" };
    expect(simEvent.safeParse({ ...rated, value: "meh" }).success).toBe(false);
    const refused = { at: AT, type: "action_refused", reason: "invalid" };
    expect(simEvent.safeParse({ ...refused, action: "rating" }).success).toBe(true);
    expect(simEvent.safeParse({ ...refused, action: "press" }).success).toBe(false);
    expect(simEvent.safeParse({ ...refused, action: "void", reason: "bored" }).success).toBe(false);
  });

  it("carries the officer on the events an action causes", () => {
    const served = { at: AT, type: "served", ...{ number: 4, label: "TP-004", service: "TP" } };
    const event = { ...served, counter: "1", kind: "walkin", officer: "lan" };
    expect(simEvent.parse(event)).toEqual(event);
    const cancelled = { at: AT, type: "cancelled", code: "7KQ4ZP", reason: "officer", officer: "lan" };
    expect(simEvent.parse(cancelled)).toEqual(cancelled);
  });
});
