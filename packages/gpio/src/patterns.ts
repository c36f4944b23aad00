import type { LedPattern } from "./types.js";

/**
 * Each pattern as a repeating sequence of [level, milliseconds]; a single step holds forever.
 * `slow-blink` 1 Hz, `fast-blink` 5 Hz, `double-blink` two flashes every 2 s.
 */
export const LED_PATTERNS: Record<LedPattern, readonly (readonly [0 | 1, number])[]> = {
  off: [[0, 0]],
  on: [[1, 0]],
  "slow-blink": [
    [1, 500],
    [0, 500],
  ],
  "fast-blink": [
    [1, 100],
    [0, 100],
  ],
  "double-blink": [
    [1, 150],
    [0, 150],
    [1, 150],
    [0, 1550],
  ],
};

export function isLedPattern(value: string): value is LedPattern {
  return Object.hasOwn(LED_PATTERNS, value);
}

/** Plays patterns on one output line with timers; `write` sets the line's level. */
export class PatternPlayer {
  private current: LedPattern = "off";
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly write: (level: 0 | 1) => void) {}

  get pattern(): LedPattern {
    return this.current;
  }

  play(pattern: LedPattern): void {
    if (pattern === this.current && (this.timer !== undefined || LED_PATTERNS[pattern].length === 1)) return;
    this.stop();
    this.current = pattern;
    const steps = LED_PATTERNS[pattern];
    const step = (i: number) => {
      const [level, ms] = steps[i % steps.length] as readonly [0 | 1, number];
      this.write(level);
      if (steps.length > 1) {
        this.timer = setTimeout(() => step(i + 1), ms);
        // A blinking LED must not keep a stopping program alive.
        this.timer.unref?.();
      }
    };
    step(0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
