import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { buildRepository } from "./helpers/build.js";
import { checkImageSources, metadataOf } from "./images/layers.js";
import { checkStartedPrograms, inCheckout } from "./images/units.js";

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
    expect(output).toMatch(/rpi-image-gen sources: 6 layers and 5 configurations are well formed/);
    expect(output).toMatch(/images\/examples\/kiosk-1.yaml: ok: kiosk 1 of/);
    expect(output).toMatch(/images\/examples\/rating-1.yaml: ok: the rating pad of counter 1 of son-tay/);
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

describe("what the units start", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const helpers = () =>
    readdirSync(join(REPO, "images/common/bin")).map((f) => join(REPO, "images/common/bin", f));

  it("is, for every node program of our units and helpers, a compiled file of the build run by plain node", () => {
    buildRepository();
    const { commands, problems } = checkStartedPrograms(
      join(REPO, "images/units"),
      helpers(),
      inCheckout(REPO),
    );
    expect(problems).toEqual([]);
    const programs = commands
      .filter((c) => c.argv[0] === "/usr/bin/node")
      .map((c) => `${c.file} ${c.argv[1]}`);
    expect(programs).toEqual(
      expect.arrayContaining([
        "motcua-hub.service /opt/motcua/packages/site/dist/check.js",
        "motcua-hub.service /opt/motcua/packages/cli/dist/main.js",
        "motcua-rating.service /opt/motcua/packages/site/dist/check.js",
        "motcua-rating.service /opt/motcua/packages/cli/dist/main.js",
        "motcua-site.service /opt/motcua/packages/site/dist/check.js",
        `${join(REPO, "images/common/bin/motcua-site-check")} /opt/motcua/packages/site/dist/check.js`,
      ]),
    );
    expect(programs).toHaveLength(12);
  }, 120_000);

  it("names a loader, a TypeScript source, a missing file and tsx run as a program", () => {
    dir = mkdtempSync(join(tmpdir(), "motcua-units-"));
    writeFileSync(
      join(dir, "motcua-bad.service"),
      [
        "[Service]",
        "ExecStartPre=-/usr/bin/node --import tsx /opt/motcua/packages/site/src/check.ts --role hub",
        "ExecStart=/usr/bin/node /opt/motcua/packages/cli/dist/nothing.js \\",
        "  hub --data /var/lib/motcua",
        "ExecStop=tsx /opt/motcua/packages/cli/src/main.ts",
        "",
      ].join("\n"),
    );
    const { problems } = checkStartedPrograms(dir, [], inCheckout(REPO));
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      "motcua-bad.service: ExecStartPre: node --import tsx: a card runs compiled files, no loader",
      "motcua-bad.service: ExecStartPre: /opt/motcua/packages/site/src/check.ts is not a compiled file (a .js under dist/)",
      "motcua-bad.service: ExecStart: /opt/motcua/packages/cli/dist/nothing.js does not exist in the built app",
      "motcua-bad.service: ExecStop: runs tsx: start /usr/bin/node itself",
    ]);
  });
});
