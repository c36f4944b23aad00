/**
 * Where the hub's time comes from. The real clock in production; a shifted and scaled one for
 * demonstrations and tests (`--now`, `--speed`), so a whole day can be played in minutes.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once the clock reaches `at`; returns a function that cancels it. */
  at(at: number, fn: () => void): () => void;
  /** How many clock milliseconds pass in one real millisecond; 1 when absent. */
  readonly speed?: number;
}

// setTimeout takes at most 2^31-1 ms; longer waits are chained.
const MAX_DELAY = 2 ** 31 - 1;

export class ScaledClock implements Clock {
  private readonly realStart: number;

  /**
   * @param start the clock's time when it is created (defaults to the real time)
   * @param speed how many clock milliseconds pass in one real millisecond (1 = real time)
   */
  constructor(
    private readonly start: number = Date.now(),
    readonly speed = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed > 0)) throw new RangeError("speed must be a positive number");
    this.realStart = realNow();
  }

  now(): number {
    return this.start + Math.floor((this.realNow() - this.realStart) * this.speed);
  }

  at(at: number, fn: () => void): () => void {
    let handle: NodeJS.Timeout | undefined;
    const arm = () => {
      const wait = Math.max(0, Math.ceil((at - this.now()) / this.speed));
      handle = setTimeout(wait > MAX_DELAY ? arm : fn, Math.min(wait, MAX_DELAY));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}
