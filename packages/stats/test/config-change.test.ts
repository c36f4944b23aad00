import { describe, expect, it } from "vitest";
import { MON, Office, t } from "./office.js";

describe("a configuration change", () => {
  it("keeps the figures of a service the office no longer has, listed after the configured ones", () => {
    const office = new Office();
    office.ticket(t(MON, "07:31"), "VH");
    office.press(t(MON, "07:35"), "3"); // VH-001 called at counter 3: waited 4 min
    office.press(t(MON, "07:40"), "3"); // served (5 min)
    const config = office.config;
    const withoutVH = {
      ...config,
      services: config.services.filter((s) => s.code !== "VH"),
      procedures: config.procedures.filter((p) => p.service !== "VH"),
      officers: config.officers.map((o) => ({ ...o, services: o.services.filter((code) => code !== "VH") })),
      processes: config.processes
        .map((p) => ({
          ...p,
          procedures: p.procedures.filter(
            (code) => config.procedures.find((x) => x.code === code)?.service !== "VH",
          ),
        }))
        .filter((p) => p.procedures.length > 0),
    };
    const applied = office.send({ at: t(MON, "07:45"), type: "config", config: withoutVH, officer: "admin" });
    expect(applied.map((e) => e.type)).toEqual(["config_applied"]);
    office.ticket(t(MON, "07:46"), "XH");

    const report = office.report({ from: MON });
    expect(report.byService.map((s) => [s.service, s.name, s.figures.tickets, s.figures.served])).toEqual([
      ["TP", "Tư pháp – Hộ tịch", 0, 0],
      ["DD", "Đất đai – Xây dựng", 0, 0],
      ["XH", "Lao động – Thương binh và Xã hội", 1, 0],
      ["VH", "VH", 1, 1],
    ]);
    expect(report.total).toMatchObject({ tickets: 2, served: 1, wait: { count: 1, median: 4 } });
    expect(report.suggestedMinutes.map((s) => s.service)).toEqual(["TP", "DD", "XH"]);
    // A day without VH's figures does not list it.
    expect(office.report({ from: "2026-11-25" }).byService.map((s) => s.service)).toEqual(["TP", "DD", "XH"]);
  });
});
