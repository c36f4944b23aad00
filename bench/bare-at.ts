/**
 * The reference row of the SMS bench: no system at all, only the modems' own pace through their
 * pseudo-terminals. One client per modem sends its share of the replies with AT+CMGS back to
 * back — the command, the `> ` prompt, the PDU, the `+CMGS` answer, the next command at once —
 * reading nothing and storing nothing. What it needs beyond the floor is what the simulated
 * modems, socat and serialport take (the prompt's round trip, the answer's way back, timers);
 * what a real system needs beyond this row is its own.
 */
import { defaultCodec, serialModemPort } from "@motcua/modem";

export interface BareClients {
  /** Sends `text` to each recipient, spread round-robin over the modems; resolves when all are sent. */
  send(recipients: readonly string[], text: string): Promise<void>;
  close(): Promise<void>;
}

/** One client per modem path, opened (echo off, PDU mode) and ready to send. */
export async function openBareClients(paths: readonly string[]): Promise<BareClients> {
  const clients = await Promise.all(paths.map(open));
  return {
    async send(recipients, text) {
      await Promise.all(
        clients.map(async (client, k) => {
          for (let i = k; i < recipients.length; i += clients.length) {
            const to = recipients[i] as string;
            for (const part of defaultCodec.encodeSubmit({ to, text, reference: i & 0xff })) {
              await client.exchange(`AT+CMGS=${part.tpduLength}\r`, /> $/);
              await client.exchange(`${part.hex}\x1a`, /\r\n(OK|ERROR|\+CMS ERROR: \d+)\r\n$/);
            }
          }
        }),
      );
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/** The same serialport stream the modem link opens, driven by hand. */
async function open(path: string) {
  const device = serialModemPort({ path });
  const port = await device.open();
  let buffer = "";
  let waiting: { until: RegExp; resolve: () => void } | undefined;
  port.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    if (waiting?.until.test(buffer)) {
      buffer = "";
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    }
  });
  const exchange = (data: string, until: RegExp) =>
    new Promise<void>((resolve) => {
      waiting = { until, resolve };
      port.write(data, "latin1");
    });
  await exchange("ATE0\r", /OK\r\n$/);
  await exchange("AT+CMGF=0\r", /OK\r\n$/);
  return { exchange, close: () => device.close(port) };
}
