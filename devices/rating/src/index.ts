export { RATING_USAGE, type RatingIo, RatingUsageError, runRating } from "./cli.js";
export * from "./config.js";
export { isQueueRefusal, MEANING, type Showing, thanksLed } from "./indicator.js";
export { QUEUE_REFUSALS, RatingLink, type RatingOutcome, type RatingRefusal } from "./link.js";
export { type RatingOptions, type RunningRating, startRating } from "./rating.js";
