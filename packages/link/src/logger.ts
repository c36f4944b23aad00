/**
 * What the link logs through: pino's shape (an object, then a message), so a device passes its
 * own module logger, and the browser page a console or nothing, with no logging library bundled.
 */
export interface LinkLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const nothing = () => undefined;

/** Logs nothing (the page, tests). */
export const silentLogger: LinkLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** The address without its credentials, for the logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
