/**
 * How many requests one device may make: a token bucket per device (`hub.requestRate`). An
 * officer presses a key every few seconds and a kiosk prints a ticket every few seconds, so the
 * default burst of 10 and one a second sustained never refuses a person; a stuck key, a
 * looping script or a hostile client is cut down to that rate and cannot starve the others.
 */
export interface RateLimit {
  /** Requests a device may make at once after a quiet spell. */
  burst: number;
  /** Requests a second a device may keep making. */
  perSecond: number;
}

/** Devices kept at most; the quietest are forgotten first (a forgotten device has a full bucket). */
const MAX_DEVICES = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request of `device`'s allowance: false when it is spent. */
  take(device: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(device);
    if (bucket) {
      this.buckets.delete(device); // re-inserted below: the map stays in least-recent order
      bucket.tokens = Math.min(
        this.limit.burst,
        bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
      );
      bucket.at = now;
    } else {
      bucket = { tokens: this.limit.burst, at: now };
    }
    this.buckets.set(device, bucket);
    if (this.buckets.size > MAX_DEVICES) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
