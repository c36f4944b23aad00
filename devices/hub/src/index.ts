export { AccessControl, type Principal } from "./access.js";
export { type EmbeddedBroker, startBroker } from "./broker.js";
export { type Clock, ScaledClock } from "./clock.js";
export { hashPassword, verifyPassword } from "./credentials.js";
export { defaultDataDir, type HubOptions, type HubStats, type RunningHub, startHub } from "./hub.js";
export { readDeviceMessage } from "./incoming.js";
export { OutgoingMessages } from "./outgoing.js";
export { keyOf, LiveQueue } from "./queue.js";
