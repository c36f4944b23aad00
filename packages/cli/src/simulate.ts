import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { OfficeConfig } from "@motcua/config";
import { CoreInputError, QueueCore } from "@motcua/core";
import type { Logger } from "@motcua/log";
import type { SimEvent, SimInput } from "@motcua/protocol";
import { readScenario, type ScenarioProblem, unknownNames } from "./scenario.js";
import { formatSummary, summarize } from "./summary.js";

export interface SimulateOptions {
  config: OfficeConfig;
  seed: number;
  /** A file path, or `-` for standard input. */
  scenario: string;
  summary: boolean;
  stdin: Readable;
  stdout: Writable;
  log: Logger;
}

/**
 * `motcua simulate`: replays a scenario through the same queue core the hub runs and writes
 * the events as JSON lines (or, with --summary, a table for people). A bad line is reported
 * on the log with its line number and skipped; a line naming a counter or a service the office
 * does not have is reported and answered as the contract says. Either makes the exit code 1.
 */
export async function simulate(options: SimulateOptions): Promise<number> {
  const core = new QueueCore(options.config, { seed: options.seed });
  const stream = options.scenario === "-" ? options.stdin : createReadStream(options.scenario, "utf8");
  const problems: ScenarioProblem[] = [];
  const inputs: SimInput[] = [];
  const all: SimEvent[] = [];
  // The message itself names the line, so the log line reads as a sentence in a terminal.
  const report = (problem: ScenarioProblem) => {
    problems.push(problem);
    options.log.error(
      { line: problem.line, problem: problem.message },
      `scenario line ${problem.line} skipped: ${problem.message}`,
    );
  };
  const reportUnknown = (problem: ScenarioProblem) => {
    problems.push(problem);
    options.log.error(
      { line: problem.line, problem: problem.message },
      `scenario line ${problem.line}: ${problem.message}`,
    );
  };
  const opened = await new Promise<Error | undefined>((resolve) => {
    if (stream === options.stdin) return resolve(undefined);
    stream.once("open", () => resolve(undefined));
    stream.once("error", resolve);
  });
  if (opened) {
    options.log.error({ scenario: options.scenario, err: opened.message }, "cannot read the scenario");
    return 2;
  }
  for await (const { line, input } of readScenario(stream, report)) {
    // Named against the office in force at that line: a `config` line may change it mid-day.
    const unknown = unknownNames(input, core.config);
    if (unknown !== undefined) reportUnknown({ line, message: unknown });
    let decision: ReturnType<QueueCore["decide"]>;
    try {
      decision = core.decide(input);
    } catch (error) {
      if (!(error instanceof CoreInputError)) throw error;
      report({ line, message: error.message });
      continue;
    }
    if (decision.ignored)
      options.log.debug({ line, input: input.type, reason: decision.ignored }, "input changed nothing");
    if (options.summary) {
      inputs.push(input);
      all.push(...decision.events);
    } else {
      for (const event of decision.events) {
        if (!options.stdout.write(`${JSON.stringify(event)}\n`))
          await new Promise((r) => options.stdout.once("drain", r));
      }
    }
  }
  if (options.summary) {
    const names = Object.fromEntries(
      [...options.config.services, ...core.config.services].map((s) => [s.code, s.name]),
    );
    options.stdout.write(
      `${options.config.office.name} — mô phỏng\n\n${formatSummary(summarize(inputs, all), names)}\n`,
    );
  }
  return problems.length > 0 ? 1 : 0;
}
