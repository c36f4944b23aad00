import { segment } from "@motcua/sms";
import { describe, expect, it } from "vitest";
import { smsSegments } from "../src/office-stats.js";
import { MON, Office, t } from "./office.js";

describe("SMS", () => {
  it("counts messages received and sent, their segments, and their cost at the configured price", () => {
    const office = new Office();
    expect(office.config.dossiers.smsPrice).toBe(350);
    office.book(t(MON, "07:35"), "0912000001", "DK Nguyen Van A KS 25/11");
    const booking = office.book(t(MON, "07:36"), "0912000002", "DK Tran Thi B KS 25/11");
    office.sms(t(MON, "07:37"), "0912000002", `HUY ${booking.code}`);
    office.sms(t(MON, "07:38"), "0912000003", "xin chao"); // not understood: a help reply
    const sent = office.events("sms_out");
    expect(sent).toHaveLength(4);
    // Replies are GSM-7 without diacritics: 160 characters a segment, 153 when cut.
    const segments = sent.reduce(
      (n, e) => n + (e.text.length <= 160 ? 1 : Math.ceil(e.text.length / 153)),
      0,
    );
    expect(sent.every((e) => /^[\x20-\x7e]*$/.test(e.text))).toBe(true);
    const { sms } = office.report({ from: MON }).total;
    expect(sms).toEqual({ received: 4, sent: 4, segments, cost: segments * 350 });
    expect(segments).toBeGreaterThan(4); // the help reply is long
  });

  it("counts SMS for the office only: a service or counter filter has none", () => {
    const office = new Office();
    office.book(t(MON, "07:35"), "0912000001", "DK Nguyen Van A KS 25/11");
    const report = office.report({ from: MON, service: "TP" });
    expect(report.total.sms).toEqual({ received: 0, sent: 0, segments: 0, cost: 0 });
    expect(report.byService.every((s) => s.figures.sms.sent === 0)).toBe(true);
    expect(office.report({ from: MON }).total.sms.sent).toBe(1);
  });

  it("prices each SMS at the price in force when it was sent", () => {
    const office = new Office();
    office.book(t(MON, "07:35"), "0912000001", "DK Nguyen Van A KS 25/11");
    const dearer = { ...office.config, dossiers: { ...office.config.dossiers, smsPrice: 500 } };
    const applied = office.send({ at: t(MON, "07:40"), type: "config", config: dearer, officer: "admin" });
    expect(applied.map((e) => e.type)).toEqual(["config_applied"]);
    office.book(t(MON, "07:45"), "0912000002", "DK Tran Thi B KS 25/11");
    expect(office.report({ from: MON }).total.sms).toMatchObject({ sent: 2, segments: 2, cost: 850 });
  });
});

describe("dossiers", () => {
  // 2026-12-07 is a Monday. KS (process A, one working day) at counter 1, XD at counter 2.
  const DAY = "2026-12-07";
  const NEXT = "2026-12-08";
  function dossiers(): Office {
    const office = new Office();
    const receive = (at: string, procedure: string, counter: string) => {
      const events = office.send({
        at,
        type: "dossier_receive",
        officer: counter === "1" ? "tn-1" : "tn-2",
        procedure,
        name: "Nguyễn Văn An",
        phone: "0987654321",
        counter,
      });
      const received = events.find((e) => e.type === "dossier_received");
      if (!received) throw new Error(`${procedure} not received`);
      return received.code;
    };
    const done = (at: string, code: string, officer: string) =>
      office.send({ at, type: "step_done", code, officer });
    const early = receive(t(DAY, "09:00"), "KS", "1");
    const late = receive(t(DAY, "09:05"), "KS", "1");
    receive(t(DAY, "09:10"), "XD", "2");
    // The first: every step the same morning, a day before it is due (early).
    done(t(DAY, "10:00"), early, "cv-tp");
    done(t(DAY, "10:30"), early, "ct");
    done(t(DAY, "11:00"), early, "vt");
    const first = done(t(DAY, "11:10"), early, "tn-1");
    expect(first.find((e) => e.type === "dossier_result_ready")).toMatchObject({ status: "early" });
    // The second: its steps the next morning, after its due instant (09:05).
    done(t(NEXT, "10:00"), late, "cv-tp");
    done(t(NEXT, "10:10"), late, "ct");
    done(t(NEXT, "10:20"), late, "vt");
    const second = done(t(NEXT, "10:30"), late, "tn-1");
    expect(second.find((e) => e.type === "dossier_result_ready")).toMatchObject({ status: "late" });
    return office;
  }

  it("counts dossiers received, and finished early, on time and late, on the day of their result", () => {
    const office = dossiers();
    const report = office.report({ from: DAY, to: NEXT });
    expect(report.total.dossiers).toEqual({
      received: 3,
      finished: 2,
      early: 1,
      onTime: 0,
      late: 1,
      inTimePercent: 50,
    });
    expect(
      report.series.map((s) => [s.period, s.figures.dossiers.received, s.figures.dossiers.finished]),
    ).toEqual([
      [DAY, 3, 1],
      [NEXT, 0, 1],
    ]);
  });

  it("gives a dossier's result to the service and counter that received it", () => {
    const report = dossiers().report({ from: DAY, to: NEXT });
    const service = (code: string) => report.byService.find((s) => s.service === code)?.figures.dossiers;
    expect(service("TP")).toMatchObject({ received: 2, finished: 2, early: 1, late: 1 });
    expect(service("DD")).toMatchObject({ received: 1, finished: 0, inTimePercent: null });
    const counter = (id: string) => report.byCounter.find((c) => c.counter === id)?.figures.dossiers;
    expect(counter("1")).toMatchObject({ received: 2, finished: 2 });
    expect(counter("2")).toMatchObject({ received: 1, finished: 0 });
  });
});

describe("segments", () => {
  it("counts plain ASCII texts from their length as the codec cuts them, and the rest with the codec", () => {
    const alphabet = 'abcXYZ019 .,:;!?()"#$%&*+-/<=>@_\n';
    const others = ["ờ", "đ", "€", "[", "~", "`", "{", "é", "😀", "\\", "|", "^"];
    let seed = 3;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (const length of [0, 1, 70, 71, 153, 154, 159, 160, 161, 306, 307, 459, 460, 1000]) {
      for (let k = 0; k < 8; k++) {
        let text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join("");
        if (k % 2 === 1 && length > 0) {
          const at = random(length);
          text = `${text.slice(0, at)}${others[random(others.length)]}${text.slice(at + 1)}`;
        }
        expect(smsSegments(text), JSON.stringify(text)).toBe(Math.max(1, segment(text).parts.length));
      }
    }
  });
});
