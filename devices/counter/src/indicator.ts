import type { LedPattern } from "@motcua/gpio";
import type { CounterState } from "@motcua/protocol";

export interface Indication {
  led: LedPattern;
  display: string;
}

export const TEXT = {
  unreachable: "Mất kết nối",
  paused: "Tạm dừng",
  idle: "—",
} as const;

/**
 * The pad's status LED and display, from what it knows (README.md "LED"):
 * a refused press (for a few seconds) > hub unreachable > paused > serving > idle.
 */
export function indicate(input: {
  counter: string;
  refusing: boolean;
  reachable: boolean;
  state: CounterState | undefined;
}): Indication {
  const text = (s: string) => `Quầy ${input.counter}: ${s}`;
  if (input.refusing) return { led: "fast-blink", display: text(TEXT.unreachable) };
  if (!input.reachable) return { led: "slow-blink", display: text(TEXT.unreachable) };
  const state = input.state;
  if (state?.status === "paused") return { led: "double-blink", display: text(TEXT.paused) };
  if (state?.serving) return { led: "on", display: text(state.serving.label) };
  return { led: "off", display: text(TEXT.idle) };
}
