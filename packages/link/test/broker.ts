import { createServer, type Server, type Socket } from "node:net";
import { Duplex, PassThrough } from "node:stream";
import { Aedes, type PublishPacket } from "aedes";
import type { IStream } from "mqtt";

/**
 * A real aedes broker for the link's tests: reached in process (a stream per connection, as the
 * hub reaches its embedded broker) or over loopback TCP. It records every publish it is asked to
 * take, and can hold back the PUBACK of the ones `stall` names (a hub that never answers).
 */
export class TestBroker {
  /** Every publish a client asked the broker to take, in order (before any stall). */
  readonly asked: PublishPacket[] = [];
  stall: (packet: PublishPacket) => boolean = () => false;
  /** In-process connections opened so far. */
  streams = 0;
  private readonly sockets = new Set<Socket | Duplex>();
  private server: Server | undefined;

  private constructor(readonly aedes: Aedes) {
    const authorize: Aedes["authorizePublish"] = (_client, packet, done) => {
      this.asked.push(packet);
      if (!this.stall(packet)) done(null);
    };
    aedes.authorizePublish = authorize;
  }

  static async start(): Promise<TestBroker> {
    return new TestBroker(await Aedes.createBroker());
  }

  /** An in-process connection: what the link's `stream` option takes. */
  readonly connect = (): IStream => {
    this.streams++;
    const up = new PassThrough();
    const down = new PassThrough();
    const brokerSide = Duplex.from({ readable: up, writable: down });
    this.sockets.add(brokerSide);
    brokerSide.once("close", () => this.sockets.delete(brokerSide));
    this.aedes.handle(brokerSide);
    return Duplex.from({ readable: down, writable: up }) as unknown as IStream;
  };

  /** Listens on a free loopback port: `mqtt://127.0.0.1:{port}`. */
  async listen(): Promise<string> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
      this.aedes.handle(socket);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  /** Cuts every connection at once, as a pulled cable would (without the client knowing first). */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** The payloads asked for on `topic`. */
  on(topic: string): string[] {
    return this.asked.filter((p) => p.topic === topic).map((p) => p.payload.toString());
  }

  /** A retained message as the hub (or anyone) would leave it. */
  retain(topic: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.aedes.publish(
        { cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }

  /** A live message from the broker's side (the hub's answer). */
  send(topic: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.aedes.publish(
        { cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
