export { DeviceLink, type DeviceLinkOptions, type HubPresence, type LinkMessage } from "./link.js";
export { type LinkLogger, redactUrl, silentLogger } from "./logger.js";
export type { AnswerSpec, LinkRefusal, RequestOutcome } from "./request.js";
