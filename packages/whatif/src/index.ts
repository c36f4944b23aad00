export { AutoCounters, SKIP_AFTER_MINUTES } from "./auto-counter.js";
export { compareReports, direction } from "./compare.js";
export { formatWhatIf } from "./format.js";
export { Identifiers, labelKey } from "./identifiers.js";
export * from "./types.js";
export { UnservedCounter } from "./unserved.js";
export { checkPeriod, periodDays, runWhatIf, type WhatIfOptions } from "./whatif.js";
