// GET /api/stats (docs/console.md, "Thống kê") against a real hub: who may read it, the errors
// that name the field, a scripted morning whose figures are worked out by hand, and the same
// numbers in the CSV and xlsx downloads read back.
import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { O, TestClient, TestHub } from "../src/testing.js";
import { addAccount, ConsoleClient } from "./helpers/console-client.js";
import { SteppedClock } from "./helpers/stepped-clock.js";

const DAY = "2026-11-25"; // a Wednesday of the example office: TP at counter 1, DD at counter 2
const at = (clock: string) => `${DAY}T${clock}:00+07:00`;

let h: TestHub;
let clock: SteppedClock;
let api: ConsoleClient;
let device: TestClient;

beforeEach(async () => {
  clock = new SteppedClock(Date.parse(at("07:40")));
  h = await TestHub.start({ now: at("07:40"), more: { console: { port: 0 }, clock } });
  api = new ConsoleClient(h);
  addAccount(h, "can-bo-1", "officer", ["1"]);
  addAccount(h, "lanh-dao", "leader");
  addAccount(h, "quan-tri", "admin");
  device = await TestClient.connect(h.url);
  await device.subscribe(`${O}/kiosk/1/ticket`, `${O}/counter/+/ack`);
});

afterEach(async () => {
  await device.close();
  await h.close();
});

let ids = 0;

async function ticket(time: string, service: string): Promise<string> {
  clock.set(at(time));
  const id = `t-${++ids}`;
  await device.publish(`${O}/kiosk/1/press`, { id, service });
  const answer = await device.next(`${O}/kiosk/1/ticket`, (p) => p.requestId === id);
  return answer.label as string;
}

/** A counter's button or its rating pad's key, at `time`; resolves at the hub's answer. */
async function counter(time: string, c: string, what: { button: string } | { value: string }) {
  clock.set(at(time));
  const id = `c-${++ids}`;
  const topic = "button" in what ? `${O}/counter/${c}/press` : `${O}/counter/${c}/rating`;
  await device.publish(topic, { id, ...what });
  const ack = await device.next(`${O}/counter/${c}/ack`, (p) => p.id === id);
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  expect(ack.refused, JSON.stringify(ack)).toBeUndefined();
  return ack;
}

/**
 * The morning: three walk-ins, an appointment booked by SMS, two counters, three ratings.
 *   TP-001 07:44 → called 07:50 at 1 (waits 6 min) → finished 07:58 (served 8 min)
 *   TP-002 07:46 → called 07:58 at 1 (waits 12)   → finished 08:04 by the pause (served 6)
 *   DD-001 07:48 → called 07:53 at 2 (waits 5)    → finished 08:05 (served 12)
 *   TP-003 booked at 08:06 for 09:10 → called 09:20 at 1 (waits 10) → finished 09:29 (served 9)
 * Ratings: TP-001 very satisfied, TP-002 satisfied (counter 1), DD-001 unsatisfied (counter 2).
 */
async function morning(): Promise<void> {
  expect(await ticket("07:44", "TP")).toBe("TP-001");
  expect(await ticket("07:46", "TP")).toBe("TP-002");
  expect(await ticket("07:48", "DD")).toBe("DD-001");
  expect((await counter("07:50", "1", { button: "next" })).called).toMatchObject({ label: "TP-001" });
  expect((await counter("07:53", "2", { button: "next" })).called).toMatchObject({ label: "DD-001" });
  await counter("07:55", "1", { value: "very_satisfied" });
  expect((await counter("07:58", "1", { button: "next" })).called).toMatchObject({ label: "TP-002" });
  await counter("08:00", "2", { value: "unsatisfied" });
  await counter("08:02", "1", { value: "satisfied" });
  await counter("08:04", "1", { button: "pause" });
  await counter("08:05", "2", { button: "next" });
  // A citizen books by SMS at 08:06 (one reply of one segment): TP-003 at 09:10. Counter 1 is
  // paused then; it resumes at 09:12, calls TP-003 at 09:20 (waited 10) and finishes at 09:29 (9).
  clock.set(at("08:06"));
  const { queue } = h.hub;
  const decided = queue.submit({
    at: queue.stamp(),
    type: "sms",
    from: "0912345678",
    text: "DK Nguyen Van An KS 25/11",
  });
  expect(decided.events.find((e) => e.type === "booked")).toMatchObject({
    label: "TP-003",
    time: at("09:10"),
  });
  clock.set(at("09:10"));
  await counter("09:12", "1", { button: "resume" });
  expect((await counter("09:20", "1", { button: "next" })).called).toMatchObject({ label: "TP-003" });
  await counter("09:29", "1", { button: "next" });
}

interface Table {
  header: string[];
  rows: (string | number | null)[][];
}
interface Stats {
  query: Record<string, unknown>;
  total: Record<string, unknown> & { wait: Record<string, unknown> };
  series: { period: string; figures: Record<string, unknown> }[];
  byService: { service: string; figures: Record<string, unknown> }[];
  byCounter: { counter: string; figures: Record<string, unknown> }[];
  suggestedMinutes: Record<string, unknown>[];
  office: string;
  periodTitle: string;
  tables: Record<string, Table>;
}

describe("GET /api/stats: access", () => {
  it("refuses an officer (403) and one not signed in (401); answers leaders and admins", async () => {
    const none = await api.get("/api/stats");
    expect([none.status, none.body.error?.code]).toEqual([401, "unauthenticated"]);
    const officer = await api.get("/api/stats", await api.signIn("can-bo-1"));
    expect([officer.status, officer.body.error?.code]).toEqual([403, "forbidden"]);
    for (const login of ["lanh-dao", "quan-tri"]) {
      const reply = await api.get<Stats>("/api/stats", await api.signIn(login));
      expect(reply.status, login).toBe(200);
      // Without a period: the hub's today, by day.
      expect(reply.body.query).toEqual({ from: DAY, to: DAY, group: "day" });
      expect(reply.body.office).toBe("UBND xã Sơn Tây");
      expect(reply.body.periodTitle).toBe("Ngày 25/11/2026");
    }
  });

  it("refuses a CSV or xlsx to an officer as well", async () => {
    const officer = await api.signIn("can-bo-1");
    for (const format of ["csv", "xlsx"]) {
      const res = await fetch(`${api.base}/api/stats?format=${format}`, { headers: officer });
      expect(res.status).toBe(403);
    }
  });
});

describe("GET /api/stats: a wrong query is a 400 naming its field", () => {
  const cases: [string, string][] = [
    ["from=2026-11-31&to=2026-12-01", "from"],
    ["from=25/11/2026&to=2026-11-25", "from"],
    ["from=2026-11-01", "to"],
    ["to=2026-11-01", "from"],
    ["from=2026-11-25&to=2026-11-24", "to"],
    ["from=2023-01-01&to=2026-01-10", "to"],
    ["group=year", "group"],
    ["service=XX", "service"],
    ["counter=9", "counter"],
    ["format=pdf", "format"],
    ["format=csv&table=officers", "table"],
  ];
  it.each(cases)("%s → %s", async (query, path) => {
    const reply = await api.get(`/api/stats?${query}`, await api.signIn("lanh-dao"));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: "bad_request", path });
    expect(reply.body.error?.message).toMatch(/[À-ỹ]/); // Vietnamese
  });

  it("takes three years", async () => {
    const reply = await api.get<Stats>(
      "/api/stats?from=2024-01-01&to=2026-12-31&group=month",
      await api.signIn("lanh-dao"),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.series).toHaveLength(36);
  });
});

describe("GET /api/stats: a scripted morning", () => {
  beforeEach(() => morning());

  const QUERY = `/api/stats?from=${DAY}&to=${DAY}&group=day`;

  it("answers the figures worked out by hand", async () => {
    const reply = await api.get<Stats>(QUERY, await api.signIn("lanh-dao"));
    expect(reply.status).toBe(200);
    const total = reply.body.total;
    expect(total).toMatchObject({
      tickets: 3,
      ticketsRefused: 0,
      appointments: 1,
      appointmentsKept: 1,
      noShows: 0,
      noShowPercent: 0,
      served: 4,
      bookedPercent: 25,
      // 8, 6, 12 and 9 minutes at the counter: median by nearest rank (⌈2⌉) 8, mean 35 / 4.
      serviceTime: { count: 4, median: 8, mean: 8.8 },
      // 6, 12, 5 and 10 minutes of waiting: median 6, p90 (rank ⌈3.6⌉ = 4) 12, mean 33 / 4.
      wait: { count: 4, median: 6, p90: 12, mean: 8.3, histogram: [0, 2, 2, 0, 0, 0, 0, 0, 0, 0] },
      // The booking's reply: 136 GSM-7 characters, one segment at the example office's 350 đồng.
      sms: { received: 1, sent: 1, segments: 1, cost: 350 },
      ratings: { verySatisfied: 1, satisfied: 1, unsatisfied: 1, satisfiedPercent: 66.7 },
      dossiers: { finished: 0, inTimePercent: null },
    });
    expect(reply.body.series.map((s) => [s.period, s.figures.tickets, s.figures.served])).toEqual([
      [DAY, 3, 4],
    ]);
    const service = (code: string) => reply.body.byService.find((s) => s.service === code)?.figures;
    expect(service("TP")).toMatchObject({
      tickets: 2,
      appointments: 1,
      served: 3,
      bookedPercent: 33.3,
      wait: { median: 10, p90: 12 },
      serviceTime: { median: 8, mean: 7.7 },
      ratings: { satisfiedPercent: 100 },
    });
    expect(service("DD")).toMatchObject({
      tickets: 1,
      served: 1,
      wait: { median: 5 },
      ratings: { unsatisfied: 1 },
    });
    const counter = (id: string) => reply.body.byCounter.find((c) => c.counter === id)?.figures;
    expect(counter("1")).toMatchObject({
      tickets: 2,
      served: 3,
      ratings: { verySatisfied: 1, satisfied: 1 },
    });
    expect(counter("2")).toMatchObject({ tickets: 1, served: 1, ratings: { satisfiedPercent: 0 } });
    expect(counter("3")).toMatchObject({ tickets: 0, served: 0 });
    expect(reply.body.suggestedMinutes.find((s) => s.service === "TP")).toMatchObject({ configured: 10 });

    // The tables the page shows and the files hold, from the same figures.
    const services = reply.body.tables.services as Table;
    const tp = services.rows.find((r) => r[0] === "TP") as (string | number | null)[];
    const column = (name: string) => services.header.indexOf(name);
    expect(tp[column("Lĩnh vực")]).toBe("Tư pháp – Hộ tịch");
    expect(tp[column("Số vé lấy số")]).toBe(2);
    expect(tp[column("Chờ p90 (phút)")]).toBe(12);
    expect(services.rows.at(-1)?.slice(0, 3)).toEqual([null, "Tổng cộng", 3]);
    expect(reply.body.tables.waits?.rows.slice(0, 3)).toEqual([
      ["Dưới 5 phút", 0, 0],
      ["Từ 5 đến dưới 10 phút", 2, 50],
      ["Từ 10 đến dưới 15 phút", 2, 50],
    ]);
  });

  it("follows the service and counter filters", async () => {
    const leader = await api.signIn("lanh-dao");
    const dd = await api.get<Stats>(`${QUERY}&service=DD`, leader);
    expect(dd.status).toBe(200);
    expect(dd.body.query).toMatchObject({ service: "DD" });
    expect(dd.body.total).toMatchObject({ tickets: 1, served: 1, wait: { median: 5, count: 1 } });
    const one = await api.get<Stats>(`${QUERY}&counter=1`, leader);
    expect(one.body.total).toMatchObject({ tickets: 2, served: 3, wait: { median: 10, p90: 12 } });
    const week = await api.get<Stats>("/api/stats?from=2026-11-23&to=2026-11-29&group=week", leader);
    expect(week.body.series.map((s) => [s.period, s.figures.tickets])).toEqual([["2026-W48", 3]]);
  });

  it("downloads each table as CSV with the same numbers", async () => {
    const leader = await api.signIn("lanh-dao");
    const json = (await api.get<Stats>(QUERY, leader)).body;
    for (const table of ["series", "services", "counters", "waits", "suggested"]) {
      const res = await fetch(`${api.base}${QUERY}&format=csv&table=${table}`, { headers: leader });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="thong-ke-${DAY}-${table}.csv"`,
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.subarray(3).toString("utf8"));
      const expected = json.tables[table] as Table;
      expect(rows[0]).toEqual(expected.header);
      expect(rows.slice(1)).toEqual(expected.rows.map((r) => r.map((v) => (v === null ? "" : String(v)))));
    }
    const filtered = await fetch(`${api.base}${QUERY}&service=TP&counter=1&format=csv`, { headers: leader });
    expect(filtered.headers.get("content-disposition")).toBe(
      `attachment; filename="thong-ke-${DAY}-TP-quay-1-series.csv"`,
    );
  });

  it("downloads an xlsx with one sheet per table and the same numbers", async () => {
    const admin = await api.signIn("quan-tri");
    const json = (await api.get<Stats>(QUERY, admin)).body;
    const res = await fetch(`${api.base}${QUERY}&format=xlsx`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="thong-ke-${DAY}.xlsx"`);
    const book = readXlsx(new Uint8Array(await res.arrayBuffer()));
    expect(book.map((s) => s.name)).toEqual([
      "Theo kỳ",
      "Theo lĩnh vực",
      "Theo quầy",
      "Phân bố thời gian chờ",
      "Thời gian trung bình đề xuất",
    ]);
    for (const [i, table] of ["series", "services", "counters", "waits", "suggested"].entries()) {
      const sheet = book[i]?.rows as (string | number | null)[][];
      // The office, the report's title, its period; a blank line; then the table.
      expect(sheet[0]?.[0]).toBe("UBND xã Sơn Tây");
      expect(sheet[2]?.[0]).toBe("Ngày 25/11/2026");
      const expected = json.tables[table] as Table;
      const width = expected.header.length;
      const pad = (row: (string | number | null)[]) => [...row, ...Array(width - row.length).fill(null)];
      expect(sheet.slice(4).map(pad)).toEqual([expected.header, ...expected.rows]);
    }
    // One table alone: its sheet only.
    const one = await fetch(`${api.base}${QUERY}&format=xlsx&table=waits`, { headers: admin });
    expect(one.headers.get("content-disposition")).toBe(`attachment; filename="thong-ke-${DAY}-waits.xlsx"`);
    const waits = readXlsx(new Uint8Array(await one.arrayBuffer()));
    expect(waits.map((s) => s.name)).toEqual(["Phân bố thời gian chờ"]);
    expect(waits[0]?.rows.slice(5, 8)).toEqual([
      ["Dưới 5 phút", 0, 0],
      ["Từ 5 đến dưới 10 phút", 2, 50],
      ["Từ 10 đến dưới 15 phút", 2, 50],
    ]);
  });
});

// ---- reading the files back -------------------------------------------------------------------

/** RFC 4180 as toCsv writes it: CRLF lines, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Each sheet's name and its cells by row (null for an empty cell), read from the zip's XML. */
function readXlsx(bytes: Uint8Array): { name: string; rows: (string | number | null)[][] }[] {
  expect(String.fromCharCode(bytes[0] as number, bytes[1] as number)).toBe("PK");
  // fflate is write-excel-file's own dependency: read it from there.
  const require = createRequire(import.meta.resolve("write-excel-file/node"));
  const { unzipSync, strFromU8 } = require("fflate") as {
    unzipSync(data: Uint8Array): Record<string, Uint8Array>;
    strFromU8(data: Uint8Array): string;
  };
  const files = unzipSync(bytes);
  const text = (path: string) => strFromU8(files[path] as Uint8Array);
  const strings = [...text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeXml([...(m[1] as string).matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")),
  );
  const names = [...text("xl/workbook.xml").matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) =>
    unescapeXml(m[1] as string),
  );
  const column = (ref: string) =>
    [...(ref.match(/^[A-Z]+/)?.[0] ?? "")].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return names.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`);
    const rows: (string | number | null)[][] = [];
    for (const r of xml.matchAll(/<row [^>]*?r="(\d+)"[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const index = Number(r[1]) - 1;
      const cells: (string | number | null)[] = [];
      for (const c of (r[2] ?? "").matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const value = (c[3] ?? "").match(/<v>([\s\S]*?)<\/v>/)?.[1];
        const col = column(c[1] as string);
        while (cells.length < col) cells.push(null);
        if (value === undefined) cells.push(null);
        else cells.push(/t="s"/.test(c[2] as string) ? (strings[Number(value)] as string) : Number(value));
      }
      while (cells.length > 0 && cells.at(-1) === null) cells.pop();
      while (rows.length < index) rows.push([]);
      rows[index] = cells;
    }
    return { name, rows };
  });
}
