// Concatenated messages put back together (3GPP TS 23.040 §9.2.3.24.1): parts keyed by sender,
// reference and total, in any order, duplicates ignored, given up `timeoutMs` after the first
// part of a message was received.
import type { AssembledMessage, ReceivedPart } from "./api.js";

/** Default wait for missing parts: networks deliver parts seconds apart, rarely minutes. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

interface Pending {
  from: string;
  total: number;
  /** Parts by sequence number (1-based). */
  parts: Map<number, ReceivedPart>;
  firstReceivedAt: number;
}

function assemble(p: Pending, complete: boolean): AssembledMessage {
  const sequences = [...p.parts.keys()].sort((a, b) => a - b);
  const first = p.parts.get(sequences[0] ?? 1);
  let text = "";
  for (let seq = 1; seq <= p.total; seq++) text += p.parts.get(seq)?.text ?? "";
  return {
    from: p.from,
    // Parts are NFC each; a combining mark at the start of a part may compose with the one before.
    text: text.normalize("NFC"),
    timestamp: first?.timestamp ?? "",
    parts: p.total,
    complete,
  };
}

export class Reassembler {
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();

  constructor(options?: { timeoutMs?: number }) {
    const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) throw new RangeError(`timeoutMs: ${timeoutMs}`);
    this.#timeoutMs = timeoutMs;
  }

  /** A single-part message comes straight back; a part completing a message returns it. */
  add(part: ReceivedPart): AssembledMessage | undefined {
    const c = part.concat;
    if (!c || c.total <= 1) {
      return { from: part.from, text: part.text, timestamp: part.timestamp, parts: 1, complete: true };
    }
    if (!Number.isInteger(c.sequence) || c.sequence < 1 || c.sequence > c.total) return undefined;
    const key = JSON.stringify([part.from, c.reference, c.total]);
    let p = this.#pending.get(key);
    if (!p) {
      p = { from: part.from, total: c.total, parts: new Map(), firstReceivedAt: part.receivedAt };
      this.#pending.set(key, p);
    }
    if (p.parts.has(c.sequence)) return undefined; // a duplicate: the first copy stays
    p.parts.set(c.sequence, part);
    p.firstReceivedAt = Math.min(p.firstReceivedAt, part.receivedAt);
    if (p.parts.size < p.total) return undefined;
    this.#pending.delete(key);
    return assemble(p, true);
  }

  /** Messages given up at `now` (incomplete), removed from the keeper. */
  expire(now: number): AssembledMessage[] {
    const out: AssembledMessage[] = [];
    for (const [key, p] of this.#pending) {
      if (now - p.firstReceivedAt >= this.#timeoutMs) {
        this.#pending.delete(key);
        out.push(assemble(p, false));
      }
    }
    return out;
  }

  /** Parts still waiting, for persistence across restarts (add them to a new keeper to restore). */
  pending(): ReceivedPart[] {
    const out: ReceivedPart[] = [];
    for (const p of this.#pending.values()) {
      for (const seq of [...p.parts.keys()].sort((a, b) => a - b)) {
        const part = p.parts.get(seq);
        if (part) out.push(part);
      }
    }
    return out;
  }
}
