import { createHash } from "node:crypto";
import type { Logger } from "@motcua/log";
import type { AssembledMessage, DeliverPdu, ReceivedPart } from "@motcua/sms";
import { classifySender, replyAddress } from "@motcua/sms";
import type { AtEngine } from "./at/engine.js";
import { parseCmgl, parseCmgr, type StoredPdu } from "./at/parse.js";
import type { PartKeeper, SmsCodec } from "./codec.js";
import { isModemError } from "./errors.js";
import type { Incoming, IncomingMessage, MessageHandler } from "./incoming.js";
import { rethrowLinkFault } from "./startup.js";

/** Ids of PDUs persisted in this run, so a PDU whose AT+CMGD was lost is only deleted when re-read. */
const REMEMBERED = 4096;
/**
 * Messages handed to `onMessage` together: the hub stores them in one transaction. Small enough
 * that the link, waiting on this, is never kept long from the modem's next answer.
 */
const PERSIST_TOGETHER = 8;
/**
 * From this many received PDUs, a whole listing, all of it persisted, is deleted with one
 * command (`AT+CMGD=<i>,1`, every read message) instead of one `AT+CMGD` each: a full SIM or a
 * burst is cleared in one exchange instead of 25 to 50, which on the modem's only channel is
 * 25 to 50 round trips not spent sending.
 */
const BULK_DELETE = 8;

/** What {@link Inbox.persist} kept, to be deleted. */
export interface Persisted {
  entries: StoredPdu[];
  /** How many of them were persisted by an earlier read (their delete was lost or refused). */
  again: number;
}

/** What one read found. */
export interface Listing {
  entries: StoredPdu[];
  /** A complete AT+CMGL=4: every PDU in the storage, each of them understood. */
  whole: boolean;
}

export interface InboxOptions {
  path: string;
  codec: SmsCodec;
  keeper: PartKeeper;
  onMessage: MessageHandler;
  log: Logger;
  now: () => number;
  /** AT+CMGL timeout: a full storage takes a while to list. */
  listTimeoutMs: number;
}

/**
 * Reads the modem's storage: every message is decoded, its parts kept until complete, handed
 * to `onMessage`, and deleted with AT+CMGD only after `onMessage` resolved. Reading, persisting
 * and deleting are separate steps, so that the link can send between them.
 */
export class Inbox {
  readonly #o: InboxOptions;
  readonly #persisted = new Set<string>();

  constructor(options: InboxOptions) {
    this.#o = options;
  }

  /** AT+CMGL=4: every stored PDU, in index order. */
  async list(engine: AtEngine): Promise<Listing> {
    const { lines } = await engine.command("AT+CMGL=4", { timeoutMs: this.#o.listTimeoutMs });
    const entries = parseCmgl(lines).sort((a, b) => a.index - b.index);
    return { entries, whole: entries.length === lines.filter((l) => l.startsWith("+CMGL:")).length };
  }

  /** AT+CMGR=<index> for each index (a `+CMTI`'s); an empty or invalid index is nothing to read. */
  async readIndexes(engine: AtEngine, indexes: readonly number[]): Promise<Listing> {
    const entries: StoredPdu[] = [];
    for (const index of indexes) {
      try {
        const entry = parseCmgr((await engine.command(`AT+CMGR=${index}`)).lines, index);
        if (entry) entries.push(entry);
      } catch (error) {
        rethrowLinkFault(error);
        this.#o.log.debug({ index, err: (error as Error).message }, "nothing to read at index");
      }
    }
    return { entries, whole: false };
  }

  /**
   * Hands the PDUs read to `onMessage`, in index order (parts complete in order) and several at
   * once (the hub stores them in one transaction), each group once `quiet` resolves (the link
   * waits on the modem: the disk is written while the modem sends; `next`: at its next send).
   * Returns those that may be deleted: persisted now or in an earlier read. Sends no AT command.
   */
  async persist(entries: readonly StoredPdu[], quiet: (next: boolean) => Promise<void>): Promise<Persisted> {
    const done: Persisted = { entries: [], again: 0 };
    for (let i = 0; i < entries.length; i += PERSIST_TOGETHER) {
      // One group a send: the later groups at the start of the modem's next sends, so that the
      // disk work is spread out, not heaped where another modem of the pool needs the thread.
      await quiet(i > 0);
      const group = entries.slice(i, i + PERSIST_TOGETHER).map((entry) => this.#persistOne(entry));
      for (const outcome of await Promise.all(group)) {
        if (outcome === undefined) continue;
        done.entries.push(outcome.entry);
        if (outcome.before) done.again++;
      }
    }
    return done;
  }

  async #persistOne(entry: StoredPdu): Promise<{ entry: StoredPdu; before: boolean } | undefined> {
    const { log } = this.#o;
    if (entry.stat === 2 || entry.stat === 3) {
      log.debug({ index: entry.index }, "stored outgoing message left alone");
      return undefined;
    }
    const id = pduId(entry.pdu);
    if (this.#persisted.has(id)) return { entry, before: true };
    // Decoded at once (before the first await), in index order: the reassembler sees parts in order.
    const { incoming, putBack } = this.#decode(entry);
    try {
      await this.#o.onMessage(incoming);
    } catch (error) {
      // Not persisted: it stays in the storage and is read again; a completed message's
      // earlier parts go back to the keeper so that it completes again then.
      this.restore(putBack);
      log.error(
        { err: (error as Error).message, index: entry.index, id },
        "message not persisted; kept on the modem",
      );
      return undefined;
    }
    this.#remember(id);
    log.info({ index: entry.index, id, kind: incoming.kind }, "message persisted");
    return { entry, before: false };
  }

  /**
   * Deletes what was persisted: one `AT+CMGD=<index>` each, or `AT+CMGD=<index>,1` (every read
   * message) once, for a whole listing of {@link BULK_DELETE} received PDUs or more, all of them
   * persisted in this read. Safe because only this link reads the storage, one read at a time:
   * the read messages are exactly those it listed (AT+CMGL marks them read), and what arrived
   * since is unread. One by one when the modem refuses the flag, and when the listing held
   * PDUs persisted before (an earlier delete was lost or refused: this modem may not mark what
   * it lists as read). A refused delete is read, and deleted, again later.
   */
  async delete(engine: AtEngine, listing: Listing, persisted: Persisted): Promise<void> {
    const received = listing.entries.filter((e) => e.stat === 0 || e.stat === 1).length;
    const first = persisted.entries[0];
    if (
      first !== undefined &&
      listing.whole &&
      received >= BULK_DELETE &&
      persisted.entries.length === received &&
      persisted.again === 0
    ) {
      try {
        await engine.command(`AT+CMGD=${first.index},1`);
        return;
      } catch (error) {
        if (!isModemError(error) || error.code === "TIMEOUT" || error.code === "CLOSED") throw error;
        this.#o.log.info({ err: error.message }, "no AT+CMGD of every read message: one by one");
      }
    }
    for (const entry of persisted.entries) {
      try {
        await engine.command(`AT+CMGD=${entry.index}`);
      } catch (error) {
        if (!isModemError(error) || error.code === "TIMEOUT" || error.code === "CLOSED") throw error;
        this.#o.log.warn({ index: entry.index, err: error.message }, "delete refused");
      }
    }
  }

  /** A routed `+CMT` (never asked for, but not to be lost): handed over, nothing to delete. */
  async routed(pdu: string): Promise<void> {
    const { incoming } = this.#decode({ index: -1, stat: 0, pdu: pdu.toUpperCase() });
    await this.#o.onMessage({ ...incoming, index: undefined });
  }

  /** Messages whose parts stopped coming: handed over incomplete. */
  async expire(): Promise<void> {
    for (const message of this.#o.keeper.expire(this.#o.now())) {
      const incoming = this.#message(message, undefined, undefined, undefined);
      try {
        await this.#o.onMessage(incoming);
      } catch (error) {
        // Its parts were each persisted when read; the hub still has them.
        this.#o.log.error(
          { err: (error as Error).message, id: incoming.id },
          "incomplete message not persisted",
        );
      }
    }
  }

  /** Parts persisted in an earlier run, put back so that later parts complete them. */
  restore(parts: readonly ReceivedPart[]): void {
    for (const part of parts) this.#o.keeper.add(part);
  }

  #decode(entry: StoredPdu): { incoming: Incoming; putBack: ReceivedPart[] } {
    const base = {
      id: pduId(entry.pdu),
      modem: this.#o.path,
      index: entry.index,
      pdu: entry.pdu,
      receivedAt: this.#o.now(),
    };
    let decoded: DeliverPdu;
    try {
      decoded = this.#o.codec.decodeDeliver(entry.pdu);
    } catch (error) {
      return { incoming: { ...base, kind: "undecodable", error: (error as Error).message }, putBack: [] };
    }
    const part: ReceivedPart = {
      from: decoded.from,
      text: decoded.text,
      timestamp: decoded.timestamp,
      receivedAt: base.receivedAt,
      ...(decoded.concat ? { concat: decoded.concat } : {}),
    };
    const concat = decoded.concat;
    const putBack = concat
      ? this.#o.keeper
          .pending()
          .filter(
            (p) =>
              p.from === part.from &&
              p.concat?.reference === concat.reference &&
              p.concat.total === concat.total,
          )
      : [];
    const assembled = this.#o.keeper.add(part);
    const sender = classifySender(decoded.from, decoded.fromType);
    if (!assembled)
      return { incoming: { ...base, kind: "part", part, fromType: decoded.fromType, sender }, putBack };
    return { incoming: this.#message(assembled, decoded, base, entry.index), putBack };
  }

  #message(
    message: AssembledMessage,
    decoded: DeliverPdu | undefined,
    base: { id: string; pdu: string; receivedAt: number } | undefined,
    index: number | undefined,
  ): IncomingMessage {
    const fromType = decoded?.fromType ?? (/[A-Za-z]/.test(message.from) ? "alphanumeric" : "unknown");
    const sender = classifySender(message.from, fromType);
    const reply = replyAddress(message.from, fromType);
    return {
      kind: "message",
      id: base?.id ?? pduId(`expired:${message.from}:${message.timestamp}:${message.text}`),
      modem: this.#o.path,
      index,
      pdu: base?.pdu,
      receivedAt: base?.receivedAt ?? this.#o.now(),
      from: reply ?? message.from,
      rawFrom: message.from,
      fromType,
      sender,
      answerable: reply !== undefined,
      text: message.text,
      timestamp: message.timestamp,
      parts: message.parts,
      complete: message.complete,
    };
  }

  #remember(id: string): void {
    this.#persisted.add(id);
    if (this.#persisted.size > REMEMBERED) {
      const oldest = this.#persisted.values().next().value;
      if (oldest !== undefined) this.#persisted.delete(oldest);
    }
  }
}

/** 16 hex digits of SHA-256: the same PDU gives the same id in any run. */
export function pduId(pdu: string): string {
  return createHash("sha256").update(pdu.toUpperCase()).digest("hex").slice(0, 16);
}
