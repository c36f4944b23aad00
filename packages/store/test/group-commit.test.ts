import type { SimEvent } from "@motcua/protocol";
import { beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../src/index.js";
import { atCounter, booked, DAY, t, ticketIssued } from "./fixtures/events.js";
import { useTempStores } from "./fixtures/stores.js";

const { storeAt } = useTempStores("motcua-store-group");
let store: Store;
beforeEach(() => {
  store = storeAt();
});

describe("appendMany (group commit)", () => {
  it("stores every entry in order with consecutive seqs, projections and SMS included", () => {
    const at = t("08:00");
    const seqs = store.appendMany([
      {
        input: { at, type: "ticket", service: "TP", kiosk: "1", id: "a" },
        events: [ticketIssued(at, "TP", 1)],
      },
      {
        input: { at, type: "press", counter: "1", button: "next", id: "b" },
        events: [atCounter("called", at, { number: 1, kind: "walkin", counter: "1" })],
      },
      {
        input: { at, type: "sms", from: "0912345678", text: "DK An KS 25/11" },
        events: [booked(at, { code: "K7", number: 2, time: t("09:00") })],
        outgoing: (seq) => [
          { key: `reply/${seq}`, to: "+84912345678", text: "Da dat lich", priority: 0, at },
        ],
      },
    ]);
    expect(seqs).toEqual([1, 2, 3]);
    expect([...store.entries()].map((e) => e.input.type)).toEqual(["ticket", "press", "sms"]);
    expect(store.numbers(DAY).map((n) => [n.label, n.status])).toContainEqual(["TP-001", "called"]);
    expect(store.outbox().map((m) => m.key)).toEqual(["reply/3"]);
  });

  it("keeps none of the batch when one entry cannot be stored", () => {
    const at = t("08:00");
    const broken = {
      ...booked(at, { code: "X", number: 2, time: t("09:00") }),
      name: null,
    } as unknown as SimEvent;
    expect(() =>
      store.appendMany([
        { input: { at, type: "ticket", service: "TP" }, events: [ticketIssued(at, "TP", 1)] },
        { input: { at, type: "sms", from: "0912345678", text: "DK" }, events: [broken] },
      ]),
    ).toThrow();
    expect(store.count()).toBe(0);
    expect(store.numbers(DAY)).toEqual([]);
  });

  it("reads one entry back by its seq", () => {
    const at = t("08:00");
    store.appendMany([
      { input: { at, type: "tick" }, events: [] },
      {
        input: { at, type: "ticket", service: "TP", kiosk: "1", id: "r1" },
        events: [ticketIssued(at, "TP", 1)],
      },
    ]);
    expect(store.entry(2)).toEqual({
      seq: 2,
      input: { at, type: "ticket", service: "TP", kiosk: "1", id: "r1" },
      events: [ticketIssued(at, "TP", 1)],
    });
    expect(store.entry(3)).toBeUndefined();
    expect(store.appendMany([])).toEqual([]);
  });
});
