import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The pad's, the kiosk's and every device's loaders: the programs read their files with these.
import {
  ConfigError,
  loadCounterFile,
  loadCredentials,
  loadKioskPinsFile,
  loadRatingFile,
} from "@motcua/config";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { SOURCE_EXEC_ARGV } from "../../../test/helpers/source-node.js";
import { loadSite, nmConnection, parseSite, roleFiles, runCheck, writeRoleFiles } from "../src/index.js";

const EXAMPLES = fileURLToPath(new URL("../../../images/examples/", import.meta.url));
const CHECK = fileURLToPath(new URL("../src/check.ts", import.meta.url));
const example = (name: string) => join(EXAMPLES, name);
const exampleDoc = (name: string) =>
  parseYaml(readFileSync(example(name), "utf8")) as Record<string, unknown>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motcua-site-"));
  copyFileSync(example("motcua-office.yaml"), join(dir, "motcua-office.yaml"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A site file in the temporary card's boot partition, from an example with changes. */
function card(name: string, change: (doc: Record<string, unknown>) => void = () => {}): string {
  const doc = exampleDoc(name);
  change(doc);
  const path = join(dir, "motcua.yaml");
  writeFileSync(path, toYaml(doc));
  return path;
}

async function problemsOf(path: string, role?: "hub" | "counter" | "rating" | "kiosk" | "display") {
  try {
    await loadSite([path], role !== undefined ? { role } : {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("the example site files (images/examples)", () => {
  it.each(["hub.yaml", "counter-1.yaml", "rating-1.yaml", "kiosk-1.yaml", "display-1.yaml"])(
    "%s is valid",
    async (name) => {
      const loaded = await loadSite([example(name)]);
      expect(loaded.warnings).toEqual([]);
    },
  );

  it("gives a pad the pad's own file, read back by the pad's own loader", async () => {
    const out = join(dir, "run");
    const loaded = await loadSite([example("counter-1.yaml")], { role: "counter" });
    writeRoleFiles(out, await roleFiles(loaded, out));
    const pad = loadCounterFile(join(out, "counter.yaml"));
    expect(pad).toMatchObject({
      hub: "mqtt://motcua-hub.local:1883",
      office: "son-tay",
      counter: "1",
      gpio: "onoff",
    });
    expect(loadCredentials(pad.credentials as string)).toEqual({
      username: "counter-1",
      password: "vi-du-quay-1-doi-ngay",
    });
    expect(statSync(join(out, "credentials.yaml")).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, "wifi.nmconnection")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, "env"), "utf8")).toBe(
      `MOTCUA_ROLE=counter\nMOTCUA_ARGS=--config ${join(out, "counter.yaml")}\n`,
    );
    expect(readFileSync(join(out, "hostname"), "utf8")).toBe("motcua-counter-1\n");
    expect(readFileSync(join(out, "pullups"), "utf8")).toBe("17 22 23 27\n");
    expect(readFileSync(join(out, "chrony.sources"), "utf8")).toBe("server motcua-hub.local iburst\n");
  });

  it("gives a rating pad its own file, read back by its own loader, and its keys' pull-ups", async () => {
    const out = join(dir, "run");
    const loaded = await loadSite([example("rating-1.yaml")], { role: "rating" });
    writeRoleFiles(out, await roleFiles(loaded, out));
    const pad = loadRatingFile(join(out, "rating.yaml"));
    expect(pad).toMatchObject({
      hub: "mqtt://motcua-hub.local:1883",
      office: "son-tay",
      counter: "1",
      gpio: "onoff",
      pins: { buttons: { very_satisfied: 5, satisfied: 6, unsatisfied: 13 }, led: 19 },
    });
    expect(loadCredentials(pad.credentials as string)).toEqual({
      username: "rating-1",
      password: "vi-du-danh-gia-1-doi-ngay",
    });
    expect(statSync(join(out, "credentials.yaml")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, "env"), "utf8")).toBe(
      `MOTCUA_ROLE=rating\nMOTCUA_ARGS=--config ${join(out, "rating.yaml")}\n`,
    );
    expect(readFileSync(join(out, "hostname"), "utf8")).toBe("motcua-rating-1\n");
    expect(readFileSync(join(out, "pullups"), "utf8")).toBe("5 6 13\n");
  });

  it("checks a rating pad's counter and credential against the office configuration", async () => {
    const good = card("rating-1.yaml", (doc) => {
      doc.officeConfig = "motcua-office.yaml";
    });
    expect(await problemsOf(good, "rating")).toEqual([]);
    const wrong = card("rating-1.yaml", (doc) => {
      doc.officeConfig = "motcua-office.yaml";
      (doc.rating as Record<string, unknown>).counter = "2";
    });
    expect(await problemsOf(wrong)).toEqual([
      expect.stringMatching(
        /^credential.username: "rating-1" rates counter "1" in .*, but this pad rates counter "2"/,
      ),
    ]);
    const asCounter = card("rating-1.yaml", (doc) => {
      doc.officeConfig = "motcua-office.yaml";
      (doc.rating as Record<string, unknown>).counter = "9";
      (doc.credential as Record<string, string>).username = "counter-1";
    });
    expect(await problemsOf(asCounter)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rating.counter: counter "9" is not in the office configuration/),
        expect.stringMatching(
          /^credential.username: "counter-1" is a counter in .*, but this card is a rating/,
        ),
      ]),
    );
    const none = card("rating-1.yaml", (doc) => {
      delete doc.rating;
      doc.counter = { id: "1" };
    });
    expect(await problemsOf(none)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rating: a rating pad must name the counter it rates/),
        expect.stringMatching(/^counter: belongs only on a counter's card; this card's role is rating/),
      ]),
    );
  });

  it("gives a kiosk its arguments and a pins file its own loader reads", async () => {
    const out = join(dir, "run");
    const loaded = await loadSite([example("kiosk-1.yaml")], { role: "kiosk" });
    writeRoleFiles(out, await roleFiles(loaded, out));
    const env = readFileSync(join(out, "env"), "utf8");
    expect(env).toContain(
      `MOTCUA_ARGS=--kiosk 1 --hub mqtt://motcua-hub.local:1883 --printer usb:/dev/motcua-printer --paper 58 --timeout 5 --config ${example("motcua-office.yaml")} --pins ${join(out, "pins.yaml")} --credentials ${join(out, "credentials.yaml")}\n`,
    );
    expect(loadKioskPinsFile(join(out, "pins.yaml")).buttons).toEqual({
      TP: 5,
      DD: 6,
      XH: 13,
      VH: 19,
      priority: 12,
    });
    expect(readFileSync(join(out, "pullups"), "utf8")).toBe("5 6 12 13 19\n");
  });

  it("gives a display arguments its own parser takes, and the page's address", async () => {
    const out = join(dir, "run");
    const loaded = await loadSite([example("display-1.yaml")], { role: "display" });
    writeRoleFiles(out, await roleFiles(loaded, out));
    const env = Object.fromEntries(
      readFileSync(join(out, "env"), "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(env.MOTCUA_DISPLAY_URL).toBe("http://127.0.0.1:8080/");
    const { displayOptionsOf } = await import("@motcua/display");
    const { createLogger } = await import("@motcua/log");
    const options = displayOptionsOf(
      (env.MOTCUA_ARGS as string).split(" "),
      createLogger({ level: "silent" }),
    );
    expect(options).toMatchObject({
      hubWsUrl: "ws://motcua-hub.local:9001",
      port: 8080,
      host: "127.0.0.1",
      id: "1",
      username: "display-1",
      password: "vi-du-man-hinh-1-doi-ngay",
    });
  });

  it("gives the hub its office configuration; the hub's card has no time source but the pools", async () => {
    const out = join(dir, "run");
    const loaded = await loadSite([example("hub.yaml")], { role: "hub" });
    writeRoleFiles(out, await roleFiles(loaded, out));
    expect(readFileSync(join(out, "env"), "utf8")).toBe(
      `MOTCUA_ROLE=hub\nMOTCUA_ARGS=--config ${example("motcua-office.yaml")}\n`,
    );
    expect(readFileSync(join(out, "hostname"), "utf8")).toBe("motcua-hub\n");
    expect(() => statSync(join(out, "chrony.sources"))).toThrow();
  });

  it("removes the files of an earlier role from the directory", async () => {
    const out = join(dir, "run");
    writeRoleFiles(out, await roleFiles(await loadSite([example("kiosk-1.yaml")]), out));
    writeRoleFiles(out, await roleFiles(await loadSite([example("hub.yaml")]), out));
    expect(() => statSync(join(out, "pins.yaml"))).toThrow();
    expect(() => statSync(join(out, "credentials.yaml"))).toThrow();
  });
});

describe("a wrong site file names every bad field", () => {
  it("refuses unknown fields, a wrong role's section, a missing office configuration", async () => {
    const path = card("kiosk-1.yaml", (doc) => {
      doc.officeConfig = undefined;
      doc.counter = { id: "1" };
      doc.credentail = doc.credential;
    });
    expect(await problemsOf(path)).toEqual(
      expect.arrayContaining([
        'credentail: unknown section; did you mean "credential"?',
        expect.stringMatching(/^officeConfig: a kiosk needs the office configuration/),
        expect.stringMatching(/^counter: belongs only on a counter's card; this card's role is kiosk/),
      ]),
    );
  });

  it("checks the credential against the hash the hub will use", async () => {
    const path = card("counter-1.yaml", (doc) => {
      doc.officeConfig = "motcua-office.yaml";
      (doc.credential as Record<string, string>).password = "typo";
    });
    expect(await problemsOf(path)).toEqual([
      expect.stringMatching(/^credential.password: does not match the passwordHash of "counter-1"/),
    ]);
  });

  it("checks the counter, the device's role and counter, and the office id", async () => {
    const path = card("counter-1.yaml", (doc) => {
      doc.officeConfig = "motcua-office.yaml";
      doc.office = "son-tay-2";
      (doc.counter as Record<string, unknown>).id = "9";
      (doc.credential as Record<string, string>).username = "kiosk-1";
    });
    const problems = await problemsOf(path);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^office: is "son-tay-2" but the office configuration .* is office "son-tay"/),
        expect.stringMatching(/^counter.id: counter "9" is not in the office configuration/),
        expect.stringMatching(/^credential.username: "kiosk-1" is a kiosk in the office configuration/),
      ]),
    );
  });

  it("requires a credential when the office lets no anonymous device in", async () => {
    const path = card("display-1.yaml", (doc) => {
      doc.credential = undefined;
    });
    expect(await problemsOf(path)).toEqual([
      expect.stringMatching(/^credential: required: .*allowAnonymous is false/),
    ]);
  });

  it("requires the hub's listen address when the office lets no anonymous device in", async () => {
    const office = join(dir, "motcua-office.yaml");
    const yaml = readFileSync(office, "utf8");
    expect(yaml).toMatch(/^ {2}host: eth0$/m);
    writeFileSync(office, yaml.replace(/^ {2}host: eth0\n/m, ""));
    expect(await problemsOf(card("hub.yaml"))).toEqual([
      expect.stringMatching(/^officeConfig: .* must set hub\.host, the LAN interface the hub listens on/),
    ]);
    // The devices' cards do not need it: they reach the hub by the address in their own file.
    expect(await problemsOf(card("display-1.yaml"))).toEqual([]);
  });

  it("checks the kiosk's buttons against the office's services", async () => {
    const path = card("kiosk-1.yaml", (doc) => {
      ((doc.kiosk as Record<string, unknown>).pins as Record<string, unknown>).buttons = { TP: 5, XX: 6 };
    });
    expect(await problemsOf(path)).toEqual([
      expect.stringMatching(/^kiosk.pins.buttons: no service XX in the office/),
    ]);
  });

  it("refuses a card of another role, a newer version, a hub address on the hub", async () => {
    expect(await problemsOf(example("counter-1.yaml"), "kiosk")).toEqual([
      "role: this card is a counter's, but the kiosk's program asked for it",
    ]);
    expect(() => parseSite({ ...exampleDoc("hub.yaml"), version: 2 })).toThrow(/version 2 is newer/);
    expect(() => parseSite({ ...exampleDoc("hub.yaml"), hub: { host: "x" } })).toThrow(
      /takes no hub address/,
    );
  });

  it("says where it looked when there is no site file", async () => {
    expect(await problemsOf(join(dir, "nothing.yaml"))).toEqual([
      expect.stringMatching(/^: no site file: write motcua.yaml on the card's boot partition/),
    ]);
  });

  it("refuses a Wi-Fi passphrase that cannot be one", () => {
    expect(() => parseSite({ ...exampleDoc("counter-1.yaml"), wifi: { ssid: "x", psk: "short" } })).toThrow(
      /8–63 printable ASCII/,
    );
  });
});

describe("the Wi-Fi keyfile", () => {
  it("is a NetworkManager keyfile with an escaped passphrase and a stable uuid", () => {
    const text = nmConnection({ ssid: "UBND", psk: "a\\b c d e", country: "VN", hidden: true });
    expect(text).toContain("[wifi]\nmode=infrastructure\nssid=UBND\nhidden=true\n");
    expect(text).toContain("[wifi-security]\nkey-mgmt=wpa-psk\npsk=a\\\\b c d e\n");
    expect(text).toBe(nmConnection({ ssid: "UBND", psk: "a\\b c d e", country: "VN", hidden: true }));
    expect(nmConnection({ ssid: "Open", country: "VN", hidden: false })).not.toContain("wifi-security");
  });
});

describe("check.ts, the technician's and the units' command", () => {
  function io() {
    let stdout = "";
    let stderr = "";
    return {
      io: {
        stdout: {
          write: (s: string) => {
            stdout += s;
            return true;
          },
        },
        stderr: {
          write: (s: string) => {
            stderr += s;
            return true;
          },
        },
        env: {},
      } as unknown as Parameters<typeof runCheck>[1],
      out: () => stdout,
      err: () => stderr,
    };
  }

  it("says what the card is (0), what is wrong (1), or how to call it (2)", async () => {
    const ok = io();
    expect(await runCheck([join(dir, "absent.yaml"), example("counter-1.yaml")], ok.io)).toBe(0);
    expect(ok.out()).toMatch(/counter-1.yaml: ok: the pad of counter 1 of son-tay, host motcua-counter-1/);
    const bad = io();
    expect(await runCheck(["--role", "hub", example("counter-1.yaml")], bad.io)).toBe(1);
    expect(bad.err()).toMatch(/role: this card is a counter's/);
    const usage = io();
    expect(await runCheck(["--role", "printer"], usage.io)).toBe(2);
    expect(await runCheck(["--frobnicate"], usage.io)).toBe(2);
  });

  it("runs as a program (its sources, through tsx) and writes the unit's files", () => {
    const out = join(dir, "run");
    const stdout = execFileSync(
      process.execPath,
      [...SOURCE_EXEC_ARGV, CHECK, "--role", "display", "--write", out, example("display-1.yaml")],
      { encoding: "utf8" },
    );
    expect(stdout).toMatch(/display-1.yaml: ok: display 1 of UBND xã Sơn Tây \(son-tay\)/);
    expect(readFileSync(join(out, "env"), "utf8")).toMatch(/^MOTCUA_ROLE=display\n/);
  });
});
