import type { Display, Gpio } from "@motcua/gpio";
import { type Logger, moduleLogger } from "@motcua/log";
import type { CounterState } from "@motcua/protocol";
import { STATUS_LED } from "./config.js";
import { indicate } from "./indicator.js";
import { buttonFor } from "./keys.js";
import { type CounterButton, CounterLink, type PressOutcome, type RefusalReason } from "./link.js";

export interface CounterOptions {
  /** The hub's broker: `mqtt://hub.lan:1883` (`mqtts://` with TLS). */
  hubUrl: string;
  office: string;
  counter: string;
  gpio: Gpio;
  display?: Display;
  username?: string;
  password?: string;
  log: Logger;
  /** A press is refused unless its PUBACK comes within this time (default 3000 ms). */
  ackTimeoutMs?: number;
  /** A press counts once the hub's ack says it is stored, within this time (default 3000 ms). */
  answerTimeoutMs?: number;
  /** How long the LED fast-blinks after a refused press (default 3000 ms). */
  refusalShowMs?: number;
  reconnectMs?: number;
  keepaliveSec?: number;
  /** A warning is logged when the hub has sent no state for the counter after this long (5000 ms). */
  noStateWarnMs?: number;
}

export interface RunningCounter {
  /** `{d}` of `device/{d}/status`: the username, else `counter-{c}`. */
  readonly deviceId: string;
  /** The hub is connected and announces itself online: presses are taken. */
  readonly reachable: boolean;
  /** This counter's retained state as last received. */
  readonly state: CounterState | undefined;
  /** Sends a protocol button as a key press would (`resume` typed on a terminal). */
  press(button: CounterButton): Promise<PressOutcome>;
  /** Calls `listener` with the outcome of every press, accepted or refused. */
  onOutcome(listener: (outcome: PressOutcome) => void): () => void;
  /** Resolves once the hub is reachable (rejects after `timeoutMs`). */
  whenReachable(timeoutMs?: number): Promise<void>;
  /** Announces `offline`, disconnects, turns the LED off and releases the GPIO lines. */
  stop(): Promise<void>;
}

/**
 * One counter's pad: its keys press buttons of the counter over MQTT, its LED and display show
 * the counter's retained state and whether the hub can be reached. A press made while the hub
 * is unreachable is refused on the spot — fast-blinking LED, "Mất kết nối", a log line — and
 * forgotten: it is never sent later (PROTOCOL.md).
 */
export function startCounter(options: CounterOptions): RunningCounter {
  const log = moduleLogger(options.log, "motcua:counter");
  const { gpio, display, counter } = options;
  const deviceId = options.username ?? `counter-${counter}`;
  if (deviceId !== `counter-${counter}`)
    log.warn(
      { deviceId, counter },
      "the username is not counter-{c}: presence is announced under the username",
    );
  const refusalShowMs = options.refusalShowMs ?? 3000;
  const listeners = new Set<(outcome: PressOutcome) => void>();
  let refusingUntil = 0;
  let refusal: RefusalReason | undefined;
  let refusalTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let stateWatch: NodeJS.Timeout | undefined;
  let stateWarned = false;

  const refresh = () => {
    if (stopped) return;
    const shown = indicate({
      counter,
      refusing: Date.now() < refusingUntil,
      ...(refusal !== undefined ? { refusal } : {}),
      reachable: link.reachable,
      state: link.state,
    });
    if (gpio.leds.names.includes(STATUS_LED)) gpio.leds.set(STATUS_LED, shown.led);
    display?.show(shown.display);
    // The hub acknowledges presses for a counter it does not have and changes nothing: a pad
    // whose counter never gets a state is most likely configured for the wrong one.
    if (link.reachable && !link.state && !stateWarned && !stateWatch) {
      stateWatch = setTimeout(() => {
        stateWatch = undefined;
        if (link.reachable && !link.state && !stopped) {
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

  const link = new CounterLink({
    url: options.hubUrl,
    office: options.office,
    counter,
    deviceId,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    log: moduleLogger(options.log, "motcua:counter-link"),
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    ...(options.answerTimeoutMs !== undefined ? { answerTimeoutMs: options.answerTimeoutMs } : {}),
    ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
    ...(options.keepaliveSec !== undefined ? { keepaliveSec: options.keepaliveSec } : {}),
    onChange: refresh,
  });

  const report = (outcome: PressOutcome) => {
    if (outcome.ok) {
      log.info({ id: outcome.id, button: outcome.button, ms: outcome.ms }, "press accepted");
    } else {
      const byHub = outcome.message !== undefined;
      log.warn(
        { id: outcome.id, button: outcome.button, reason: outcome.reason, message: outcome.message },
        byHub
          ? "press refused by the hub: nothing was done (press again once the LED stops blinking)"
          : "press refused: the hub is unreachable, the press is dropped (press again once the LED stops blinking)",
      );
      refusal = outcome.reason;
      refusingUntil = Date.now() + refusalShowMs;
      clearTimeout(refusalTimer);
      refusalTimer = setTimeout(refresh, refusalShowMs + 5);
      refresh();
    }
    for (const listener of [...listeners]) listener(outcome);
  };

  const press = async (button: CounterButton): Promise<PressOutcome> => {
    const outcome = await link.send(button);
    if (!stopped) report(outcome);
    return outcome;
  };

  const unsubscribe = gpio.buttons.onPress((keyPress) => {
    const button = buttonFor(keyPress, link.state);
    log.debug({ key: keyPress.button, kind: keyPress.kind, button }, "key pressed");
    if (button) void press(button);
  });
  refresh();
  log.info({ office: options.office, counter, device: deviceId, gpio: gpio.backend }, "counter pad started");

  return {
    deviceId,
    get reachable() {
      return link.reachable;
    },
    get state() {
      return link.state;
    },
    press,
    onOutcome(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenReachable(timeoutMs = 10_000) {
      return link.link.whenReachable(timeoutMs);
    },
    async stop() {
      if (stopped) return;
      unsubscribe();
      await link.close();
      stopped = true;
      clearTimeout(refusalTimer);
      clearTimeout(stateWatch);
      await gpio.close();
      log.info({ counter }, "counter pad stopped");
    },
  };
}
