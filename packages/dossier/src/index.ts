export { dossierCode, isDossierRef, shortRef } from "./codes.js";
export { type DeskOptions, DossierDesk } from "./desk.js";
export {
  type DossierReport,
  dossierReport,
  type OfficerAverage,
  officerTable,
  periodOf,
  periodTitle,
  type ReportCell,
  type ReportCounts,
  type ReportOptions,
  type ReportPeriod,
  type ReportPeriodKind,
  type ReportTable,
  reportTable,
  type ServiceReport,
  type StepAverage,
  stepTable,
} from "./report.js";
export { DossierTexts, smsSegments as dossierSmsSegments } from "./texts.js";
export type { DeskCtx, DossierPhase, DossierRecord, OfficeDays, StepRecord } from "./types.js";
export { WORKING_DAY_SEARCH_LIMIT, WORKING_SPAN_LIMIT_DAYS, WorkingTime } from "./worktime.js";
