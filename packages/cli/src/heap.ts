import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for a long-running role on a Raspberry Pi, set before the role's modules load.
 * Both kinds of role: V8 doubles the young generation, up to 16 MiB a semi-space, whenever
 * objects survive a scavenge — sized for servers that allocate fast. Our daemons allocate a
 * burst while their modules load and little afterwards, yet the grown space stayed committed
 * (a counter pad: 33 MiB of heap committed for 14 MiB used, about 12 MiB of RSS); kept at its
 * initial size (two 1 MiB semi-spaces), scavenges come more often and each is short. The
 * growth factor is read at each growth, so setting it now works, unlike --max-semi-space-size.
 */
export function leanHeap(role: "hub" | "device"): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  if (role === "device") {
    // A device's JavaScript runs a few times a minute (a press, a ticket, a call to show): the
    // baseline and optimizing compilers' code and work memory (about 13 MiB of a pad's RSS)
    // cost more than the time they would save. The hub keeps them for its bursts.
    setFlagsFromString("--no-opt");
    setFlagsFromString("--no-sparkplug");
  }
}
