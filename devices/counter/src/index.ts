export { COUNTER_USAGE, type CounterIo, CounterUsageError, runCounter } from "./cli.js";
export * from "./config.js";
export { type CounterOptions, type RunningCounter, startCounter } from "./counter.js";
export { type Indication, indicate, TEXT } from "./indicator.js";
export { buttonFor } from "./keys.js";
export { type CounterButton, CounterLink, type PressOutcome, type RefusalReason } from "./link.js";
