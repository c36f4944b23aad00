export type GpioErrorCode = "GPIO_UNAVAILABLE" | "GPIO_UNKNOWN_LINE" | "GPIO_BAD_PINS";

/** A GPIO problem a technician can act on; `code` says which. */
export class GpioError extends Error {
  constructor(
    readonly code: GpioErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "GpioError";
  }
}
