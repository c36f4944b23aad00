// The AT engine over a stream pair: every command of the subset, byte for byte where the framing
// matters, and the faults. No PTY: these run in milliseconds.
import { decodeDeliver, encodeSubmit } from "@motcua/sms";
import { describe, expect, it } from "vitest";
import { duplexPair, Modem, parseCommandLine } from "../src/index.js";
import { connect, RawClient } from "./helpers.js";

const CITIZEN = "+84912345678";

/** Sends one SMS-SUBMIT the way a link does: AT+CMGS=<n>, wait for `> `, PDU, Ctrl-Z. */
async function submit(client: RawClient, hex: string, length: number): Promise<string> {
  const prompt = await client.command(`AT+CMGS=${length}`);
  expect(prompt).toBe("\r\n> ");
  client.write(`${hex}\x1a`);
  return client.waitFor(/\r\n(OK|ERROR|\+CMS ERROR: \d+)\r\n/);
}

describe("framing and echo", () => {
  it("echoes the command line, then answers CR LF OK CR LF", async () => {
    const { client } = await connect({}, { echo: true });
    expect(await client.command("AT")).toBe("AT\r\r\nOK\r\n");
    expect(await client.command("ATE0")).toBe("ATE0\r\r\nOK\r\n");
    expect(await client.command("AT")).toBe("\r\nOK\r\n");
    expect(await client.command("ATE1")).toBe("\r\nOK\r\n");
    expect(await client.command("AT")).toBe("AT\r\r\nOK\r\n");
  });

  it("ignores LF after CR, garbage before AT, lower case, spaces; handles A/ and backspace", async () => {
    const { client } = await connect();
    client.write("AT\r\n");
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\nOK\r\n");
    expect(await client.command("\x1bxyz at+cgmi")).toBe("\r\nQuectel\r\n\r\nOK\r\n");
    expect(await client.command("AT+CSX\bQ")).toBe("\r\n+CSQ: 24,99\r\n\r\nOK\r\n");
    client.write("A/");
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\n+CSQ: 24,99\r\n\r\nOK\r\n");
  });

  it("answers an unknown command with ERROR and runs a ;-chained line with one OK", async () => {
    const { client } = await connect();
    expect(await client.command("AT+FOO")).toBe("\r\nERROR\r\n");
    expect(await client.command("AT+CMGF?X")).toBe("\r\nERROR\r\n");
    expect(await client.command("AT+CMGF=0;+CNMI=2,1,0,0,0;+CMGF?")).toBe("\r\n+CMGF: 0\r\n\r\nOK\r\n");
  });

  it("uses numeric result codes after ATV0", async () => {
    const { client } = await connect();
    client.write("ATV0\r");
    expect(await client.waitFor(/0\r/)).toBe("0\r");
    client.write("AT+FOO\r");
    expect(await client.waitFor(/4\r/)).toBe("4\r");
    client.write("ATV1\r");
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\nOK\r\n");
  });

  it("parses V.250 command lines", () => {
    expect(parseCommandLine("E0V1").map((c) => [c.name, c.params])).toEqual([
      ["E", "0"],
      ["V", "1"],
    ]);
    expect(parseCommandLine('+CPMS="SM","SM","SM"')[0]).toMatchObject({
      name: "+CPMS",
      kind: "set",
      args: ["SM", "SM", "SM"],
    });
    expect(parseCommandLine("+CNMI=?")[0]?.kind).toBe("test");
    expect(parseCommandLine("+CREG?")[0]?.kind).toBe("read");
    expect(parseCommandLine("")[0]?.name).toBe("");
  });
});

describe("identification (what gammu identify asks)", () => {
  it("answers ATI and the +CGMx family like an EC25", async () => {
    const { client } = await connect();
    expect(await client.command("ATI")).toBe(
      "\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n",
    );
    expect(await client.info("AT+CGMI")).toEqual(["Quectel"]);
    expect(await client.info("AT+CGMM")).toEqual(["EC25"]);
    expect(await client.info("AT+CGMR")).toEqual(["EC25EFAR06A06M4G"]);
    expect(await client.info("AT+CGSN")).toEqual(["866758041234567"]);
    expect(await client.info("AT+CIMI")).toEqual(["452040123456789"]);
    expect(await client.info("AT+QCCID")).toEqual(["+QCCID: 89840480001234567890"]);
    expect(await client.info("AT+CSCA?")).toEqual(['+CSCA: "+84980200030",145']);
  });

  it("imitates a SIM7600 and an E3372 too", async () => {
    const simcom = await connect({ model: "SIM7600" });
    expect(await simcom.client.info("ATI")).toContain("Model: SIMCOM_SIM7600E-H");
    expect(await simcom.client.command('AT+QURCCFG="urcport","usbat"')).toBe("\r\nERROR\r\n");
    const huawei = await connect({ model: "E3372", huaweiUrcIntervalMs: 0 });
    expect(await huawei.client.info("AT+CGMI")).toEqual(["huawei"]);
    expect(await huawei.client.command("AT^CURC=0")).toBe("\r\nOK\r\n");
    expect(await huawei.client.info("AT^CURC?")).toEqual(["^CURC: 0"]);
    huawei.modem.signal(17);
    expect(await huawei.client.idle(30)).toBe("");
    huawei.modem.powerOff();
  });

  it("sends ^RSSI on an E3372 until AT^CURC=0", async () => {
    const { modem, client } = await connect({ model: "E3372", huaweiUrcIntervalMs: 20 });
    expect(await client.waitFor(/\r\n\^RSSI:24\r\n/)).toContain("^RSSI:24");
    modem.signal(12);
    await client.waitFor(/\^RSSI:12\r\n/);
    await client.command("AT^CURC=0");
    await client.idle(60);
    expect(await client.idle(60)).toBe("");
    modem.powerOff();
  });
});

describe("errors: AT+CMEE", () => {
  it("gives ERROR, a number or the text", async () => {
    const { modem, client } = await connect();
    modem.simReady(false);
    await client.idle(10);
    expect(await client.command("AT+CMEE=0")).toBe("\r\nOK\r\n");
    expect(await client.command("AT+CPIN?")).toBe("\r\nERROR\r\n");
    await client.command("AT+CMEE=1");
    expect(await client.command("AT+CPIN?")).toBe("\r\n+CME ERROR: 10\r\n");
    await client.command("AT+CMEE=2");
    expect(await client.command("AT+CPIN?")).toBe("\r\n+CME ERROR: SIM not inserted\r\n");
    expect(await client.info("AT+CMEE?")).toEqual(["+CMEE: 2"]);
    // SMS commands answer +CMS ERROR, numeric.
    expect(await client.command("AT+CMGL=4")).toBe("\r\n+CMS ERROR: 310\r\n");
    expect(await client.command("AT+CIMI")).toBe("\r\n+CME ERROR: SIM not inserted\r\n");
    modem.simReady(true);
    expect(await client.waitFor(/PB DONE\r\n/)).toContain("+CPIN: READY");
    expect(await client.info("AT+CPIN?")).toEqual(["+CPIN: READY"]);
  });
});

describe("PIN", () => {
  it("asks for the PIN, takes the right one once, and sends the ready URCs", async () => {
    const { modem, client } = await connect({ pin: "1234" });
    expect(await client.info("AT+CPIN?")).toEqual(["+CPIN: SIM PIN"]);
    expect(await client.command("AT+CMGL=4")).toBe("\r\n+CMS ERROR: 311\r\n");
    expect(await client.command("AT+CREG?")).toBe("\r\n+CREG: 0,0\r\n\r\nOK\r\n");
    expect(await client.command('AT+CPIN="1234"')).toBe("\r\nOK\r\n");
    expect(await client.waitFor(/\+QIND: PB DONE\r\n/)).toBe(
      "\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n",
    );
    expect(await client.info("AT+CPIN?")).toEqual(["+CPIN: READY"]);
    expect(await client.command('AT+CPIN="1234"')).toBe("\r\n+CME ERROR: 3\r\n");
    expect(modem.state.pinAttempts).toBe(2);
  });

  it("answers a wrong PIN with +CME ERROR: 16; the third locks the SIM (SIM PUK)", async () => {
    const { modem, client } = await connect({ pin: "1234" });
    await client.command("AT+CMEE=2");
    expect(await client.command('AT+CPIN="0000"')).toBe("\r\n+CME ERROR: incorrect password\r\n");
    await client.command("AT+CMEE=1");
    expect(await client.command('AT+CPIN="1111"')).toBe("\r\n+CME ERROR: 16\r\n");
    expect(await client.info('AT+QPINC="SC"')).toEqual(['+QPINC: "SC",1,10']);
    expect(await client.command('AT+CPIN="2222"')).toBe("\r\n+CME ERROR: 16\r\n");
    expect(await client.info("AT+CPIN?")).toEqual(["+CPIN: SIM PUK"]);
    expect(await client.command('AT+CPIN="1234"')).toBe("\r\n+CME ERROR: 16\r\n");
    expect(await client.command("AT+CPMS?")).toBe("\r\n+CMS ERROR: 316\r\n");
    expect(modem.state.pinState).toBe("SIM PUK");
  });

  it("locks the SIM again when the modem reboots", async () => {
    const { modem, client } = await connect({ pin: "1234" });
    await client.command('AT+CPIN="1234"');
    await client.waitFor(/PB DONE\r\n/);
    modem.reboot();
    expect(await client.waitFor(/\+CPIN: SIM PIN\r\n/)).toBe(
      "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: SIM PIN\r\n",
    );
  });
});

describe("network", () => {
  it("reports registration, signal and operator", async () => {
    const { modem, client } = await connect();
    expect(await client.info("AT+CREG?")).toEqual(["+CREG: 0,1"]);
    await client.command("AT+CREG=2");
    expect(await client.info("AT+CREG?")).toEqual(['+CREG: 2,1,"5A3C","0A1B2C3",7']);
    await client.command("AT+CGREG=2");
    expect(await client.info("AT+CGREG?")).toEqual(['+CGREG: 2,1,"5A3C","0A1B2C3",7']);
    expect(await client.info("AT+CEREG?")).toEqual(["+CEREG: 0,1"]);
    await client.command("AT+CEREG=1");
    expect(await client.info("AT+CSQ")).toEqual(["+CSQ: 24,99"]);
    expect(await client.info("AT+COPS?")).toEqual(['+COPS: 0,0,"Viettel",7']);
    await client.command("AT+COPS=3,2");
    expect(await client.info("AT+COPS?")).toEqual(['+COPS: 0,2,"45204",7']);

    modem.network("searching");
    expect(await client.waitFor(/\+CEREG: 2\r\n/)).toBe("\r\n+CREG: 2\r\n\r\n+CGREG: 2\r\n\r\n+CEREG: 2\r\n");
    expect(await client.info("AT+CSQ")).toEqual(["+CSQ: 99,99"]);
    expect(await client.info("AT+COPS?")).toEqual(["+COPS: 0"]);
    modem.network("denied");
    await client.waitFor(/\+CEREG: 3\r\n/);
    expect(await client.info("AT+CREG?")).toEqual(["+CREG: 2,3"]);
    modem.network("roaming");
    await client.waitFor(/\+CEREG: 5\r\n/);
    expect(await client.info("AT+CREG?")).toEqual(['+CREG: 2,5,"5A3C","0A1B2C3",7']);
  });

  it("sets the USSD result presentation (gammu-smsd's AT+CUSD=1) and refuses a USSD string", async () => {
    const { client } = await connect();
    expect(await client.info("AT+CUSD=?")).toEqual(["+CUSD: (0-2)"]);
    expect(await client.command("AT+CUSD=1")).toBe("\r\nOK\r\n");
    expect(await client.info("AT+CUSD?")).toEqual(["+CUSD: 1"]);
    expect(await client.command("AT+CUSD=2")).toBe("\r\nOK\r\n"); // cancels a session, keeps <n>
    expect(await client.info("AT+CUSD?")).toEqual(["+CUSD: 1"]);
    expect(await client.command('AT+CUSD=1,"*101#",15')).toBe("\r\n+CME ERROR: 4\r\n");
    expect(await client.command("AT+CUSD=0")).toBe("\r\nOK\r\n");
    expect(await client.info("AT+CUSD?")).toEqual(["+CUSD: 0"]);
  });

  it("radio off with AT+CFUN=0, restart with AT+CFUN=1,1", async () => {
    const { client } = await connect();
    await client.command("AT+CFUN=0");
    expect(await client.info("AT+CFUN?")).toEqual(["+CFUN: 0"]);
    expect(await client.info("AT+CREG?")).toEqual(["+CREG: 0,0"]);
    expect(await client.command("AT+CFUN=1,1")).toBe("\r\nOK\r\n");
    expect(await client.waitFor(/\+QIND: PB DONE\r\n/)).toMatch(/^\r\nRDY\r\n/);
    expect(await client.command("AT")).toBe("AT\r\r\nOK\r\n");
    expect(await client.info("AT+CFUN?")).toEqual(["+CFUN: 1"]);
  });
});

describe("SMS settings", () => {
  it("answers CMGF, CSCS, CPMS, CNMI, CMMS and the vendor lines", async () => {
    const { client } = await connect();
    expect(await client.info("AT+CMGF?")).toEqual(["+CMGF: 0"]);
    expect(await client.command("AT+CMGF=0")).toBe("\r\nOK\r\n");
    expect(await client.command("AT+CMGF=2")).toBe("\r\nERROR\r\n");
    expect(await client.info("AT+CSCS?")).toEqual(['+CSCS: "GSM"']);
    expect(await client.command('AT+CSCS="UCS2"')).toBe("\r\nOK\r\n");
    expect(await client.info("AT+CPMS?")).toEqual(['+CPMS: "SM",0,25,"SM",0,25,"SM",0,25']);
    expect(await client.info('AT+CPMS="SM","SM","SM"')).toEqual(["+CPMS: 0,25,0,25,0,25"]);
    expect(await client.info('AT+CPMS="ME","ME","ME"')).toEqual(["+CPMS: 0,255,0,255,0,255"]);
    expect(await client.command('AT+CPMS="XX"')).toBe("\r\n+CMS ERROR: 302\r\n");
    expect(await client.command("AT+CNMI=?")).toBe("\r\n+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)\r\n\r\nOK\r\n");
    expect(await client.info("AT+CNMI?")).toEqual(["+CNMI: 0,0,0,0,0"]);
    expect(await client.command("AT+CNMI=2,1,0,0,0")).toBe("\r\nOK\r\n");
    expect(await client.info("AT+CNMI?")).toEqual(["+CNMI: 2,1,0,0,0"]);
    expect(await client.command("AT+CNMI=3,1,0,0,0")).toBe("\r\n+CMS ERROR: 303\r\n");
    expect(await client.command("AT+CMMS=2")).toBe("\r\nOK\r\n");
    expect(await client.info("AT+CMMS?")).toEqual(["+CMMS: 2"]);
    expect(await client.command('AT+QURCCFG="urcport","usbat"')).toBe("\r\nOK\r\n");
    expect(await client.info('AT+QURCCFG="urcport"')).toEqual(['+QURCCFG: "urcport","usbat"']);
    expect(await client.command("AT^CURC=0")).toBe("\r\nERROR\r\n");
  });
});

describe("receiving", () => {
  it("stores an injected SMS and indicates it with +CMTI when CNMI asks", async () => {
    const { modem, client } = await connect();
    await client.command("AT+CNMI=2,1,0,0,0");
    const result = modem.inject({
      from: CITIZEN,
      text: "DK 1 15/12 9h",
      timestamp: "2026-12-01T08:30:00+07:00",
    });
    expect(result).toEqual({ stored: [0], queued: 0, routed: 0 });
    expect(await client.waitFor(/\+CMTI: "SM",0\r\n/)).toBe('\r\n+CMTI: "SM",0\r\n');
    const [stored] = modem.storage();
    expect(stored).toMatchObject({ memory: "SM", index: 0, stat: 0, from: CITIZEN, text: "DK 1 15/12 9h" });
    // The real SMSC address precedes the TPDU, as a modem lists it.
    expect(stored?.hex.startsWith("07914889200030F0")).toBe(true);
    expect(decodeDeliver(stored?.hex ?? "")).toMatchObject({
      from: CITIZEN,
      text: "DK 1 15/12 9h",
      timestamp: "2026-12-01T08:30:00+07:00",
    });
  });

  it("lists with AT+CMGL=4 in the PDU-mode format and marks messages read", async () => {
    const { modem, client } = await connect();
    modem.inject({ from: CITIZEN, text: "Xin chào, tôi muốn đặt lịch" });
    const long = "DK 2 ".repeat(40).trim();
    expect(modem.inject({ from: "0987654321", text: long }).stored).toEqual([1, 2]);
    const raw = await client.command("AT+CMGL=4");
    const entries = modem.storage();
    expect(raw).toBe(
      `\r\n${entries.map((e) => `+CMGL: ${e.index},0,,${e.tpduLength}\r\n${e.hex}`).join("\r\n")}\r\n\r\nOK\r\n`,
    );
    expect(decodeDeliver(entries[0]?.hex ?? "").text).toBe("Xin chào, tôi muốn đặt lịch");
    const parts = entries.slice(1).map((e) => decodeDeliver(e.hex));
    expect(parts.map((p) => p.concat?.sequence)).toEqual([1, 2]);
    expect(parts.map((p) => p.text).join("")).toBe(long);
    expect(await client.command("AT+CMGL=4")).toContain("+CMGL: 0,1,,");
    expect(await client.command("AT+CMGL=0")).toBe("\r\nOK\r\n");
    expect(await client.command("AT+CMGL=9")).toBe("\r\n+CMS ERROR: 304\r\n");
  });

  it("reads with AT+CMGR and deletes with AT+CMGD", async () => {
    const { modem, client } = await connect({ storageSize: 5 });
    modem.inject({ from: CITIZEN, text: "HUY 12" });
    modem.inject({ from: CITIZEN, text: "TT" });
    const [first] = modem.storage();
    expect(await client.command("AT+CMGR=0")).toBe(
      `\r\n+CMGR: 0,,${first?.tpduLength}\r\n${first?.hex}\r\n\r\nOK\r\n`,
    );
    expect(await client.info("AT+CMGR=0")).toEqual([`+CMGR: 1,,${first?.tpduLength}`, first?.hex]);
    expect(await client.command("AT+CMGR=3")).toBe("\r\nOK\r\n");
    expect(await client.command("AT+CMGR=5")).toBe("\r\n+CMS ERROR: 321\r\n");
    expect(await client.info("AT+CMGD=?")).toEqual(["+CMGD: (0,1),(0-4)"]);
    expect(await client.command("AT+CMGD=0")).toBe("\r\nOK\r\n");
    expect(modem.storage().map((e) => e.index)).toEqual([1]);
    expect(await client.command("AT+CMGD=7")).toBe("\r\n+CMS ERROR: 321\r\n");
    modem.inject({ from: CITIZEN, text: "again" });
    expect(await client.command("AT+CMGD=0,4")).toBe("\r\nOK\r\n");
    expect(modem.storage()).toEqual([]);
  });

  it("keeps indications in the TA while CNMI mode is 0 and flushes them when it is set", async () => {
    const { modem, client } = await connect();
    modem.inject({ from: CITIZEN, text: "one" });
    await client.command("AT+CNMI=0,1,0,0,0");
    modem.inject({ from: CITIZEN, text: "two" });
    expect(await client.idle(20)).toBe("");
    expect(await client.command("AT+CNMI=2,1,0,0,0")).toBe("\r\nOK\r\n");
    expect(await client.waitFor(/\+CMTI: "SM",1\r\n/)).toBe('\r\n+CMTI: "SM",1\r\n');
  });

  it("routes +CMT when CNMI mt is 2 (not stored)", async () => {
    const { modem, client } = await connect();
    await client.command("AT+CNMI=2,2,0,0,0");
    expect(modem.inject({ from: CITIZEN, text: "routed" })).toEqual({ stored: [], queued: 0, routed: 1 });
    const urc = await client.waitFor(/\+CMT: ,\d+\r\n[0-9A-F]+\r\n/);
    const hex = urc.split("\r\n")[2] ?? "";
    expect(decodeDeliver(hex).text).toBe("routed");
    expect(modem.storage()).toEqual([]);
  });

  it("storage full: no +CMTI, +CMS ERROR: 322 on store, the SMS waits at the network until a slot frees", async () => {
    const { modem, client } = await connect({ storageSize: 2 });
    await client.command("AT+CNMI=2,1,0,0,0");
    modem.inject({ from: CITIZEN, text: "a" });
    modem.inject({ from: CITIZEN, text: "b" });
    await client.waitFor(/"SM",1\r\n/);
    expect(modem.inject({ from: CITIZEN, text: "c" })).toEqual({ stored: [], queued: 1, routed: 0 });
    expect(await client.idle(20)).toBe("");
    expect(await client.info("AT+CPMS?")).toEqual(['+CPMS: "SM",2,2,"SM",2,2,"SM",2,2']);
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "draft" });
    expect(await client.command(`AT+CMGW=${(pdu?.tpduLength ?? 0) + 3}`)).toBe("\r\n> ");
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/\r\n\+CMS ERROR: \d+\r\n/)).toContain("+CMS ERROR: 304");
    expect(await client.command(`AT+CMGW=${pdu?.tpduLength}`)).toBe("\r\n> ");
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/\r\n\+CMS ERROR: \d+\r\n/)).toBe("\r\n+CMS ERROR: 322\r\n");
    expect(await client.command("AT+CMGD=0")).toBe("\r\nOK\r\n");
    expect(await client.waitFor(/\+CMTI: "SM",0\r\n/)).toBe('\r\n+CMTI: "SM",0\r\n');
    expect(modem.storage().map((e) => e.text)).toEqual(["c", "b"]);
  });

  it("storageFull(true) makes the storage report full whatever it holds", async () => {
    const { modem, client } = await connect();
    await client.command("AT+CNMI=2,1,0,0,0");
    modem.storageFull(true);
    expect(await client.info("AT+CPMS?")).toEqual(['+CPMS: "SM",25,25,"SM",25,25,"SM",25,25']);
    expect(modem.inject({ from: CITIZEN, text: "held" }).queued).toBe(1);
    expect(await client.idle(20)).toBe("");
    modem.storageFull(false);
    expect(await client.waitFor(/\+CMTI: "SM",0\r\n/)).toContain("+CMTI");
    expect(modem.pendingAtNetwork()).toBe(0);
  });

  it("holds SMS while not registered or the SIM is locked, delivers them after", async () => {
    const { modem, client } = await connect({ pin: "1234" });
    await client.command("AT+CNMI=2,1,0,0,0");
    expect(modem.inject({ from: CITIZEN, text: "while locked" }).queued).toBe(1);
    await client.command('AT+CPIN="1234"');
    expect(await client.waitFor(/\+CMTI: "SM",0\r\n/)).toContain("+QIND: SMS DONE");
    modem.network("searching");
    expect(modem.inject({ from: CITIZEN, text: "no network" }).queued).toBe(1);
    modem.network("registered");
    expect(await client.waitFor(/\+CMTI: "SM",1\r\n/)).toContain("+CMTI");
  });

  it("reads text mode minimally (AT+CMGF=1)", async () => {
    const { modem, client } = await connect();
    modem.inject({ from: CITIZEN, text: "Hello", timestamp: "2026-12-01T08:30:00+07:00" });
    modem.inject({ from: CITIZEN, text: "Chào", timestamp: "2026-12-01T08:31:00+07:00" });
    await client.command("AT+CMGF=1");
    expect(await client.info('AT+CMGL="ALL"')).toEqual([
      `+CMGL: 0,"REC UNREAD","${CITIZEN}",,"26/12/01,08:30:00+28"`,
      "Hello",
      `+CMGL: 1,"REC UNREAD","${CITIZEN}",,"26/12/01,08:31:00+28"`,
      "Chào",
    ]);
    await client.command('AT+CSCS="UCS2"');
    expect((await client.info("AT+CMGR=1"))[1]).toBe("0043006800E0006F");
  });
});

describe("sending", () => {
  it("prompts with `> ` and no line end, waits the send delay, answers +CMGS: <mr>", async () => {
    const { modem, client } = await connect({ sendDelayMs: 120 });
    await client.command("AT+CMGF=0");
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "Ban da dat lich luc 9:00" });
    client.write(`AT+CMGS=${pdu?.tpduLength}\r`);
    expect(await client.waitFor(/> /)).toBe("\r\n> ");
    expect(await client.idle(30)).toBe("");
    const started = Date.now();
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\n+CMGS: 0\r\n\r\nOK\r\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(modem.sent).toHaveLength(1);
    expect(modem.sent[0]).toMatchObject({ to: CITIZEN, text: "Ban da dat lich luc 9:00", pdus: [pdu?.hex] });
    const [second] = encodeSubmit({ to: CITIZEN, text: "again" });
    expect(await submit(client, second?.hex ?? "", second?.tpduLength ?? 0)).toBe(
      "\r\n+CMGS: 1\r\n\r\nOK\r\n",
    );
  });

  it("echoes the PDU when echo is on", async () => {
    const { client } = await connect({}, { echo: true });
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "echo" });
    expect(await client.command(`AT+CMGS=${pdu?.tpduLength}`)).toBe(`AT+CMGS=${pdu?.tpduLength}\r\r\n> `);
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/OK\r\n/)).toBe(`${pdu?.hex}\r\n+CMGS: 0\r\n\r\nOK\r\n`);
  });

  it("reassembles a multipart message into one entry and keeps the raw parts", async () => {
    const { modem, client } = await connect();
    const text = `Lịch hẹn của bạn: ${"thủ tục hành chính ".repeat(6)}`.trim();
    const pdus = encodeSubmit({ to: CITIZEN, text, reference: 77 });
    expect(pdus.length).toBeGreaterThan(1);
    await client.command("AT+CMMS=2");
    for (const pdu of pdus) {
      expect(await submit(client, pdu.hex, pdu.tpduLength)).toMatch(/\+CMGS: \d+\r\n\r\nOK/);
      if (pdu !== pdus.at(-1)) expect(modem.sent).toHaveLength(0);
    }
    expect(modem.sent).toHaveLength(1);
    expect(modem.sent[0]?.text).toBe(text);
    expect(modem.sent[0]?.pdus).toEqual(pdus.map((p) => p.hex));
    expect(modem.sentParts.map((p) => p.pdu.concat?.sequence)).toEqual(pdus.map((_, i) => i + 1));
  });

  it("cancels with Esc: OK, nothing sent", async () => {
    const { modem, client } = await connect();
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "cancel me" });
    await client.command(`AT+CMGS=${pdu?.tpduLength}`);
    client.write(`${pdu?.hex.slice(0, 10)}\x1b`);
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\nOK\r\n");
    expect(modem.sent).toEqual([]);
    expect(await client.command("AT")).toBe("\r\nOK\r\n");
  });

  it("refuses a PDU whose length is not the announced one, and bad lengths", async () => {
    const { modem, client } = await connect();
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "length" });
    expect(await submit(client, pdu?.hex ?? "", (pdu?.tpduLength ?? 0) + 1)).toBe("\r\n+CMS ERROR: 304\r\n");
    expect(await client.command("AT+CMGS=0")).toBe("\r\n+CMS ERROR: 304\r\n");
    expect(await client.command("AT+CMGS=200")).toBe("\r\n+CMS ERROR: 304\r\n");
    expect(modem.sent).toEqual([]);
  });

  it("answers +CMS ERROR: 331 without network", async () => {
    const { modem, client } = await connect();
    modem.network("denied");
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "no service" });
    expect(await submit(client, pdu?.hex ?? "", pdu?.tpduLength ?? 0)).toBe("\r\n+CMS ERROR: 331\r\n");
    expect(modem.sent).toEqual([]);
  });

  it("sends in text mode too (AT+CMGF=1)", async () => {
    const { modem, client } = await connect();
    await client.command("AT+CMGF=1");
    expect(await client.command(`AT+CMGS="${CITIZEN}"`)).toBe("\r\n> ");
    client.write("Hello\x1a");
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\n+CMGS: 0\r\n\r\nOK\r\n");
    expect(modem.sent[0]).toMatchObject({ to: CITIZEN, text: "Hello" });
  });

  it("buffers commands typed while a send runs and answers them after", async () => {
    const { client } = await connect({ sendDelayMs: 50 });
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "busy" });
    await client.command(`AT+CMGS=${pdu?.tpduLength}`);
    client.write(`${pdu?.hex}\x1aAT+CSQ\r`);
    expect(await client.waitFor(/\+CSQ: 24,99\r\n\r\nOK\r\n/)).toBe(
      "\r\n+CMGS: 0\r\n\r\nOK\r\n\r\n+CSQ: 24,99\r\n\r\nOK\r\n",
    );
  });
});

describe("fault injection", () => {
  it("fail(): the next matching command answers the error, then things are normal", async () => {
    const { modem, client } = await connect();
    modem.fail({ error: "ERROR" });
    expect(await client.command("AT")).toBe("\r\nERROR\r\n");
    expect(await client.command("AT")).toBe("\r\nOK\r\n");
    modem.fail({ command: /^\+CMGL/, error: { cms: 500 }, times: 2 });
    expect(await client.command("AT+CSQ")).toContain("+CSQ");
    expect(await client.command("AT+CMGL=4")).toBe("\r\n+CMS ERROR: 500\r\n");
    expect(await client.command("AT+CMGL=4")).toBe("\r\n+CMS ERROR: 500\r\n");
    expect(await client.command("AT+CMGL=4")).toBe("\r\nOK\r\n");
    await client.command("AT+CMEE=2");
    modem.fail({ command: /^\+CPIN/, error: { cme: 14 } });
    expect(await client.command("AT+CPIN?")).toBe("\r\n+CME ERROR: SIM busy\r\n");
  });

  it("fail() on AT+CMGS answers after the PDU and the send delay (a network refusal); nothing is sent", async () => {
    const { modem, client } = await connect({ sendDelayMs: 40 });
    modem.fail({ command: /^\+CMGS/, error: { cms: 42 } });
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "congestion" });
    const started = Date.now();
    expect(await submit(client, pdu?.hex ?? "", pdu?.tpduLength ?? 0)).toBe("\r\n+CMS ERROR: 42\r\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(modem.sent).toEqual([]);
    expect(await submit(client, pdu?.hex ?? "", pdu?.tpduLength ?? 0)).toBe("\r\n+CMGS: 0\r\n\r\nOK\r\n");
    expect(modem.sent).toHaveLength(1);
  });

  it("reboot(): RDY mid-session, echo back on, CNMI off, a running send dropped", async () => {
    const { modem, client } = await connect({ sendDelayMs: 200 });
    await client.command("AT+CNMI=2,1,0,0,0");
    await client.command("AT+CMEE=2");
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "lost in reboot" });
    await client.command(`AT+CMGS=${pdu?.tpduLength}`);
    client.write(`${pdu?.hex}\x1a`);
    await client.idle(20);
    modem.reboot();
    expect(await client.waitFor(/PB DONE\r\n/)).toBe(
      "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n",
    );
    expect(await client.idle(250)).toBe("");
    expect(modem.sent).toEqual([]);
    expect(await client.command("AT")).toBe("AT\r\r\nOK\r\n");
    expect(await client.command("AT+CNMI?")).toBe("AT+CNMI?\r\r\n+CNMI: 0,0,0,0,0\r\n\r\nOK\r\n");
    expect(await client.command("AT+CMEE?")).toBe("AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n");
    modem.inject({ from: CITIZEN, text: "after reboot" });
    expect(await client.idle(20)).toBe("");
  });

  it("cmtiDuringNextSend(): a +CMTI between the prompt and the +CMGS answer", async () => {
    const { modem, client } = await connect({ sendDelayMs: 30 });
    await client.command("AT+CNMI=2,1,0,0,0");
    modem.cmtiDuringNextSend({ from: "+84987654321", text: "DK 3" });
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "reply" });
    expect(await submit(client, pdu?.hex ?? "", pdu?.tpduLength ?? 0)).toBe(
      '\r\n+CMTI: "SM",0\r\n\r\n+CMGS: 0\r\n\r\nOK\r\n',
    );
    expect(modem.storage()[0]?.text).toBe("DK 3");

    modem.cmtiDuringNextSend(undefined, "prompt");
    await expect(client.command(`AT+CMGS=${pdu?.tpduLength}`)).resolves.toBe("\r\n> ");
    expect(await client.waitFor(/\+CMTI: "SM",1\r\n/)).toBe('\r\n+CMTI: "SM",1\r\n');
    client.write(`${pdu?.hex}\x1a`);
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
  });

  it("without the fault, CNMI mode 2 holds a +CMTI until the send has answered", async () => {
    const { modem, client } = await connect({ sendDelayMs: 60 });
    await client.command("AT+CNMI=2,1,0,0,0");
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "reply" });
    await client.command(`AT+CMGS=${pdu?.tpduLength}`);
    client.write(`${pdu?.hex}\x1a`);
    await client.idle(10);
    modem.inject({ from: CITIZEN, text: "meanwhile" });
    expect(await client.waitFor(/\+CMTI: "SM",0\r\n/)).toBe(
      '\r\n+CMGS: 0\r\n\r\nOK\r\n\r\n+CMTI: "SM",0\r\n',
    );
  });

  it("CNMI mode 1 drops a +CMTI that comes while a command runs (the SMS is still stored)", async () => {
    const { modem, client } = await connect({ sendDelayMs: 40 });
    await client.command("AT+CNMI=1,1,0,0,0");
    const [pdu] = encodeSubmit({ to: CITIZEN, text: "reply" });
    await client.command(`AT+CMGS=${pdu?.tpduLength}`);
    client.write(`${pdu?.hex}\x1a`);
    await client.idle(10);
    modem.inject({ from: CITIZEN, text: "unannounced" });
    expect(await client.waitFor(/OK\r\n/)).toBe("\r\n+CMGS: 0\r\n\r\nOK\r\n");
    expect(await client.idle(20)).toBe("");
    expect(modem.storage().map((e) => e.text)).toEqual(["unannounced"]);
  });

  it("hang(): no answer at all, then answers again", async () => {
    const { modem, client } = await connect();
    modem.hang(true);
    client.write("AT\r");
    expect(await client.idle(100)).toBe("");
    modem.inject({ from: CITIZEN, text: "silent" });
    expect(await client.idle(20)).toBe("");
    modem.hang(false);
    expect(await client.command("AT")).toBe("\r\nOK\r\n");
  });

  it("Quectel URCs go elsewhere when the URC port is not usbat", async () => {
    const { modem, client } = await connect();
    await client.command("AT+CNMI=2,1,0,0,0");
    await client.command('AT+QURCCFG="urcport","usbmodem"');
    modem.inject({ from: CITIZEN, text: "elsewhere" });
    expect(await client.idle(20)).toBe("");
    await client.command('AT+QURCCFG="urcport","usbat"');
    modem.inject({ from: CITIZEN, text: "here" });
    expect(await client.waitFor(/\+CMTI: "SM",1\r\n/)).toContain("+CMTI");
  });
});

describe("the codec seam", () => {
  it("takes a stand-in codec, and answers 304 to a PDU it cannot decode", async () => {
    const [a, b] = duplexPair();
    const modem = new Modem({
      sendDelayMs: 1,
      codec: {
        encodeDeliver: () => [{ hex: "00AABB", tpduLength: 2 }],
        decodeSubmit: () => {
          throw new Error("no");
        },
        decodeDeliver: () => {
          throw new Error("no");
        },
      },
    });
    const client = new RawClient(b);
    modem.powerOn(a);
    await client.command("ATE0");
    modem.inject({ from: CITIZEN, text: "x" });
    expect(await client.info("AT+CMGL=4")).toEqual(["+CMGL: 0,0,,2", "07914889200030F0AABB"]);
    expect(await submit(client, "0011000B914819325476F80000FF0161", 15)).toBe("\r\n+CMS ERROR: 304\r\n");
    modem.powerOff();
  });
});
