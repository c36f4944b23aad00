export { OfficeStats } from "./office-stats.js";
export * from "./types.js";
