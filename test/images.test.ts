import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkImageSources, metadataOf } from "./images/layers.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SOURCES = join(REPO, "images/rpi-image-gen");

// The whole of images/check.sh: shellcheck, the builder's sources, the example site files, and
// the install into a debootstrap root (skipped outside CI when not root; a cold run fetches
// bookworm once, about a minute, then it is cached).
describe("images/check.sh", () => {
  it("passes", { timeout: 360_000 }, () => {
    const run = spawnSync("bash", [join(REPO, "images/check.sh")], { cwd: REPO, encoding: "utf8" });
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`images/check.sh exited ${run.status}:\n${output}`);
    expect(output).toMatch(/rpi-image-gen sources: 5 layers and 4 configurations are well formed/);
    expect(output).toMatch(/images\/examples\/kiosk-1.yaml: ok: kiosk 1 of/);
    if (process.getuid?.() === 0 || process.env.CI)
      expect(output).toMatch(/ok: motcua \S+ installed, enabled and running in a bookworm root/);
  });
});

describe("the checks of the rpi-image-gen sources", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function broken(change: (read: (f: string) => string, write: (f: string, s: string) => void) => void) {
    dir = mkdtempSync(join(tmpdir(), "motcua-layers-"));
    cpSync(join(REPO, "images"), join(dir, "images"), {
      recursive: true,
      filter: (s) => !s.includes("/out"),
    });
    const base = join(dir, "images/rpi-image-gen");
    change(
      (f) => readFileSync(join(base, f), "utf8"),
      (f, s) => writeFileSync(join(base, f), s),
    );
    return checkImageSources(base).problems.map((p) => `${p.file.slice(base.length + 1)}: ${p.message}`);
  }

  it("find nothing wrong with ours", () => {
    expect(checkImageSources(SOURCES).problems).toEqual([]);
  });

  it("read the X-Env metadata as DEB822 with continuation lines", () => {
    const meta = metadataOf(readFileSync(join(SOURCES, "layer/motcua-base.yaml"), "utf8"));
    expect(meta?.get("X-Env-Layer-Name")).toBe("motcua-base");
    expect(meta?.get("X-Env-Layer-Requires")?.split(/,\s*/)).toContain("network-manager");
  });

  it("name a misspelt field, a bad version, a variable without its policy", () => {
    const problems = broken((read, write) => {
      const text = read("layer/motcua-kiosk.yaml")
        .replace("X-Env-Layer-Version: 1.0.0", "X-Env-Layer-Version: 1.0")
        .replace("X-Env-Layer-Desc:", "X-Env-Layer-Descr:");
      write("layer/motcua-kiosk.yaml", text);
      write(
        "layer/motcua-base.yaml",
        read("layer/motcua-base.yaml").replace(/^# X-Env-Var-rtc-Set: y\n/m, ""),
      );
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/motcua-kiosk.yaml: metadata X-Env-Layer-Version: must be major.minor.patch/),
        expect.stringMatching(/motcua-kiosk.yaml: metadata Unrecognized key: "X-Env-Layer-Descr"/),
        expect.stringMatching(/motcua-base.yaml: X-Env-Var-rtc Set: Invalid option/),
      ]),
    );
  });

  it("find an undeclared variable, a missing hook program, an unknown layer, two time daemons", () => {
    const problems = broken((read, write) => {
      write(
        "layer/motcua-hub.yaml",
        read("layer/motcua-hub.yaml").replace(
          "install-app.sh --role hub",
          "install-ap.sh --role hub $IGconf_motcua_port",
        ),
      );
      write(
        "layer/motcua-counter.yaml",
        read("layer/motcua-counter.yaml").replace(
          "# X-Env-Layer-Requires: motcua-base",
          "# X-Env-Layer-Requires: motcua-base,systemd-timesyncd",
        ),
      );
      write(
        "config/motcua-kiosk.yaml",
        read("config/motcua-kiosk.yaml").replace("layer: rpi4", "layer: rpi6"),
      );
      write(
        "config/motcua-display.yaml",
        read("config/motcua-display.yaml").replace("rtc: none", "rtc: ds9999"),
      );
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "layer/motcua-hub.yaml: IGconf_motcua_port is declared by no layer",
        expect.stringMatching(/layer\/motcua-hub.yaml: the hook's program .*install-ap.sh is missing/),
        'config/motcua-kiosk.yaml: layer "rpi6" is neither ours nor a known upstream layer',
        'config/motcua-display.yaml: motcua.rtc: "ds9999" is not one of none,ds3231,pcf8523,ds1307',
        'config/motcua-counter.yaml: "chrony" and "systemd-timesyncd" both provide time-daemon',
      ]),
    );
  });
});
