export { OFFICE_USAGE, OfficeUsageError, runOffice } from "./cli.js";
export { type OfficeOptions, type RunningOffice, startOffice } from "./office.js";
export { type OfficePageOptions, type RunningOfficePage, startOfficePage } from "./page-server.js";
