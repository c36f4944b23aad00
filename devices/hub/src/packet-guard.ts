import { Duplex } from "node:stream";

/**
 * Wraps a client's connection so that an MQTT packet longer than `maxPacketBytes` is refused
 * from its fixed header — before its body is read — and the connection closed. aedes's parser
 * (mqtt-packet) has no size limit and buffers a whole packet before handing it over, so without
 * this a single 100 MiB publish costs the hub hundreds of MiB before any hook can refuse it.
 *
 * Only the framing is followed: the first byte of each packet, its "remaining length" (1–4
 * bytes, 7 bits each), then that many bytes skipped unread. Bytes pass through unchanged.
 */
export function guardPacketSize(
  connection: Duplex,
  maxPacketBytes: number,
  onTooLarge: (declaredBytes: number) => void,
): Duplex {
  const framing = new FrameReader(maxPacketBytes);
  const guarded = new Duplex({
    read() {
      connection.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      connection.write(chunk, done);
    },
    final(done) {
      connection.end(done);
    },
    destroy(error, done) {
      connection.destroy();
      done(error);
    },
  });
  connection.on("data", (chunk: Buffer) => {
    const tooLarge = framing.feed(chunk);
    if (tooLarge !== undefined) {
      connection.pause();
      onTooLarge(tooLarge);
      guarded.destroy(new Error(`packet of ${tooLarge} bytes is over ${maxPacketBytes}`));
      return;
    }
    if (!guarded.push(chunk)) connection.pause();
  });
  connection.on("end", () => guarded.push(null));
  connection.on("error", (error) => guarded.destroy(error));
  connection.on("close", () => guarded.destroy());
  // aedes sets TCP_NODELAY and reads the peer's address through the connection it is given.
  const socket = connection as Partial<{ setNoDelay(on: boolean): void; remoteAddress: string }>;
  Object.defineProperty(guarded, "remoteAddress", { get: () => socket.remoteAddress });
  (guarded as unknown as { setNoDelay: (on: boolean) => void }).setNoDelay = (on) => socket.setNoDelay?.(on);
  return guarded;
}

/** Follows MQTT's packet framing across chunks. */
export class FrameReader {
  /** Bytes of the current packet's body still to skip; -1 while reading a header. */
  private remaining = -1;
  private length = 0;
  private multiplier = 1;
  private headerByte = false;

  constructor(private readonly maxPacketBytes: number) {}

  /** Reads a chunk; returns the declared length of a packet over the limit, else undefined. */
  feed(chunk: Uint8Array): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, chunk.length - i);
        this.remaining -= skip;
        i += skip;
        continue;
      }
      if (!this.headerByte) {
        // The packet type byte; its remaining length follows.
        this.headerByte = true;
        this.length = 0;
        this.multiplier = 1;
        i++;
        continue;
      }
      const byte = chunk[i++] as number;
      this.length += (byte & 0x7f) * this.multiplier;
      if (this.length > this.maxPacketBytes) return this.length;
      if (byte & 0x80) {
        this.multiplier *= 128;
        // A fifth length byte is malformed; say so as "too large" (the connection is dropped).
        if (this.multiplier > 128 ** 3) return this.length;
        continue;
      }
      this.headerByte = false;
      this.remaining = this.length;
    }
    return undefined;
  }
}
