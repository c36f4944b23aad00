import type { Handler } from "../at-server.js";
import { general } from "./general.js";
import { identity } from "./identity.js";
import { network } from "./network.js";
import { send } from "./send.js";
import { sim } from "./sim.js";
import { sms } from "./sms.js";
import { vendor } from "./vendor.js";

/** Every command the simulator knows, by upper-case name (`+CMGS`, `E`, `^CURC`); the rest answer `ERROR`. */
export const COMMANDS: ReadonlyMap<string, Handler> = new Map<string, Handler>(
  Object.entries({ ...general, ...identity, ...sim, ...network, ...sms, ...send, ...vendor }),
);
