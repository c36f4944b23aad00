// The rating pad's file is defined with the other files of motcua in @motcua/config (one schema
// and one loader for every file, which the site check reads too without loading the pad).
export {
  type Credentials,
  DEFAULT_RATING_PINS as DEFAULT_PINS,
  loadCredentials,
  loadRatingFile,
  RATING_KEYS,
  type RatingFile,
  type RatingKey,
  ratingFileSchema,
  ratingPinsOf as pinsOf,
  THANKS_LED,
} from "@motcua/config";
