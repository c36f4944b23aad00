import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_TEMPLATE,
  EXAMPLE_OFFICE_PATH,
  parseOfficeConfig,
  parseOfficeConfigText,
} from "../src/index.js";
import { problemsOf } from "./fixtures/problems.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests break the document on purpose.
type Loose = any;

function validOffice(): Record<string, Loose> {
  return {
    version: 2,
    office: { id: "thu-nghiem", name: "UBND xã Thử Nghiệm", timeZone: "Asia/Ho_Chi_Minh" },
    calendar: {},
    sessions: [{ id: "morning", name: "Sáng", start: "07:30", end: "11:00", appointmentsFrom: "08:00" }],
    counters: [{ id: "1" }],
    services: [{ code: "TP", name: "Tư pháp", averageMinutes: 10, counters: ["1"] }],
    procedures: [{ code: "KS", name: "Đăng ký khai sinh", service: "TP" }],
  };
}

function withChange(change: (doc: Record<string, Loose>) => void): () => unknown {
  const doc = validOffice();
  change(doc);
  return () => parseOfficeConfig(doc, "test.yaml");
}

describe("the office file refuses every key it does not know", () => {
  it("a misspelt section at the root, named by its path, with the section it resembles", () => {
    expect(
      problemsOf(
        withChange((d) => {
          d.reminderz = { eveningBefore: null };
        }),
      ),
    ).toEqual([{ path: "reminderz", message: 'unknown section; did you mean "reminders"?' }]);
  });

  it("a section that resembles none lists the known ones", () => {
    const [problem] = problemsOf(
      withChange((d) => {
        d.printer = { paper: 80 };
      }),
    );
    expect(problem?.path).toBe("printer");
    expect(problem?.message).toMatch(
      /^unknown section \(expected version, office, calendar, .*display, officers, processes, dossiers\)$/,
    );
  });

  it("an unknown key at any depth: a session, a nested rule, a device, the display's voice", () => {
    const problems = problemsOf(
      withChange((d) => {
        d.sessions[0].apointmentsFrom = "08:00";
        d.rules = { flood: { maxMesages: 5 } };
        d.hub = { requestRate: { brust: 5 } };
        d.display = { voice: { sped: 150 } };
        d.counters[0].label = "Quầy một";
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      "counters[0].label",
      "display.voice.sped",
      "hub.requestRate.brust",
      "rules.flood.maxMesages",
      "sessions[0].apointmentsFrom",
    ]);
    expect(problems).toContainEqual({
      path: "rules.flood.maxMesages",
      message: 'unknown field; did you mean "maxMessages"?',
    });
    expect(problems).toContainEqual({
      path: "display.voice.sped",
      message: 'unknown field; did you mean "speed"?',
    });
  });

  it("a problem in a file is placed at its line and column", () => {
    const text = `${readFileSync(EXAMPLE_OFFICE_PATH, "utf8")}\nreminderz:\n  eveningBefore: null\n`;
    const lines = text.split("\n");
    let error: unknown;
    try {
      parseOfficeConfigText(text, "office.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        path: "reminderz",
        message: 'unknown section; did you mean "reminders"?',
        line: lines.indexOf("reminderz:") + 1,
        column: 1,
      },
    ]);
    expect((error as Error).message).toContain(
      `office.yaml:${lines.indexOf("reminderz:") + 1}:1: reminderz: unknown section; did you mean "reminders"?`,
    );
  });
});

describe("the display section is part of the one schema", () => {
  it("takes its defaults when left out", () => {
    expect(parseOfficeConfig(validOffice()).display).toEqual({
      notice: "",
      recentCalls: 6,
      appointmentsPerPage: 10,
      pageSeconds: 10,
      chime: true,
      voice: {
        enabled: true,
        program: "espeak-ng",
        espeakVoice: "vi",
        speed: 135,
        pitch: 45,
        amplitude: 120,
        wordGap: 1,
        template: DEFAULT_TEMPLATE,
        say: "label",
      },
    });
  });

  it("is validated with the rest of the file", () => {
    const problems = problemsOf(
      withChange((d) => {
        d.display = {
          recentCalls: 0,
          voice: { speed: 5, template: "Mời số tiếp theo", espeakVoice: "vi vn" },
        };
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      "display.recentCalls",
      "display.voice.espeakVoice",
      "display.voice.speed",
      "display.voice.template",
    ]);
    expect(problems).toContainEqual({ path: "display.voice.template", message: "must contain {number}" });
  });
});
