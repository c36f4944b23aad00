// The example Mosquitto access list (examples/mosquitto/motcua.acl) must follow the protocol's
// topic table: a topic added to the table and forgotten in the ACL would leave every device of
// a Mosquitto office deaf to it (the hub's clock was nearly such a topic).
import { readFileSync } from "node:fs";
import { filterOf, TOPIC_NAMES, topicRules, topics } from "@motcua/protocol";
import { describe, expect, it } from "vitest";

const OFFICE = "son-tay";
const ACL = readFileSync(new URL("../../../examples/mosquitto/motcua.acl", import.meta.url), "utf8");

/** The ACL's lines by the `user` block they are in ("" for the patterns after every block). */
function blocks(text: string): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>([["", new Set()]]);
  let user = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("user ")) {
      user = line.slice("user ".length);
      byUser.set(user, new Set());
    } else if (line.startsWith("pattern ")) byUser.get("")?.add(line);
    else byUser.get(user)?.add(line);
  }
  return byUser;
}

const acl = blocks(ACL);
const devicesOf = (role: "counter" | "rating" | "kiosk") =>
  [...acl.keys()].filter((user) => user.startsWith(`${role}-`)).map((user) => user.slice(role.length + 1));

describe("the example Mosquitto ACL", () => {
  it("has a counter, a rating pad and a kiosk to check", () => {
    expect(devicesOf("counter").length).toBeGreaterThan(0);
    expect(devicesOf("rating").length).toBeGreaterThan(0);
    expect(devicesOf("kiosk").length).toBeGreaterThan(0);
  });

  it("lets every device read each topic the hub publishes", () => {
    const hubTopics = TOPIC_NAMES.filter((name) => topicRules(name).publisher === "hub");
    const missing = hubTopics.filter((name) => !acl.get("")?.has(`pattern read ${filterOf(name, OFFICE)}`));
    expect(missing).toEqual([]);
  });

  it("lets each counter pad, rating pad and kiosk write its own requests, and only its own", () => {
    for (const role of ["counter", "rating", "kiosk"] as const) {
      const names = TOPIC_NAMES.filter((name) => topicRules(name).publisher === role);
      for (const id of devicesOf(role)) {
        const lines = acl.get(`${role}-${id}`) ?? new Set();
        const expected = names.map(
          (name) => `topic write ${(topics[name] as (o: string, i: string) => string)(OFFICE, id)}`,
        );
        expect([...lines].sort(), `${role}-${id}`).toEqual(expected.sort());
      }
    }
  });

  it("lets every device write its own presence and read the others'", () => {
    const patterns = acl.get("") ?? new Set();
    expect(patterns).toContain(`pattern write motcua/${OFFICE}/device/%u/status`);
    expect(patterns).toContain(`pattern read ${filterOf("deviceStatus", OFFICE)}`);
  });

  it("gives the whole office to the hub alone", () => {
    const whole = `topic readwrite motcua/${OFFICE}/#`;
    const holders = [...acl.entries()].filter(([, lines]) => lines.has(whole)).map(([user]) => user);
    expect(holders).toEqual(["motcua-hub"]);
  });
});
