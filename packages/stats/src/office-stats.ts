import type { OfficeConfig } from "@motcua/config";
import type { SimEvent, SimInput } from "@motcua/protocol";
import type { StatsQuery, StatsReport } from "./types.js";

/** The office's figures, fed with every decision of the log (work in progress). */
export class OfficeStats {
  private config: OfficeConfig;

  constructor(config: OfficeConfig) {
    this.config = config;
  }

  useConfig(config: OfficeConfig): void {
    this.config = config;
  }

  add(_input: SimInput, _events: readonly SimEvent[]): void {}

  report(query: StatsQuery): StatsReport {
    void this.config;
    throw new Error(`not yet: ${query.from}`);
  }
}
