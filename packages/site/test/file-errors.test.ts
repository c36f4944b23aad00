import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ConfigError,
  formatPath,
  loadCounterFile,
  loadKioskPinsFile,
  loadOfficeConfig,
  parsePath,
} from "@motcua/config";
import { afterAll, describe, expect, it } from "vitest";
import { loadSite } from "../src/index.js";

// The four files a technician writes — the office's, a pad's, a kiosk's pins, a card's site
// file — are read by one loader: a mistake in any of them is told the same way.

const dir = mkdtempSync(join(tmpdir(), "motcua-file-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function errorOf(load: () => unknown): Promise<ConfigError> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, but the file was accepted");
}

const OFFICE = `version: 2
office: { id: thu-nghiem, name: UBND xã Thử Nghiệm, timeZone: Asia/Ho_Chi_Minh }
calendar: {}
sessions:
  - { id: morning, name: Sáng, start: "07:30", end: "11:00", appointmentsFrom: "08:00" }
counters: [{ id: "1" }]
services: [{ code: TP, name: Tư pháp, averageMinutes: 10, counters: ["1"] }]
procedures: [{ code: KS, name: Khai sinh, service: TP }]
`;

/** Each file: how it is loaded, a valid text, and the same text with a misspelt field on line 2. */
const FILES = {
  office: {
    load: (path: string) => loadOfficeConfig(path),
    valid: OFFICE,
    misspelt: OFFICE.replace("calendar: {}", "calendar: { holiday: [] }"),
    field: "calendar.holiday",
    line: 3,
    column: 13,
  },
  pad: {
    load: (path: string) => loadCounterFile(path),
    valid: 'counter: "1"\npins:\n  led: 24\n',
    misspelt: 'counter: "1"\npins:\n  leds: 24\n',
    field: "pins.leds",
    line: 3,
    column: 3,
  },
  pins: {
    load: (path: string) => loadKioskPinsFile(path),
    valid: "buttons: { TP: 5 }\nleds: { ready: 17 }\n",
    misspelt: "buttons: { TP: 5 }\nleds: { redy: 17 }\n",
    field: "leds.redy",
    line: 2,
    column: 9,
  },
  site: {
    load: (path: string) => loadSite([path]),
    valid: 'role: counter\noffice: son-tay\ncounter: { id: "1" }\n',
    misspelt: 'role: counter\noffice: son-tay\ncounter: { id: "1", pin: { next: 17 } }\n',
    field: "counter.pin",
    line: 3,
    column: 21,
  },
} as const;

describe("the office file, a pad's file, a kiosk's pins and a site file", () => {
  for (const [kind, file] of Object.entries(FILES)) {
    it(`${kind}: a valid file loads`, async () => {
      await file.load(fileWith(`${kind}-valid.yaml`, file.valid));
    });

    it(`${kind}: an unknown field is named by its path, line and column`, async () => {
      const path = fileWith(`${kind}-misspelt.yaml`, file.misspelt);
      const error = await errorOf(() => file.load(path));
      expect(error.source).toBe(path);
      expect(error.problems).toEqual([
        {
          path: file.field,
          message: expect.stringMatching(/^unknown field/),
          line: file.line,
          column: file.column,
        },
      ]);
      expect(error.message).toBe(
        `${path}: invalid configuration\n  - ${path}:${file.line}:${file.column}: ${file.field}: ${error.problems[0]?.message}`,
      );
    });

    it(`${kind}: a YAML syntax error is told with its line and column`, async () => {
      // An unclosed flow mapping on line 2.
      const path = fileWith(`${kind}-broken.yaml`, `${file.valid.split("\n")[0]}\nbroken: { a: 1\n`);
      const error = await errorOf(() => file.load(path));
      expect(error.problems[0]).toEqual({
        path: "",
        message: expect.stringMatching(/^not valid YAML: /),
        line: expect.any(Number),
        column: expect.any(Number),
      });
      expect(error.problems[0]?.line).toBeGreaterThanOrEqual(2);
      expect(error.message).toMatch(
        new RegExp(`^${path}: invalid configuration\\n  - ${path}:\\d+:\\d+: \\(file\\): not valid YAML: `),
      );
    });

    it(`${kind}: a file that cannot be read is told the same way`, async () => {
      const path = join(dir, `${kind}-missing.yaml`);
      const error = await errorOf(() => file.load(path));
      // The site check looks for the card's file in several places and says where it looked.
      const reason =
        kind === "site"
          ? `no site file: write motcua.yaml on the card's boot partition (looked for ${path})`
          : "cannot read the file: ENOENT";
      expect(error.message).toBe(`${path}: invalid configuration\n  - ${path}: (file): ${reason}`);
    });
  }
});

describe("a site file checked against the office configuration", () => {
  it("a wrong password is placed on its line too", async () => {
    const office = fileURLToPath(new URL("../../../images/examples/motcua-office.yaml", import.meta.url));
    copyFileSync(office, join(dir, "motcua-office.yaml"));
    const path = fileWith(
      "motcua.yaml",
      'role: counter\noffice: son-tay\nofficeConfig: motcua-office.yaml\ncounter: { id: "1" }\ncredential:\n  username: counter-1\n  password: typo\n',
    );
    const error = await errorOf(() => loadSite([path]));
    expect(error.problems).toEqual([
      { path: "credential.password", message: expect.stringMatching(/^does not match/), line: 7, column: 3 },
    ]);
  });
});

describe("paths", () => {
  it("are written one way and read back", () => {
    const path = ["services", 1, "counters", 0, "buttons", "Quầy 1"];
    expect(formatPath(path)).toBe('services[1].counters[0].buttons["Quầy 1"]');
    expect(parsePath(formatPath(path))).toEqual(path);
  });
});

describe("a kiosk's pins file checked against the office", () => {
  it("a button for a service the office does not have is told at its line", async () => {
    const path = fileWith("pins-unknown-service.yaml", "buttons:\n  TP: 5\n  XX: 6\n");
    const error = await errorOf(() => loadKioskPinsFile(path, loadOfficeConfig()));
    expect(error.message).toBe(
      `${path}: invalid configuration\n  - ${path}:1:1: buttons: no service XX in the office (services: TP, DD, XH, VH)`,
    );
  });
});
