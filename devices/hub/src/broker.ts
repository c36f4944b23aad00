import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage } from "node:http";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { Duplex } from "node:stream";
import { createServer as createTlsServer } from "node:tls";
import type { HubConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { isRequestTopic, MAX_PAYLOAD_BYTES, parseTopic } from "@motcua/protocol";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";
import type { AccessControl, Principal } from "./access.js";
import { guardPacketSize } from "./packet-guard.js";
import { checkDeviceMessage } from "./requests.js";

export interface BrokerOptions {
  hub: HubConfig;
  /** Overrides of the configured ports (`--mqtt-port`, `--ws-port`); 0 picks a free port. */
  mqttPort?: number;
  wsPort?: number;
  access: AccessControl;
  log: Logger;
  /** Counts refusals by reason, for the hub's statistics. */
  onRefused: (reason: string) => void;
  /**
   * Takes a device's request (a press, a rating, a void notice) before the broker acknowledges
   * it: aedes writes the PUBACK of a QoS 1 publish before it forwards the message, so only this
   * hook makes an acknowledged request a stored one. Resolves once the request is stored, or
   * refused and answered (`forward: false`: nobody else receives it; `delayMs`: acknowledge it
   * that much later, which slows a flooding client down); rejects when it cannot be taken now
   * (the client is disconnected, unacknowledged, and will send it again).
   */
  onRequest?: (
    topic: string,
    payload: Buffer,
    retained: boolean,
  ) => { forward: boolean; delayMs?: number } | Promise<{ forward: boolean }>;
}

/** An MQTT packet's header and topic beside the largest payload the contract allows. */
const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;

export interface EmbeddedBroker {
  aedes: Aedes;
  /** Opens the TCP and WebSocket listeners; 0 ports until then. */
  listen(): Promise<void>;
  mqttPort: number;
  wsPort: number;
  /** An in-process connection to the broker, for the hub's own client. */
  connectInternal(): Duplex;
  close(): Promise<void>;
}

/** Two connected in-memory streams: what one writes, the other reads. */
function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _encoding, done) {
        peer().push(chunk);
        done();
      },
      final(done) {
        peer().push(null);
        done();
      },
      destroy(error, done) {
        peer().destroy();
        done(error);
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return [a, b];
}

const principals = new WeakMap<Client, Principal>();
/** Payloads of refused requests: acknowledged to their sender, forwarded to nobody. */
const refusedPayloads = new WeakSet<Buffer>();

/**
 * The embedded aedes broker on TCP (optionally TLS) and WebSocket, with the hub's
 * authentication and access list. aedes speaks MQTT 3.1.1 (and 3.1), not 5.
 */
export async function startBroker(options: BrokerOptions): Promise<EmbeddedBroker> {
  const { access, log } = options;
  const refuse = (client: Client, reason: string, detail: Record<string, unknown>, message: string) => {
    options.onRefused(reason);
    log.warn({ clientId: client.id.slice(0, 100), reason, ...detail }, message);
  };
  const aedes = await Aedes.createBroker({
    // Keep a misbehaving client from holding a hub's memory hostage.
    maxClientsIdLength: 64,
    queueLimit: 1000,
    authenticate(client, username, password, done) {
      const principal = access.authenticate(username, password);
      const fail = (returnCode: number, message: string) => {
        const error = new Error(message) as AuthenticateError;
        (error as { returnCode: number }).returnCode = returnCode;
        done(error, false);
      };
      if (!principal) {
        refuse(client, "bad_credentials", { username }, "connection refused: bad credentials");
        return fail(4, "bad username or password");
      }
      // Checked before aedes takes the id over from a connected client with the same one.
      if (!access.mayUseClientId(principal, client.id)) {
        refuse(
          client,
          "client_id_taken",
          { username },
          "connection refused: the client id belongs to another device",
        );
        return fail(2, "identifier rejected");
      }
      principals.set(client, principal);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // client is null for last wills published after their client is gone: they were
      // authorised when the will was accepted at connect time.
      if (!client) return done(null);
      const principal = principals.get(client);
      const topic = packet.topic.slice(0, 200);
      if (!principal || !access.canPublish(principal, packet.topic)) {
        refuse(client, "not_allowed", { topic }, "publish refused by the access list");
        return done(new Error("not allowed"));
      }
      if (principal.kind === "hub") return done(null);
      const payload = packet.payload as Buffer;
      const name = parseTopic(packet.topic)?.name;
      if (name !== undefined && isRequestTopic(name) && options.onRequest) {
        const settle = ({ forward, delayMs }: { forward: boolean; delayMs?: number }) => {
          if (delayMs) {
            setTimeout(() => settle({ forward }), delayMs);
            return;
          }
          if (!forward) {
            refusedPayloads.add(payload);
            // Never stored as the topic's retained message either.
            packet.retain = false;
          }
          done(null);
        };
        const taken = options.onRequest(packet.topic, payload, packet.retain);
        if (taken instanceof Promise) taken.then(settle, (error: Error) => done(error));
        else settle(taken);
        return;
      }
      const problem = name === undefined ? "not a topic of the contract" : checkDeviceMessage(name, payload);
      if (problem) {
        refuse(client, "bad_payload", { topic, problem }, "publish refused: bad payload");
        return done(new Error(problem));
      }
      done(null);
    },
    authorizeForward(_client, packet) {
      return refusedPayloads.has(packet.payload as Buffer) ? null : packet;
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      if (!principal || !access.canSubscribe(principal, subscription.topic)) {
        refuse(
          client,
          "not_allowed",
          { filter: subscription.topic.slice(0, 200) },
          "subscription refused by the access list",
        );
        // A null subscription answers SUBACK 0x80 (failure) without dropping the client.
        return done(null, null);
      }
      done(null, subscription);
    },
  });
  aedes.on("clientError", (client, error) =>
    log.debug({ clientId: client.id, err: error.message }, "client error"),
  );

  const tls = options.hub.tls;
  // noDelay: MQTT messages are small and latency-bound; Nagle's algorithm with delayed ACKs
  // would hold a call back by up to 40 ms.
  // Every connection goes through the packet size guard before aedes reads a byte of it.
  const handleGuarded = (connection: Duplex, request?: IncomingMessage) => {
    const guarded = guardPacketSize(connection, MAX_PACKET_BYTES, (bytes) => {
      options.onRefused("too_large");
      log.warn({ bytes, limit: MAX_PACKET_BYTES }, "connection dropped: packet too large");
    });
    aedes.handle(guarded, request as never);
  };
  const tcp: NetServer = tls
    ? createTlsServer(
        { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), noDelay: true },
        (socket) => handleGuarded(socket),
      )
    : createNetServer({ noDelay: true }, (socket) => handleGuarded(socket));
  const http: HttpServer = createHttpServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain; charset=utf-8" }).end("MQTT over WebSocket only\n");
  });
  // An MQTT packet may span several WebSocket messages: the guard, not maxPayload, bounds it.
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_PACKET_BYTES });
  // The WebSocket server re-emits its HTTP server's errors; a listen error (a port in use) is
  // the listen's own to report, and unheard here it would be thrown and the listen never end.
  wss.on("error", () => {});
  wss.on("connection", (socket, request) => {
    const stream = createWebSocketStream(socket);
    stream.on("error", () => socket.terminate());
    handleGuarded(stream, request);
  });

  const bind = (server: NetServer | HttpServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, options.hub.host, () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });

  const broker: EmbeddedBroker = {
    aedes,
    mqttPort: 0,
    wsPort: 0,
    async listen() {
      broker.mqttPort = await bind(tcp, options.mqttPort ?? options.hub.mqttPort);
      broker.wsPort = await bind(http, options.wsPort ?? options.hub.wsPort);
      log.info({ mqttPort: broker.mqttPort, wsPort: broker.wsPort, tls: Boolean(tls) }, "broker listening");
    },
    connectInternal() {
      const [hubSide, brokerSide] = duplexPair();
      aedes.handle(brokerSide);
      return hubSide;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all([
        new Promise<void>((resolve) => (tcp.listening ? tcp.close(() => resolve()) : resolve())),
        new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve())),
      ]);
    },
  };
  return broker;
}
