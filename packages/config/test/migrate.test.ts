import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CONFIG_VERSION,
  ConfigError,
  EXAMPLE_OFFICE_PATH,
  loadOfficeConfig,
  migrateOffice,
  parseOfficeConfigText,
  parseYamlText,
} from "../src/index.js";

const VERSION_1_FILE = fileURLToPath(new URL("./fixtures/office-v1.yaml", import.meta.url));
const version1Text = readFileSync(VERSION_1_FILE, "utf8");

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("a version-1 file", () => {
  it("is migrated to the current version: the voice's name becomes espeakVoice", () => {
    expect(CONFIG_VERSION).toBe(2);
    const config = loadOfficeConfig(VERSION_1_FILE);
    expect(config.version).toBe(2);
    expect(config.display.voice).toMatchObject({ espeakVoice: "vi-vn-x-south", speed: 150, enabled: true });
    expect(config.display.voice).not.toHaveProperty("name");
    expect(config.display.notice).toBe("Bộ phận Một cửa nghỉ chiều thứ Sáu 27/11 để tổng vệ sinh.");
    // Everything else is read as it was: the same office as the bundled one, display apart
    // (and dossier tracking, which came after version 1 without a new version: its defaults).
    const { display: _migrated, officers, processes, dossiers, ...rest } = config;
    expect({ officers, processes }).toEqual({ officers: [], processes: [] });
    expect(dossiers.workingHours).toHaveLength(2);
    const {
      display: _defaults,
      officers: _o,
      processes: _p,
      dossiers: _d,
      ...example
    } = loadOfficeConfig(EXAMPLE_OFFICE_PATH);
    expect(rest).toEqual(example);
  });

  it("is version 1 when it does not say, so its old names still load", () => {
    const unversioned = version1Text.replace(/^version: 1\n/m, "");
    expect(unversioned).not.toMatch(/^version:/m);
    expect(migrateOffice(parseYamlText(unversioned, "unversioned.yaml").value).fromVersion).toBe(1);
    expect(parseOfficeConfigText(unversioned).display.voice.espeakVoice).toBe("vi-vn-x-south");
  });

  it("reports a bad value of a renamed field under the name and on the line the file wrote it", () => {
    const text = version1Text.replace("name: vi-vn-x-south", "name: vi vn");
    const line = text.split("\n").findIndex((l) => l.includes("name: vi vn")) + 1;
    const error = errorOf(() => parseOfficeConfigText(text, "old.yaml"));
    expect(error.problems).toEqual([
      {
        path: "display.voice.espeakVoice",
        message: expect.stringMatching(
          /espeak-ng voice .*\(written display\.voice\.name in this version-1 file\)$/,
        ),
        line,
        column: 5,
      },
    ]);
  });

  it("refuses the old and the new name together", () => {
    const text = version1Text.replace("    speed: 150", "    speed: 150\n    espeakVoice: vi");
    expect(errorOf(() => parseOfficeConfigText(text, "both.yaml")).problems).toEqual([
      expect.objectContaining({
        path: "display.voice.name",
        message: expect.stringMatching(/write version: 2/),
      }),
    ]);
  });

  it("in the current format the old name is refused, pointing to the new one", () => {
    const text = version1Text.replace(/^version: 1$/m, "version: 2");
    expect(errorOf(() => parseOfficeConfigText(text, "new.yaml")).problems).toEqual([
      expect.objectContaining({
        path: "display.voice.name",
        message: expect.stringMatching(/^unknown field/),
      }),
    ]);
  });
});

describe("a file of a version this motcua does not know", () => {
  it("is refused when newer, naming the version's line", () => {
    const text = version1Text.replace(/^version: 1$/m, "version: 3");
    const error = errorOf(() => parseOfficeConfigText(text, "v3.yaml"));
    expect(error.problems).toEqual([
      {
        path: "version",
        message: "version 3 is newer than this motcua understands (2); update motcua",
        line: 4,
        column: 1,
      },
    ]);
    expect(error.message).toContain(
      "v3.yaml:4:1: version: version 3 is newer than this motcua understands (2)",
    );
  });

  it("is refused when not a whole number", () => {
    const text = version1Text.replace(/^version: 1$/m, 'version: "1.5"');
    expect(errorOf(() => parseOfficeConfigText(text, "odd.yaml")).problems).toEqual([
      expect.objectContaining({ path: "version", message: expect.stringMatching(/whole number/) }),
    ]);
  });
});
