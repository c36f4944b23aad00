import type { LedPattern } from "@motcua/gpio";
import { QUEUE_REFUSALS, type RatingRefusal } from "./link.js";

/** What the pad is showing the citizen after their last press, for a few seconds. */
export type Showing =
  /** The rating was recorded: thank you. */
  | { kind: "thanks" }
  /** It was refused: by the queue (nobody to rate, rated already) or not taken at all (the hub). */
  | { kind: "refused"; reason: RatingRefusal };

/** What each pattern means, for the log and the simulated light's lines (Vietnamese for the office). */
export const MEANING: Record<LedPattern, string> = {
  on: "Cảm ơn quý khách đã đánh giá",
  "double-blink": "Không ghi nhận: chưa có lượt phục vụ để đánh giá, hoặc đã đánh giá rồi",
  "fast-blink": "Không ghi nhận: mất kết nối với máy chủ, vui lòng bấm lại sau",
  "slow-blink": "Mất kết nối với máy chủ",
  off: "Sẵn sàng",
};

/**
 * The thank-you LED (README.md "The light"), from the highest priority down: after a press,
 * for a few seconds, steady for thanks, a double blink when the queue refused the rating (nobody
 * to rate, rated already), a fast blink when it was not taken (hub unreachable, no answer, too
 * fast); otherwise a slow blink while the hub is unreachable, else off.
 */
export function thanksLed(input: { showing: Showing | undefined; reachable: boolean }): LedPattern {
  const { showing } = input;
  if (showing?.kind === "thanks") return "on";
  if (showing?.kind === "refused") return isQueueRefusal(showing.reason) ? "double-blink" : "fast-blink";
  return input.reachable ? "off" : "slow-blink";
}

/** The hub has the rating stored, and the queue said it counts for nobody. */
export function isQueueRefusal(reason: RatingRefusal): boolean {
  return QUEUE_REFUSALS.includes(reason);
}
