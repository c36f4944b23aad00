export * from "./parse.js";
export * from "./payloads.js";
export * from "./simulation.js";
export { isoDateTime } from "./time.js";
export * from "./topics.js";
