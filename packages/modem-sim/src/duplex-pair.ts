import { Duplex } from "node:stream";

/**
 * Two connected Duplex streams: what one writes the other reads (asynchronously, in order), like
 * the two ends of a serial line. Node 20 lacks `stream.duplexPair()`.
 */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const make = (other: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        process.nextTick(() => other().push(chunk));
        callback();
      },
      final(callback) {
        process.nextTick(() => other().push(null));
        callback();
      },
    });
  ends.push(
    make(() => ends[1] as Duplex),
    make(() => ends[0] as Duplex),
  );
  return [ends[0] as Duplex, ends[1] as Duplex];
}
