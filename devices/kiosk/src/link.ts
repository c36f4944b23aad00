import { DeviceLink, type LinkLogger, type RequestOutcome } from "@motcua/link";
import {
  type KioskHealth,
  type KioskPress,
  type KioskTicket,
  type KioskVoid,
  kioskTicket,
  topics,
  tryDecodePayload,
} from "@motcua/protocol";

export interface KioskLinkOptions {
  url: string;
  office: string;
  kiosk: string;
  /** `{d}` of the presence topic and client id: the username when there is one, else `kiosk-{k}`. */
  device?: string;
  username?: string;
  password?: string;
  log: LinkLogger;
  /** A ticket answer no press waits for any more (it came late), or one of another kiosk process. */
  onTicket: (answer: KioskTicket) => void;
  /** The link or the hub's presence changed: the kiosk redraws its LEDs. */
  onChange: () => void;
  /** Every (re)connection: the kiosk republishes its health (the broker may have lost it). */
  onConnect: () => void;
  reconnectMs?: number;
}

/**
 * The kiosk's link (@motcua/link): its presses wait for the hub's ticket answer and are never
 * delivered late; its health and void notices are ordinary publishes, and a void made while
 * disconnected still goes out on reconnection, as it should.
 */
export class KioskLink extends DeviceLink {
  private readonly pressTopic: string;
  private readonly ticketTopic: string;
  private readonly healthTopic: string;
  private readonly voidTopic: string;

  constructor(options: KioskLinkOptions) {
    const { office, kiosk } = options;
    const ticketTopic = topics.kioskTicket(office, kiosk);
    super({
      url: options.url,
      office,
      device: options.device ?? options.username ?? `kiosk-${kiosk}`,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      subscriptions: [ticketTopic],
      // Every answer is checked, and one that does not come voids its number: a hub that never
      // announced itself (an external broker's) may still be asked.
      assumeHubOnline: true,
      reconnectMs: options.reconnectMs ?? 2000,
      log: options.log,
    });
    this.pressTopic = topics.kioskPress(office, kiosk);
    this.ticketTopic = ticketTopic;
    this.healthTopic = topics.kioskHealth(office, kiosk);
    this.voidTopic = topics.kioskVoid(office, kiosk);
    this.onChange(options.onChange);
    this.onConnect(options.onConnect);
    this.onMessage(({ topic, payload }) => {
      if (topic !== this.ticketTopic) return;
      const answer = tryDecodePayload(kioskTicket, payload);
      if (answer) options.onTicket(answer);
      else options.log.warn({ topic }, "ticket answer refused: not a ticket of the contract");
    });
  }

  /** Whether a press can reach the hub now: connected, and the hub not announced offline. */
  get usable(): boolean {
    return this.reachable;
  }

  /** Asks for a ticket; resolves with the hub's answer, or why there is none (then it was withdrawn). */
  ask(press: KioskPress, answerTimeoutMs: number): Promise<RequestOutcome<KioskTicket>> {
    return this.request(this.pressTopic, JSON.stringify(press), {
      topic: this.ticketTopic,
      read: (payload) => {
        const answer = tryDecodePayload(kioskTicket, payload);
        return answer?.requestId === press.id ? answer : undefined;
      },
      timeoutMs: answerTimeoutMs,
    });
  }

  publishHealth(health: KioskHealth): void {
    void this.publish(this.healthTopic, JSON.stringify(health), { retain: true });
  }

  /** A void notice; kept by the client while disconnected, delivered on reconnection. */
  publishVoid(notice: KioskVoid): void {
    void this.publish(this.voidTopic, JSON.stringify(notice));
  }
}
