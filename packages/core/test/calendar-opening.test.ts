import { EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "@motcua/config";
import { describe, expect, it } from "vitest";
import { OfficeCalendar } from "../src/index.js";

// The example office: Monday–Friday, 07:30–11:00 and 13:30–17:00; 24/11/2026 a holiday.
const calendar = new OfficeCalendar(loadOfficeConfig(EXAMPLE_OFFICE_PATH));
const at = (iso: string) => Date.parse(iso);
const opening = (iso: string) => {
  const next = calendar.nextOpening(at(iso));
  return next === undefined ? undefined : calendar.format(next);
};

describe("the office's next opening (where the office simulator starts a closed office's clock)", () => {
  it("is none while a session runs", () => {
    expect(opening("2026-11-25T09:00:00+07:00")).toBeUndefined();
    expect(opening("2026-11-25T07:30:00+07:00")).toBeUndefined();
  });

  it("is the afternoon session at lunch, and the next morning in the evening", () => {
    expect(opening("2026-11-25T11:00:00+07:00")).toBe("2026-11-25T13:30:00+07:00");
    expect(opening("2026-11-25T17:00:00+07:00")).toBe("2026-11-26T07:30:00+07:00");
    expect(opening("2026-11-26T06:00:00+07:00")).toBe("2026-11-26T07:30:00+07:00");
  });

  it("passes over a weekend and a holiday", () => {
    expect(opening("2026-11-28T10:00:00+07:00")).toBe("2026-11-30T07:30:00+07:00");
    expect(opening("2026-11-23T18:00:00+07:00")).toBe("2026-11-25T07:30:00+07:00");
  });
});
