// office.timeZone is checked against ICU's list and the renamed zones first, so that a kiosk or a
// pad does not map ICU's formatting data (issue 11); what is accepted is still exactly what an
// Intl.DateTimeFormat accepts.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isTimeZone, RENAMED_TIME_ZONES } from "../src/index.js";

const icuTakes = (tz: string) => {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

describe("isTimeZone", () => {
  it("takes Vietnam's zone by its IANA name and by ICU's older id", () => {
    expect(isTimeZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isTimeZone("Asia/Saigon")).toBe(true);
  });

  it("takes what ICU takes and nothing else: every listed zone, renamed ones, old aliases, any case", () => {
    const samples = [
      ...Intl.supportedValuesOf("timeZone"),
      "Asia/Kolkata",
      "Europe/Kyiv",
      "UTC",
      "Etc/UTC",
      "Etc/GMT-7",
      "US/Pacific",
      "asia/ho_chi_minh",
      "Asia/Son_Tay",
      "Mars/Olympus",
      "+07:00",
      "",
    ];
    for (const tz of samples) expect(isTimeZone(tz), tz).toBe(icuTakes(tz) !== undefined);
  });

  it("names as renamed only zones ICU files under another id (the reason they are listed)", () => {
    const listed = new Set(Intl.supportedValuesOf("timeZone"));
    expect(RENAMED_TIME_ZONES.size).toBeGreaterThan(15);
    for (const tz of RENAMED_TIME_ZONES) {
      expect(listed.has(tz), tz).toBe(false);
      const canonical = icuTakes(tz);
      expect(canonical, tz).toBeDefined();
      // UTC is its own id, left out of the list of places.
      if (canonical !== "UTC") expect(listed.has(canonical as string), tz).toBe(true);
    }
  });

  it("maps no ICU formatting data for Asia/Ho_Chi_Minh: no formatter is built", () => {
    // In a fresh process: whether one was built is seen from outside as the formatter's cache.
    const script = `
      const built = [];
      const Original = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (...args) { built.push(args); return new Original(...args); };
      const { isTimeZone } = await import(${JSON.stringify(new URL("../src/schema.ts", import.meta.url).href)});
      process.stdout.write(JSON.stringify([isTimeZone("Asia/Ho_Chi_Minh"), built.length, isTimeZone("Mars/Olympus"), built.length]));`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      cwd: new URL("..", import.meta.url),
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([true, 0, false, 1]);
  });

  it("loading the example office builds no formatter and loads no node:crypto (a kiosk's budget)", () => {
    // The built package in a plain node: tsx itself loads node:crypto.
    const root = new URL("../../../", import.meta.url);
    const build = spawnSync(process.execPath, ["scripts/build.mjs", "--quiet"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(build.status, build.stderr).toBe(0);
    const script = `
      let built = 0;
      const Original = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (...args) { built++; return new Original(...args); };
      const config = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)});
      const office = config.loadOfficeConfig();
      const crypto = process.moduleLoadList.includes("NativeModule crypto");
      process.stdout.write(JSON.stringify([office.office.timeZone, built, crypto]));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(["Asia/Ho_Chi_Minh", 0, false]);
  });
});
