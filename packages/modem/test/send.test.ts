import { describe, expect, it, vi } from "vitest";
import { isModemError } from "../src/index.js";
import { FakeModem } from "./helpers/fake-modem.js";
import { eventually, startLink, until } from "./helpers/setup.js";

const LONG =
  "Đặt lịch thành công: Nguyễn Thị Ánh, thủ tục Đăng ký khai sinh, ngày 24/11 lúc 09:00, quầy 2, số TP-012. Mã giao dịch C12345.";

describe("sending", () => {
  it("writes AT+CMGS=<length>, waits for the `> ` prompt, then the PDU and Ctrl-Z", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const before = fake.recording.length;
    const parts: Array<[number, number, number]> = [];
    await modem.send(
      { to: "+84912345678", text: "Da dat lich KS 24/11 09:00", reference: 1 },
      (sent, total, mr) => parts.push([sent, total, mr]),
    );
    const wire = fake.recording.slice(before);
    expect(wire.endsWith("\x1a")).toBe(true); // Ctrl-Z ends the PDU
    expect(wire.slice(0, -1)).toMatch(/^AT\+CMGS=\d+\r[0-9A-F]+$/);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ to: "+84912345678", text: "Da dat lich KS 24/11 09:00" });
    expect(fake.sent[0]?.length).toBe((fake.sent[0]?.hex.length ?? 0) / 2 - 1); // octets after the "00" SMSC
    expect(parts).toEqual([[1, 1, 1]]);
  });

  it("sends a multipart message part after part, back to back, under AT+CMMS=2", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const from = fake.commands.length;
    const calls: number[] = [];
    await modem.send({ to: "0912345678", text: LONG, reference: 300 }, (sent) => calls.push(sent));
    const sends = fake.commands.slice(from);
    expect(sends).toHaveLength(2);
    expect(sends.every((c) => /^AT\+CMGS=\d+$/.test(c))).toBe(true);
    expect(fake.commands.indexOf("AT+CMMS=2")).toBeGreaterThan(-1);
    expect(fake.commands.indexOf("AT+CMMS=2")).toBeLessThan(from);
    expect(fake.sent.map((p) => p.concat)).toEqual([
      { reference: 300 & 0xff, total: 2, sequence: 1, referenceBits: 8 },
      { reference: 300 & 0xff, total: 2, sequence: 2, referenceBits: 8 },
    ]);
    expect(fake.sent.map((p) => p.text).join("")).toBe(LONG);
    expect(calls).toEqual([1, 2]);
  });

  it("takes a second message while it sends one; each is recorded before anything more is sent", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const from = fake.commands.length;
    // When a part is recorded, the modem has taken no PDU after it: a crash then re-sends at most it.
    const accepted: number[] = [];
    const record = () => {
      accepted.push(fake.sent.length);
    };
    const first = modem.send({ to: "0912345678", text: LONG, reference: 1 }, record);
    const second = modem.send({ to: "0987654321", text: "Da dat lich", reference: 2 }, record);
    await Promise.all([first, second]);
    expect(fake.commands.slice(from).every((c) => c.startsWith("AT+CMGS="))).toBe(true);
    expect(fake.sent.map((p) => p.to)).toEqual(["0912345678", "0912345678", "0987654321"]);
    expect(accepted).toEqual([1, 2, 3]);
  });

  it("resumes a multipart message after the parts already sent", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    await modem.send({ to: "+84912345678", text: LONG, reference: 4, fromPart: 1 });
    expect(fake.sent.map((p) => p.concat?.sequence)).toEqual([2]);
  });

  it("keeps reads out of the way of a multipart send: a +CMTI mid-send is read after it", async () => {
    const fake = new FakeModem();
    const { modem, received } = startLink(fake);
    await until(modem, "ready");
    await eventually(() => expect(fake.commands.at(-1)).toBe("AT+CMGL=4"));
    const from = fake.commands.length;
    fake.cmtiDuringNextSend = { from: "+84987654321", text: "DK B KT 25/11" };
    await modem.send({ to: "+84912345678", text: LONG, reference: 8 });
    await eventually(() => expect(received).toHaveLength(1));
    const after = fake.commands.slice(from);
    expect(after.slice(0, 2).every((c) => c.startsWith("AT+CMGS="))).toBe(true);
    expect(after[2]).toBe("AT+CMGR=0");
    expect(received[0]).toMatchObject({ kind: "message", text: "DK B KT 25/11" });
  });

  it("rejects with the CMS error number", async () => {
    const fake = new FakeModem();
    const { modem } = startLink(fake);
    await until(modem, "ready");
    fake.sendErrors.push("+CMS ERROR: 42");
    const error = await modem.send({ to: "+84912345678", text: "x", reference: 1 }).catch((e: unknown) => e);
    expect(isModemError(error, "CMS_ERROR") && error.cms).toBe(42);
    expect(modem.status().lastError).toMatchObject({ code: "CMS_ERROR" });
  });

  it("refuses to send when not ready", async () => {
    const fake = new FakeModem();
    fake.registration = { creg: 3, cgreg: 3, cereg: 3 };
    const { modem } = startLink(fake, { registrationTimeoutMs: 0 });
    await until(modem, "no_network");
    await expect(modem.send({ to: "+84912345678", text: "x", reference: 1 })).rejects.toMatchObject({
      code: "NOT_READY",
    });
  });

  it("a send with no +CMGS for 60 s times out, and the modem is reset and reopened", async () => {
    vi.useFakeTimers();
    const fake = new FakeModem();
    const { modem } = startLink(fake, { resetDelayMs: 5_000 });
    await until(modem, "ready");
    fake.holdSends = true;
    const outcome = modem.send({ to: "+84912345678", text: "x", reference: 1 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(fake.opens).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toMatchObject({ code: "TIMEOUT" });
    await eventually(() => expect(fake.commands).toContain("AT+CFUN=1,1"));
    fake.holdSends = false;
    await eventually(() => expect(fake.opens).toBe(2), 10_000);
    await until(modem, "ready");
  });
});
