// docs/operating.md promises that a reply (without diacritics, the default) fits one SMS, the HD
// help and the no-show notice that also blocks the phone excepted (two). Every reply template is
// measured here at its worst: the longest names the office has, three-digit numbers, the longest
// weekday, and the longest words a citizen's message can have quoted back.
import { describe, expect, it } from "vitest";
import { type BookingFacts, Replies, smsSegments } from "../src/index.js";
import { office } from "./sms-helpers.js";

const replies = new Replies(office);
const longest = (values: readonly string[]) => values.reduce((a, b) => (b.length > a.length ? b : a), "");

const worst: BookingFacts = {
  code: "ZZZZZZ",
  procedureName: longest(office.procedures.map((p) => p.name)),
  label: `${longest(office.services.map((s) => s.code))}-999`,
  counter: longest(office.counters.map((c) => c.id)),
  clock: "16:50",
  date: "2026-12-28",
};
// A citizen's words quoted back, as long as the replies quote them, in two-septet characters.
const QUOTED = "€".repeat(20);

const ONE_SEGMENT: [string, string][] = [
  ["booked", replies.booked(worst)],
  [
    "booked, a Sunday asked",
    replies.booked({ ...worst, requested: { date: "2026-12-27", closed: "day_off" } }),
  ],
  [
    "booked, a holiday asked",
    replies.booked({ ...worst, requested: { date: "2026-12-24", closed: "holiday" } }),
  ],
  ["booked, a full day asked", replies.booked({ ...worst, requested: { date: "2026-12-24" } })],
  ["cancelled", replies.cancelled(worst)],
  ["cancelled by the office", replies.officerCancelled(worst)],
  ["no-show", replies.noShow(worst, false)],
  ["reminder, evening", replies.reminder(worst, "evening")],
  ["reminder, soon", replies.reminder(worst, "soon")],
  ["unblocked", replies.unblocked()],
  ["DK syntax", replies.syntax("book")],
  ["HUY syntax", replies.syntax("cancel")],
  ["TT syntax", replies.syntax("status")],
  ["DK unknown procedure", replies.unknownProcedure()],
  ["HUY unknown procedure", replies.unknownProcedure(QUOTED)],
  ["bad date", replies.badDate(QUOTED)],
  ["past date", replies.pastDate("2026-12-28", "2027-01-11")],
  ["too far", replies.tooFar("2027-01-11")],
  ["outside hours", replies.closedHours()],
  ["full", replies.full(worst.procedureName, "2027-01-11")],
  ["limit", replies.limit("2026-12-28")],
  ["blocked", replies.blocked()],
  ["not found (HUY)", replies.notFound("cancel")],
  ["not found (TT)", replies.notFound("status", QUOTED)],
  [
    "TT waiting",
    replies.status({
      state: "waiting",
      label: worst.label,
      serving: worst.label,
      ahead: 999,
      clock: "16:50",
    }),
  ],
  [
    "TT future",
    replies.status({
      state: "future",
      label: worst.label,
      code: worst.code,
      counter: worst.counter,
      clock: "16:50",
      date: worst.date,
    }),
  ],
  ["TT called", replies.status({ state: "called", label: worst.label, counter: worst.counter })],
  ["TT transferred", replies.status({ state: "transferred", label: worst.label, newLabel: worst.label })],
  ...(["served", "cancelled", "no_show", "lapsed", "skipped", "voided", "transferred"] as const).map(
    (outcome): [string, string] => [
      `TT ${outcome}`,
      replies.status({ state: "done", label: worst.label, outcome }),
    ],
  ),
];

describe("every reply at its worst (default: no diacritics)", () => {
  it.each(ONE_SEGMENT)("%s fits one SMS", (_what, text) => {
    expect(smsSegments(text), text).toBe(1);
  });

  it.each([
    ["HD help", replies.help()],
    ["no-show that blocks the phone", replies.noShow(worst, true)],
  ])("%s fits two SMS", (_what, text) => {
    expect(smsSegments(text), text).toBeLessThanOrEqual(2);
  });
});
