import { describe, expect, it } from "vitest";
import { MON, Office, t } from "./office.js";

/** Three walk-ins on a Monday, figures worked out by hand from the times below. */
function monday(): Office {
  const office = new Office();
  office.ticket(t(MON, "07:31"), "TP"); // TP-001
  office.ticket(t(MON, "07:32"), "TP"); // TP-002
  office.ticket(t(MON, "07:33"), "DD"); // DD-001
  office.press(t(MON, "07:40"), "1"); // calls TP-001: waited 9 min
  office.press(t(MON, "07:50"), "1"); // serves TP-001 (10 min), calls TP-002: waited 18 min
  office.press(t(MON, "07:52"), "1", "recall"); // the same citizen, announced again
  office.press(t(MON, "08:02"), "2"); // calls DD-001: waited 29 min
  office.press(t(MON, "08:05"), "1"); // serves TP-002 (15 min from its first call)
  office.rate(t(MON, "08:06"), "1", "satisfied"); // TP-002 rates counter 1
  office.press(t(MON, "08:20"), "2", "pause"); // serves DD-001 (18 min)
  return office;
}

describe("walk-ins: tickets, calls, service", () => {
  it("counts tickets and citizens served, and measures waits and service times", () => {
    const { total } = monday().report({ from: MON });
    expect(total.tickets).toBe(3);
    expect(total.ticketsRefused).toBe(0);
    expect(total.served).toBe(3);
    expect(total.bookedPercent).toBe(0);
    expect(total.wait).toEqual({
      count: 3,
      median: 18,
      p90: 29,
      mean: 18.7,
      histogram: [0, 1, 0, 1, 1, 0, 0, 0, 0, 0],
    });
    expect(total.serviceTime).toEqual({ count: 3, median: 15, mean: 14.3 });
    expect(total.ratings).toEqual({ verySatisfied: 0, satisfied: 1, unsatisfied: 0, satisfiedPercent: 100 });
  });

  it("splits them by counter and by service, and filters", () => {
    const office = monday();
    const report = office.report({ from: MON });
    const counter = (id: string) => report.byCounter.find((c) => c.counter === id)?.figures;
    expect(report.byCounter.map((c) => c.counter)).toEqual(["1", "2", "3"]);
    expect(counter("1")).toMatchObject({ tickets: 2, served: 2, wait: { count: 2, median: 9, mean: 13.5 } });
    expect(counter("2")).toMatchObject({ tickets: 1, served: 1, wait: { count: 1, median: 29 } });
    expect(counter("3")).toMatchObject({
      tickets: 0,
      served: 0,
      wait: { count: 0, median: null, mean: null },
    });
    expect(report.byService.map((s) => s.service)).toEqual(["TP", "DD", "XH", "VH"]);
    expect(report.byService[0]).toMatchObject({ name: "Tư pháp – Hộ tịch", figures: { tickets: 2 } });

    const onlyDD = office.report({ from: MON, service: "DD" });
    expect(onlyDD.total).toMatchObject({ tickets: 1, served: 1, serviceTime: { median: 18 } });
    // byCounter under the service filter, byService under none.
    expect(onlyDD.byCounter.map((c) => c.figures.tickets)).toEqual([0, 1, 0]);
    expect(onlyDD.byService.map((s) => s.figures.tickets)).toEqual([2, 1, 0, 0]);

    const counter1 = office.report({ from: MON, counter: "1" });
    expect(counter1.total).toMatchObject({ tickets: 2, served: 2, ratings: { satisfied: 1 } });
    expect(counter1.byService.map((s) => s.figures.tickets)).toEqual([2, 0, 0, 0]);
  });

  it("counts a ticket not yet called under no counter, and a refused one", () => {
    const office = monday();
    office.ticket(t(MON, "10:00"), "VH");
    // After the morning session: the kiosk refuses (closed).
    office.send({ at: t(MON, "11:30"), type: "ticket", service: "VH" });
    const report = office.report({ from: MON });
    expect(report.total.tickets).toBe(4);
    expect(report.total.ticketsRefused).toBe(1);
    expect(report.byService.find((s) => s.service === "VH")?.figures).toMatchObject({
      tickets: 1,
      ticketsRefused: 1,
    });
    expect(report.byCounter.reduce((n, c) => n + c.figures.tickets, 0)).toBe(3);
  });

  it("a rating twice for the same citizen counts once: the core refuses the second", () => {
    const office = monday();
    const again = office.rate(t(MON, "08:21"), "1", "very_satisfied");
    expect(again).toEqual([
      expect.objectContaining({ type: "action_refused", action: "rating", reason: "not_allowed" }),
    ]);
    const { ratings } = office.report({ from: MON }).total;
    expect(ratings).toEqual({ verySatisfied: 0, satisfied: 1, unsatisfied: 0, satisfiedPercent: 100 });
  });

  it("an empty period has zeros and nulls", () => {
    const { total, series } = monday().report({ from: "2026-11-20" });
    expect(series).toHaveLength(1);
    expect(total).toMatchObject({
      tickets: 0,
      served: 0,
      noShowPercent: null,
      bookedPercent: null,
      wait: { count: 0, median: null, p90: null, mean: null, histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      ratings: { satisfiedPercent: null },
      dossiers: { inTimePercent: null },
    });
  });
});
