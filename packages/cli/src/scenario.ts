import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { OfficeConfig } from "@motcua/config";
import { type SimInput, simInput } from "@motcua/protocol";

/** A scenario line that could not be used; the rest of the scenario still runs. */
export interface ScenarioProblem {
  line: number;
  message: string;
}

/**
 * Reads a scenario (JSON lines) one line at a time, validating each against the contract.
 * Blank lines and lines starting with `#` or `//` are comments.
 */
export async function* readScenario(
  stream: Readable,
  onProblem: (problem: ScenarioProblem) => void,
): AsyncGenerator<{ line: number; input: SimInput }> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("//")) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      onProblem({ line, message: "not a JSON object" });
      continue;
    }
    const parsed = simInput.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ");
      onProblem({ line, message: issues });
      continue;
    }
    yield { line, input: parsed.data };
  }
}

/**
 * What a valid line names that the office configuration does not have: a counter (press,
 * call, rating) or a service (ticket, transfer). The core still answers such a line as the
 * contract says (`ticket_refused unknown_service`, `action_refused not_found`, or nothing for
 * a press), but a scenario that names them was written for another office, so it is reported.
 */
export function unknownNames(input: SimInput, config: OfficeConfig): string | undefined {
  const counters = config.counters.map((c) => c.id);
  const services = config.services.map((s) => s.code);
  if (
    (input.type === "press" || input.type === "call" || input.type === "rating") &&
    !counters.includes(input.counter)
  )
    return `this office has no counter "${input.counter}" (its counters: ${counters.join(", ")})`;
  if (
    (input.type === "ticket" || input.type === "transfer") &&
    !services.includes(input.service.trim().toUpperCase())
  )
    return `this office has no service "${input.service}" (its services: ${services.join(", ")})`;
  return undefined;
}
