import { afterEach, vi } from "vitest";
import { type Incoming, Modem, type ModemOptions } from "../../src/index.js";
import type { FakeModem } from "./fake-modem.js";
import { testLogger } from "./log.js";

const running: Modem[] = [];
afterEach(async () => {
  for (const modem of running.splice(0)) await modem.stop();
  vi.useRealTimers();
});

/** A started link on a fake modem, with what it handed over and what it logged. */
export function startLink(fake: FakeModem, options: Partial<ModemOptions> = {}) {
  const { log, lines } = testLogger();
  const received: Incoming[] = [];
  const modem = new Modem({
    port: fake.port(),
    log,
    onMessage: async (incoming) => {
      received.push(incoming);
    },
    ...options,
  });
  running.push(modem);
  modem.start();
  return { modem, received, lines };
}

/** Waits (advancing fake timers when they are on) until `check` passes. */
export async function eventually(check: () => void, timeout = 5_000): Promise<void> {
  if (!vi.isFakeTimers()) {
    await vi.waitFor(check, { timeout, interval: 5 });
    return;
  }
  for (let waited = 0; ; waited += 50) {
    try {
      check();
      return;
    } catch (error) {
      if (waited >= timeout) throw error;
    }
    await vi.advanceTimersByTimeAsync(50);
  }
}

/** Waits until the link is in `state`. */
export async function until(modem: Modem, state: string, timeout = 5_000): Promise<void> {
  await eventually(() => {
    if (modem.status().state !== state)
      throw new Error(`state ${modem.status().state}, waiting for ${state}`);
  }, timeout);
}

/** The link's start-up commands on a registered Quectel, in order. */
export const QUECTEL_STARTUP = [
  "AT",
  "ATE0",
  "AT+CMEE=2",
  "AT+CGMI",
  "AT+CGMM",
  'AT+QURCCFG="urcport","usbat"',
  "AT+CPIN?",
  "AT+CREG?",
  "AT+CSQ",
  "AT+CMGF=0",
  'AT+CPMS="SM","SM","SM"',
  "AT+CNMI=?",
  "AT+CNMI=2,1,0,0,0",
  "AT+CMMS=2",
];
