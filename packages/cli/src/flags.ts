import { type ParseArgsConfig, parseArgs } from "node:util";

/** A wrong flag or value on the command line: the CLI exits 2 with the verb's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The usage of the verb that refused, printed after the message. */
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** `parseArgs`, with an unknown flag or a missing value reported as a {@link UsageError}. */
export function parseFlags<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS"))
      throw new UsageError((error as Error).message, usage);
    throw error;
  }
}
