import { z } from "zod";

// The identifiers of motcua, defined once: the office file, the site file, the pad's file, the
// kiosk's pins and the command lines all check them with these schemas.

/** `office.id`: the `{o}` of every MQTT topic (`motcua/son-tay/…`). */
export const officeId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,31}$/,
    "must be 1–32 lowercase ASCII letters, digits and dashes, starting with a letter or digit",
  );

/** A counter's id: printed on tickets, called on the display, the `{c}` of its topics. */
export const counterId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,16}$/, "must be 1–16 ASCII letters, digits or dashes");

/** A kiosk's id: the same rule as a counter's. */
export const kioskId = counterId;

/** A service's or a procedure's code (`TP`, `KS`): typed in SMS, printed in ticket labels. */
export const code = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{0,7}$/, "must be 1–8 capital ASCII letters or digits, starting with a letter");

/** A device's id: its MQTT username and the `{d}` of its presence (`counter-1`, `display-hall`). */
export const deviceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be 1–64 lowercase ASCII letters, digits and dashes");

/** A wall display's id: its presence is `device/display-{id}`. */
export const displayId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be 1–32 lowercase ASCII letters, digits and dashes");

/**
 * A console account's login name (\`nguyen.van.a\`, \`truong-phong\`): typed at every login and
 * named in the audit, so plain lowercase ASCII without diacritics or spaces.
 */
export const accountId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,31}$/,
    "must be 2–32 lowercase ASCII letters, digits, dots, dashes or underscores, starting with a letter or digit",
  );

/** A BCM line of a Raspberry Pi's 40-pin header (GPIO 0–27). */
export const bcmLine = z.number().int().min(0).max(27);
