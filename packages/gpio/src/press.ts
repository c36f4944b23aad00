import type { PressListener, PressTiming } from "./types.js";

/**
 * Turns the debounced level of one button into presses. Pure timing, shared by the onoff and
 * the simulated backends, so that a simulated hold behaves as a real one.
 *
 * - A press shorter than `minPressMs` is dropped.
 * - Released before `longPressMs`: one short press, at release.
 * - Held `longPressMs`: one long press at that moment, while still held (the officer feels it
 *   took), and nothing at release.
 * - Repeated levels (onoff reports the level after each debounced edge) change nothing.
 */
export class PressDetector {
  private downAt: number | undefined;
  private longTimer: NodeJS.Timeout | undefined;
  private longFired = false;

  constructor(
    private readonly button: string,
    private readonly timing: Pick<PressTiming, "longPressMs" | "minPressMs">,
    private readonly emit: PressListener,
  ) {}

  get pressed(): boolean {
    return this.downAt !== undefined;
  }

  level(pressed: boolean): void {
    if (pressed) {
      if (this.downAt !== undefined) return;
      this.downAt = Date.now();
      this.longFired = false;
      this.longTimer = setTimeout(() => {
        this.longTimer = undefined;
        this.longFired = true;
        this.emit({ button: this.button, kind: "long", heldMs: this.timing.longPressMs });
      }, this.timing.longPressMs);
      return;
    }
    if (this.downAt === undefined) return;
    const heldMs = Date.now() - this.downAt;
    this.downAt = undefined;
    this.cancelTimer();
    if (this.longFired || heldMs < this.timing.minPressMs) return;
    this.emit({ button: this.button, kind: "short", heldMs });
  }

  /** Forgets a held button without a press (the line is being released). */
  reset(): void {
    this.downAt = undefined;
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.longTimer) clearTimeout(this.longTimer);
    this.longTimer = undefined;
  }
}

/** A set of press listeners; one listener's exception does not keep the others from their press. */
export class PressListeners {
  private readonly listeners = new Set<PressListener>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  add(listener: PressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly emit: PressListener = (press) => {
    for (const listener of [...this.listeners]) {
      try {
        listener(press);
      } catch (error) {
        this.onError(error);
      }
    }
  };
}
