export type { DeskCtx, DossierPhase, DossierRecord, OfficeDays, StepRecord } from "./types.js";
export { WORKING_DAY_SEARCH_LIMIT, WorkingTime } from "./worktime.js";
