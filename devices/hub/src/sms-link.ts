import type { OfficeConfig } from "@motcua/config";
import { type Decision, dueReminders, nextReminderAt } from "@motcua/core";
import type { Logger } from "@motcua/log";
import {
  type Incoming,
  Modem,
  ModemPool,
  Outbox,
  type PoolStatus,
  SMS_PRIORITY,
  serialModemPort,
} from "@motcua/modem";
import type { ModemSimulator } from "@motcua/modem-sim";
import type { SimInput } from "@motcua/protocol";
import { type ReceivedPart, replyAddress } from "@motcua/sms";
import type { NewSms, Store } from "@motcua/store";
import type { Clock } from "./clock.js";
import type { LiveQueue } from "./queue.js";

/** Parts of unfinished concatenated messages, kept in the store so a restart loses none. */
const PARTS_KEY = "smsParts";
/** How long a part is worth keeping: the reassembler gives a message up after this. */
const PART_LIFETIME_MS = 10 * 60_000;

export interface SmsLinkOptions {
  config: OfficeConfig;
  /** Serial devices, or `sim` for the built-in simulator. */
  modem: string[] | "sim";
  queue: LiveQueue;
  store: Store;
  clock: Clock;
  log: Logger;
  /** The simulator's delay for each SMS segment it sends (a real modem takes seconds). */
  simSendDelayMs?: number;
  onStatus: (status: PoolStatus) => void;
}

export interface SmsLink {
  simulator?: ModemSimulator;
  pool: ModemPool;
  outbox: Outbox;
  /** The replies a decision sends, as outbox rows keyed by the log entry: see LiveQueue. */
  outgoing(input: SimInput, decision: Decision): ((seq: number) => NewSms[]) | undefined;
  /** Tells the senders that the last decision's messages are in the store (after its commit). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * The SMS side of the hub: modems (or the simulator) read citizens' messages into the queue,
 * and the outbox sends what the queue decided, plus reminders. A received message is in the
 * store before the modem deletes it; a reply is in the outbox in the same transaction as the
 * decision that made it.
 */
export async function startSmsLink(options: SmsLinkOptions): Promise<SmsLink> {
  const { config, queue, store } = options;
  const log = options.log.child({ ns: "motcua:sms" });
  let simulator: ModemSimulator | undefined;
  let paths: string[];
  if (options.modem === "sim") {
    // Loaded only here: a hub with real modems never needs the simulator's AT server.
    const { startModemSimulator } = await import("@motcua/modem-sim");
    simulator = await startModemSimulator({ sendDelayMs: options.simSendDelayMs ?? 3000 });
    paths = [simulator.path];
    log.info({ path: simulator.path }, "modem simulator started (it sends nothing by itself)");
  } else {
    paths = options.modem;
  }

  const outbox = new Outbox(store, { log: options.log, now: () => options.clock.now() });
  const parts = () => store.getMeta<ReceivedPart[]>(PARTS_KEY) ?? [];

  const onMessage = async (incoming: Incoming): Promise<void> => {
    switch (incoming.kind) {
      case "message": {
        // Through the queue's group commit: the messages of one read of the modem's storage
        // are decided in order and stored in one transaction; resolved once on disk. A message
        // read again (its AT+CMGD was lost) is known by its id and not decided twice.
        const outcome = await queue.enqueue(
          (at) => ({ at, type: "sms", from: incoming.from, text: incoming.text, id: incoming.id }),
          `sms/${incoming.id}`,
        );
        if (outcome.kind !== "decided") return;
        // Kept in the log like any message; the core answers no alphanumeric sender.
        if (!incoming.answerable)
          log.info({ from: incoming.rawFrom }, "operator notice logged, not answered");
        if (outcome.decision.ignored)
          log.info({ from: incoming.rawFrom, reason: outcome.decision.ignored }, "sms changed nothing");
        if (incoming.parts > 1) {
          // Its parts are no longer needed to finish it.
          store.setMeta(
            PARTS_KEY,
            parts().filter((p) => !(p.from === incoming.rawFrom && p.concat?.total === incoming.parts)),
          );
        }
        return;
      }
      case "part": {
        const now = options.clock.now();
        const kept = parts().filter((p) => now - p.receivedAt < PART_LIFETIME_MS);
        store.setMeta(PARTS_KEY, [...kept, incoming.part]);
        return;
      }
      case "undecodable":
        log.warn(
          { modem: incoming.modem, pdu: incoming.pdu, err: incoming.error },
          "unreadable PDU removed from the modem",
        );
        return;
    }
  };

  const modems = paths.map(
    (path) =>
      new Modem({
        port: serialModemPort({ path }),
        log: options.log,
        onMessage,
        ...(config.modem.pin !== undefined ? { pin: config.modem.pin } : {}),
        pollIntervalMs: config.modem.pollSeconds * 1000,
      }),
  );
  const now = options.clock.now();
  const restored = parts().filter((p) => now - p.receivedAt < PART_LIFETIME_MS);
  for (const modem of modems) modem.restoreParts(restored);
  const pool = new ModemPool({ outbox, modems, log: options.log });
  pool.onStatus(options.onStatus);
  for (const modem of modems) modem.start();
  pool.start();

  // Reminders: checked when one falls due, and after every decision (a booking adds some).
  let reminderTimer: (() => void) | undefined;
  const remind = () => {
    reminderTimer?.();
    reminderTimer = undefined;
    const at = options.clock.now();
    for (const r of dueReminders(queue.core, at)) {
      const to = replyAddress(r.to);
      if (to !== undefined) outbox.enqueue({ to, text: r.text, priority: SMS_PRIORITY.reminder, key: r.key });
    }
    const next = nextReminderAt(queue.core, at);
    if (next !== undefined) reminderTimer = options.clock.at(next, remind);
  };
  remind();

  const committed: NewSms[] = [];
  return {
    ...(simulator ? { simulator } : {}),
    pool,
    outbox,
    outgoing(input, decision) {
      const replies = decision.events.flatMap((e, index) => (e.type === "sms_out" ? [{ e, index }] : []));
      if (replies.length === 0) return undefined;
      // Answers to a citizen's message go first; what the clock decided (no-shows) after.
      const priority = input.type === "sms" ? SMS_PRIORITY.reply : SMS_PRIORITY.notice;
      return (seq) => {
        const rows = replies.flatMap(({ e, index }) => {
          const to = replyAddress(e.to);
          if (to === undefined) return [];
          return [{ to, text: e.text, priority, key: `${seq}:${index}`, at: e.at }];
        });
        // A group commit stores several decisions' rows before any listener hears of them.
        committed.push(...rows);
        return rows;
      };
    },
    kick() {
      // The rows are already stored; enqueueing the same keys again returns them and wakes
      // the senders.
      for (const sms of committed.splice(0)) outbox.enqueue(sms);
      remind();
    },
    async stop() {
      reminderTimer?.();
      await pool.stop();
      await Promise.all(modems.map((m) => m.stop()));
      await simulator?.close();
    },
  };
}
