import { describe, expect, it } from "vitest";
import { MON, must, Office, onBoard, THU, t, WED } from "./calling-helpers.js";

/** PROTOCOL.md `board`: the wall display's whole picture. */
describe("board()", () => {
  function wednesdayMorning() {
    const office = new Office();
    const tp = office.bookMany(WED, 5); // TP-001…TP-005, 08:00…08:40, counter 1
    const [dd] = office.bookMany(WED, 1, { procedure: "HG", first: 6, from: t(MON, "09:10") });
    const [tp1, tp2, tp3, tp4, tp5] = tp.map((b) => must(b));
    const dd1 = must(dd);
    office.walkIn(t(WED, "07:40"), "XH");
    office.walkIn(t(WED, "07:41"), "XH");
    office.pause(t(WED, "07:45"), "3");
    office.sms(t(WED, "07:50"), must(tp4).phone, `HUY ${must(tp4).code}`);
    office.tick(t(WED, "08:00")); // TP-001 at counter 1, DD-001 at counter 2
    office.next(t(WED, "08:05"), "1"); // TP-001 served; TP-002 not due yet: idle
    office.tick(t(WED, "08:10")); // TP-002 called by itself
    office.skip(t(WED, "08:11"), "1"); // TP-002 in grace until 08:20
    office.tick(t(WED, "08:20")); // TP-002 no-show; TP-003 called by itself
    office.skip(t(WED, "08:21"), "1"); // TP-003 in grace until 08:30
    office.walkIn(t(WED, "08:25"), "TP"); // TP-006 waiting
    return { office, tp1: must(tp1), tp2: must(tp2), tp3: must(tp3), tp4: must(tp4), tp5: must(tp5), dd1 };
  }

  it("shows today's appointments with every status, the counters and the waiting walk-ins", () => {
    const { office, tp1, tp2, tp3, tp4, tp5, dd1 } = wednesdayMorning();
    expect(dd1.label).toBe("DD-001");
    expect(dd1.time).toBe(t(WED, "08:00"));
    expect(office.core.board()).toEqual({
      at: t(WED, "08:25"),
      date: WED,
      session: "morning",
      counters: [
        { counter: "1", status: "open", serving: null, waiting: 1 },
        {
          counter: "2",
          status: "open",
          serving: {
            number: 1,
            label: "DD-001",
            service: "DD",
            kind: "appointment",
            calledAt: t(WED, "08:00"),
          },
          waiting: 0,
        },
        { counter: "3", status: "paused", serving: null, waiting: 2 },
      ],
      waiting: { TP: 1, DD: 0, XH: 2, VH: 0 },
      appointments: [
        onBoard(tp1, "served"),
        onBoard(dd1, "called"),
        onBoard(tp2, "no_show"),
        onBoard(tp3, "grace"),
        onBoard(tp4, "cancelled"),
        onBoard(tp5, "booked"),
      ],
    });
  });

  it("follows the re-call, the next no-show and the next automatic call", () => {
    const { office, tp3 } = wednesdayMorning();
    office.next(t(WED, "08:26"), "1"); // TP-003 re-called in its grace period
    expect(office.core.board().counters[0]).toEqual({
      counter: "1",
      status: "open",
      serving: { number: 3, label: "TP-003", service: "TP", kind: "appointment", calledAt: t(WED, "08:26") },
      waiting: 1,
    });
    expect(office.core.board().appointments.find((a) => a.label === "TP-003")?.status).toBe("called");
    office.next(t(WED, "08:35"), "1"); // TP-003 served; TP-006 called
    const board = office.core.board();
    expect(board.appointments.find((a) => a.label === tp3.label)?.status).toBe("served");
    expect(board.waiting.TP).toBe(0);
    expect(board.counters[0]?.serving?.label).toBe("TP-006");
  });

  it("lists only today's appointments and says when the office is closed", () => {
    const { office } = wednesdayMorning();
    office.tick(t(WED, "12:00"));
    expect(office.core.board().session).toBe("closed");
    office.tick(t(WED, "14:00"));
    expect(office.core.board().session).toBe("afternoon");
    office.tick(t(THU, "07:00"));
    const thursday = office.core.board();
    expect(thursday).toMatchObject({ date: THU, session: "closed", appointments: [] });
    expect(thursday.counters.map((c) => [c.status, c.serving])).toEqual([
      ["open", null],
      ["open", null],
      ["paused", null],
    ]);
  });
});
