/** Why an AT command or a modem operation failed. */
export type ModemErrorCode =
  /** A plain `ERROR` final result. */
  | "AT_ERROR"
  /** `+CME ERROR: <n>` (equipment error); {@link ModemError.cme} has the number when known. */
  | "CME_ERROR"
  /** `+CMS ERROR: <n>` (message service error); {@link ModemError.cms} has the number when known. */
  | "CMS_ERROR"
  /** `NO CARRIER`, `BUSY` and the like: a final result that is not OK. */
  | "FAILED"
  /** No final result in time: the modem may have stopped answering. */
  | "TIMEOUT"
  /** The port closed (unplugged) or the link was stopped while the command waited. */
  | "CLOSED"
  /** The modem is not ready to send (initialising, no network, disconnected). */
  | "NOT_READY"
  /** No SIM, or the SIM is busy or failing: the start-up is tried again later. */
  | "SIM_NOT_READY"
  /** The SIM asks for its PUK: the link stops and waits for a person. */
  | "PUK_REQUIRED"
  /** The SIM asks for a PIN and none is configured, or the configured one was refused. */
  | "PIN_REQUIRED"
  /** A recipient that must never be texted (alphanumeric, short code) or is not a number. */
  | "INVALID_NUMBER"
  /** The modem answered something the link cannot read. */
  | "BAD_RESPONSE";

/** The one error type of @motcua/modem, with a code to tell conditions apart (STYLE.md point 7). */
export class ModemError extends Error {
  /** The `+CMS ERROR` number (27.005 §3.2.5), resolved from the verbose text when needed. */
  readonly cms: number | undefined;
  /** The `+CME ERROR` number (27.007 §9.2), resolved from the verbose text when needed. */
  readonly cme: number | undefined;
  /** The command that failed, when the error came from one. */
  readonly command: string | undefined;

  constructor(
    readonly code: ModemErrorCode,
    message: string,
    options: { cms?: number; cme?: number; command?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModemError";
    this.cms = options.cms;
    this.cme = options.cme;
    this.command = options.command;
  }
}

export function isModemError(error: unknown, code?: ModemErrorCode): error is ModemError {
  return error instanceof ModemError && (code === undefined || error.code === code);
}
