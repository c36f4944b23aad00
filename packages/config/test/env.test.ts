import { describe, expect, it } from "vitest";
import { applyEnvOverrides, EXAMPLE_OFFICE_PATH, loadOfficeConfig } from "../src/index.js";
import { problemsOf } from "./fixtures/problems.js";

describe("environment overrides", () => {
  it("change a number rule and keep it a number", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__TRAVEL_BUFFER_MINUTES: "45" });
    expect(cfg.rules.travelBufferMinutes).toBe(45);
    expect(typeof cfg.rules.travelBufferMinutes).toBe("number");
  });

  it("change a boolean rule and keep it a boolean", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, {
      MOTCUA_RULES__BOOKINGS_ANY_HOUR: "true",
      MOTCUA_RULES__REPLY_WITH_DIACRITICS: "true",
    });
    expect(cfg.rules.bookingsAnyHour).toBe(true);
    expect(cfg.rules.replyWithDiacritics).toBe(true);
  });

  it("reach nested rules and fractions", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, {
      MOTCUA_RULES__FLOOD__MAX_MESSAGES: "5",
      MOTCUA_RULES__APPOINTMENT_SHARE: "0.25",
    });
    expect(cfg.rules.flood).toEqual({ maxMessages: 5, windowMinutes: 10 });
    expect(cfg.rules.appointmentShare).toBe(0.25);
  });

  it("leave the rest of the configuration alone", () => {
    const plain = loadOfficeConfig(EXAMPLE_OFFICE_PATH);
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__GRACE_MINUTES: "15" });
    expect({ ...cfg, rules: { ...cfg.rules, graceMinutes: 10 } }).toEqual(plain);
    expect(plain.rules.graceMinutes).toBe(10);
  });

  it("keep a text field as text, even when it looks like a number", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, {
      MOTCUA_OFFICE__SMS_NUMBER: "0912345678",
      MOTCUA_OFFICE__NAME: "2026",
    });
    expect(cfg.office.smsNumber).toBe("0912345678");
    expect(cfg.office.name).toBe("2026");
  });

  it("ignore variables outside office and rules", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_DATA: "/tmp/x", PATH: "/bin" });
    expect(cfg.rules.travelBufferMinutes).toBe(60);
  });

  it("refuse a value of the wrong type, naming the field and the variable", () => {
    const problems = problemsOf(() =>
      loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__TRAVEL_BUFFER_MINUTES: "an hour" }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("rules.travelBufferMinutes");
    expect(problems[0]?.message).toMatch(/expected number/);
    expect(problems[0]?.message).toContain("MOTCUA_RULES__TRAVEL_BUFFER_MINUTES");
  });

  it("refuse a value out of limits", () => {
    const problems = problemsOf(() =>
      loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__BOOKINGS_ANY_HOUR: "1" }),
    );
    expect(problems[0]?.path).toBe("rules.bookingsAnyHour");
    expect(problems[0]?.message).toMatch(/expected boolean/);
    const share = problemsOf(() =>
      loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__APPOINTMENT_SHARE: "50" }),
    );
    expect(share[0]?.path).toBe("rules.appointmentShare");
  });

  it("refuse a value that cannot be read at all", () => {
    const problems = problemsOf(() =>
      loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__GRACE_MINUTES: "[10" }),
    );
    expect(problems[0]?.path).toBe("rules.graceMinutes");
    expect(problems[0]?.message).toMatch(/cannot read/);
  });

  it("refuse a variable that names no field (a misspelling is not silently ignored)", () => {
    const problems = problemsOf(() =>
      loadOfficeConfig(EXAMPLE_OFFICE_PATH, { MOTCUA_RULES__TRAVEL_BUFER_MINUTES: "45" }),
    );
    expect(problems[0]?.path).toBe("rules.travelBuferMinutes");
    expect(problems[0]?.message).toMatch(/no such field/);
  });

  it("return the same object when nothing applies", () => {
    const cfg = loadOfficeConfig(EXAMPLE_OFFICE_PATH);
    expect(applyEnvOverrides(cfg, {})).toBe(cfg);
    const changed = applyEnvOverrides(cfg, { MOTCUA_RULES__MAX_NO_SHOWS: "5" });
    expect(changed.rules.maxNoShows).toBe(5);
    expect(cfg.rules.maxNoShows).toBe(3);
  });
});
