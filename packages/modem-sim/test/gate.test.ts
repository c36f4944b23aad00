// The rule for tests that need Debian tools: skipped with a message on a workstation, failed in CI.
import { afterEach, describe, expect, it, vi } from "vitest";
import { toolGate } from "./helpers.js";

describe("toolGate", () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it("skips with a message when a tool is missing outside CI", () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(toolGate(["sh", "no-such-tool-motcua"])).toEqual({ run: false, missing: ["no-such-tool-motcua"] });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("apt-get install no-such-tool-motcua"));
  });

  it("runs (and so fails in beforeAll) when a tool is missing under CI", () => {
    process.env.CI = "true";
    expect(toolGate(["no-such-tool-motcua"])).toEqual({ run: true, missing: ["no-such-tool-motcua"] });
  });

  it("runs when every tool is there", () => {
    expect(toolGate(["sh"])).toEqual({ run: true, missing: [] });
  });
});
