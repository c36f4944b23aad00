// The kiosk's screen shows why no ticket was given in the same words, and with the same hours,
// as the SMS replies: one texts module in the core.
import { describe, expect, it } from "vitest";
import { ticketRefusalText } from "../src/index.js";
import { at, MON, office, Sim } from "./sms-helpers.js";

describe("kiosk refusal texts", () => {
  it("outside hours: says when the office receives, with diacritics (a screen, not an SMS)", () => {
    const text = ticketRefusalText(office, "closed");
    expect(text).toContain("Ngoài giờ tiếp nhận");
    expect(text).toContain("7:30-11:00, 13:30-17:00");
  });

  it("the SMS refusal outside hours names the same hours, without diacritics", () => {
    const sms = new Sim().sms(at(MON, "12:00"), "0912345678", "DK Nguyen Van A KS 25/11");
    const reply = sms.find((e) => e.type === "sms_out");
    expect(reply && "text" in reply ? reply.text : "").toContain("(7:30-11:00, 13:30-17:00)");
  });

  it("full and unknown service each have their own text", () => {
    expect(ticketRefusalText(office, "full")).toContain("Đã hết số của lĩnh vực này");
    expect(ticketRefusalText(office, "unknown_service")).toContain("Lĩnh vực này không có ở đây");
  });
});
