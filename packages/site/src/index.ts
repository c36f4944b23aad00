export { CHECK_USAGE, type CheckIo, runCheck, writeRoleFiles } from "./cli.js";
export {
  describeSite,
  HUB_DATA_DIR,
  hubMqttUrl,
  hubWsUrl,
  nmConnection,
  ROLE_FILE_NAMES,
  type RoleFile,
  roleFiles,
} from "./derive.js";
export {
  findSiteFile,
  type LoadedSite,
  type LoadSiteOptions,
  loadSite,
  parseSite,
  SITE_FILE_PATHS,
} from "./load.js";
export * from "./schema.js";
