export type { DeskCtx, DossierPhase, DossierRecord, OfficeDays, StepRecord } from "./types.js";
