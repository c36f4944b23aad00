import type { Gpio, LedPattern } from "@motcua/gpio";
import { type Logger, moduleLogger } from "@motcua/log";
import type { RatingValue } from "@motcua/protocol";
import { RATING_KEYS, THANKS_LED } from "./config.js";
import { isQueueRefusal, MEANING, type Showing, thanksLed } from "./indicator.js";
import { RatingLink, type RatingOutcome } from "./link.js";

export interface RatingOptions {
  /** The hub's broker: `mqtt://hub.lan:1883` (`mqtts://` with TLS). */
  hubUrl: string;
  office: string;
  /** The counter whose citizens this pad rates. */
  counter: string;
  gpio: Gpio;
  username?: string;
  password?: string;
  log: Logger;
  /** How long the thank-you light stays lit after a recorded rating (default 4000 ms). */
  thanksMs?: number;
  /** How long the LED blinks after a refused rating (default 3000 ms). */
  refusalMs?: number;
  /** A rating is refused unless its PUBACK comes within this time (default 3000 ms). */
  ackTimeoutMs?: number;
  /** A rating counts once the hub's ack says so, within this time (default 3000 ms). */
  answerTimeoutMs?: number;
  reconnectMs?: number;
  keepaliveSec?: number;
  /** Called on every change of the LED, with what it means (the simulated light's lines). */
  onLight?: (pattern: LedPattern, meaning: string) => void;
  /** A warning is logged when the hub has sent no state for the counter after this long (5000 ms). */
  noStateWarnMs?: number;
}

export interface RunningRating {
  /** `{d}` of `device/{d}/status`: the username, else `rating-{c}`. */
  readonly deviceId: string;
  /** The hub is connected and announces itself online: ratings are taken. */
  readonly reachable: boolean;
  /** The LED's pattern now. */
  readonly light: LedPattern;
  /** Sends a rating as a key press would; refused at once while the last one is still shown. */
  rate(value: RatingValue): Promise<RatingOutcome | undefined>;
  /** Calls `listener` with the outcome of every rating sent, recorded or refused. */
  onOutcome(listener: (outcome: RatingOutcome) => void): () => void;
  /** Calls `listener` on every change of the LED, with what it means. */
  onLightChange(listener: (pattern: LedPattern, meaning: string) => void): () => void;
  /** Resolves once the hub is reachable (rejects after `timeoutMs`). */
  whenReachable(timeoutMs?: number): Promise<void>;
  /** Announces `offline`, disconnects, turns the LED off and releases the GPIO lines. */
  stop(): Promise<void>;
}

/**
 * One counter's rating pad, for the citizen: three keys send `counter/{c}/rating` (PROTOCOL.md),
 * which the hub records for the citizen the counter served last, once. The LED thanks the
 * citizen for a recorded rating and blinks for a refused one. A press made while the hub is
 * unreachable is refused on the spot and forgotten: never sent later, since a late rating would
 * land on whoever the counter serves by then.
 */
export function startRating(options: RatingOptions): RunningRating {
  const log = moduleLogger(options.log, "motcua:rating");
  const { gpio, counter } = options;
  const deviceId = options.username ?? `rating-${counter}`;
  if (deviceId !== `rating-${counter}`)
    log.warn(
      { deviceId, counter },
      "the username is not rating-{c}: presence is announced under the username",
    );
  const thanksMs = options.thanksMs ?? 4000;
  const refusalMs = options.refusalMs ?? 3000;
  const listeners = new Set<(outcome: RatingOutcome) => void>();
  const lightListeners = new Set<(pattern: LedPattern, meaning: string) => void>();
  let showing: Showing | undefined;
  let showTimer: NodeJS.Timeout | undefined;
  let busy = false;
  let stopped = false;
  let light: LedPattern = "off";
  let stateWatch: NodeJS.Timeout | undefined;
  let stateWarned = false;

  const refresh = () => {
    if (stopped) return;
    const pattern = thanksLed({ showing, reachable: link.reachable });
    if (gpio.leds.names.includes(THANKS_LED)) gpio.leds.set(THANKS_LED, pattern);
    if (pattern !== light) {
      light = pattern;
      options.onLight?.(pattern, MEANING[pattern]);
      for (const listener of [...lightListeners]) listener(pattern, MEANING[pattern]);
    }
    // The hub answers no rating for a counter it does not have (each would end `no_answer`): a
    // pad whose counter never gets a state is most likely configured for the wrong one.
    if (link.reachable && !link.counterKnown && !stateWarned && !stateWatch) {
      stateWatch = setTimeout(() => {
        stateWatch = undefined;
        if (link.reachable && !link.counterKnown && !stopped) {
          stateWarned = true;
          log.warn(
            { office: options.office, counter },
            "no state from the hub for this counter: is it one of the office's counters (--counter, --office)?",
          );
        }
      }, options.noStateWarnMs ?? 5000);
      stateWatch.unref?.();
    }
  };

  const show = (next: Showing, forMs: number) => {
    showing = next;
    clearTimeout(showTimer);
    showTimer = setTimeout(() => {
      showing = undefined;
      refresh();
    }, forMs);
    refresh();
  };

  const link = new RatingLink({
    url: options.hubUrl,
    office: options.office,
    counter,
    deviceId,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    log: moduleLogger(options.log, "motcua:rating-link"),
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    ...(options.answerTimeoutMs !== undefined ? { answerTimeoutMs: options.answerTimeoutMs } : {}),
    ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
    ...(options.keepaliveSec !== undefined ? { keepaliveSec: options.keepaliveSec } : {}),
    onChange: refresh,
  });

  const report = (outcome: RatingOutcome) => {
    if (outcome.ok) {
      log.info(
        { id: outcome.id, value: outcome.value, label: outcome.label, ms: outcome.ms },
        "rating recorded",
      );
      show({ kind: "thanks" }, thanksMs);
    } else if (isQueueRefusal(outcome.reason)) {
      log.info(
        { id: outcome.id, value: outcome.value, reason: outcome.reason },
        "rating refused by the hub: nobody to rate at this counter, or rated already",
      );
      show({ kind: "refused", reason: outcome.reason }, refusalMs);
    } else {
      log.warn(
        { id: outcome.id, value: outcome.value, reason: outcome.reason, message: outcome.message },
        outcome.message !== undefined
          ? "rating refused by the hub: nothing was recorded"
          : outcome.reason === "no_answer"
            ? "rating refused: the hub did not answer in time, the rating is dropped"
            : "rating refused: the hub is unreachable, the rating is dropped",
      );
      show({ kind: "refused", reason: outcome.reason }, refusalMs);
    }
    for (const listener of [...listeners]) listener(outcome);
  };

  const rate = async (value: RatingValue): Promise<RatingOutcome | undefined> => {
    // One rating at a time, and none while its answer is shown: a citizen's double press is one
    // rating, not a rating and a refusal.
    if (busy || showing !== undefined) {
      log.debug({ value, busy, showing: showing?.kind }, "press ignored: the last rating is still shown");
      return undefined;
    }
    busy = true;
    try {
      const outcome = await link.send(value);
      if (!stopped) report(outcome);
      return outcome;
    } finally {
      busy = false;
    }
  };

  const keys = new Set<string>(RATING_KEYS);
  const unsubscribe = gpio.buttons.onPress((press) => {
    log.debug({ key: press.button, kind: press.kind }, "key pressed");
    if (keys.has(press.button)) void rate(press.button as RatingValue);
  });
  refresh();
  log.info({ office: options.office, counter, device: deviceId, gpio: gpio.backend }, "rating pad started");

  return {
    deviceId,
    get reachable() {
      return link.reachable;
    },
    get light() {
      return light;
    },
    rate,
    onOutcome(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLightChange(listener) {
      lightListeners.add(listener);
      return () => lightListeners.delete(listener);
    },
    whenReachable(timeoutMs = 10_000) {
      return link.link.whenReachable(timeoutMs);
    },
    async stop() {
      if (stopped) return;
      unsubscribe();
      await link.close();
      stopped = true;
      clearTimeout(showTimer);
      clearTimeout(stateWatch);
      await gpio.close();
      log.info({ counter }, "rating pad stopped");
    },
  };
}
