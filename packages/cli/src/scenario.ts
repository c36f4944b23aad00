import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
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
