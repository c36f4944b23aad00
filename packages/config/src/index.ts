export {
  applyEnvOverrides,
  ConfigError,
  type ConfigProblem,
  EXAMPLE_OFFICE_PATH,
  loadOfficeConfig,
  parseOfficeConfig,
  parseOfficeConfigText,
} from "./load.js";
export { migrate } from "./migrate.js";
export * from "./schema.js";
