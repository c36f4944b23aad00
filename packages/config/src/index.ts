export * from "./display.js";
export * from "./dossiers.js";
export {
  ConfigError,
  type ConfigProblem,
  formatPath,
  formatProblem,
  parsePath,
  underPath,
} from "./errors.js";
export * from "./ids.js";
export { type Locator, problemsOf } from "./issues.js";
export * from "./kiosk-pins.js";
export {
  applyEnvOverrides,
  type Credentials,
  type DeviceLogin,
  deviceLogin,
  EXAMPLE_OFFICE_ID,
  EXAMPLE_OFFICE_PATH,
  loadCredentials,
  loadOfficeConfig,
  parseOfficeConfig,
  parseOfficeConfigText,
} from "./load.js";
export { migrate, migrateOffice } from "./migrate.js";
export * from "./pad-file.js";
export { hashPassword, verifyPassword } from "./password.js";
export * from "./rating-file.js";
export * from "./schema.js";
export {
  type Migrated,
  MigrationError,
  type MigrationStep,
  type Move,
  migrateVersions,
  pathInFile,
} from "./versions.js";
export {
  type LoadYamlOptions,
  loadYamlFile,
  parseYamlText,
  placed,
  readYamlFile,
  validate,
  type YamlText,
} from "./yaml-file.js";
