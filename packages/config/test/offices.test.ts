import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CONFIG_VERSION,
  EXAMPLE_OFFICE_PATH,
  hashPassword,
  loadOfficeConfig,
  verifyPassword,
} from "../src/index.js";

const inRepo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

// Every office file the project ships, written in the current format (the version-1 fixture of
// the migration test apart).
const OFFICE_FILES = [
  EXAMPLE_OFFICE_PATH,
  inRepo("bench/offices/provincial.yaml"),
  inRepo("images/examples/motcua-office.yaml"),
];

describe("the office files of the repository", () => {
  for (const path of OFFICE_FILES) {
    it(`${path.slice(inRepo("").length)} loads, and is written in the current version`, () => {
      expect(readFileSync(path, "utf8")).toMatch(new RegExp(`^version: ${CONFIG_VERSION}$`, "m"));
      expect(loadOfficeConfig(path).version).toBe(CONFIG_VERSION);
    });
  }

  it("the card example lists a hash for every device, which the example passwords match", () => {
    const office = loadOfficeConfig(inRepo("images/examples/motcua-office.yaml"));
    const counter = office.security.devices.find((d) => d.id === "counter-1");
    expect(counter && verifyPassword("vi-du-quay-1-doi-ngay", counter.passwordHash)).toBe(true);
  });
});

describe("device passwords", () => {
  it("are hashed with a fresh salt each time, and verified against their hash only", () => {
    const a = hashPassword("correct horse");
    const b = hashPassword("correct horse");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(verifyPassword("correct horse", a)).toBe(true);
    expect(verifyPassword("correct horsf", a)).toBe(false);
    expect(verifyPassword("correct horse", "scrypt$1$2$3$bad")).toBe(false);
    expect(verifyPassword("correct horse", "hunter2")).toBe(false);
  });
});
