// The pad's file is defined with the other files of motcua in @motcua/config (one schema and one
// loader for every file, which the site check reads too without loading the pad).
// The credentials file is the same for every device: its loader lives with the configuration.
export {
  COUNTER_KEYS,
  type CounterFile,
  type CounterKey,
  type Credentials,
  counterFileSchema,
  counterPinsOf as pinsOf,
  DEFAULT_COUNTER_PINS as DEFAULT_PINS,
  loadCounterFile,
  loadCredentials,
  STATUS_LED,
} from "@motcua/config";
