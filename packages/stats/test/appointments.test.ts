import type { EventOf } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { MON, Office, t, WED } from "./office.js";

/**
 * Four bookings on Monday for Wednesday at counter 1 (TP, 10-minute slots from 08:00), a fifth
 * cancelled by its citizen; on Wednesday D checks in early, A is called at its time and served,
 * B is called, skipped and ends a no-show, C and D are called at their times and served.
 */
function wednesday(): { office: Office; booked: EventOf<"booked">[] } {
  const office = new Office();
  const booked = ["A", "B", "C", "D"].map((n, i) =>
    office.book(t(MON, `07:3${5 + i}`), `091200000${i + 1}`, `DK Nguyen Van ${n} KS 25/11`),
  );
  const e = office.book(t(MON, "07:40"), "0912000005", "DK Tran Thi E KS 25/11");
  office.sms(t(MON, "07:41"), "0912000005", `HUY ${e.code}`);
  const [a, b, c, d] = booked as [EventOf<"booked">, ...EventOf<"booked">[]];
  expect([a, b, c, d].map((x) => x?.time)).toEqual([
    t(WED, "08:00"),
    t(WED, "08:10"),
    t(WED, "08:20"),
    t(WED, "08:30"),
  ]);
  office.send({ at: t(WED, "07:45"), type: "checkin", code: d?.code as string, officer: "lan" });
  office.tick(t(WED, "08:00")); // A called at its time: waited 0
  office.press(t(WED, "08:12"), "1"); // A served (12 min); B called, due since 08:10: waited 2 min
  office.press(t(WED, "08:13"), "1", "skip"); // B in its grace period
  office.tick(t(WED, "08:20")); // C called at its time
  office.tick(t(WED, "08:23")); // B's grace ended at 08:22: a no-show
  office.press(t(WED, "08:25"), "1"); // C served (5 min); D's time has not come
  office.tick(t(WED, "08:30")); // D called at its time (checked in at 07:45): waited 0
  office.press(t(WED, "08:40"), "1"); // D served (10 min)
  return { office, booked };
}

describe("appointments", () => {
  it("counts appointments of the day, kept, no-shows and cancellations", () => {
    const { office } = wednesday();
    expect(office.events("cancelled").map((c) => c.reason)).toEqual(["citizen", "no_show"]);
    const { total } = office.report({ from: WED });
    expect(total).toMatchObject({
      tickets: 0,
      appointments: 4,
      appointmentsCancelled: 1,
      appointmentsKept: 3,
      noShows: 1,
      noShowPercent: 25,
      served: 3,
      bookedPercent: 100,
    });
    expect(total.wait).toMatchObject({ count: 4, median: 0, p90: 2, mean: 0.5 });
    expect(total.serviceTime).toEqual({ count: 3, median: 10, mean: 9 });
  });

  it("counts an appointment on its own day, not on the day it was booked", () => {
    const { office } = wednesday();
    const monday = office.report({ from: MON });
    expect(monday.total).toMatchObject({ appointments: 0, appointmentsCancelled: 0, served: 0 });
    const week = office.report({ from: MON, to: WED, group: "week" });
    expect(week.series).toHaveLength(1);
    expect(week.series[0]?.figures).toMatchObject({ appointments: 4, noShows: 1 });
  });

  it("keeps a booked appointment of a later day as an appointment, neither kept nor a no-show", () => {
    const { office } = wednesday();
    office.book(t(WED, "09:00"), "0912000009", "DK Hoang Van F KS 26/11");
    const thursday = office.report({ from: "2026-11-26" }).total;
    expect(thursday).toMatchObject({ appointments: 1, appointmentsKept: 0, noShows: 0, noShowPercent: null });
  });

  it("a walk-in among the appointments lowers the booked share", () => {
    const { office } = wednesday();
    office.ticket(t(WED, "08:41"), "TP");
    office.press(t(WED, "08:42"), "1");
    office.press(t(WED, "08:50"), "1");
    const { total } = office.report({ from: WED });
    expect(total).toMatchObject({ served: 4, bookedPercent: 75, tickets: 1 });
  });
});

describe("transfers and voids", () => {
  it("counts a transfer where it happened, the new number's wait from the hand-over, and a voided ticket", () => {
    const office = new Office();
    office.ticket(t(MON, "07:31"), "TP"); // TP-001
    office.ticket(t(MON, "07:32"), "TP"); // TP-002
    office.press(t(MON, "07:40"), "1"); // TP-001 called: waited 9 min
    const transfer = office.send({
      at: t(MON, "07:45"),
      type: "transfer",
      label: "TP-001",
      service: "DD",
      officer: "lan",
    });
    // TP-001 is finished at counter 1 (5 min) and waits at DD as DD-001.
    expect(transfer.map((e) => e.type)).toEqual(["served", "transferred"]);
    office.send({ at: t(MON, "07:46"), type: "void", label: "TP-002", officer: "kiosk-1" });
    office.press(t(MON, "07:50"), "2"); // DD-001 called: waited 5 min since the transfer
    office.press(t(MON, "08:00"), "2"); // DD-001 served (10 min)
    const report = office.report({ from: MON });
    expect(report.total).toMatchObject({ tickets: 2, ticketsVoided: 1, transfers: 1, served: 2 });
    expect(report.total.wait).toMatchObject({ count: 2, median: 5, p90: 9 });
    expect(report.total.serviceTime).toMatchObject({ count: 2, median: 5, mean: 7.5 });
    const tp = report.byService.find((s) => s.service === "TP")?.figures;
    expect(tp).toMatchObject({ tickets: 2, ticketsVoided: 1, transfers: 1, served: 1 });
    const counter2 = report.byCounter.find((c) => c.counter === "2")?.figures;
    expect(counter2).toMatchObject({ tickets: 0, served: 1, wait: { count: 1, median: 5 } });
  });

  it("a waiting walk-in handed over keeps waiting from their ticket", () => {
    const office = new Office();
    office.ticket(t(MON, "07:31"), "TP"); // TP-001, never called at TP
    office.send({ at: t(MON, "07:40"), type: "transfer", label: "TP-001", service: "DD", officer: "lan" });
    office.press(t(MON, "07:51"), "2"); // DD-001: waited 20 min since 07:31
    expect(office.report({ from: MON }).total.wait).toMatchObject({
      count: 1,
      median: 20,
      histogram: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    });
  });
});
