import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { Duplex } from "node:stream";
import { createServer as createTlsServer } from "node:tls";
import type { HubConfig } from "@motcua/config";
import type { Logger } from "@motcua/log";
import { MAX_PAYLOAD_BYTES } from "@motcua/protocol";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";
import type { AccessControl, Principal } from "./access.js";

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
   * Handles a device's press before the broker acknowledges it: aedes writes the PUBACK of a
   * QoS 1 publish before it forwards the message, so only this hook makes an acknowledged
   * press a stored one.
   */
  onPress?: (topic: string, payload: Buffer) => void;
}

const PRESS = /^motcua\/[^/]+\/(counter|kiosk)\/[^/]+\/press$/;

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

/**
 * The embedded aedes broker on TCP (optionally TLS) and WebSocket, with the hub's
 * authentication and access list. aedes speaks MQTT 3.1.1 (and 3.1), not 5.
 */
export async function startBroker(options: BrokerOptions): Promise<EmbeddedBroker> {
  const { access, log } = options;
  const aedes = await Aedes.createBroker({
    // Keep a misbehaving client from holding a hub's memory hostage.
    maxClientsIdLength: 64,
    queueLimit: 1000,
    authenticate(client, username, password, done) {
      const principal = access.authenticate(username, password);
      if (!principal) {
        options.onRefused("bad_credentials");
        log.warn({ clientId: client.id, username }, "connection refused: bad credentials");
        const error = new Error("bad username or password") as AuthenticateError;
        (error as { returnCode: number }).returnCode = 4;
        return done(error, false);
      }
      principals.set(client, principal);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // client is null for last wills published after their client is gone: they were
      // authorised when the will was accepted at connect time.
      if (!client) return done(null);
      const principal = principals.get(client);
      const size = packet.payload?.length ?? 0;
      if (size > MAX_PAYLOAD_BYTES) {
        options.onRefused("too_large");
        log.warn(
          { clientId: client.id, topic: packet.topic.slice(0, 200), bytes: size },
          "publish refused: payload too large",
        );
        return done(new Error("payload too large"));
      }
      if (!principal || !access.canPublish(principal, packet.topic)) {
        options.onRefused("not_allowed");
        log.warn(
          { clientId: client.id, topic: packet.topic.slice(0, 200) },
          "publish refused by the access list",
        );
        return done(new Error("not allowed"));
      }
      if (principal.kind !== "hub" && options.onPress && PRESS.test(packet.topic)) {
        try {
          options.onPress(packet.topic, packet.payload as Buffer);
        } catch (error) {
          return done(error as Error);
        }
      }
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      if (!principal || !access.canSubscribe(principal, subscription.topic)) {
        options.onRefused("not_allowed");
        log.warn(
          { clientId: client.id, filter: subscription.topic.slice(0, 200) },
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
  const tcp: NetServer = tls
    ? createTlsServer(
        { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), noDelay: true },
        aedes.handle,
      )
    : createNetServer({ noDelay: true }, aedes.handle);
  const http: HttpServer = createHttpServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain; charset=utf-8" }).end("MQTT over WebSocket only\n");
  });
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_PAYLOAD_BYTES * 4 });
  wss.on("connection", (socket, request) => {
    const stream = createWebSocketStream(socket);
    stream.on("error", () => socket.terminate());
    aedes.handle(stream, request);
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
