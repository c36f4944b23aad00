// RULES.md "Asking by SMS" with PROTOCOL.md "checkin": once an officer checked the holder of an
// appointment in, `TT <code>` says so until the appointment is called (docs/rules.md "TT").
import type { EventOf, SimEvent } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { smsSegments } from "../src/index.js";
import { exampleOffice, phone, t, WED } from "./calling-helpers.js";
import { Console } from "./officer-helpers.js";

const ASCII = /^[\x20-\x7E]*$/;
const ASKER = phone(50);

function replyOf(events: SimEvent[]): string {
  const sms = events.filter((e): e is EventOf<"sms_out"> => e.type === "sms_out");
  expect(sms).toHaveLength(1);
  return (sms[0] as EventOf<"sms_out">).text;
}

/** Wednesday: TP-001 08:00 and TP-002 08:10 booked, walk-in TP-003 at 07:40, TP-002 checked in at 07:45. */
function morning(office = new Console()) {
  const [first, second] = office.bookings(WED, 2);
  office.walkIn(t(WED, "07:40"), "TP");
  expect(office.checkin(t(WED, "07:45"), second.code).map((e) => e.type)).toEqual(["checked_in"]);
  return { office, first, second };
}

describe("TT of a checked-in appointment", () => {
  it("says the citizen is checked in, with the number served, how many ahead and the time", () => {
    const { office, first, second } = morning();
    const reply = replyOf(office.sms(t(WED, "07:46"), ASKER, `TT ${second.code}`));
    // Ahead of TP-002 (08:10): TP-003 the walk-in (07:46) and TP-001 the appointment (08:00).
    expect(reply).toBe(
      "So TP-002: da xac nhan co mat. Chua goi so nao, con 2 nguoi truoc ban, du kien den luot luc 08:10.",
    );
    expect(reply).toMatch(ASCII);
    expect(smsSegments(reply)).toBe(1);
    // TT by its label says the same; the appointment not checked in says nothing of presence.
    expect(replyOf(office.sms(t(WED, "07:46"), ASKER, "TT TP-002"))).toBe(reply);
    expect(replyOf(office.sms(t(WED, "07:46"), ASKER, `TT ${first.code}`))).toBe(
      "So TP-001: chua goi so nao, con 1 nguoi truoc ban, du kien den luot luc 08:00.",
    );
  });

  it("names the number being served, and stops saying it once the appointment is called", () => {
    const { office, second } = morning();
    expect(office.nextLabel(t(WED, "07:50"), "1")).toBe("TP-003");
    expect(replyOf(office.sms(t(WED, "07:51"), ASKER, `TT ${second.code}`))).toBe(
      "So TP-002: da xac nhan co mat. Dang goi so TP-003, con 1 nguoi truoc ban, du kien den luot luc 08:10.",
    );
    expect(office.nextLabel(t(WED, "08:05"), "1")).toBe("TP-001");
    expect(office.nextLabel(t(WED, "08:11"), "1")).toBe("TP-002");
    expect(replyOf(office.sms(t(WED, "08:12"), ASKER, `TT ${second.code}`))).toBe(
      "So TP-002 dang duoc moi den quay 1.",
    );
  });

  it("says it for one checked in during its grace period, waiting for the call again", () => {
    const office = new Console();
    const [b] = office.bookings(WED, 1);
    office.tick(t(WED, "08:00")); // called by itself
    office.skip(t(WED, "08:01"), "1");
    office.checkin(t(WED, "08:04"), b.code);
    expect(replyOf(office.sms(t(WED, "08:04:30"), ASKER, `TT ${b.code}`))).toMatch(
      /^So TP-001: da xac nhan co mat\. /,
    );
  });

  it("with diacritics when the office sends them", () => {
    const config = exampleOffice();
    const { office, second } = morning(
      new Console({ config: { ...config, rules: { ...config.rules, replyWithDiacritics: true } } }),
    );
    expect(replyOf(office.sms(t(WED, "07:46"), ASKER, `TT ${second.code}`))).toBe(
      "Số TP-002: đã xác nhận có mặt. Chưa gọi số nào, còn 2 người trước bạn, dự kiến đến lượt lúc 08:10.",
    );
  });
});
