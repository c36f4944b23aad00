import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFIG_VERSION,
  ConfigError,
  loadOfficeConfig,
  migrate,
  parseOfficeConfig,
  parseOfficeConfigText,
} from "../src/index.js";
import { problemsOf } from "./fixtures/problems.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests break the document on purpose, field by field.
type Loose = any;

/** A small valid office, built here so each test breaks exactly one thing. */
function validOffice(): Record<string, Loose> {
  return {
    version: 1,
    office: { id: "thu-nghiem", name: "UBND xã Thử Nghiệm", timeZone: "Asia/Ho_Chi_Minh" },
    calendar: { holidays: ["2026-09-02"], makeUpWorkingDays: ["2026-01-10"] },
    sessions: [
      { id: "morning", name: "Sáng", start: "07:30", end: "11:00", appointmentsFrom: "08:00" },
      { id: "afternoon", name: "Chiều", start: "13:30", end: "17:00", appointmentsFrom: "14:00" },
    ],
    counters: [{ id: "1" }, { id: "2" }],
    services: [
      { code: "TP", name: "Tư pháp – Hộ tịch", averageMinutes: 10, counters: ["1"] },
      { code: "DD", name: "Đất đai – Xây dựng", averageMinutes: 15, counters: ["2"] },
    ],
    procedures: [{ code: "KS", name: "Đăng ký khai sinh", service: "TP" }],
  };
}

/** Runs `f`, expects a ConfigError and returns its problems. */
function expectProblem(f: () => unknown, path: string, fragment: string | RegExp): void {
  const problems = problemsOf(f);
  const match = problems.find((p) => p.path === path);
  expect(match, `no problem at ${path}; got ${JSON.stringify(problems)}`).toBeDefined();
  expect(match?.message).toMatch(fragment);
}

function broken(change: (doc: Record<string, Loose>) => void): () => unknown {
  const doc = validOffice();
  change(doc);
  return () => parseOfficeConfig(doc, "test");
}

const dir = mkdtempSync(join(tmpdir(), "motcua-config-"));
function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("a valid configuration", () => {
  it("is accepted, and a missing rules section takes every RULES.md default", () => {
    const cfg = parseOfficeConfig(validOffice());
    expect(cfg.rules).toEqual({
      travelBufferMinutes: 60,
      appointmentShare: 0.5,
      graceMinutes: 10,
      maxNoShows: 3,
      maxActiveBookingsPerDay: 2,
      bookingWindowDays: 14,
      bookingsAnyHour: false,
      replyWithDiacritics: false,
      flood: { maxMessages: 10, windowMinutes: 10 },
      pastDateDays: 60,
    });
    expect(cfg.calendar.workingWeekdays).toEqual([1, 2, 3, 4, 5]);
    expect(cfg.procedures[0]?.aliases).toEqual([]);
  });

  it("without a version is read as the current version", () => {
    const doc = validOffice();
    delete doc.version;
    expect(parseOfficeConfig(doc).version).toBe(CONFIG_VERSION);
  });

  it("reads as JSON text as well as YAML text", () => {
    expect(parseOfficeConfigText(JSON.stringify(validOffice())).office.id).toBe("thu-nghiem");
  });
});

describe("a broken configuration is refused with the field and the problem", () => {
  it("a service pointing to an unknown counter", () => {
    expectProblem(
      broken((d) => {
        d.services[0].counters = ["9"];
      }),
      "services[0].counters[0]",
      /counter "9" is not in counters/,
    );
  });

  it("a procedure of an unknown service", () => {
    expectProblem(
      broken((d) => {
        d.procedures[0].service = "ZZ";
      }),
      "procedures[0].service",
      /service "ZZ" is not in services/,
    );
  });

  it("a duplicate service code", () => {
    expectProblem(
      broken((d) => {
        d.services[1].code = "TP";
      }),
      "services[1]",
      /service code "TP" appears twice/,
    );
  });

  it("a duplicate counter id and a duplicate procedure code", () => {
    const problems = problemsOf(
      broken((d) => {
        d.counters.push({ id: "1" });
        d.procedures.push({ code: "KS", name: "Khai sinh", service: "TP" });
      }),
    );
    expect(problems).toContainEqual({ path: "counters[2]", message: expect.stringMatching(/appears twice/) });
    expect(problems).toContainEqual({
      path: "procedures[1]",
      message: expect.stringMatching(/appears twice/),
    });
  });

  it("a session whose end is before its start", () => {
    expectProblem(
      broken((d) => {
        d.sessions[0].end = "07:00";
      }),
      "sessions[0].end",
      /after start/,
    );
  });

  it("appointmentsFrom outside the session", () => {
    expectProblem(
      broken((d) => {
        d.sessions[1].appointmentsFrom = "17:00";
      }),
      "sessions[1].appointmentsFrom",
      /inside the session/,
    );
    expectProblem(
      broken((d) => {
        d.sessions[0].appointmentsFrom = "07:00";
      }),
      "sessions[0].appointmentsFrom",
      /inside the session/,
    );
  });

  it("overlapping sessions", () => {
    expectProblem(
      broken((d) => {
        d.sessions[1].start = "10:30";
      }),
      "sessions[1].start",
      /not overlap/,
    );
  });

  it("a time of day that is not HH:MM", () => {
    expectProblem(
      broken((d) => {
        d.sessions[0].start = "7:30";
      }),
      "sessions[0].start",
      /HH:MM/,
    );
  });

  it("a holiday that is not a real date, like 2026-02-30", () => {
    expectProblem(
      broken((d) => {
        d.calendar.holidays = ["2026-09-02", "2026-02-30"];
      }),
      "calendar.holidays[1]",
      /not a real calendar date/,
    );
  });

  it("a make-up working day written another way", () => {
    expectProblem(
      broken((d) => {
        d.calendar.makeUpWorkingDays = ["10/01/2026"];
      }),
      "calendar.makeUpWorkingDays[0]",
      /YYYY-MM-DD/,
    );
  });

  it("an unknown time zone", () => {
    expectProblem(
      broken((d) => {
        d.office.timeZone = "Asia/Son_Tay";
      }),
      "office.timeZone",
      /not a time zone/,
    );
  });

  it("a service code that is not short capital ASCII", () => {
    expectProblem(
      broken((d) => {
        d.services[0].code = "tư pháp";
      }),
      "services[0].code",
      /capital ASCII/,
    );
  });

  it("a counter id written as a number", () => {
    expectProblem(
      broken((d) => {
        d.services[0].counters = [1];
      }),
      "services[0].counters[0]",
      /expected string/,
    );
  });

  it("a rule out of its limits", () => {
    expectProblem(
      broken((d) => {
        d.rules = { appointmentShare: 1.5 };
      }),
      "rules.appointmentShare",
      /1/,
    );
    expectProblem(
      broken((d) => {
        d.rules = { graceMinutes: 0 };
      }),
      "rules.graceMinutes",
      /1/,
    );
  });

  it("a version newer than supported", () => {
    expectProblem(
      broken((d) => {
        d.version = CONFIG_VERSION + 1;
      }),
      "version",
      /newer than this motcua understands/,
    );
  });

  it("a version with no migration path", () => {
    expect(() => migrate({ version: 0 })).toThrow(/no migration from version 0/);
    expectProblem(
      broken((d) => {
        d.version = 0;
      }),
      "version",
      /no migration/,
    );
  });

  it("invalid YAML text", () => {
    expectProblem(
      () => parseOfficeConfigText("office:\n  id: [son-tay\nservices: {", "bad.yaml"),
      "",
      /not valid YAML/,
    );
  });

  it("a YAML file that is not an office at all", () => {
    expectProblem(() => parseOfficeConfigText("- just\n- a list\n"), "", /expected object/);
  });

  it("a missing file", () => {
    const missing = join(dir, "does-not-exist.yaml");
    const problems = problemsOf(() => loadOfficeConfig(missing));
    expect(problems).toEqual([{ path: "", message: expect.stringMatching(/cannot read the file: ENOENT/) }]);
  });

  it("a broken file names the file and the field in its message", () => {
    const path = fileWith(
      "unknown-counter.yaml",
      JSON.stringify({ ...validOffice(), counters: [{ id: "2" }] }, null, 2),
    );
    let error: unknown;
    try {
      loadOfficeConfig(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(path);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('services[0].counters[0]: counter "1" is not in counters');
  });

  it("refuses a field it does not know, so a misspelt rule never leaves the default in force", () => {
    const doc = validOffice() as Record<string, unknown>;
    doc.rules = { travelBuferMinutes: 45 };
    let error: unknown;
    try {
      parseOfficeConfig(doc, "typo.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toContainEqual({
      path: "rules.travelBuferMinutes",
      message: 'unknown field; did you mean "travelBufferMinutes"?',
    });
  });

  it("names a device whose counter does not exist, and a password that is not a hash", () => {
    const doc = validOffice() as Record<string, unknown>;
    doc.security = {
      devices: [
        {
          id: "counter-9",
          role: "counter",
          counter: "9",
          passwordHash: `scrypt$16384$8$1$${"a".repeat(22)}$${"b".repeat(43)}`,
        },
        { id: "kiosk-1", role: "kiosk", kiosk: "1", passwordHash: "hunter2" },
      ],
    };
    let error: unknown;
    try {
      parseOfficeConfig(doc, "devices.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toContainEqual({
      path: "security.devices[1].passwordHash",
      message: expect.stringContaining("motcua passwd"),
    });
  });

  it("names a counter pad that does not say which counter it is", () => {
    const doc = validOffice() as Record<string, unknown>;
    doc.security = {
      devices: [
        {
          id: "counter-1",
          role: "counter",
          passwordHash: `scrypt$16384$8$1$${"a".repeat(22)}$${"b".repeat(43)}`,
        },
      ],
    };
    let error: unknown;
    try {
      parseOfficeConfig(doc, "devices.yaml");
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toContainEqual({
      path: "security.devices[0].counter",
      message: "a counter pad must name its counter",
    });
  });

  it("names a rating pad that does not say which counter it rates, or rates one the office lacks", () => {
    const doc = validOffice() as Record<string, unknown>;
    const hash = `scrypt$16384$8$1$${"a".repeat(22)}$${"b".repeat(43)}`;
    doc.security = {
      devices: [
        { id: "rating-1", role: "rating", passwordHash: hash },
        { id: "rating-9", role: "rating", counter: "9", passwordHash: hash },
      ],
    };
    let error: unknown;
    try {
      parseOfficeConfig(doc, "devices.yaml");
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([
        { path: "security.devices[0].counter", message: "a rating pad must name the counter it rates" },
        {
          path: "security.devices[1].counter",
          message: expect.stringContaining('counter "9" is not in counters'),
        },
      ]),
    );
  });

  it("names a device pressing for a counter the office does not have", () => {
    const doc = validOffice() as Record<string, unknown>;
    doc.security = {
      devices: [
        {
          id: "counter-9",
          role: "counter",
          counter: "9",
          passwordHash: `scrypt$16384$8$1$${"a".repeat(22)}$${"b".repeat(43)}`,
        },
      ],
    };
    let error: unknown;
    try {
      parseOfficeConfig(doc, "devices.yaml");
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toContainEqual({
      path: "security.devices[0].counter",
      message: 'counter "9" is not in counters',
    });
  });
});
