import { setFlagsFromString } from "node:v8";

/**
 * Keeps V8's young generation at its initial size (two 1 MiB semi-spaces) in a long-running
 * role on a Raspberry Pi. V8 doubles it, up to 16 MiB a semi-space, whenever objects survive a
 * scavenge — sized for servers that allocate fast. A daemon of ours allocates a burst while its
 * modules load and little afterwards, yet the grown space stayed committed for seconds, and on
 * the hub for good (a counter pad: 33 MiB of heap committed for 14 MiB used, about 12 MiB of
 * RSS). Scavenges come more often, each of them short. The growth factor is read at each
 * growth, so setting it here works; `--max-semi-space-size` is fixed when the heap is set up.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
