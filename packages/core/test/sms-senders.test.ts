// Who may be answered and how a sender is keyed (docs/rules.md "SMS"): decided by @motcua/sms's
// rule, the one the modem sends with, so the core never decides for a reply that cannot go out.
import { describe, expect, it } from "vitest";
import { replyAddress } from "../src/index.js";
import { at, bookedOf, expectRejectedWithReply, MON, ofType, replyOf, Sim } from "./sms-helpers.js";

const NINE = at(MON, "09:00");

describe("senders that no reply can reach", () => {
  it.each([
    ["a short code", "8188"],
    ["an operator's name", "Viettel"],
    ["a landline", "02438251234"],
    ["a malformed number", "091234"],
  ])("%s (%s): HD is not answered and produces nothing", (_what, from) => {
    const sim = new Sim();
    expect(sim.sms(NINE, from, "HD")).toEqual([]);
  });

  it("a booking from a short code makes no booking and takes no slot", () => {
    const sim = new Sim();
    expect(sim.sms(NINE, "8188", "DK Nguyen Van A KS 25/11")).toEqual([]);
    // The first slot of Wednesday is still the first one given.
    const booked = bookedOf(sim.sms(NINE, "0912345678", "DK Nguyen Van B KS 25/11"));
    expect(booked).toMatchObject({ label: "TP-001", time: at("2026-11-25", "08:00") });
  });

  it("a foreign mobile number is answered", () => {
    const sim = new Sim();
    expect(replyOf(sim.sms(NINE, "+31641600986", "HD")).to).toBe("+31641600986");
  });
});

describe("one phone however the network writes it", () => {
  const FORMS = ["912345678", "0912345678", "+84912345678", "84912345678"];

  it("912345678, 0912345678, +84912345678 and 84912345678 share the per-phone limit", () => {
    const sim = new Sim();
    bookedOf(sim.sms(NINE, FORMS[0] as string, "DK Nguyen Van A KS 25/11"));
    bookedOf(sim.sms(at(MON, "09:01"), FORMS[1] as string, "DK Nguyen Van A KS 25/11"));
    for (const [i, form] of FORMS.entries()) {
      const text = expectRejectedWithReply(
        sim.sms(at(MON, `09:1${i}`), form, "DK Nguyen Van A KS 25/11"),
        "limit",
      );
      expect(text).toContain("25/11/2026");
    }
  });

  it("a booking made as 912345678 is cancelled from +84912345678, and the reply reaches that phone", () => {
    const sim = new Sim();
    const booked = bookedOf(sim.sms(NINE, "912345678", "DK Nguyen Van A KS 25/11"));
    const events = sim.sms(at(MON, "09:05"), "+84912345678", `HUY ${booked.code}`);
    expect(ofType(events, "cancelled")).toHaveLength(1);
    expect(replyAddress(replyOf(events).to)).toBe("+84912345678");
  });
});
