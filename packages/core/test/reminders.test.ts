// The reminder rules (docs/operating.md "Appointments by SMS"): the evening before and an hour
// before the slot, left out when they would come within half an hour of the booking.
import { loadOfficeConfig, type OfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { dueReminders, nextReminderAt, QueueCore } from "../src/index.js";

const config = loadOfficeConfig();
const at = (date: string, clock: string) => Date.parse(`${date}T${clock}:00+07:00`);
const iso = (date: string, clock: string) => `${date}T${clock}:00+07:00`;

function coreWithBooking(sentAt: string, text: string, office: OfficeConfig = config): QueueCore {
  const core = new QueueCore(office);
  const events = core.handle({ at: sentAt, type: "sms", from: "0912345678", text });
  expect(events[0]?.type).toBe("booked");
  return core;
}

describe("appointment reminders", () => {
  // Booked on Monday 23/11 for Wednesday 25/11 at 08:00 (24/11 is a holiday).
  const core = coreWithBooking(iso("2026-11-23", "09:00"), "DK Nguyen Van A KS 25/11");

  it("come the evening before at 19:00 and 60 minutes before the slot", () => {
    expect(nextReminderAt(core, at("2026-11-23", "09:00"))).toBe(at("2026-11-24", "19:00"));
    expect(dueReminders(core, at("2026-11-24", "18:59"))).toEqual([]);
    const evening = dueReminders(core, at("2026-11-24", "19:00"));
    expect(evening).toHaveLength(1);
    expect(evening[0]).toMatchObject({
      key: expect.stringMatching(/^reminder:[2-9A-HJ-NP-Z]{6}:evening$/),
      to: "0912345678",
    });
    expect(evening[0]?.text).toMatch(/Nhac lich hen ngay mai 25\/11 luc 08:00.*so TP-001, quay 1/);
    expect(nextReminderAt(core, at("2026-11-24", "19:00"))).toBe(at("2026-11-25", "07:00"));
    const soon = dueReminders(core, at("2026-11-25", "07:00"));
    expect(soon.map((r) => r.key.split(":")[2])).toEqual(["soon"]);
    expect(soon[0]?.text).toMatch(/hom nay 25\/11 luc 08:00/);
  });

  it("are given up once too late, and never sent for a cancelled appointment", () => {
    expect(dueReminders(core, at("2026-11-25", "08:00"))).toEqual([]);
    const cancelled = coreWithBooking(iso("2026-11-23", "09:00"), "DK Tran Thi B KS 25/11");
    const code = cancelled.allAppointments()[0]?.code;
    cancelled.handle({
      at: iso("2026-11-23", "09:05"),
      type: "sms",
      from: "0912345678",
      text: `HUY ${code}`,
    });
    expect(dueReminders(cancelled, at("2026-11-24", "19:30"))).toEqual([]);
  });

  it("skip a reminder that would come within half an hour of the booking", () => {
    // Booked today at 09:00 for 10:00 (case 1): the 60-minute reminder would be at 09:00.
    const today = coreWithBooking(iso("2026-11-25", "09:00"), "DK Le Van C KS nay");
    expect(today.allAppointments()[0]?.time).toBe(at("2026-11-25", "10:00"));
    expect(dueReminders(today, at("2026-11-25", "09:30"))).toEqual([]);
    expect(nextReminderAt(today, at("2026-11-25", "09:00"))).toBeUndefined();
  });

  it("can be switched off", () => {
    const off = { ...config, reminders: { eveningBefore: null, minutesBefore: null } };
    const quiet = coreWithBooking(iso("2026-11-23", "09:00"), "DK Nguyen Van A KS 25/11", off);
    expect(dueReminders(quiet, at("2026-11-25", "07:30"))).toEqual([]);
    expect(nextReminderAt(quiet, at("2026-11-23", "09:00"))).toBeUndefined();
  });

  it("the hour-before reminder still comes for a same-day booking made well ahead", () => {
    // Booked today at 10:00: 11:00 is past the morning's last slot, so 14:00; reminded at 13:00.
    const later = coreWithBooking(iso("2026-11-25", "10:00"), "DK Le Van D KS nay");
    expect(later.allAppointments()[0]?.time).toBe(at("2026-11-25", "14:00"));
    expect(nextReminderAt(later, at("2026-11-25", "10:00"))).toBe(at("2026-11-25", "13:00"));
    expect(dueReminders(later, at("2026-11-25", "13:00"))[0]?.text).toMatch(/hom nay 25\/11 luc 14:00/);
  });
});
