// examples/sms-newcomer.jsonl through the real `motcua simulate`: the SMS a newcomer sends
// (no procedure, a procedure as a phrase, a closed day, a short code, one phone written three ways).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SOURCE_EXEC_ARGV } from "./helpers/source-node.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const main = join(root, "packages", "cli", "src", "main.ts");

type Event = Record<string, unknown> & { at: string; type: string };

function simulate(scenario: string): Event[] {
  const run = spawnSync(process.execPath, [...SOURCE_EXEC_ARGV, main, "simulate", scenario], {
    encoding: "utf8",
    cwd: root,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Event);
}

describe("motcua simulate examples/sms-newcomer.jsonl", () => {
  const events = simulate("examples/sms-newcomer.jsonl");
  const at = (clock: string) => events.filter((e) => e.at === `2026-11-23T${clock}:00+07:00`);
  const reply = (clock: string) => at(clock).find((e) => e.type === "sms_out")?.text as string;

  it("DK without a procedure: the form and the codes, no name quoted", () => {
    expect(at("09:00").map((e) => e.type)).toEqual(["rejected", "sms_out"]);
    expect(reply("09:00")).toMatch(
      /^Khong ro thu tuc\. Dat lich: DK <ho ten> <ma thu tuc> <ngay>.*KS, KT, KH/,
    );
  });

  it("'lam giay khai sinh': the citizen is Nguyen Van An, the procedure KS", () => {
    expect(at("09:01")[0]).toMatchObject({ type: "booked", name: "Nguyen Van An", procedure: "KS" });
  });

  it("a Sunday and a holiday: said so, booked on the next working day", () => {
    expect(reply("09:02")).toContain("Ngay 29/11 (Chu nhat) khong lam viec. ");
    expect(at("09:02")[0]).toMatchObject({ type: "booked", time: "2026-11-30T08:00:00+07:00" });
    expect(reply("09:03")).toContain("Ngay 24/11 nghi le, khong lam viec. ");
    expect(at("09:03")[0]).toMatchObject({
      type: "booked",
      procedure: "XN",
      time: "2026-11-25T08:00:00+07:00",
    });
  });

  it("the short code 8188: neither its HD nor its DK gives any event", () => {
    expect(at("09:04")).toEqual([]);
    expect(at("09:05")).toEqual([]);
  });

  it("912345678 and 84912345678 are the phone 0912345678: its third booking of 02/12 is over the limit", () => {
    expect(at("09:06")[0]).toMatchObject({ type: "booked", time: "2026-12-02T08:10:00+07:00" });
    expect(at("09:07").map((e) => e.type === "rejected" && e.reason)).toContain("limit");
  });

  it("every reply fits one SMS", () => {
    for (const e of events.filter((e) => e.type === "sms_out"))
      expect((e.text as string).length).toBeLessThanOrEqual(160);
  });
});
