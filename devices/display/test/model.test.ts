// The page's picture from the hub's messages (web/model.ts), its dates, and the spoken sentence.
import type { Board, Call, CounterState } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { callSentence, spokenLabel } from "../src/speech.js";
import {
  hubNow,
  initialModel,
  type Message,
  type Model,
  readMessage,
  STATUS_WORDS,
  shownStatus,
  unreachable,
  update,
} from "../web/model.js";
import { hhmm, officeDateTime, vietnameseDate } from "../web/time.js";

const limits = { recentCalls: 3 };
const state = (
  counter: string,
  label: string | null,
  calledAt = "2026-11-25T08:00:00+07:00",
): CounterState => ({
  counter,
  status: "open",
  waiting: 2,
  serving:
    label === null
      ? null
      : { number: Number(label.slice(3)), label, service: label.slice(0, 2), kind: "walkin", calledAt },
});
const call = (counter: string, label: string, at: string, repeat = false): Call => ({
  number: Number(label.slice(3)),
  label,
  service: label.slice(0, 2),
  counter,
  kind: "walkin",
  repeat,
  at,
});
const board = (counters: CounterState[]): Board => ({
  at: "2026-11-25T08:00:00+07:00",
  date: "2026-11-25",
  session: "morning",
  counters,
  waiting: { TP: 4 },
  appointments: [
    {
      number: 2,
      label: "TP-002",
      service: "TP",
      counter: "1",
      time: "2026-11-25T09:00:00+07:00",
      status: "no_show",
    },
    {
      number: 1,
      label: "TP-001",
      service: "TP",
      counter: "1",
      time: "2026-11-25T08:40:00+07:00",
      status: "booked",
    },
  ],
});
/** The page's clock when each message arrives. */
const PAGE_NOW = Date.parse("2026-11-22T13:00:00Z");
const apply = (messages: Message[], model: Model = initialModel()) =>
  messages.reduce((m, msg) => update(m, msg, limits, PAGE_NOW), model);

describe("the page's model", () => {
  it("takes the whole picture from a retained board, appointments in time order", () => {
    const m = apply([{ kind: "board", board: board([state("1", "TP-003"), state("2", null)]), live: false }]);
    expect(m.counters["1"]?.serving?.label).toBe("TP-003");
    expect(m.counters["2"]?.serving).toBeNull();
    expect(m.waiting).toEqual({ TP: 4 });
    expect(m.appointments.map((a) => a.label)).toEqual(["TP-001", "TP-002"]);
    expect(m.recent).toEqual([
      { counter: "1", label: "TP-003", service: "TP", at: "2026-11-25T08:00:00+07:00" },
    ]);
    expect(m.date).toBe("2026-11-25");
    // A retained board may be hours old: it does not set the clock.
    expect(hubNow(m, PAGE_NOW)).toBe(PAGE_NOW);
  });

  it("shows a call's number at once, newest call first, a recall moved to the front", () => {
    const m = apply([
      { kind: "call", call: call("1", "TP-001", "2026-11-25T08:00:00+07:00") },
      { kind: "call", call: call("2", "DD-001", "2026-11-25T08:01:00+07:00") },
      { kind: "call", call: call("1", "TP-001", "2026-11-25T08:02:00+07:00", true) },
    ]);
    expect(m.counters["1"]?.serving?.label).toBe("TP-001");
    expect(m.counters["1"]?.serving?.calledAt).toBe("2026-11-25T08:00:00+07:00");
    expect(m.recent.map((r) => r.label)).toEqual(["TP-001", "DD-001"]);
    expect(m.calls).toBe(3);
    // A live call tells the hub's time: the page's clock follows it.
    expect(hubNow(m, PAGE_NOW + 1000)).toBe(Date.parse("2026-11-25T08:02:01+07:00"));
  });

  it("shows the hub's clock from its retained clock, before any call, at the hub's speed", () => {
    const clock = { at: "2026-11-25T07:30:00+07:00", realAt: "2026-11-22T12:59:00Z", speed: 30 };
    const message = readMessage("son-tay", "motcua/son-tay/clock", JSON.stringify(clock), true) as Message;
    expect(message).toEqual({ kind: "clock", clock });
    const m = apply([message]);
    // The clock was read a real minute before the page's now: 30 minutes of the hub's.
    expect(hubNow(m, PAGE_NOW)).toBe(Date.parse("2026-11-25T08:00:00+07:00"));
    // A live call then anchors it again, keeping the speed.
    const called = apply([{ kind: "call", call: call("1", "TP-001", "2026-11-25T08:00:05+07:00") }], m);
    expect(hubNow(called, PAGE_NOW + 1000)).toBe(Date.parse("2026-11-25T08:00:35+07:00"));
    expect(readMessage("son-tay", "motcua/son-tay/clock", '{"at":"x"}', true)).toBeUndefined();
  });

  it("keeps the last calls bounded however many come", () => {
    const messages: Message[] = [];
    for (let i = 1; i <= 5000; i++)
      messages.push({
        kind: "call",
        call: call(String((i % 40) + 1), `TP-${String(i).padStart(3, "0")}`, "2026-11-25T08:00:00+07:00"),
      });
    const m = apply(messages);
    expect(m.recent).toHaveLength(3);
    expect(m.recent[0]?.label).toBe("TP-5000");
    expect(Object.keys(m.counters)).toHaveLength(40);
  });

  it("adds a retained counter state's number to the last calls only when it is not there yet", () => {
    const m = apply([
      { kind: "call", call: call("1", "TP-004", "2026-11-25T08:05:00+07:00") },
      { kind: "state", state: state("1", "TP-004", "2026-11-25T08:05:00+07:00"), live: true },
      { kind: "state", state: state("2", "DD-002", "2026-11-25T07:50:00+07:00"), live: false },
    ]);
    expect(m.recent.map((r) => r.label)).toEqual(["TP-004", "DD-002"]);
  });

  it("is unreachable while the link is down or the hub says offline", () => {
    let m = initialModel();
    expect(unreachable(m)).toBe(true);
    m = apply([{ kind: "link", link: "online" }], m);
    expect(unreachable(m)).toBe(false);
    m = apply([{ kind: "hub", status: "offline" }], m);
    expect(unreachable(m)).toBe(true);
    m = apply([{ kind: "hub", status: "online" }], m);
    expect(unreachable(m)).toBe(false);
    m = apply([{ kind: "link", link: "offline" }], m);
    expect(unreachable(m)).toBe(true);
  });

  it("reads the hub's topics and ignores what it cannot read", () => {
    const o = "son-tay";
    const json = (v: unknown) => JSON.stringify(v);
    expect(readMessage(o, "motcua/son-tay/device/hub/status", "offline", true)).toEqual({
      kind: "hub",
      status: "offline",
    });
    // The contract's JSON string, and the bare word some devices send.
    expect(readMessage(o, "motcua/son-tay/device/hub/status", '"online"', true)).toEqual({
      kind: "hub",
      status: "online",
    });
    expect(readMessage(o, "motcua/son-tay/device/hub/status", "maybe", true)).toBeUndefined();
    expect(readMessage(o, "motcua/son-tay/board", json(board([])), true)).toMatchObject({
      kind: "board",
      live: false,
    });
    expect(readMessage(o, "motcua/son-tay/board", "{not json", false)).toBeUndefined();
    expect(readMessage(o, "motcua/son-tay/board", json({ date: "x" }), false)).toBeUndefined();
    expect(
      readMessage(o, "motcua/son-tay/calls", json(call("1", "TP-001", "2026-11-25T08:00:00+07:00")), false),
    ).toMatchObject({ kind: "call" });
    expect(readMessage(o, "motcua/son-tay/counter/2/state", json(state("2", null)), false)).toMatchObject({
      kind: "state",
      live: true,
    });
    expect(readMessage(o, "motcua/other/calls", json(call("1", "TP-001", "x")), false)).toBeUndefined();
    expect(readMessage(o, "motcua/son-tay/display/notice", " Nghỉ lễ 2/9 ", true)).toEqual({
      kind: "notice",
      text: "Nghỉ lễ 2/9",
    });
    expect(readMessage(o, "motcua/son-tay/display/notice", '"Nghỉ lễ 2/9"', true)).toEqual({
      kind: "notice",
      text: "Nghỉ lễ 2/9",
    });
    const cleared = apply([
      { kind: "notice", text: "Nghỉ lễ" },
      readMessage(o, "motcua/son-tay/display/notice", "", true) as Message,
    ]);
    expect(cleared.notice).toBeUndefined();
  });
});

describe("dates and times on the wall", () => {
  it("names the Vietnamese weekday", () => {
    expect(vietnameseDate("2026-11-25")).toBe("Thứ Tư, 25/11/2026");
    expect(vietnameseDate("2026-11-22")).toBe("Chủ Nhật, 22/11/2026");
    expect(vietnameseDate("2026-11-28")).toBe("Thứ Bảy, 28/11/2026");
    expect(vietnameseDate("2027-01-04")).toBe("Thứ Hai, 04/01/2027");
  });

  it("tells the office's date and time whatever the machine's zone", () => {
    // 17:30 UTC is 00:30 the next day in Hà Nội.
    expect(officeDateTime(Date.parse("2026-11-24T17:30:05Z"), "Asia/Ho_Chi_Minh")).toEqual({
      date: "2026-11-25",
      time: "00:30:05",
    });
    expect(hhmm("2026-11-25T08:40:00+07:00")).toBe("08:40");
  });
});

describe("an appointment's status on the wall", () => {
  it("says 'Đã đến' for one checked in and still waiting for its call, its status otherwise", () => {
    const shown = (status: Board["appointments"][number]["status"], arrived?: boolean) =>
      STATUS_WORDS[shownStatus(arrived === undefined ? { status } : { status, arrived })];
    expect(shown("booked")).toBe("Đã hẹn");
    expect(shown("booked", true)).toBe("Đã đến");
    // Checked in during the grace period of a missed call: here, to be called again.
    expect(shown("grace", true)).toBe("Đã đến");
    expect(shown("grace")).toBe("Chờ gọi lại");
    // Once called, the board's own status says more than presence.
    expect(shown("called", true)).toBe("Đang gọi");
    expect(shown("served", true)).toBe("Đã tiếp nhận");
    expect(shown("cancelled", true)).toBe("Đã hủy");
    expect(shown("no_show", true)).toBe("Vắng mặt");
    // Precomposed Vietnamese, as every word of the page.
    expect(STATUS_WORDS.arrived).toBe("Đã đến".normalize("NFC"));
  });
});

describe("the spoken call", () => {
  it("spells the service's letters by their Vietnamese names and says the number", () => {
    expect(spokenLabel("TP-012")).toBe("tê pê, 12");
    expect(spokenLabel("DD-001")).toBe("dê dê, 1");
    expect(spokenLabel("XH-120")).toBe("ích xì hát, 120");
    expect(spokenLabel("3")).toBe("3");
    expect(spokenLabel("A2")).toBe("a 2");
  });

  it("fills the template", () => {
    const voice = { template: "Mời công dân số {number} đến quầy số {counter}", say: "label" as const };
    expect(callSentence("TP-012", "1", voice)).toBe("Mời công dân số tê pê, 12 đến quầy số 1");
    expect(callSentence("TP-012", "2", { ...voice, say: "number" })).toBe("Mời công dân số 12 đến quầy số 2");
  });
});
