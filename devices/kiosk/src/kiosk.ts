import type { OfficeConfig } from "@motcua/config";
import type { Display, Gpio } from "@motcua/gpio";
import type { Logger } from "@motcua/log";
import { moduleLogger } from "@motcua/log";
import {
  type Printer,
  PrinterError,
  type PrinterStatus,
  prepareTicketGlyphs,
  ticketBytes,
} from "@motcua/printer";
import type { KioskHealth, KioskTicket, KioskVoid, VoidReason } from "@motcua/protocol";
import { KioskLink } from "./link.js";
import { MESSAGES, printerMessage } from "./messages.js";
import { LEDS, PRIORITY_BUTTON } from "./pins.js";
import { type IssuedTicket, sampleTickets, ticketContent } from "./ticket.js";

export interface KioskOptions {
  hubUrl: string;
  kiosk: string;
  config: OfficeConfig;
  printer: Printer;
  /** Buttons named by service code and `priority`; LEDs `ready`, `fault`, `priority` (pins.ts). */
  gpio: Gpio;
  display: Display;
  username?: string;
  password?: string;
  log: Logger;
  /** How long to wait for the hub's answer before telling the citizen (default 5 s). */
  answerTimeoutMs?: number;
  /** How long a press of the priority button waits for a service button (default 10 s). */
  priorityWindowMs?: number;
  /** How often the printer's status is read while nobody presses (default 10 s). */
  statusPollMs?: number;
  reconnectMs?: number;
}

export type PressOutcome =
  | {
      outcome: "printed";
      requestId: string;
      label: string;
      number: number;
      file?: string;
      /** Milliseconds spent reading the printer, waiting for the hub, drawing, handing over. */
      ms: { status: number; hub: number; layout: number; print: number };
    }
  | { outcome: "printer"; condition: PrinterStatus["condition"] }
  | { outcome: "hub_unreachable" }
  | { outcome: "unanswered"; requestId: string }
  | { outcome: "refused"; requestId: string; code: string; message: string }
  | { outcome: "print_failed"; requestId: string; label: string; code: string }
  | { outcome: "busy" };

export type KioskEvent =
  | ({ type: "press"; service: string; priority: boolean } & PressOutcome)
  | { type: "void"; notice: KioskVoid }
  | { type: "health"; health: KioskHealth };

export interface RunningKiosk {
  readonly link: KioskLink;
  /** A press of a service button, as if from the panel; resolves with what happened. */
  press(service: string, priority?: boolean): Promise<PressOutcome>;
  /** Every press outcome, void notice and health change, as they happen. */
  onEvent(listener: (event: KioskEvent) => void): () => void;
  /** The printer as last read. */
  readonly health: KioskHealth | undefined;
  /** Resolves once connected to the broker (rejects after `timeoutMs`). */
  connected(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The ticket kiosk: one button per service and a priority button. A press reads the printer's
 * status first (no number is asked for that cannot be printed), asks the hub for a ticket with
 * a unique id, and prints the answer. A number that was issued but not printed — the hub
 * answered after the kiosk gave up, or the printer failed — is announced void on
 * `motcua/{o}/kiosk/{k}/void`; the printer's state stays retained on `…/health`.
 */
export async function startKiosk(options: KioskOptions): Promise<RunningKiosk> {
  const { config, printer, gpio, display } = options;
  const leds = gpio.leds;
  /** Sets an LED the wiring has (a kiosk may be built without the priority light). */
  const led = (name: string, pattern: Parameters<typeof leds.set>[1]) => {
    if (leds.names.includes(name)) leds.set(name, pattern);
  };
  const log = moduleLogger(options.log, "motcua:kiosk");
  const office = config.office.id;
  const services = new Set(config.services.map((s) => s.code));
  const answerTimeoutMs = options.answerTimeoutMs ?? 5000;
  // The ticket's glyphs are drawn by a child process (Skia stays out of this one), now rather
  // than at the first press; a failure here only means the first ticket draws them itself.
  const glyphStart = performance.now();
  const glyphsReady = prepareTicketGlyphs(sampleTickets(config), printer.paperDots).then(
    () => log.info({ ms: Math.round(performance.now() - glyphStart) }, "ticket glyphs ready"),
    (error: unknown) => log.warn({ err: (error as Error).message }, "ticket glyphs not prepared"),
  );
  const priorityWindowMs = options.priorityWindowMs ?? 10_000;
  const boot = Date.now().toString(36);
  let seq = 0;
  /** Requests given up on, remembered so that their late answers are voided, not printed. */
  const abandoned = new Map<string, { service: string; priority: boolean; at: number }>();
  const listeners = new Set<(event: KioskEvent) => void>();
  const emit = (event: KioskEvent) => {
    for (const l of listeners) l(event);
  };

  let health: KioskHealth | undefined;
  let busy = false;
  let stopped = false;
  let priorityUntil = 0;
  let priorityTimer: NodeJS.Timeout | undefined;
  let failureUntil = 0;
  let failureTimer: NodeJS.Timeout | undefined;
  let message: string | undefined;

  const now = () => new Date().toISOString();

  const refresh = () => {
    if (stopped) return;
    const printerBad = health !== undefined && health.printer !== "ok";
    const hubBad = !link.usable;
    led(
      LEDS.fault,
      printerBad ? "slow-blink" : hubBad ? "fast-blink" : Date.now() < failureUntil ? "double-blink" : "off",
    );
    led(LEDS.ready, busy ? "fast-blink" : printerBad || hubBad ? "off" : "on");
    led(LEDS.priority, Date.now() < priorityUntil ? "on" : "off");
    if (busy) return;
    if (message !== undefined) display.show(message);
    else if (printerBad && health && health.printer !== "ok") display.show(printerMessage(health.printer));
    else if (hubBad) display.show(MESSAGES.hubUnreachable);
    else display.show(MESSAGES.ready);
  };

  /** Shows a message for a while (a refusal, a failure), then back to the idle text. */
  let messageTimer: NodeJS.Timeout | undefined;
  const tell = (text: string, forMs = 8000, failure = false) => {
    message = text;
    display.show(text);
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => {
      message = undefined;
      refresh();
    }, forMs);
    messageTimer.unref?.();
    if (failure) {
      failureUntil = Date.now() + forMs;
      clearTimeout(failureTimer);
      failureTimer = setTimeout(refresh, forMs + 10);
      failureTimer.unref?.();
    }
    refresh();
  };

  const setHealth = (status: PrinterStatus, force = false) => {
    const next: KioskHealth = {
      printer: status.condition,
      paperLow: status.paperLow,
      answered: status.answered,
      ...(status.detail !== undefined ? { detail: status.detail } : {}),
      at: now(),
    };
    const changed =
      health === undefined ||
      health.printer !== next.printer ||
      health.paperLow !== next.paperLow ||
      health.answered !== next.answered;
    health = next;
    if (changed || force) {
      if (changed)
        log.info({ printer: next.printer, paperLow: next.paperLow, detail: next.detail }, "printer status");
      link.publishHealth(next);
      emit({ type: "health", health: next });
    }
    refresh();
  };

  const voidNumber = (
    requestId: string,
    service: string,
    priority: boolean,
    reason: VoidReason,
    answer?: IssuedTicket,
  ) => {
    const notice: KioskVoid = {
      requestId,
      service,
      priority,
      reason,
      ...(answer ? { number: answer.number, label: answer.label } : {}),
      at: now(),
    };
    log.warn(
      { ...notice },
      answer ? `number ${answer.label} is void: ${reason}` : `request is void: ${reason}`,
    );
    link.publishVoid(notice);
    emit({ type: "void", notice });
  };

  /** Answers no press waits for: late ones, or those of another kiosk process. */
  const onTicket = (answer: KioskTicket) => {
    const gone = abandoned.get(answer.requestId);
    if (gone) {
      abandoned.delete(answer.requestId);
      if ("error" in answer) {
        log.info({ requestId: answer.requestId, code: answer.error.code }, "late refusal ignored");
        return;
      }
      // The citizen was told there is no number: this one must never be printed or called.
      voidNumber(answer.requestId, gone.service, gone.priority, "late", answer);
      return;
    }
    log.debug({ requestId: answer.requestId }, "answer to a request of another kiosk process");
  };

  const link = new KioskLink({
    url: options.hubUrl,
    office,
    kiosk: options.kiosk,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    log: moduleLogger(options.log, "motcua:kiosk-link"),
    onTicket,
    onChange: () => refresh(),
    onConnect: () => {
      if (health) link.publishHealth(health);
    },
    ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
  });

  /** The hub's answer, "unsent", or undefined when there is none in time (then the request is void). */
  const ask = async (requestId: string, service: string, priority: boolean) => {
    const outcome = await link.ask({ id: requestId, service, priority }, answerTimeoutMs);
    if (outcome.ok) return outcome.answer;
    if (outcome.reason === "hub_unreachable") return "unsent" as const;
    // Remembered, so that an answer arriving after all is voided rather than printed.
    abandoned.set(requestId, { service, priority, at: Date.now() });
    for (const [id, a] of abandoned) if (Date.now() - a.at > 3_600_000) abandoned.delete(id);
    log.warn({ requestId, reason: outcome.reason }, "no ticket answer");
    return undefined;
  };

  const press = async (service: string, priority = false): Promise<PressOutcome> => {
    const report = (outcome: PressOutcome): PressOutcome => {
      emit({ type: "press", service, priority, ...outcome });
      return outcome;
    };
    if (busy) {
      display.show(MESSAGES.busy);
      return report({ outcome: "busy" });
    }
    busy = true;
    message = undefined;
    refresh();
    try {
      // 1. The printer first: a number is asked for only if it can be printed.
      const t0 = performance.now();
      const status = await printer.status();
      const t1 = performance.now();
      setHealth(status);
      if (status.condition !== "ok") {
        log.warn({ service, printer: status.condition }, "press refused: printer not ready");
        busy = false;
        tell(printerMessage(status.condition), 8000, true);
        return report({ outcome: "printer", condition: status.condition });
      }
      // 2. The hub: a press made while it is unreachable is refused at once, never queued.
      const requestId = `${options.kiosk}-${boot}-${++seq}`;
      if (link.reachable) display.show(MESSAGES.asking);
      const answer = await ask(requestId, service, priority);
      const t2 = performance.now();
      if (answer === "unsent") {
        log.warn({ service, connected: link.connected, hub: link.hub }, "press refused: hub unreachable");
        busy = false;
        tell(MESSAGES.hubUnreachable, 8000, true);
        return report({ outcome: "hub_unreachable" });
      }
      if (answer === undefined) {
        voidNumber(requestId, service, priority, "unanswered");
        busy = false;
        tell(MESSAGES.hubTimeout, 8000, true);
        return report({ outcome: "unanswered", requestId });
      }
      if ("error" in answer) {
        log.info({ requestId, service, code: answer.error.code }, "ticket refused by the hub");
        busy = false;
        tell(answer.error.message, 8000);
        return report({
          outcome: "refused",
          requestId,
          code: answer.error.code,
          message: answer.error.message,
        });
      }
      // 3. Print. A failure now voids the number: the citizen has nothing in hand.
      try {
        await glyphsReady;
        const bytes = ticketBytes(ticketContent(answer, config, priority), printer.paperDots);
        const t3 = performance.now();
        const result = await printer.print(bytes);
        const t4 = performance.now();
        const round = (ms: number) => Math.round(ms * 100) / 100;
        const ms = {
          status: round(t1 - t0),
          hub: round(t2 - t1),
          layout: round(t3 - t2),
          print: round(t4 - t3),
        };
        log.info(
          { requestId, label: answer.label, bytes: result.bytes, file: result.file, ms },
          "ticket printed",
        );
        busy = false;
        failureUntil = 0;
        tell(MESSAGES.printed(answer.label), 5000);
        return report({
          outcome: "printed",
          requestId,
          label: answer.label,
          number: answer.number,
          ms,
          ...(result.file !== undefined ? { file: result.file } : {}),
        });
      } catch (error) {
        const code = error instanceof PrinterError ? error.code : "PRINTER_WRITE_FAILED";
        log.error({ requestId, label: answer.label, err: (error as Error).message }, "ticket not printed");
        voidNumber(requestId, service, priority, "print_failed", answer);
        setHealth(await printer.status());
        busy = false;
        tell(MESSAGES.printFailed(answer.label), 10_000, true);
        return report({ outcome: "print_failed", requestId, label: answer.label, code });
      }
    } finally {
      busy = false;
      refresh();
    }
  };

  // Any press counts, short or long: a citizen may hold a button down.
  const unsubscribe = gpio.buttons.onPress(({ button }) => {
    if (button === PRIORITY_BUTTON) {
      // Priority, then a service: the priority LED stays lit while the choice holds.
      priorityUntil = Date.now() < priorityUntil ? 0 : Date.now() + priorityWindowMs;
      clearTimeout(priorityTimer);
      if (priorityUntil > 0) {
        priorityTimer = setTimeout(refresh, priorityWindowMs + 10);
        priorityTimer.unref?.();
        tell(MESSAGES.priorityArmed, priorityWindowMs);
      } else tell(MESSAGES.priorityCancelled, 3000);
      return;
    }
    const service = button.toUpperCase();
    if (!services.has(service)) {
      tell(MESSAGES.unknownButton, 3000);
      return;
    }
    const priority = Date.now() < priorityUntil;
    priorityUntil = 0;
    press(service, priority).catch((error: unknown) =>
      log.error({ err: (error as Error).message }, "press failed"),
    );
  });

  const poll = setInterval(() => {
    if (busy || stopped) return;
    printer.status().then(
      (status) => {
        if (!busy && !stopped) setHealth(status);
      },
      () => undefined,
    );
  }, options.statusPollMs ?? 10_000);
  poll.unref?.();

  setHealth(await printer.status(), true);

  return {
    link,
    press,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get health() {
      return health;
    },
    connected(timeoutMs = 10_000) {
      return link.ready(timeoutMs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      clearInterval(poll);
      for (const t of [priorityTimer, failureTimer, messageTimer]) clearTimeout(t);
      await link.close();
      await gpio.close();
      await printer.close();
    },
  };
}
