// One office day's figures, compact: a row of counts per (service, counter) that had anything
// that day, and the day's measured waits and service times in whole seconds. A day being
// written keeps growable arrays; a day that is over is sealed into a few typed arrays, so a
// year of days costs a few MiB (docs/statistics.md, "Memory").

/** The counts kept per row; WAIT_SUM and SERVICE_SUM are seconds. */
export const F = {
  TICKETS: 0,
  REFUSED: 1,
  VOIDED: 2,
  TRANSFERS: 3,
  APPOINTMENTS: 4,
  CANCELLED: 5,
  KEPT: 6,
  NO_SHOWS: 7,
  SERVED: 8,
  SERVED_BOOKED: 9,
  SMS_RECEIVED: 10,
  SMS_SENT: 11,
  SMS_SEGMENTS: 12,
  VERY_SATISFIED: 13,
  SATISFIED: 14,
  UNSATISFIED: 15,
  RECEIVED: 16,
  EARLY: 17,
  ON_TIME: 18,
  LATE: 19,
  WAIT_SUM: 20,
  SERVICE_SUM: 21,
} as const;
export const FIELDS = 22;

/** A sample longer than this many seconds (18 h) is kept as this: no wait or service lasts a day. */
export const MAX_SECONDS = 65_535;

/** The row key of a (service, counter) pair of interned ids; 0 is "none" for both. */
export function rowKey(service: number, counter: number): number {
  return service * 65_536 + counter;
}
export const serviceOfKey = (key: number): number => Math.floor(key / 65_536);
export const counterOfKey = (key: number): number => key % 65_536;

/** Samples of one kind (waits or service times), per row. */
interface OpenSamples {
  byRow: number[][];
}

/**
 * The sealed form: every row's samples one after the other, `offsets[r]` to `offsets[r + 1]`.
 */
interface SealedSamples {
  values: Uint16Array;
  offsets: Uint32Array;
}

export class DayFigures {
  /** The (service, counter) key of each row, in the order rows were made. */
  private keys: number[] | Int32Array = [];
  private index: Map<number, number> | undefined = new Map();
  /** FIELDS counts a row. */
  private counts: Int32Array = new Int32Array(FIELDS * 4);
  private waits: OpenSamples | SealedSamples = { byRow: [] };
  private services: OpenSamples | SealedSamples = { byRow: [] };
  /** What the day's SMS cost, đồng: segments at the price in force when each was sent. */
  smsCost = 0;

  constructor(readonly date: string) {}

  get rows(): number {
    return this.keys.length;
  }

  keyOf(row: number): number {
    return this.keys[row] as number;
  }

  /** The counts of every row, FIELDS a row (read only). */
  get table(): Int32Array {
    return this.counts;
  }

  /** Adds `n` to a field of the (service, counter) row, making the row when needed. */
  add(key: number, field: number, n = 1): void {
    const row = this.rowOf(key);
    (this.counts[row * FIELDS + field] as number) += n;
  }

  addWait(key: number, seconds: number): void {
    const row = this.rowOf(key, true);
    this.push(this.waits as OpenSamples, row, seconds);
    (this.counts[row * FIELDS + F.WAIT_SUM] as number) += seconds;
  }

  addServiceTime(key: number, seconds: number): void {
    const row = this.rowOf(key, true);
    this.push(this.services as OpenSamples, row, seconds);
    (this.counts[row * FIELDS + F.SERVICE_SUM] as number) += seconds;
  }

  /** The waits of a row: a view of the day's storage, not a copy. */
  waitsOf(row: number): ArrayLike<number> {
    return samplesOf(this.waits, row);
  }

  serviceTimesOf(row: number): ArrayLike<number> {
    return samplesOf(this.services, row);
  }

  get sealed(): boolean {
    return this.index === undefined;
  }

  /** Packs the day once it is over; a late change unpacks it again ({@link unseal}). */
  seal(): void {
    if (this.index === undefined) return;
    this.keys = Int32Array.from(this.keys);
    this.counts = this.counts.slice(0, this.keys.length * FIELDS);
    this.waits = pack(this.waits as OpenSamples, this.keys.length);
    this.services = pack(this.services as OpenSamples, this.keys.length);
    this.index = undefined;
  }

  private unseal(): void {
    const keys = Array.from(this.keys);
    this.index = new Map(keys.map((key, row) => [key, row]));
    this.keys = keys;
    this.waits = unpack(this.waits as SealedSamples, keys.length);
    this.services = unpack(this.services as SealedSamples, keys.length);
  }

  private rowOf(key: number, forSamples = false): number {
    if (this.index === undefined) {
      // Counts of an existing row change in place; a new row or a new sample opens the day again.
      const row = (this.keys as Int32Array).indexOf(key);
      if (row >= 0 && !forSamples) return row;
      this.unseal();
    }
    const index = this.index as Map<number, number>;
    const found = index.get(key);
    if (found !== undefined) return found;
    const row = this.keys.length;
    (this.keys as number[]).push(key);
    index.set(key, row);
    if ((row + 1) * FIELDS > this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return row;
  }

  private push(samples: OpenSamples, row: number, seconds: number): void {
    const value = Math.min(MAX_SECONDS, Math.max(0, Math.round(seconds)));
    let list = samples.byRow[row];
    if (list === undefined) {
      list = [];
      samples.byRow[row] = list;
    }
    list.push(value);
  }
}

const EMPTY: readonly number[] = [];

function samplesOf(samples: OpenSamples | SealedSamples, row: number): ArrayLike<number> {
  if ("byRow" in samples) return samples.byRow[row] ?? EMPTY;
  return samples.values.subarray(samples.offsets[row], samples.offsets[row + 1]);
}

function pack(samples: OpenSamples, rows: number): SealedSamples {
  const offsets = new Uint32Array(rows + 1);
  for (let r = 0; r < rows; r++) offsets[r + 1] = (offsets[r] as number) + (samples.byRow[r]?.length ?? 0);
  const values = new Uint16Array(offsets[rows] as number);
  for (let r = 0; r < rows; r++) {
    const list = samples.byRow[r];
    if (list) values.set(list, offsets[r]);
  }
  return { values, offsets };
}

function unpack(samples: SealedSamples, rows: number): OpenSamples {
  const byRow: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const from = samples.offsets[r] as number;
    const to = samples.offsets[r + 1] as number;
    if (to > from) byRow[r] = Array.from(samples.values.subarray(from, to));
  }
  return { byRow };
}
