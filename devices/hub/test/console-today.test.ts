// The console's picture of the day (GET /api/today, /api/live) as a pure projection of the core:
// a Monday morning with a same-day booking, walk-ins in every state and a notice.
import { loadOfficeConfig } from "@motcua/config";
import { QueueCore } from "@motcua/core";
import type { SimInput } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { maskPhone, todayOf } from "../src/console/today.js";

const config = loadOfficeConfig();
const at = (clock: string) => `2026-11-23T${clock}:00+07:00`; // a Monday

function morning(): QueueCore {
  const core = new QueueCore(config);
  const inputs: SimInput[] = [
    { at: at("07:31"), type: "sms", from: "0912345678", text: "DK Nguyen Van An KS 23/11" },
    { at: at("07:40"), type: "ticket", service: "TP" }, // TP-00x: served
    { at: at("07:41"), type: "ticket", service: "TP", priority: true }, // called now at counter 1
    { at: at("07:42"), type: "ticket", service: "TP" }, // voided
    { at: at("07:43"), type: "ticket", service: "DD" }, // waiting
    { at: at("07:50"), type: "notice", text: "Chiều nay nghỉ họp từ 15:00", officer: "lanh-dao" },
  ];
  for (const input of inputs) core.handle(input);
  return core;
}

describe("todayOf", () => {
  it("projects the counters, the waiting, the appointments and every walk-in of the day", () => {
    const core = morning();
    const booked = core.allAppointments()[0];
    expect(booked).toBeDefined();
    const tp = core.walkInsOn("2026-11-23").filter((w) => w.service === "TP");
    core.handle({ at: at("07:51"), type: "void", label: tp[2]?.label as string, officer: "lanh-dao" });
    core.handle({ at: at("07:52"), type: "press", counter: "1", button: "next" }); // the priority ticket
    core.handle({ at: at("07:53"), type: "checkin", code: booked?.code as string, officer: "can-bo-1" });
    core.handle({ at: at("07:54"), type: "press", counter: "2", button: "pause", officer: "can-bo-2" });

    const today = todayOf(core, config, { maskPhones: false });
    expect(today).toMatchObject({
      at: at("07:54"),
      date: "2026-11-23",
      notice: "Chiều nay nghỉ họp từ 15:00",
    });
    expect(today.services).toEqual(
      config.services.map((s) => ({ code: s.code, name: s.name, counters: s.counters })),
    );
    const counter1 = today.counters.find((c) => c.counter === "1");
    expect(counter1).toMatchObject({ status: "open", serving: { label: tp[1]?.label, kind: "walkin" } });
    expect(counter1?.name).toEqual(expect.any(String));
    expect(today.counters.find((c) => c.counter === "2")?.status).toBe("paused");
    expect(today.appointments).toEqual([
      {
        code: booked?.code,
        phone: "0912345678",
        name: booked?.name,
        procedure: "KS",
        service: booked?.service,
        number: booked?.number,
        label: booked?.label,
        counter: booked?.counter,
        time: core.calendar.format(booked?.time as number),
        status: "booked",
        arrived: true,
      },
    ]);
    expect(today.walkins.map((w) => [w.label, w.status, w.priority, w.counter])).toEqual([
      [tp[0]?.label, "waiting", false, undefined],
      [tp[1]?.label, "called", true, "1"],
      [tp[2]?.label, "voided", false, undefined],
      [expect.stringMatching(/^DD-/), "waiting", false, undefined],
    ]);
    expect(today.waiting).toMatchObject({ TP: 1, DD: 1 });
    expect(today.walkins[0]?.issuedAt).toBe(at("07:40"));
  });

  it("masks phones for officers, all but the last three digits", () => {
    const masked = todayOf(morning(), config, { maskPhones: true });
    expect(masked.appointments.map((a) => a.phone)).toEqual(["*******678"]);
    expect(maskPhone("+84912345678")).toBe("*********678");
    expect(maskPhone("113")).toBe("113");
  });

  it("shows a number nobody called by the day's end as skipped", () => {
    const core = morning();
    core.handle({ at: at("18:00"), type: "tick" });
    const today = todayOf(core, config, { maskPhones: false });
    expect(today.session).toBe("closed");
    expect(today.walkins.filter((w) => w.service === "DD").map((w) => w.status)).toEqual(["skipped"]);
  });

  it("is the hub's day, not the day of the core's last input, before anything happens", () => {
    const core = morning();
    core.handle({ at: at("07:55"), type: "sms", from: "0987654321", text: "DK Tran Thi B KS 25/11" });
    const wednesday = "2026-11-25T07:00:00+07:00"; // Tuesday the 24th is a holiday
    const today = todayOf(core, config, { maskPhones: false, at: wednesday });
    expect([today.at, today.date, today.walkins]).toEqual([wednesday, "2026-11-25", []]);
    expect(today.appointments.map((a) => a.name)).toEqual(["Tran Thi B"]);
    // A time before the core's own is never shown: the core's time wins.
    expect(todayOf(core, config, { maskPhones: false, at: at("07:00") }).at).toBe(at("07:55"));
  });

  it("is a new day's empty picture the next morning", () => {
    const core = morning();
    core.handle({ at: "2026-11-24T07:30:00+07:00", type: "tick" });
    const today = todayOf(core, config, { maskPhones: false });
    expect([today.date, today.walkins, today.appointments, today.notice]).toEqual([
      "2026-11-24",
      [],
      [],
      "Chiều nay nghỉ họp từ 15:00",
    ]);
  });
});
