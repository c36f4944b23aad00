export { DIST_DIR, ensureBuilt, isBuilt } from "./build.js";
export { DISPLAY_USAGE, type DisplayIo, DisplayUsageError, displayOptionsOf, runDisplay } from "./cli.js";
export type { PageConfig } from "./page-config.js";
export { type DisplayOptions, type RunningDisplay, startDisplay } from "./server.js";
export {
  DEFAULT_TEMPLATE,
  type DisplaySettings,
  type DisplaySettingsInput,
  defaultNotice,
  displaySettingsSchema,
  parseDisplaySettings,
  type VoiceSettings,
} from "./settings.js";
export { callSentence, SPEAKABLE, spokenLabel } from "./speech.js";
export { chimeWav, fixWavSizes, synthesize, Voice, VoiceError, wavOf } from "./voice.js";
