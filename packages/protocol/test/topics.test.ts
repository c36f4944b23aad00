import { describe, expect, it } from "vitest";
import { parseTopic, type TopicName, topics } from "../src/index.js";

const cases: Array<[TopicName, string, string | undefined]> = [
  ["counterPress", "motcua/son-tay/counter/1/press", "1"],
  ["kioskPress", "motcua/son-tay/kiosk/k1/press", "k1"],
  ["kioskTicket", "motcua/son-tay/kiosk/k1/ticket", "k1"],
  ["calls", "motcua/son-tay/calls", undefined],
  ["counterState", "motcua/son-tay/counter/1/state", "1"],
  ["board", "motcua/son-tay/board", undefined],
  ["deviceStatus", "motcua/son-tay/device/counter-1/status", "counter-1"],
];

function build(name: TopicName, office: string, id: string | undefined): string {
  const f = topics[name] as (office: string, id?: string) => string;
  return f(office, id);
}

describe("topics", () => {
  it.each(cases)("%s is %s as in PROTOCOL.md", (name, expected, id) => {
    expect(build(name, "son-tay", id)).toBe(expected);
  });

  it.each(cases)("parseTopic reads %s back", (name, topic, id) => {
    const parsed = parseTopic(topic);
    expect(parsed).toEqual(id === undefined ? { name, office: "son-tay" } : { name, office: "son-tay", id });
  });

  it("round-trips every topic for other offices and ids", () => {
    for (const [name] of cases) {
      for (const [office, id] of [
        ["xa-a", "2"],
        ["phuong-10", "display-main"],
      ] as const) {
        const topic = build(name, office, id);
        const parsed = parseTopic(topic);
        expect(parsed?.name).toBe(name);
        expect(parsed?.office).toBe(office);
        if (parsed?.id !== undefined) expect(parsed.id).toBe(id);
        expect(parsed && build(parsed.name, parsed.office, parsed.id ?? id)).toBe(topic);
      }
    }
  });

  it("knows every device kind in device status topics", () => {
    for (const device of ["counter-1", "kiosk-k1", "display-hall", "modem"]) {
      expect(parseTopic(topics.deviceStatus("son-tay", device))).toEqual({
        name: "deviceStatus",
        office: "son-tay",
        id: device,
      });
    }
  });

  it.each([
    "motcua/son-tay",
    "motcua/son-tay/counter/1",
    "motcua/son-tay/counter/1/press/extra",
    "other/son-tay/calls",
    "motcua//calls",
    "motcua/son-tay/counter//press",
    "motcua/son-tay/kiosk/k1/state",
    "motcua/son-tay/unknown",
  ])("does not recognise %s", (topic) => {
    expect(parseTopic(topic)).toBeUndefined();
  });
});
