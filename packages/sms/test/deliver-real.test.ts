// SMS-DELIVER PDUs written by hand from 3GPP TS 23.040 (field by field, as a modem lists them
// with AT+CMGL in PDU mode: with the service centre's address first), read by decodeDeliver and,
// independently, by Debian's python3-gammu.
import { describe, expect, it } from "vitest";
import type { DeliverPdu } from "../src/index.js";
import { decodeDeliver } from "../src/index.js";
import { gammuDecode, skipGammu } from "./oracle/gammu.js";

/** SMSC +84980200030: 7 octets, type 91 (international), 84 98 02 00 03 0F swapped. */
const SMSC = "07914889200030F0";
/** 2026-11-22 13:15:03 +07:00: swapped semi-octets; the zone is 28 quarter hours → 82. */
const SCTS_1315 = "62112231513082";

interface RealPdu {
  name: string;
  hex: string;
  expected: DeliverPdu;
  /** What gammu.DecodePDU says (number, text, coding, date-time, concatenation). */
  gammu: { number: string; text: string; coding: string; datetime: string; udh: string; class?: number };
}

const PDUS: RealPdu[] = [
  {
    name: "an operator notice from the alphanumeric sender Viettel",
    hex: [
      SMSC,
      "04", // SMS-DELIVER, TP-MMS: no more messages
      "0D", // TP-OA: 13 useful semi-octets (7 septets × 7 bits = 49 bits)
      "D0", // type of number 101 alphanumeric, numbering plan 0000
      "D674994E2FB301", // "Viettel" packed: V=56 i=69 e=65 t=74 t e l=6C
      "00", // TP-PID
      "00", // TP-DCS: GSM 7-bit, no class
      SCTS_1315,
      "08", // TP-UDL: 8 septets
      "CB290896D3CD60", // "KS 09:30"
    ].join(""),
    expected: {
      from: "Viettel",
      fromType: "alphanumeric",
      timestamp: "2026-11-22T13:15:03+07:00",
      encoding: "gsm7",
      text: "KS 09:30",
    },
    gammu: {
      number: "Viettel",
      text: "KS 09:30",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T13:15:03",
      udh: "NoUDH",
    },
  },
  {
    name: "the same with the address length as twice its octets (0E), as some centres send it",
    hex: `${SMSC}040ED0D674994E2FB3010000${SCTS_1315}08CB290896D3CD60`,
    expected: {
      from: "Viettel",
      fromType: "alphanumeric",
      timestamp: "2026-11-22T13:15:03+07:00",
      encoding: "gsm7",
      text: "KS 09:30",
    },
    gammu: {
      number: "Viettel",
      text: "KS 09:30",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T13:15:03",
      udh: "NoUDH",
    },
  },
  {
    name: "a booking from an international +84 sender",
    hex: [
      SMSC,
      "04",
      "0B", // 11 digits
      "91", // international, ISDN
      "4819325476F8", // 84 91 23 45 67 8 (F fills the last octet)
      "00",
      "00",
      "62112280500082", // 2026-11-22 08:05:00 +07:00
      "11", // 17 septets
      "C425683905C96AAF580C04C3E96030", // "DK KS 25/11 08:00"
    ].join(""),
    expected: {
      from: "+84912345678",
      fromType: "international",
      timestamp: "2026-11-22T08:05:00+07:00",
      encoding: "gsm7",
      text: "DK KS 25/11 08:00",
    },
    gammu: {
      number: "+84912345678",
      text: "DK KS 25/11 08:00",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T08:05:00",
      udh: "NoUDH",
    },
  },
  {
    name: "Vietnamese in UCS-2 from a national number",
    hex: [
      SMSC,
      "04",
      "0A", // 10 digits
      "A1", // national, ISDN
      "9021436587", // 0912345678
      "00",
      "08", // TP-DCS: UCS-2
      "62105070030082", // 2026-01-05 07:30:00 +07:00
      "16", // 22 octets
      "0110 1EB7 0074 0020 006C 1ECB 0063 0068 0020 004B 0053".replaceAll(" ", ""), // Đặt lịch KS
    ].join(""),
    expected: {
      from: "0912345678",
      fromType: "national",
      timestamp: "2026-01-05T07:30:00+07:00",
      encoding: "ucs2",
      text: "Đặt lịch KS",
    },
    gammu: {
      number: "0912345678",
      text: "Đặt lịch KS",
      coding: "Unicode_No_Compression",
      datetime: "2026-01-05T07:30:00",
      udh: "NoUDH",
    },
  },
  {
    name: "part 2 of 3 of a concatenated message with a 16-bit reference",
    hex: [
      SMSC,
      "44", // SMS-DELIVER with TP-UDHI
      "0B914889674523F1", // +84987654321
      "00",
      "00",
      "62112280500082",
      "23", // 35 septets: 8 for the 7-octet header (no fill bits), 27 of text
      "06", // UDHL
      "08041234", // IEI 08 (concatenation, 16-bit reference), length 4, reference 0x1234
      "0302", // 3 parts, this is the 2nd
      "D8B41B344687DF2C10FD9D06B5EB6F37881CA683D8E9311A", // "Xin chao, toi muon dat lich"
    ].join(""),
    expected: {
      from: "+84987654321",
      fromType: "international",
      timestamp: "2026-11-22T08:05:00+07:00",
      encoding: "gsm7",
      text: "Xin chao, toi muon dat lich",
      concat: { reference: 0x1234, total: 3, sequence: 2, referenceBits: 16 },
    },
    gammu: {
      number: "+84987654321",
      text: "Xin chao, toi muon dat lich",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T08:05:00",
      udh: "ConcatenatedMessages16bit",
    },
  },
  {
    name: "8-bit data from a short code",
    hex: `${SMSC}04048118880004${"62112280500082"}04DEADBEEF`,
    expected: {
      from: "8188",
      fromType: "unknown",
      timestamp: "2026-11-22T08:05:00+07:00",
      encoding: "binary",
      text: "DEADBEEF",
    },
    gammu: {
      number: "8188",
      text: "DEADBEEF",
      coding: "8bit",
      datetime: "2026-11-22T08:05:00",
      udh: "NoUDH",
    },
  },
  {
    name: "a class 0 (flash) message with a negative zone (-03:30 = 14 quarters: 41 | sign 08)",
    hex: `${SMSC}040B914819325476F80010${"62112280500049"}08CB290896D3CD60`,
    expected: {
      from: "+84912345678",
      fromType: "international",
      timestamp: "2026-11-22T08:05:00-03:30",
      encoding: "gsm7",
      text: "KS 09:30",
    },
    gammu: {
      number: "+84912345678",
      text: "KS 09:30",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T08:05:00",
      udh: "NoUDH",
      class: 0,
    },
  },
  {
    name: "an 8-bit reference header with 1 fill bit, then an escape pair",
    hex: [
      SMSC,
      "44",
      "0B914819325476F8",
      "00",
      "00",
      SCTS_1315,
      "0A", // 10 septets: 7 for the 6-octet header and its fill bit, then 1B 65 (€) and "5"
      "050003A70201", // IEI 00, length 3, reference A7, 2 parts, the 1st
      "36E51A", // fill bit 0, then 1B 65 35 from bit 1: 1B<<1 = 36; 65 | (35 & 1)<<7 = E5; 35>>1 = 1A
    ].join(""),
    expected: {
      from: "+84912345678",
      fromType: "international",
      timestamp: "2026-11-22T13:15:03+07:00",
      encoding: "gsm7",
      text: "€5",
      concat: { reference: 0xa7, total: 2, sequence: 1, referenceBits: 8 },
    },
    gammu: {
      number: "+84912345678",
      text: "€5",
      coding: "Default_No_Compression",
      datetime: "2026-11-22T13:15:03",
      udh: "ConcatenatedMessages",
    },
  },
];

describe("decodeDeliver: PDUs written by hand from the spec", () => {
  for (const p of PDUS) {
    it(p.name, () => {
      expect(decodeDeliver(p.hex)).toEqual(p.expected);
      expect(decodeDeliver(p.hex.toLowerCase())).toEqual(p.expected);
    });
  }
});

describe.skipIf(skipGammu)("the same PDUs through python3-gammu", () => {
  for (const p of PDUS) {
    it(p.name, () => {
      const g = gammuDecode(p.hex);
      expect({
        number: g.number,
        text: g.text,
        coding: g.coding,
        datetime: g.datetime,
        udh: g.udh.type,
        ...(p.gammu.class === undefined ? {} : { class: g.class }),
      }).toEqual(p.gammu);
      if (p.expected.concat) {
        const c = p.expected.concat;
        expect([c.referenceBits === 16 ? g.udh.id16 : g.udh.id8, g.udh.all, g.udh.part]).toEqual([
          c.reference,
          c.total,
          c.sequence,
        ]);
      }
    });
  }
});
