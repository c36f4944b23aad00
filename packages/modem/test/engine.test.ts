import { SerialPortMock } from "serialport";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AtEngine, isModemError, type ModemError, serialModemPort, type Urc } from "../src/index.js";
import { testLogger } from "./helpers/log.js";

// The engine on serialport's MockBinding, as zigbee-herdsman's ash tests drive theirs:
// bytes in with emitData, bytes out asserted on the port's recording.
let stream: SerialPortMock;
let engine: AtEngine;
let urcs: Array<{ urc: Urc; body?: string }>;
const path = "/dev/ttyUSB-engine";

const written = () => stream.port?.recording.toString("latin1") ?? "";
const modemSays = (data: string) => stream.port?.emitData(Buffer.from(data, "latin1"));
/** Lets the mock binding's next-tick reads and writes run. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => process.nextTick(resolve));
};

beforeEach(async () => {
  SerialPortMock.binding.createPort(path, { record: true, echo: false });
  stream = (await serialModemPort({ path, mock: true }).open()) as SerialPortMock;
  urcs = [];
  engine = new AtEngine(stream, {
    log: testLogger().log,
    onUrc: (urc, body) => urcs.push(body === undefined ? { urc } : { urc, body }),
  });
});
afterEach(() => {
  engine.close();
  if (stream.isOpen) stream.close();
  SerialPortMock.binding.reset();
  vi.useRealTimers();
});

describe("AT engine", () => {
  it("sends one command at a time: the next waits for the final result of the first", async () => {
    const first = engine.command("AT+CSQ");
    const second = engine.command("AT+CREG?");
    await flush();
    expect(written()).toBe("AT+CSQ\r");
    modemSays("\r\n+CSQ: 18,99\r\n\r\nOK\r\n");
    expect(await first).toEqual({ lines: ["+CSQ: 18,99"], final: "OK" });
    await flush();
    expect(written()).toBe("AT+CSQ\rAT+CREG?\r");
    modemSays("\r\n+CREG: 0,1\r\n\r\nOK\r\n");
    expect((await second).lines).toEqual(["+CREG: 0,1"]);
  });

  it("drops the echo and takes URCs out of an answer, wherever they fall", async () => {
    const answer = engine.command("AT+CMGL=4");
    await flush();
    modemSays('AT+CMGL=4\r\r\n+CMGL: 0,0,,22\r\n0791448720003023\r\n+CMTI: "SM",1\r\n\r\nOK\r\n');
    expect((await answer).lines).toEqual(["+CMGL: 0,0,,22", "0791448720003023"]);
    expect(urcs.map((u) => u.urc)).toEqual([
      { type: "message", storage: "SM", index: 1, line: '+CMTI: "SM",1' },
    ]);
  });

  it("takes +CPIN: READY as the answer to AT+CPIN? but as a reboot when nobody asked", async () => {
    const answer = engine.command("AT+CPIN?");
    await flush();
    modemSays("\r\n+CPIN: READY\r\n\r\nOK\r\n");
    expect((await answer).lines).toEqual(["+CPIN: READY"]);
    expect(urcs).toEqual([]);
    modemSays("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\n");
    await flush();
    expect(urcs.map((u) => u.urc.type)).toEqual(["reboot", "reboot", "other"]);
  });

  it("rejects with the error's number, numeric or verbose", async () => {
    const cases: Array<[string, Partial<ModemError>]> = [
      ["+CMS ERROR: 42", { code: "CMS_ERROR", cms: 42 }],
      ["+CMS ERROR: network timeout", { code: "CMS_ERROR", cms: 332 }],
      ["+CMS ERROR: Temporary failure", { code: "CMS_ERROR", cms: 41 }],
      ["+CME ERROR: SIM not inserted", { code: "CME_ERROR", cme: 10 }],
      ["+CME ERROR: 14", { code: "CME_ERROR", cme: 14 }],
      ["ERROR", { code: "AT_ERROR" }],
      ["NO CARRIER", { code: "FAILED" }],
      ["COMMAND NOT SUPPORT", { code: "FAILED" }],
    ];
    for (const [final, expected] of cases) {
      const answer = engine.command("AT+CMGS=12");
      await flush();
      modemSays(`\r\n${final}\r\n`);
      await expect(answer).rejects.toMatchObject({ name: "ModemError", ...expected, command: "AT+CMGS=12" });
    }
  });

  it("answers the `> ` prompt, which has no line end, with the PDU and Ctrl-Z, even split across reads", async () => {
    const send = engine.sendPdu(21, "0011000B914819325476F80000A708D8B41B3446FFDF");
    await flush();
    expect(written()).toBe("AT+CMGS=21\r");
    modemSays("\r\n");
    await flush();
    expect(written()).toBe("AT+CMGS=21\r");
    modemSays(">");
    await flush();
    expect(written()).toBe("AT+CMGS=21\r0011000B914819325476F80000A708D8B41B3446FFDF\x1a");
    modemSays(" \r\n+CMGS: 42\r\n\r\nOK\r\n"); // the prompt's space, late

    expect((await send).lines).toEqual(["+CMGS: 42"]);
  });

  it("takes a +CMTI that comes between the prompt and the +CMGS answer as a URC", async () => {
    const send = engine.sendPdu(21, "00AB");
    await flush();
    modemSays('\r\n> \r\n+CMTI: "SM",4\r\n');
    await flush();
    modemSays("\r\n+CMGS: 7\r\n\r\nOK\r\n");
    expect((await send).lines).toEqual(["+CMGS: 7"]);
    expect(urcs.map((u) => u.urc)).toMatchObject([{ type: "message", index: 4 }]);
  });

  it("waits up to 60 s for +CMGS, then times out", async () => {
    vi.useFakeTimers();
    const send = engine.sendPdu(21, "00AB");
    const outcome = send.then(
      () => "ok",
      (error: unknown) => (isModemError(error) ? error.code : "other"),
    );
    await vi.advanceTimersByTimeAsync(10);
    modemSays("\r\n> ");
    await vi.advanceTimersByTimeAsync(59_000);
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBe("TIMEOUT");
  });

  it("cancels with ESC when the prompt does not come", async () => {
    vi.useFakeTimers();
    const send = engine.sendPdu(21, "00AB", { promptTimeoutMs: 5_000 });
    const outcome = send.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await outcome).toMatchObject({ code: "TIMEOUT" });
    expect(written()).toBe("AT+CMGS=21\r\x1b");
    // The queue goes on.
    const next = engine.command("AT");
    await vi.advanceTimersByTimeAsync(1);
    modemSays("\r\nOK\r\n");
    await expect(next).resolves.toMatchObject({ final: "OK" });
  });

  it("times a command out with its own timeout and goes on with the next", async () => {
    vi.useFakeTimers();
    const slow = engine.command("AT+COPS=?", { timeoutMs: 1_000 }).catch((e: unknown) => e);
    const next = engine.command("AT");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await slow).toMatchObject({ code: "TIMEOUT", command: "AT+COPS=?" });
    await vi.advanceTimersByTimeAsync(1);
    expect(written()).toBe("AT+COPS=?\rAT\r");
    modemSays("\r\nOK\r\n");
    await expect(next).resolves.toBeDefined();
  });

  it("hands a routed +CMT over with its PDU line", async () => {
    modemSays(
      '\r\n+CMT: "",24\r\n07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07\r\n',
    );
    await flush();
    expect(urcs).toEqual([
      {
        urc: { type: "routed", line: '+CMT: "",24' },
        body: "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07",
      },
    ]);
  });

  it("writes the next queued AT+CMGS the moment one is answered, before that answer is recorded", async () => {
    const order: string[] = [];
    const write = stream.write.bind(stream) as (data: string, ...rest: unknown[]) => boolean;
    vi.spyOn(stream, "write").mockImplementation(((data: string, ...rest: unknown[]) => {
      order.push(`write ${data.replace("\r", "").replace("\x1a", "")}`);
      return write(data, ...rest);
    }) as typeof stream.write);
    const record = (name: string) => (i: number) => order.push(`recorded ${name}${i + 1}`);
    const first = engine.sendPdus(
      [
        { tpduLength: 21, hex: "00A1" },
        { tpduLength: 22, hex: "00A2" },
      ],
      { onAnswer: record("a") },
    );
    const second = engine.sendPdus([{ tpduLength: 23, hex: "00B1" }], { onAnswer: record("b") });
    for (const mr of [1, 2, 3]) {
      await flush();
      modemSays("\r\n> ");
      await flush();
      modemSays(`\r\n+CMGS: ${mr}\r\n\r\nOK\r\n`);
    }
    expect((await first).map((a) => a.lines)).toEqual([["+CMGS: 1"], ["+CMGS: 2"]]);
    expect((await second)[0]?.lines).toEqual(["+CMGS: 3"]);
    expect(order).toEqual([
      "write AT+CMGS=21",
      "write 00A1",
      "write AT+CMGS=22", // the second part goes out…
      "recorded a1", // …then the first is recorded, before the prompt can be answered
      "write 00A2",
      "write AT+CMGS=23", // the next message likewise
      "recorded a2",
      "write 00B1",
      "recorded b1",
    ]);
  });

  it("never writes the parts after a failed one; the next message goes on", async () => {
    const first = engine
      .sendPdus([
        { tpduLength: 21, hex: "00A1" },
        { tpduLength: 22, hex: "00A2" },
      ])
      .catch((e: unknown) => e);
    const second = engine.sendPdu(23, "00B1");
    await flush();
    modemSays("\r\n> ");
    await flush();
    modemSays("\r\n+CMS ERROR: 42\r\n");
    expect(await first).toMatchObject({ code: "CMS_ERROR", cms: 42 });
    await flush();
    expect(written()).toBe("AT+CMGS=21\r00A1\x1aAT+CMGS=23\r");
    modemSays("\r\n> ");
    await flush();
    modemSays("\r\n+CMGS: 9\r\n\r\nOK\r\n");
    expect((await second).lines).toEqual(["+CMGS: 9"]);
  });

  it("cancels the next part with ESC when recording an answer fails", async () => {
    const send = engine
      .sendPdus(
        [
          { tpduLength: 21, hex: "00A1" },
          { tpduLength: 22, hex: "00A2" },
        ],
        {
          onAnswer: () => {
            throw new Error("disk full");
          },
        },
      )
      .catch((e: unknown) => e);
    await flush();
    modemSays("\r\n> ");
    await flush();
    modemSays("\r\n+CMGS: 1\r\n\r\nOK\r\n");
    await flush();
    modemSays("\r\n> ");
    await flush();
    expect(written()).toBe("AT+CMGS=21\r00A1\x1aAT+CMGS=22\r\x1b");
    modemSays("\r\nOK\r\n");
    expect(await send).toMatchObject({ message: "disk full" });
    // The link goes on.
    const next = engine.command("AT");
    await flush();
    modemSays("\r\nOK\r\n");
    await expect(next).resolves.toMatchObject({ final: "OK" });
  });

  it("tells when the link waits on the modem alone: idle, or a PDU written", async () => {
    let waiting = false;
    await engine.whenWaiting();
    const send = engine.sendPdu(21, "00A1");
    void engine.whenWaiting().then(() => {
      waiting = true;
    });
    await flush();
    expect(waiting).toBe(false); // AT+CMGS written, no prompt yet
    modemSays("\r\n> ");
    await flush();
    expect(waiting).toBe(true);
    modemSays("\r\n+CMGS: 1\r\n\r\nOK\r\n");
    await send;
  });

  it("rejects every waiting command with CLOSED when the port goes away", async () => {
    const a = engine.command("AT").catch((e: unknown) => e);
    const b = engine.command("AT+CSQ").catch((e: unknown) => e);
    await flush();
    stream.close();
    expect(await a).toMatchObject({ code: "CLOSED" });
    expect(await b).toMatchObject({ code: "CLOSED" });
    await expect(engine.command("AT")).rejects.toMatchObject({ code: "CLOSED" });
  });
});
