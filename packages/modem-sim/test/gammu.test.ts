// Keeping the simulator honest: Debian's gammu, an AT client written by other people for real
// modems, identifies it, reads its SMS and sends through it.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModemSimulator, startModemSimulator } from "../src/index.js";
import { toolGate } from "./helpers.js";

const gate = toolGate(["socat", "gammu"]);

const children = new Set<ReturnType<typeof execFile>>();

/** Runs gammu without blocking the event loop (the simulator answers it from this process). */
function gammu(rc: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      "gammu",
      ["-c", rc, ...args],
      { encoding: "utf8", timeout: 20_000, env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" } },
      (error, stdout, stderr) => {
        children.delete(child);
        resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), stdout, stderr });
      },
    );
    children.add(child);
  });
}

/** gammu prints a text part's line without its trailing spaces: compare texts without whitespace. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}

describe.runIf(gate.run)("gammu against the simulator", () => {
  let sim: ModemSimulator;
  let rc: string;

  beforeAll(async () => {
    if (gate.missing.length > 0) throw new Error(`CI: ${gate.missing.join(", ")} missing (scripts/setup.sh)`);
    sim = await startModemSimulator({ sendDelayMs: 30 });
    rc = join(sim.dir, "gammurc");
    await writeFile(rc, `[gammu]\ndevice = ${sim.path}\nconnection = at115200\nmodel = at\n`);
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    if (process.env.DUMP_GAMMU) console.log([...new Set(sim.commands)].join("\n"));
    await sim?.close();
  });

  it("identify", async () => {
    const { code, stdout, stderr } = await gammu(rc, ["identify"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Manufacturer\s+: Quectel/);
    expect(stdout).toMatch(/Model\s+: .*EC25/);
    expect(stdout).toMatch(/Firmware\s+: EC25EFAR06A06M4G/);
    expect(stdout).toMatch(/IMEI\s+: 866758041234567/);
    expect(stdout).toMatch(/SIM IMSI\s+: 452040123456789/);
  });

  it("networkinfo", async () => {
    const { code, stdout } = await gammu(rc, ["networkinfo"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Network state\s+: home network/);
    expect(stdout).toMatch(/452 04 \(Viettel/);
  });

  it("getallsms and geteachsms show a Vietnamese UCS-2 SMS and a multipart GSM-7 one", async () => {
    const vietnamese = "Đặt lịch khám ngày mai được không? Cảm ơn!";
    const long = `DK 1 15/12 9h ${"Nguyen Van An, so CCCD 001203004567; ".repeat(5)}het`;
    expect(sim.inject({ from: "+84912345678", text: vietnamese }).stored).toHaveLength(1);
    expect(sim.inject({ from: "0987654321", text: long }).stored).toHaveLength(2);

    const all = await gammu(rc, ["getallsms"]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(vietnamese);
    expect(all.stdout).toMatch(/Coding\s+: Unicode \(no compression\)/);
    expect(all.stdout).toMatch(/Concatenated \(linked\) message, ID \(8 bit\) \d+, part 1 of 2/);
    expect(all.stdout).toMatch(/part 2 of 2/);
    expect(all.stdout).toContain("3 SMS parts in 3 SMS sequences");
    expect(all.stdout).toMatch(/SMSC number\s+: "\+84980200030"/);
    expect(all.stdout).toContain('Remote number        : "0987654321"');

    const each = await gammu(rc, ["geteachsms"]);
    expect(each.code).toBe(0);
    expect(each.stdout).toContain("3 SMS parts in 2 SMS sequences");
    expect(squeeze(each.stdout)).toContain(squeeze(long));
    expect(each.stdout).toContain(vietnamese);
  });

  it("sendsms -unicode puts the text to the number in sim.sent", async () => {
    const { code, stdout, stderr } = await gammu(rc, [
      "sendsms",
      "TEXT",
      "+84912345678",
      "-unicode",
      "-text",
      "Xin chào Việt Nam",
    ]);
    expect(`${stdout}${stderr}`).toMatch(/OK, message reference=\d+/);
    expect(code).toBe(0);
    const sent = await sim.waitForSent((m) => m.text === "Xin chào Việt Nam");
    expect(sent.to).toBe("+84912345678");
    expect(sent.parts[0]?.pdu.encoding).toBe("ucs2");
  });

  it("sendsms of a long text: gammu's parts come back as one message", async () => {
    const text = "Lich hen cua ban: ".concat("thu tuc hanh chinh mot cua, ".repeat(8)).trim();
    const { code } = await gammu(rc, [
      "sendsms",
      "TEXT",
      "0912345678",
      "-len",
      String(text.length),
      "-text",
      text,
    ]);
    expect(code).toBe(0);
    const sent = await sim.waitForSent((m) => m.to === "0912345678");
    expect(sent.text).toBe(text);
    expect(sent.parts.length).toBe(2);
    expect(sent.parts.map((p) => p.pdu.concat?.sequence)).toEqual([1, 2]);
  });

  it("deletes what it read (deleteallsms)", async () => {
    const { code } = await gammu(rc, ["deleteallsms", "1"]);
    expect(code).toBe(0);
    expect(sim.storage().filter((e) => e.memory === "SM")).toEqual([]);
  });

  it("sees a storage fault as an error", async () => {
    sim.fail({ command: /^\+CMGS/, error: { cms: 42 } });
    const { code, stdout, stderr } = await gammu(rc, [
      "sendsms",
      "TEXT",
      "+84912345678",
      "-text",
      "congested",
    ]);
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toMatch(/error|failed/i);
  });
});
