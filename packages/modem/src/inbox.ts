import { createHash } from "node:crypto";
import type { Logger } from "@motcua/log";
import type { AssembledMessage, DeliverPdu, ReceivedPart } from "@motcua/sms";
import type { AtEngine } from "./at/engine.js";
import { parseCmgl, parseCmgr, type StoredPdu } from "./at/parse.js";
import type { PartKeeper, SmsCodec } from "./codec.js";
import { isModemError } from "./errors.js";
import type { Incoming, IncomingMessage, MessageHandler } from "./incoming.js";
import { classifySender, replyAddress } from "./phone.js";
import { rethrowLinkFault } from "./startup.js";

/** Ids of PDUs persisted in this run, so a PDU whose AT+CMGD was lost is only deleted when re-read. */
const REMEMBERED = 4096;

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
 * to `onMessage`, and deleted with AT+CMGD only after `onMessage` resolved.
 */
export class Inbox {
  readonly #o: InboxOptions;
  readonly #persisted = new Set<string>();

  constructor(options: InboxOptions) {
    this.#o = options;
  }

  /** AT+CMGL=4: every stored message, in index order. Returns how many were handled. */
  async readAll(engine: AtEngine): Promise<number> {
    const { lines } = await engine.command("AT+CMGL=4", { timeoutMs: this.#o.listTimeoutMs });
    const stored = parseCmgl(lines).sort((a, b) => a.index - b.index);
    let handled = 0;
    for (const entry of stored) if (await this.#handle(engine, entry)) handled++;
    return handled;
  }

  /** AT+CMGR=<index>, for a `+CMTI`. An empty or invalid index is nothing to do. */
  async readIndex(engine: AtEngine, index: number): Promise<boolean> {
    let entry: StoredPdu | undefined;
    try {
      entry = parseCmgr((await engine.command(`AT+CMGR=${index}`)).lines, index);
    } catch (error) {
      rethrowLinkFault(error);
      this.#o.log.debug({ index, err: (error as Error).message }, "nothing to read at index");
      return false;
    }
    return entry ? this.#handle(engine, entry) : false;
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

  async #handle(engine: AtEngine, entry: StoredPdu): Promise<boolean> {
    const { log } = this.#o;
    if (entry.stat === 2 || entry.stat === 3) {
      log.debug({ index: entry.index }, "stored outgoing message left alone");
      return false;
    }
    const id = pduId(entry.pdu);
    if (!this.#persisted.has(id)) {
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
        return false;
      }
      this.#remember(id);
      log.info({ index: entry.index, id, kind: incoming.kind }, "message persisted");
    }
    try {
      await engine.command(`AT+CMGD=${entry.index}`);
    } catch (error) {
      if (!isModemError(error) || error.code === "TIMEOUT" || error.code === "CLOSED") throw error;
      log.warn({ index: entry.index, err: error.message }, "delete refused");
    }
    return true;
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
