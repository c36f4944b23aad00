// What `motcua office` needs first (its flags, --help) loads nothing heavy; the office itself —
// hub, broker, store, pads, kiosk, display — is loaded only when it starts.
import type { OfficeOptions, RunningOffice } from "./office.js";
import type { OfficePageOptions, RunningOfficePage } from "./page-server.js";

export { OFFICE_USAGE, OfficeUsageError, runOffice } from "./cli.js";
export type { OfficeOptions, OfficePageOptions, RunningOffice, RunningOfficePage };

export async function startOffice(options: OfficeOptions): Promise<RunningOffice> {
  return (await import("./office.js")).startOffice(options);
}

export async function startOfficePage(options: OfficePageOptions): Promise<RunningOfficePage> {
  return (await import("./page-server.js")).startOfficePage(options);
}
