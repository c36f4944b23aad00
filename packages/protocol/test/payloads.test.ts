import { describe, expect, it } from "vitest";
import {
  board,
  call,
  counterAck,
  counterPress,
  counterRating,
  counterState,
  decodePayload,
  deviceStatus,
  hubClock,
  hubTimeAt,
  isUtf8,
  kioskHealth,
  kioskPress,
  kioskTicket,
  kioskVoid,
  MAX_PAYLOAD_BYTES,
  PayloadError,
  readNotice,
  readPresence,
} from "../src/index.js";

// Examples follow shared/spec/PROTOCOL.md, "Devices → hub" and "Hub → devices".
const AT = "2026-11-23T08:00:00+07:00";

const examples = {
  counterPress: { id: "c1-0001", button: "next" },
  kioskPress: { id: "k1-0001", service: "TP", priority: false },
  kioskPressWithoutPriority: { id: "k1-0002", service: "TP" },
  ticket: {
    requestId: "k1-0001",
    service: "TP",
    serviceName: "Tư pháp – Hộ tịch",
    number: 12,
    label: "TP-012",
    counters: ["1"],
    waiting: 3,
    estimatedAt: "2026-11-23T08:30:00+07:00",
    issuedAt: AT,
  },
  ticketError: {
    requestId: "k1-0003",
    error: { code: "closed", message: "Bộ phận Một cửa đã hết giờ nhận hồ sơ" },
  },
  call: { number: 12, label: "TP-012", service: "TP", counter: "1", kind: "walkin", repeat: false, at: AT },
  counterStateServing: {
    counter: "1",
    status: "open",
    serving: { number: 12, label: "TP-012", service: "TP", kind: "appointment", calledAt: AT },
    waiting: 2,
  },
  counterStateIdle: { counter: "2", status: "paused", serving: null, waiting: 0 },
};

const boardExample = {
  at: AT,
  date: "2026-11-23",
  session: "morning",
  counters: [examples.counterStateServing, examples.counterStateIdle],
  waiting: { TP: 3 },
  appointments: [
    { number: 5, label: "TP-005", service: "TP", counter: "1", time: AT, status: "booked" },
    { number: 6, label: "TP-006", service: "TP", counter: "1", time: AT, status: "no_show" },
  ],
};

function refuses(f: () => unknown): PayloadError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  throw new Error("expected a PayloadError, but the payload was accepted");
}

describe("counter press", () => {
  it.each(["next", "recall", "skip", "pause", "resume"])("accepts the button %s", (button) => {
    expect(counterPress.parse({ id: "x1", button })).toEqual({ id: "x1", button });
  });

  it("accepts the documented example, through decodePayload as bytes too", () => {
    const bytes = new TextEncoder().encode(JSON.stringify(examples.counterPress));
    expect(decodePayload(counterPress, bytes)).toEqual(examples.counterPress);
  });

  it("refuses a press without an id, or with an empty one", () => {
    const e = refuses(() => decodePayload(counterPress, JSON.stringify({ button: "next" })));
    expect(e.issues.join()).toMatch(/^id:/);
    expect(counterPress.safeParse({ id: "", button: "next" }).success).toBe(false);
  });

  it("refuses an unknown button", () => {
    const e = refuses(() => decodePayload(counterPress, JSON.stringify({ id: "x", button: "call" })));
    expect(e.issues.join()).toMatch(/^button:/);
  });

  it("refuses wrong types", () => {
    expect(counterPress.safeParse({ id: 1, button: "next" }).success).toBe(false);
    expect(counterPress.safeParse({ id: "x", button: ["next"] }).success).toBe(false);
    expect(counterPress.safeParse("next").success).toBe(false);
  });
});

describe("kiosk press", () => {
  it("accepts the documented example, with and without priority", () => {
    expect(kioskPress.parse(examples.kioskPress)).toEqual(examples.kioskPress);
    expect(kioskPress.parse(examples.kioskPressWithoutPriority)).toEqual(examples.kioskPressWithoutPriority);
    expect(kioskPress.parse({ ...examples.kioskPress, priority: true }).priority).toBe(true);
  });

  it("refuses a missing id, a missing service and wrong types", () => {
    expect(kioskPress.safeParse({ service: "TP" }).success).toBe(false);
    expect(kioskPress.safeParse({ id: "k" }).success).toBe(false);
    expect(kioskPress.safeParse({ id: "k", service: "TP", priority: "yes" }).success).toBe(false);
    expect(kioskPress.safeParse({ id: "k", service: 7 }).success).toBe(false);
  });
});

describe("kiosk ticket", () => {
  it("accepts a ticket and an error answer", () => {
    expect(kioskTicket.parse(examples.ticket)).toEqual(examples.ticket);
    expect(kioskTicket.parse(examples.ticketError)).toEqual(examples.ticketError);
  });

  it.each(["closed", "full", "unknown_service"])("accepts the error code %s", (code) => {
    expect(kioskTicket.safeParse({ requestId: "r", error: { code, message: "…" } }).success).toBe(true);
  });

  it("refuses an unknown error code, a time without offset and a bad number", () => {
    expect(kioskTicket.safeParse({ requestId: "r", error: { code: "broken", message: "" } }).success).toBe(
      false,
    );
    expect(kioskTicket.safeParse({ ...examples.ticket, issuedAt: "2026-11-23T08:00:00" }).success).toBe(
      false,
    );
    expect(kioskTicket.safeParse({ ...examples.ticket, number: 0 }).success).toBe(false);
    expect(kioskTicket.safeParse({ ...examples.ticket, number: "12" }).success).toBe(false);
    const { requestId: _, ...withoutRequest } = examples.ticket;
    expect(kioskTicket.safeParse(withoutRequest).success).toBe(false);
  });
});

describe("call", () => {
  it("accepts the documented example, walk-in and appointment, first and repeated", () => {
    expect(call.parse(examples.call)).toEqual(examples.call);
    expect(call.parse({ ...examples.call, kind: "appointment", repeat: true }).repeat).toBe(true);
  });

  it("refuses an unknown kind, a missing repeat and a non-ISO time", () => {
    expect(call.safeParse({ ...examples.call, kind: "vip" }).success).toBe(false);
    const { repeat: _, ...withoutRepeat } = examples.call;
    expect(call.safeParse(withoutRepeat).success).toBe(false);
    expect(call.safeParse({ ...examples.call, at: "23/11/2026 08:00" }).success).toBe(false);
  });
});

describe("counter state", () => {
  it("accepts a serving and an idle paused counter", () => {
    expect(counterState.parse(examples.counterStateServing)).toEqual(examples.counterStateServing);
    expect(counterState.parse(examples.counterStateIdle)).toEqual(examples.counterStateIdle);
  });

  it("refuses an unknown status, a missing serving and negative waiting", () => {
    expect(counterState.safeParse({ ...examples.counterStateIdle, status: "closed" }).success).toBe(false);
    const { serving: _, ...withoutServing } = examples.counterStateIdle;
    expect(counterState.safeParse(withoutServing).success).toBe(false);
    expect(counterState.safeParse({ ...examples.counterStateIdle, waiting: -1 }).success).toBe(false);
  });
});

describe("board", () => {
  it("accepts the whole picture", () => {
    expect(board.parse(boardExample)).toEqual(boardExample);
  });

  it.each(["booked", "called", "grace", "served", "cancelled", "no_show"])(
    "accepts the appointment status %s",
    (status) => {
      const b = { ...boardExample, appointments: [{ ...boardExample.appointments[0], status }] };
      expect(board.safeParse(b).success).toBe(true);
    },
  );

  it.each(["morning", "afternoon", "closed"])("accepts the session %s", (session) => {
    expect(board.safeParse({ ...boardExample, session }).success).toBe(true);
  });

  it("refuses an unknown session or status, a bad date and a non-number waiting count", () => {
    expect(board.safeParse({ ...boardExample, session: "evening" }).success).toBe(false);
    const badStatus = {
      ...boardExample,
      appointments: [{ ...boardExample.appointments[0], status: "late" }],
    };
    expect(board.safeParse(badStatus).success).toBe(false);
    expect(board.safeParse({ ...boardExample, date: "23/11/2026" }).success).toBe(false);
    expect(board.safeParse({ ...boardExample, waiting: { TP: "3" } }).success).toBe(false);
  });
});

describe("device status", () => {
  it("accepts online and offline only", () => {
    expect(deviceStatus.parse("online")).toBe("online");
    expect(deviceStatus.parse("offline")).toBe("offline");
    expect(deviceStatus.safeParse("away").success).toBe(false);
    expect(decodePayload(deviceStatus, '"offline"')).toBe("offline");
  });
});

describe("decodePayload", () => {
  it("refuses a payload that is not JSON", () => {
    const e = refuses(() => decodePayload(counterPress, "next"));
    expect(e.message).toMatch(/not JSON/);
    refuses(() => decodePayload(counterPress, new Uint8Array([0x7b, 0x22, 0xff])));
  });

  it("refuses an extra-large payload unread, even when it would be valid", () => {
    const huge = JSON.stringify({ id: "x".repeat(MAX_PAYLOAD_BYTES), button: "next" });
    const e = refuses(() => decodePayload(counterPress, huge));
    expect(e.message).toMatch(/over/);
    refuses(() => decodePayload(counterPress, new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(0x20)));
  });

  it("counts bytes, not characters, against the limit", () => {
    // 6 000 Vietnamese characters of 3 bytes each: under the limit in characters, over it in bytes.
    const text = JSON.stringify({ id: "k", service: "TP", note: "ệ".repeat(6000) });
    expect(text.length).toBeLessThan(MAX_PAYLOAD_BYTES);
    refuses(() => decodePayload(kioskPress, text));
  });

  it("lists every issue with its path", () => {
    const e = refuses(() => decodePayload(counterPress, JSON.stringify({ id: 3, button: "nope" })));
    expect(e.issues).toHaveLength(2);
    expect(e.issues.some((i) => i.startsWith("id:"))).toBe(true);
    expect(e.issues.some((i) => i.startsWith("button:"))).toBe(true);
  });

  it("refuses JSON that is not an object", () => {
    refuses(() => decodePayload(counterPress, "null"));
    refuses(() => decodePayload(counterPress, "[]"));
  });

  it("accepts fields beyond those listed (the contract may grow)", () => {
    expect(
      decodePayload(counterPress, JSON.stringify({ ...examples.counterPress, firmware: "1.2" })),
    ).toMatchObject(examples.counterPress);
  });
});

describe("strict UTF-8", () => {
  it("refuses a payload that is not valid UTF-8 instead of reading it lossily", () => {
    const bytes = new Uint8Array([
      ...Buffer.from('{"id":"a","button":"next","x":"'),
      0xc3,
      0x28,
      ...Buffer.from('"}'),
    ]);
    expect(() => decodePayload(counterPress, bytes)).toThrow(/not valid UTF-8/);
    expect(isUtf8(bytes)).toBe(false);
  });

  it("reads Vietnamese in UTF-8 as it is", () => {
    const bytes = Buffer.from(JSON.stringify("Hôm nay nghỉ lễ"));
    expect(isUtf8(bytes)).toBe(true);
    expect(readNotice(bytes)).toBe("Hôm nay nghỉ lễ");
  });

  it("reads presence as JSON or bare, and nothing from invalid bytes", () => {
    expect(readPresence('"online"')).toBe("online");
    expect(readPresence("offline")).toBe("offline");
    expect(readPresence(new Uint8Array([0xff, 0xfe]))).toBeUndefined();
    expect(readPresence('"maybe"')).toBeUndefined();
  });
});

describe("counter ack", () => {
  it("accepts a stored press with its call, a duplicate, and a refusal", () => {
    const stored = {
      id: "p1",
      ok: true,
      at: "2026-11-25T08:00:00+07:00",
      duplicate: false,
      called: { number: 3, label: "TP-003", service: "TP", kind: "walkin", repeat: false },
    };
    expect(decodePayload(counterAck, JSON.stringify(stored))).toEqual(stored);
    expect(
      decodePayload(counterAck, JSON.stringify({ ...stored, duplicate: true, called: null })),
    ).toMatchObject({ duplicate: true, called: null });
    const refused = { id: "p2", ok: false, error: { code: "rate_limited", message: "Bấm quá nhanh" } };
    expect(decodePayload(counterAck, JSON.stringify(refused))).toEqual(refused);
  });

  it("carries, for a rating, whom it was recorded for or why the queue refused it", () => {
    const base = { id: "r1", ok: true, at: "2026-11-25T08:00:00+07:00", duplicate: false, called: null };
    const rated = { ...base, rated: { label: "TP-003", service: "TP", value: "satisfied" } };
    expect(decodePayload(counterAck, JSON.stringify(rated))).toEqual(rated);
    const refused = { ...base, refused: { reason: "not_allowed" } };
    expect(decodePayload(counterAck, JSON.stringify(refused))).toEqual(refused);
    expect(() =>
      decodePayload(counterAck, JSON.stringify({ ...base, rated: { ...rated.rated, value: "meh" } })),
    ).toThrow(PayloadError);
    expect(() => decodePayload(counterAck, JSON.stringify({ ...base, refused: { reason: "why" } }))).toThrow(
      PayloadError,
    );
  });

  it("refuses an unknown refusal code or a stored answer without its time", () => {
    expect(() =>
      decodePayload(counterAck, JSON.stringify({ id: "p", ok: false, error: { code: "nope", message: "" } })),
    ).toThrow(PayloadError);
    expect(() =>
      decodePayload(counterAck, JSON.stringify({ id: "p", ok: true, duplicate: false, called: null })),
    ).toThrow(PayloadError);
  });
});

describe("kiosk void and health, rating", () => {
  it("accepts the kiosk's void notice and printer health", () => {
    const notice = {
      requestId: "r1",
      service: "TP",
      priority: false,
      reason: "print_failed",
      number: 4,
      label: "TP-004",
      at: "2026-11-25T08:00:00+07:00",
    };
    expect(decodePayload(kioskVoid, JSON.stringify(notice))).toEqual(notice);
    expect(() => decodePayload(kioskVoid, JSON.stringify({ ...notice, reason: "bored" }))).toThrow(
      PayloadError,
    );
    const health = { printer: "paper_out", paperLow: true, answered: true, at: "2026-11-25T08:00:00+07:00" };
    expect(decodePayload(kioskHealth, JSON.stringify(health))).toEqual(health);
  });

  it("accepts the three ratings only", () => {
    for (const value of ["very_satisfied", "satisfied", "unsatisfied"])
      expect(decodePayload(counterRating, JSON.stringify({ id: "r", value }))).toEqual({ id: "r", value });
    expect(() => decodePayload(counterRating, JSON.stringify({ id: "r", value: "meh" }))).toThrow(
      PayloadError,
    );
  });
});

describe("hub clock", () => {
  const clock = { at: "2026-11-25T07:30:00+07:00", realAt: "2026-12-03T20:00:00+07:00", speed: 30 };

  it("accepts the hub's clock and refuses a speed that is not positive", () => {
    expect(hubClock.parse(clock)).toEqual(clock);
    expect(hubClock.safeParse({ ...clock, speed: 0 }).success).toBe(false);
    expect(hubClock.safeParse({ ...clock, at: "tomorrow" }).success).toBe(false);
  });

  it("gives the hub's time at a reader's machine time, running at the hub's speed", () => {
    const realAt = Date.parse(clock.realAt);
    expect(hubTimeAt(clock, realAt)).toBe(Date.parse(clock.at));
    // One real minute later the hub's clock has run 30 minutes.
    expect(hubTimeAt(clock, realAt + 60_000)).toBe(Date.parse("2026-11-25T08:00:00+07:00"));
  });
});
