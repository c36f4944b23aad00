export {
  applyEnvOverrides,
  ConfigError,
  type ConfigProblem,
  type Credentials,
  EXAMPLE_OFFICE_PATH,
  loadCredentials,
  loadOfficeConfig,
  parseOfficeConfig,
  parseOfficeConfigText,
  problemsOf,
  readYamlFile,
} from "./load.js";
export { migrate } from "./migrate.js";
export * from "./schema.js";
