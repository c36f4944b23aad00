// The configuration changed live (issue 12, docs/rules.md "Configuration changes"): a `config`
// input switches the office mid-day, the state stays, the next decision follows the new rules;
// a change that breaks bookings says which, and applies only when confirmed.
import type { OfficeConfig } from "@motcua/config";
import type { EventOf, SimEvent } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { configImpact, smsSegments } from "../src/index.js";
import { exampleOffice, FRI, MON, MON2, Office, only, THU, t, WED } from "./calling-helpers.js";

const ADMIN = "quan-tri";
const ASCII = /^[\x20-\x7E]*$/;

function changed(mutate: (config: OfficeConfig) => void, from: OfficeConfig = exampleOffice()): OfficeConfig {
  const copy = structuredClone(from);
  mutate(copy);
  return copy;
}

function apply(office: Office, at: string, config: unknown, confirm?: boolean): SimEvent[] {
  return office.send({
    at,
    type: "config",
    config,
    officer: ADMIN,
    source: "console",
    ...(confirm === undefined ? {} : { confirm }),
  });
}

const slowerTP = (c: OfficeConfig) => {
  const tp = c.services.find((s) => s.code === "TP");
  if (tp) tp.averageMinutes = 20;
};

describe("a config input", () => {
  it("puts the new rules in force at once: the next booking steps by the new average minutes", () => {
    const office = new Office();
    const first = office.book(t(MON, "09:00"), "0912000001", "DK Nguyen Van A KS 26/11");
    expect(first.time).toBe(t(THU, "08:00"));
    expect(apply(office, t(MON, "09:05"), changed(slowerTP))).toEqual([
      {
        at: t(MON, "09:05"),
        type: "config_applied",
        version: 1,
        source: "console",
        cancelled: [],
        officer: ADMIN,
      },
    ]);
    expect(office.core.config.services[0]?.averageMinutes).toBe(20);
    expect(office.core.configState).toEqual({
      version: 1,
      appliedAt: t(MON, "09:05"),
      appliedBy: ADMIN,
      source: "console",
    });
    // Under the old rules this would be 08:10; the TP-001 slot now lasts 20 minutes too.
    const second = office.book(t(MON, "09:06"), "0912000002", "DK Nguyen Van B KS 26/11");
    expect([second.label, second.time]).toEqual(["TP-002", t(THU, "08:20")]);
  });

  it("keeps the state: numbers go on, a paused counter stays paused, the citizen being served stays", () => {
    const office = new Office();
    const first = office.walkIn(t(WED, "07:35"), "TP");
    office.walkIn(t(WED, "07:36"), "TP");
    office.next(t(WED, "07:40"), "1");
    office.pause(t(WED, "07:41"), "2");
    apply(office, t(WED, "07:45"), changed(slowerTP));
    const [one, two] = office.core.counterStates();
    expect(one).toMatchObject({ counter: "1", status: "open", serving: { label: first }, waiting: 1 });
    expect(two).toMatchObject({ counter: "2", status: "paused" });
    expect(office.walkIn(t(WED, "07:50"), "TP")).toBe("TP-003");
  });

  it("closes a day made a holiday: a DK for it lands on the next working day, saying why", () => {
    const office = new Office();
    apply(
      office,
      t(WED, "09:00"),
      changed((c) => c.calendar.holidays.push(FRI)),
    );
    const events = office.sms(t(WED, "09:01"), "0912000003", "DK Nguyen Van C KS 27/11");
    const booked = only(events, "booked")[0];
    expect(booked?.time).toBe(t(MON2, "08:00"));
    expect(only(events, "sms_out")[0]?.text).toContain("Ngay 27/11 nghi le");
  });

  it("is refused as invalid when the one schema refuses it or it names another office, changing nothing", () => {
    const office = new Office();
    const zero = changed((c) => {
      (c.services[0] as { averageMinutes: number }).averageMinutes = 0;
    });
    const other = changed((c) => {
      c.office.id = "xa-khac";
    });
    for (const config of [zero, other, { version: 2 }, "not a configuration"]) {
      expect(apply(office, t(WED, "09:00"), config, true)).toEqual([
        { at: t(WED, "09:00"), type: "action_refused", action: "config", reason: "invalid", officer: ADMIN },
      ]);
    }
    expect(office.core.configState.version).toBe(0);
    expect(office.core.config.services[0]?.averageMinutes).toBe(10);
  });
});

describe("a change that breaks bookings", () => {
  /** Three TP bookings for Thursday 08:00, 08:10, 08:20 and one XH (counter 3) at 08:00. */
  function booked() {
    const office = new Office();
    const tp = office.bookMany(THU, 3);
    const xh = office.book(t(MON, "09:30"), "0912000009", "DK Tran Thi X TC 26/11");
    return { office, tp, xh };
  }
  const morningUntil = (end: string) => (c: OfficeConfig) => {
    const morning = c.sessions[0];
    if (morning) morning.end = end;
  };

  it("lists them, with the citizen, the slot and a Vietnamese reason", () => {
    const { office, tp } = booked();
    const impact = office.core.impactOf(changed(morningUntil("08:15")), Date.parse(t(MON, "10:00")));
    expect(impact.map((b) => [b.code, b.label, b.time, b.kind])).toEqual([
      [tp[1]?.code, "TP-002", "08:10", "outside_sessions"],
      [tp[2]?.code, "TP-003", "08:20", "outside_sessions"],
    ]);
    expect(impact[0]).toMatchObject({
      phone: tp[1]?.phone,
      name: tp[1]?.name,
      date: THU,
      service: "TP",
      serviceName: "Tư pháp – Hộ tịch",
      procedureName: "Đăng ký khai sinh",
      counter: "1",
      at: t(THU, "08:10"),
      reason: "Giờ hẹn 08:10 nằm ngoài giờ làm việc mới (buổi sáng 07:30–08:15, buổi chiều 13:30–17:00).",
    });
  });

  it("names each kind of break: a removed counter, procedure or service, a counter moved, a closed day", () => {
    const { office, tp, xh } = booked();
    const old = office.core.config;
    const now = Date.parse(t(MON, "10:00"));
    const kinds = (next: OfficeConfig) =>
      office.core.impactOf(next, now).map((b) => [b.code, b.kind, b.reason]);
    const noCounter3 = changed((c) => {
      c.counters = c.counters.filter((k) => k.id !== "3");
      for (const s of c.services) if (s.counters.includes("3")) s.counters = ["2"];
    });
    expect(kinds(noCounter3)).toEqual([[xh.code, "counter_removed", "Quầy 3 bị bỏ khỏi cấu hình."]]);
    const tpMoved = changed((c) => {
      const s = c.services.find((x) => x.code === "TP");
      if (s) s.counters = ["2"];
    });
    expect(kinds(tpMoved).map(([, kind]) => kind)).toEqual([
      "counter_not_serving",
      "counter_not_serving",
      "counter_not_serving",
    ]);
    const noTC = changed((c) => {
      c.procedures = c.procedures.filter((p) => p.code !== "TC");
    });
    expect(kinds(noTC)).toEqual([
      [xh.code, "procedure_removed", "Thủ tục Trợ cấp xã hội hằng tháng (TC) bị bỏ khỏi cấu hình."],
    ]);
    const noXH = changed((c) => {
      c.procedures = c.procedures.filter((p) => p.service !== "XH");
      c.services = c.services.filter((s) => s.code !== "XH");
    });
    expect(kinds(noXH).map(([, kind]) => kind)).toEqual(["procedure_removed"]);
    const holiday = changed((c) => c.calendar.holidays.push(THU));
    expect(kinds(holiday).map(([code, kind]) => [code, kind])).toEqual([
      [tp[0]?.code, "day_closed"],
      [xh.code, "day_closed"],
      [tp[1]?.code, "day_closed"],
      [tp[2]?.code, "day_closed"],
    ]);
    expect(kinds(holiday)[0]?.[2]).toBe("Ngày 26/11/2026 thành ngày nghỉ lễ.");
    // A longer average alone breaks nothing booked: each slot keeps the length it was booked with.
    expect(configImpact(office.core.allAppointments(), old, changed(slowerTP), now)).toEqual([]);
    // Cancelled and past bookings are not listed.
    office.sms(t(MON, "10:01"), tp[2]?.phone as string, `HUY ${tp[2]?.code}`);
    expect(office.core.impactOf(changed(morningUntil("08:15")), now).map((b) => b.label)).toEqual(["TP-002"]);
    expect(office.core.impactOf(holiday, Date.parse(t(FRI, "09:00")))).toEqual([]);
  });

  it("is refused without confirm (not_allowed), changing nothing", () => {
    const { office, tp } = booked();
    expect(apply(office, t(MON, "10:00"), changed(morningUntil("08:15")))).toEqual([
      {
        at: t(MON, "10:00"),
        type: "action_refused",
        action: "config",
        reason: "not_allowed",
        officer: ADMIN,
      },
    ]);
    expect(apply(office, t(MON, "10:00"), changed(morningUntil("08:15")), false)).toHaveLength(1);
    expect(office.core.config.sessions[0]?.end).toBe("11:00");
    expect(office.core.configState.version).toBe(0);
    expect(office.core.allAppointments().filter((a) => a.status === "booked")).toHaveLength(4);
    // Still called at their times.
    office.tick(t(THU, "08:10"));
    expect(office.core.counterStates()[0]?.serving?.label).toBe(tp[0]?.label);
  });

  it("with confirm cancels them (reason officer) and tells each citizen by one GSM-7 SMS", () => {
    const { office, tp } = booked();
    const events = apply(office, t(MON, "10:00"), changed(morningUntil("08:15")), true);
    const [, second, third] = tp as [EventOf<"booked">, EventOf<"booked">, EventOf<"booked">];
    const at = t(MON, "10:00");
    expect(events.map((e) => e.type)).toEqual([
      "cancelled",
      "sms_out",
      "cancelled",
      "sms_out",
      "config_applied",
    ]);
    expect(events[0]).toEqual({
      at,
      type: "cancelled",
      code: second.code,
      reason: "officer",
      officer: ADMIN,
    });
    expect(events.at(-1)).toEqual({
      at,
      type: "config_applied",
      version: 1,
      source: "console",
      cancelled: [second.code, third.code],
      officer: ADMIN,
    });
    const texts = only(events, "sms_out");
    expect(texts.map((s) => s.to)).toEqual([second.phone, third.phone]);
    expect(texts[0]?.text).toBe(
      `Lich hen ${second.code} (so TP-002, 08:10 ngay 26/11/2026) da bi huy do thay doi gio lam viec. Xin loi, vui long dat lich lai.`,
    );
    for (const { text } of texts) {
      expect(text).toMatch(ASCII);
      expect(smsSegments(text)).toBe(1);
    }
    // The new morning holds one slot (08:00, taken): a new booking for Thursday goes to the afternoon.
    // (Bookings are taken in the new hours: Monday's morning now ends at 08:15.)
    const next = office.book(t(MON, "13:35"), "0912000010", "DK Le Van K KS 26/11");
    expect(next.time).toBe(t(THU, "14:00"));
    const statuses = office.core.allAppointments().map((a) => [a.label, a.status]);
    expect(statuses).toEqual([
      ["TP-001", "booked"],
      ["TP-002", "cancelled"],
      ["TP-003", "cancelled"],
      ["XH-001", "booked"],
      ["TP-004", "booked"],
    ]);
  });

  it("written with diacritics when the office replies with them", () => {
    const office = new Office({
      config: changed((c) => Object.assign(c.rules, { replyWithDiacritics: true })),
    });
    const [a] = office.bookMany(THU, 1);
    const events = apply(
      office,
      t(MON, "10:00"),
      changed((c) => c.calendar.holidays.push(THU), office.core.config),
      true,
    );
    expect(only(events, "sms_out")[0]?.text).toContain(`Lịch hẹn ${a?.code}`);
    expect(only(events, "sms_out")[0]?.text).toContain("đã bị hủy do cơ quan nghỉ ngày này");
  });
});

describe("a change while the office is open", () => {
  it("ends a session cut short before now: the citizen being served is served, walk-ins lapse at the day's end", () => {
    const office = new Office();
    const first = office.walkIn(t(WED, "09:00"), "TP");
    office.walkIn(t(WED, "09:01"), "TP");
    office.next(t(WED, "09:02"), "1");
    const events = apply(
      office,
      t(WED, "10:00"),
      changed((c) => {
        c.sessions = c.sessions.slice(0, 1);
        const morning = c.sessions[0];
        if (morning) morning.end = "09:30";
      }),
    );
    expect(events.map((e) => e.type)).toEqual(["served", "config_applied"]);
    // As at a session's end: the boundary finishes the citizen, not the officer.
    expect(events[0]).toMatchObject({ type: "served", label: first, counter: "1" });
    expect(office.core.board()).toMatchObject({ session: "closed", waiting: { TP: 0 } });
    expect(office.ticket(t(WED, "10:01"), "TP")).toEqual([
      { at: t(WED, "10:01"), type: "ticket_refused", service: "TP", reason: "closed" },
    ]);
  });

  it("drops a counter the office lost, finishing its citizen, and its services' walk-ins go to the counters left", () => {
    const office = new Office();
    const xh = office.walkIn(t(WED, "09:00"), "XH");
    office.next(t(WED, "09:01"), "3");
    office.walkIn(t(WED, "09:02"), "XH");
    const events = apply(
      office,
      t(WED, "09:05"),
      changed((c) => {
        c.counters = c.counters.filter((k) => k.id !== "3");
        for (const s of c.services) if (s.counters.includes("3")) s.counters = ["2"];
      }),
    );
    expect(events.map((e) => e.type)).toEqual(["served", "config_applied"]);
    expect(events[0]).toMatchObject({ label: xh, counter: "3" });
    expect(office.core.counterStates().map((c) => c.counter)).toEqual(["1", "2"]);
    expect(only(office.next(t(WED, "09:06"), "2"), "called")[0]?.label).toBe("XH-002");
  });
});
