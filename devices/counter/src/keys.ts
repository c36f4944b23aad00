import type { ButtonPress } from "@motcua/gpio";
import type { CounterState } from "@motcua/protocol";
import type { CounterButton } from "./link.js";

/**
 * What a key press asks of the hub (README.md "Buttons"):
 * - `next`: call the next citizen (a long press too);
 * - `recall`: announce the current number again; **held 1.5 s: skip** (so a three-key pad
 *   without a skip key can skip, and a skip never comes from a brushed key);
 * - `skip`: the called citizen is not here;
 * - `pause`: pause, or resume when the hub's retained state says the counter is paused.
 */
export function buttonFor(press: ButtonPress, state: CounterState | undefined): CounterButton | undefined {
  switch (press.button) {
    case "next":
      return "next";
    case "recall":
      return press.kind === "long" ? "skip" : "recall";
    case "skip":
      return "skip";
    case "pause":
      return state?.status === "paused" ? "resume" : "pause";
    default:
      return undefined;
  }
}
