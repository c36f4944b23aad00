import { describe, expect, it } from "vitest";
import {
  clientIdOf,
  deviceOfClientId,
  filterOf,
  isRequestTopic,
  parseTopic,
  TOPIC_NAMES,
  type TopicName,
  topicRules,
  topics,
} from "../src/index.js";

const cases: Array<[TopicName, string, string | undefined]> = [
  ["counterPress", "motcua/son-tay/counter/1/press", "1"],
  ["kioskPress", "motcua/son-tay/kiosk/k1/press", "k1"],
  ["kioskTicket", "motcua/son-tay/kiosk/k1/ticket", "k1"],
  ["calls", "motcua/son-tay/calls", undefined],
  ["counterState", "motcua/son-tay/counter/1/state", "1"],
  ["board", "motcua/son-tay/board", undefined],
  ["deviceStatus", "motcua/son-tay/device/counter-1/status", "counter-1"],
  // The additions of docs/protocol.md.
  ["counterRating", "motcua/son-tay/counter/1/rating", "1"],
  ["counterAck", "motcua/son-tay/counter/1/ack", "1"],
  ["kioskVoid", "motcua/son-tay/kiosk/k1/void", "k1"],
  ["kioskHealth", "motcua/son-tay/kiosk/k1/health", "k1"],
  ["displayNotice", "motcua/son-tay/display/notice", undefined],
  ["deviceInfo", "motcua/son-tay/device/modem/info", "modem"],
  ["hubClock", "motcua/son-tay/clock", undefined],
  ["staffInbox", "motcua/son-tay/staff/cv-tp/inbox", "cv-tp"],
  ["staffTasks", "motcua/son-tay/staff/cv-tp/tasks", "cv-tp"],
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

  it("has a case for every topic of the table", () => {
    expect(new Set(cases.map(([name]) => name))).toEqual(new Set(TOPIC_NAMES));
  });

  it("builds subscription filters with + in place of the id", () => {
    expect(filterOf("counterPress", "son-tay")).toBe("motcua/son-tay/counter/+/press");
    expect(filterOf("calls", "son-tay")).toBe("motcua/son-tay/calls");
  });

  it("says who publishes each topic and whether it is retained, as PROTOCOL.md does", () => {
    expect(topicRules("counterPress")).toEqual({ publisher: "counter", retained: false });
    expect(topicRules("counterRating")).toEqual({ publisher: "rating", retained: false });
    expect(topicRules("kioskPress")).toEqual({ publisher: "kiosk", retained: false });
    expect(topicRules("deviceStatus")).toEqual({ publisher: "self", retained: true });
    expect(topicRules("board")).toEqual({ publisher: "hub", retained: true });
    expect(topicRules("counterState")).toEqual({ publisher: "hub", retained: true });
    expect(topicRules("calls")).toEqual({ publisher: "hub", retained: false });
    expect(topicRules("kioskTicket")).toEqual({ publisher: "hub", retained: false });
    expect(TOPIC_NAMES.filter(isRequestTopic)).toEqual([
      "counterPress",
      "counterRating",
      "kioskPress",
      "kioskVoid",
    ]);
  });

  it("reads a wildcard or an empty level as no topic at all", () => {
    expect(parseTopic("motcua/son-tay/counter/+/press")).toBeUndefined();
    expect(parseTopic("motcua/+/calls")).toBeUndefined();
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

describe("client ids", () => {
  it("are motcua-{office}-{device}, with an optional instance after a dot", () => {
    expect(clientIdOf("son-tay", "counter-1")).toBe("motcua-son-tay-counter-1");
    expect(clientIdOf("son-tay", "hub")).toBe("motcua-son-tay-hub");
    expect(clientIdOf("son-tay", "display-hall", "a1")).toBe("motcua-son-tay-display-hall.a1");
  });

  it("name their device back, and nothing for ids of other offices or tools", () => {
    expect(deviceOfClientId("son-tay", "motcua-son-tay-counter-1")).toBe("counter-1");
    expect(deviceOfClientId("son-tay", "motcua-son-tay-display-hall.tab2")).toBe("display-hall");
    expect(deviceOfClientId("son-tay", "motcua-son-tay-hub")).toBe("hub");
    expect(deviceOfClientId("son-tay", "motcua-xa-a-counter-1")).toBeUndefined();
    expect(deviceOfClientId("son-tay", "mqttjs_1234")).toBeUndefined();
    expect(deviceOfClientId("son-tay", "motcua-son-tay-")).toBeUndefined();
  });
});
