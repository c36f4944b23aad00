import type { LedPattern } from "@motcua/gpio";
import type { CounterState } from "@motcua/protocol";
import type { RefusalReason } from "./link.js";

export interface Indication {
  led: LedPattern;
  display: string;
}

export const TEXT = {
  unreachable: "Mất kết nối",
  /** The hub refused the press: pressed faster than it takes them. */
  rateLimited: "Bấm quá nhanh",
  /** The hub is starting and takes no press yet. */
  starting: "Đang khởi động",
  /** The hub refused the press for another reason (see the pad's log). */
  refused: "Lệnh bị từ chối",
  paused: "Tạm dừng",
  idle: "—",
} as const;

/**
 * The pad's status LED and display, from what it knows (README.md "LED"):
 * a refused press (for a few seconds) > hub unreachable > paused > serving > idle. A press the
 * hub refused (its ack) blinks like one it never got; the display says which.
 */
export function indicate(input: {
  counter: string;
  refusing: boolean;
  /** Why the last press was refused; the unreachable text when not given. */
  refusal?: RefusalReason;
  reachable: boolean;
  state: CounterState | undefined;
}): Indication {
  const text = (s: string) => `Quầy ${input.counter}: ${s}`;
  if (input.refusing) return { led: "fast-blink", display: text(refusalText(input.refusal)) };
  if (!input.reachable) return { led: "slow-blink", display: text(TEXT.unreachable) };
  const state = input.state;
  if (state?.status === "paused") return { led: "double-blink", display: text(TEXT.paused) };
  if (state?.serving) return { led: "on", display: text(state.serving.label) };
  return { led: "off", display: text(TEXT.idle) };
}

function refusalText(reason: RefusalReason | undefined): string {
  switch (reason) {
    case "rate_limited":
      return TEXT.rateLimited;
    case "starting":
      return TEXT.starting;
    case "bad_payload":
    case "retained":
      return TEXT.refused;
    default:
      // Not taken because the hub could not be reached, in one way or another.
      return TEXT.unreachable;
  }
}
