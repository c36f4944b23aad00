export { AccessControl, type Principal } from "./access.js";
export { type EmbeddedBroker, startBroker } from "./broker.js";
export { type Clock, ScaledClock } from "./clock.js";
export type { ConsoleOptions, RunningConsole } from "./console/server.js";
export {
  defaultDataDir,
  type HubOptions,
  type HubStats,
  PortInUseError,
  type RunningHub,
  startHub,
} from "./hub.js";
export { OutgoingMessages } from "./outgoing.js";
export { keyOf, LiveQueue, type Outcome } from "./queue.js";
export { type RateLimit, RateLimiter } from "./rate-limit.js";
export { readRequest } from "./requests.js";
