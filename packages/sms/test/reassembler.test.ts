import { describe, expect, it } from "vitest";
import type { ReceivedPart } from "../src/index.js";
import { decodeDeliver, encodeDeliver, Reassembler } from "../src/index.js";

const TS = "2026-11-22T13:15:03+07:00";

function partsOf(from: string, text: string, reference: number, receivedAt = 0): ReceivedPart[] {
  return encodeDeliver({ from, text, timestamp: TS, reference }).map((p, i) => {
    const d = decodeDeliver(p.hex);
    const part: ReceivedPart = {
      from: d.from,
      text: d.text,
      timestamp: d.timestamp,
      receivedAt: receivedAt + i,
    };
    if (d.concat) part.concat = d.concat;
    return part;
  });
}

const LONG = `Đặt lịch: ${"Chứng thực bản sao từ bản chính, ".repeat(6)}hết.`;

describe("Reassembler", () => {
  it("a single-part message comes straight back", () => {
    const r = new Reassembler();
    const [only] = partsOf("+84912345678", "DK KS 25/11", 1);
    expect(r.add(only as ReceivedPart)).toEqual({
      from: "+84912345678",
      text: "DK KS 25/11",
      timestamp: TS,
      parts: 1,
      complete: true,
    });
    expect(r.pending()).toEqual([]);
  });

  it("reassembles out of order", () => {
    const parts = partsOf("+84912345678", LONG, 7);
    expect(parts.length).toBe(4);
    const r = new Reassembler();
    const order = [2, 0, 3, 1];
    const results = order.map((i) => r.add(parts[i] as ReceivedPart));
    expect(results.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(results[3]).toEqual({ from: "+84912345678", text: LONG, timestamp: TS, parts: 4, complete: true });
    expect(r.pending()).toEqual([]);
  });

  it("ignores duplicates, also after completion does not return the message twice", () => {
    const parts = partsOf("+84912345678", LONG, 8);
    const r = new Reassembler();
    expect(r.add(parts[0] as ReceivedPart)).toBeUndefined();
    expect(r.add({ ...(parts[0] as ReceivedPart), text: "a different copy" })).toBeUndefined();
    expect(r.add(parts[1] as ReceivedPart)).toBeUndefined();
    expect(r.add(parts[1] as ReceivedPart)).toBeUndefined();
    expect(r.add(parts[2] as ReceivedPart)).toBeUndefined();
    expect(r.pending()).toHaveLength(3);
    expect(r.add(parts[3] as ReceivedPart)?.text).toBe(LONG);
  });

  it("keeps interleaved senders, references and totals apart", () => {
    const a = partsOf("+84912345678", LONG, 9);
    const b = partsOf("+84987654321", `${LONG} (B)`, 9); // same reference, other sender
    const c = partsOf("+84912345678", "x".repeat(200), 9); // same sender and reference, other total
    const r = new Reassembler();
    const done = [];
    const interleaved = [a[0], b[3], c[1], b[0], a[2], c[0], a[1], b[1], a[3], b[2]];
    for (const p of interleaved) {
      const m = r.add(p as ReceivedPart);
      if (m) done.push(m.text);
    }
    expect(done).toEqual(["x".repeat(200), LONG, `${LONG} (B)`]);
    expect(r.pending()).toEqual([]);
  });

  it("gives up after the timeout: complete false, missing places left empty", () => {
    const parts = partsOf("+84912345678", "ab".repeat(120), 10, 1_000);
    expect(parts.length).toBe(2);
    const r = new Reassembler({ timeoutMs: 60_000 });
    r.add(parts[1] as ReceivedPart); // received at 1_001
    expect(r.expire(1_001 + 59_999)).toEqual([]);
    expect(r.pending()).toHaveLength(1);
    expect(r.expire(1_001 + 60_000)).toEqual([
      {
        from: "+84912345678",
        text: parts[1]?.text,
        timestamp: TS,
        parts: 2,
        complete: false,
      },
    ]);
    expect(r.pending()).toEqual([]);
    expect(r.expire(10_000_000)).toEqual([]);
  });

  it("the timeout counts from the message's first part; other messages wait on", () => {
    const a = partsOf("+84912345678", LONG, 11, 0);
    const b = partsOf("+84987654321", LONG, 11, 50_000);
    const r = new Reassembler({ timeoutMs: 60_000 });
    r.add(a[0] as ReceivedPart);
    r.add(b[0] as ReceivedPart);
    r.add({ ...(a[1] as ReceivedPart), receivedAt: 59_000 });
    const expired = r.expire(60_000);
    expect(expired.map((m) => [m.from, m.complete])).toEqual([["+84912345678", false]]);
    expect(expired[0]?.text).toBe((a[0]?.text ?? "") + (a[1]?.text ?? ""));
    expect(r.pending().map((p) => p.from)).toEqual(["+84987654321"]);
  });

  it("pending() restores a keeper across a restart", () => {
    const parts = partsOf("+84912345678", LONG, 12);
    const before = new Reassembler();
    before.add(parts[3] as ReceivedPart);
    before.add(parts[1] as ReceivedPart);
    const saved = JSON.parse(JSON.stringify(before.pending())) as ReceivedPart[];
    const after = new Reassembler();
    for (const p of saved) expect(after.add(p)).toBeUndefined();
    after.add(parts[0] as ReceivedPart);
    expect(after.add(parts[2] as ReceivedPart)?.text).toBe(LONG);
  });

  it("ignores a part numbered outside its total", () => {
    const r = new Reassembler();
    const bad: ReceivedPart = {
      from: "1",
      text: "x",
      timestamp: TS,
      receivedAt: 0,
      concat: { reference: 1, total: 2, sequence: 3, referenceBits: 8 },
    };
    expect(r.add(bad)).toBeUndefined();
    expect(r.pending()).toEqual([]);
  });

  it("composes a combining mark that starts a part with the character before it", () => {
    const r = new Reassembler();
    const base = { from: "1", timestamp: TS, receivedAt: 0 };
    r.add({ ...base, text: "Vie", concat: { reference: 3, total: 2, sequence: 1, referenceBits: 8 } });
    const m = r.add({
      ...base,
      text: "\u0302\u0323t",
      concat: { reference: 3, total: 2, sequence: 2, referenceBits: 8 },
    });
    expect(m?.text).toBe("Việt");
  });
});
